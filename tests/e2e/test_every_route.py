"""Every documented route that takes a JSON body, called by the kind of caller
it is for, with malformed JSON, a body of the wrong type, wrongly typed
members and an unknown member: a clear 4xx in the envelope, never a 5xx or a
crash, and nothing written (the audit trail and the member's balance do not
move)."""
import os
import re

import pytest

from server import SECRET
from test_flows import PASSWORD, envelope

DOC = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "openapi.yaml")
V1 = "/api/v1/member-system"

BODIES = (
    b'{"user_id": ',                                     # malformed
    b'[1, 2, 3]',                                        # not an object
    b'"a string"',                                       # not an object
    b'{"user_id": 5, "amount": "ten", "key": [], "name": {}, "points": 1.5}',  # wrong types
    b'{"zz_not_a_field": true}',                         # unknown member
)


def json_routes():
    yaml = pytest.importorskip("yaml")
    doc = yaml.safe_load(open(DOC))
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                yield method.upper(), path, operation["x-access"]


def audit_size(server):
    status, _, body = server.call("GET", V1 + "/admin/audit?limit=1000", headers=server.as_admin())
    return len(envelope(status, body)["entries"])


def test_every_json_route_refuses_bad_bodies_with_a_4xx_and_writes_nothing(server):
    status, _, body = server.call("POST", "/user/auth/register",
                                  {"username": "ann", "password": PASSWORD})
    ann = envelope(status, body)["user_id"]
    callers = {
        "public": {},
        "member": server.as_user(ann),
        "admin": server.as_admin(),
        "internal": server.internal(),
        "super_admin": {"X-Internal-Secret": SECRET, "X-Act-As-Super-Admin": "root-ops"},
    }
    routes = list(json_routes())
    assert len(routes) > 40
    before = audit_size(server)
    calls = 0
    statuses = set()
    for method, path, access in routes:
        # "{tenant_id}" is the caller's own tenant; a user's segment the
        # member's id; other segments a plausible id.
        def value(match, path=path):
            if match.group(1) == "tenant_id":
                return "default"
            return ann if "user" in path else "x1"
        filled = re.sub(r"\{([a-z_]+)\}", value, path)
        for payload in BODIES:
            calls += 1
            if calls % 40 == 0:
                server.advance(61)  # a new rate-limit window
            status, _, reply = server.raw(method, filled, payload,
                                          {"Content-Type": "application/json", **callers[access]})
            assert 400 <= status < 500, (method, path, payload, reply)
            assert reply["code"] == status and reply["data"]["error"], reply
            statuses.add(status)
            if payload[:1] != b"{" or payload == BODIES[0]:
                # Malformed or not an object: refused as bad input, whoever asks.
                assert status == 400, (method, path, payload, reply)
    assert 400 in statuses
    assert audit_size(server) == before
    status, _, body = server.call("GET", V1 + "/points/summary", headers=server.as_user(ann))
    assert envelope(status, body)["available"] == 0
    status, _, body = server.call("GET", "/healthz")
    assert status == 200
