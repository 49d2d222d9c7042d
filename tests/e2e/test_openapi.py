"""docs/openapi.yaml is the route table's own rendering (member-server
--openapi), parses as YAML, and every path it documents is served."""
import os
import subprocess

import pytest

from server import SERVER

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "openapi.yaml")


def rendered():
    out = subprocess.run([SERVER, "--openapi"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_docs_openapi_yaml_is_the_route_table():
    expected = rendered()
    actual = open(DOC).read()
    if actual != expected and os.environ.get("MEMBER_UPDATE_DOCS"):
        with open(DOC, "w") as f:
            f.write(expected)
        return
    # Regenerate with: MEMBER_UPDATE_DOCS=1 ctest -R e2e_server
    assert actual == expected, "docs/openapi.yaml is stale: run member-server --openapi"


def test_every_documented_route_is_served(server):
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load(open(DOC))
    assert doc["openapi"].startswith("3.")
    assert len(doc["paths"]) > 30
    calls = 0
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            calls += 1
            if calls % 50 == 0:
                server.advance(61)  # a new rate-limit window for this client
            status, _, body = server.call(method.upper(), path)
            # Without credentials or body: refused or a bad request, never
            # "no such route" and never a server error. A route taking a
            # third-party identity wants the gateway's word first.
            vouched = any(p["name"] == "X-Identity-Verified"
                          for p in operation.get("parameters", []) if "name" in p)
            assert status in ((401, 403) if vouched else (200, 400, 401)), (method, path, body)
            assert body["code"] == status
            if operation["x-access"] != "public":
                assert status == 401, (method, path, body)
