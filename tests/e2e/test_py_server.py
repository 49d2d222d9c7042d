"""examples/py-server (the Python bindings under http.server): the core flow,
auth failures and bad input, with the same envelope as member-server."""
import os
import signal
import socket

import pytest

from server import Server

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
V1 = "/api/v1/member-system"
PASSWORD = "correct horse battery"


@pytest.fixture
def py_server(tmp_path):
    library = os.environ.get("MEMBER_C_LIBRARY")
    if not library:
        pytest.fail("MEMBER_C_LIBRARY (libmember_c.so) is not set")
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "bindings", "python"))
    if os.environ.get("MEMBER_PRELOAD"):  # a sanitized libmember_c
        env.update(LD_PRELOAD=os.environ["MEMBER_PRELOAD"],
                   ASAN_OPTIONS="detect_leaks=0:abort_on_error=1")
    s = Server(str(tmp_path), fake_clock=False, env=env,
               command=["/usr/bin/python3", os.path.join(ROOT, "examples", "py-server",
                                                         "server.py")])
    yield s
    assert s.stop(signal.SIGTERM) == 0, open(s.log_path).read()


def ok(status, body, expected=200):
    assert status == expected, body
    assert set(body) == {"code", "message", "data", "timestamp"} and body["code"] == status
    return body["data"]


def test_register_sign_in_profile_earn_use_history(py_server):
    s = py_server
    user_id = ok(*s.call("POST", "/user/auth/register",
                         {"username": "ann", "password": PASSWORD})[::2])["user_id"]
    assert ok(*s.call("POST", "/account/signin",
                      {"identifier": "ann", "password": PASSWORD})[::2])["user_id"] == user_id
    me = s.as_user(user_id)
    assert ok(*s.call("PUT", V1 + "/profile", {"nickname": "Ann"}, me)[::2])["nickname"] == "Ann"
    assert ok(*s.call("GET", V1 + "/profile", None, me)[::2])["nickname"] == "Ann"
    earned = ok(*s.call("POST", V1 + "/points/earn",
                        {"user_id": user_id, "points": 250, "key": "O1"}, s.internal())[::2])
    assert earned["available"] == 250
    used = ok(*s.call("POST", V1 + "/points/use", {"points_to_use": 100, "key": "U1"}, me)[::2])
    assert used["available"] == 150
    history = ok(*s.call("GET", V1 + "/points/transactions?limit=5", None, me)[::2])
    assert sorted(m["kind"] for m in history["entries"]) == ["earn", "use"]


def oversized_post(server, path, length):
    """Announces a body of `length` bytes but sends only its first byte, then
    reads the reply: the server answers from the headers and closes, so the
    test does not race the server's close against sending the whole body."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                      "\r\nContent-Length: %d\r\n\r\n{" % (path, length)).encode())
        reply = sock.makefile("rb").read()
    head, _, payload = reply.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), json.loads(payload)


def test_auth_failures_and_bad_input(py_server):
    s = py_server
    user_id = ok(*s.call("POST", "/user/auth/register",
                         {"username": "bob", "password": PASSWORD})[::2])["user_id"]
    me = s.as_user(user_id)
    ok(*s.call("GET", V1 + "/profile")[::2], expected=401)
    ok(*s.call("GET", V1 + "/profile", None, {"X-Internal-Secret": "wrong-secret-000000",
                                               "X-Act-As-User": user_id})[::2], expected=401)
    ok(*s.call("GET", V1 + "/profile", None, {"Authorization": "Bearer x"})[::2], expected=401)
    ok(*s.call("POST", V1 + "/points/earn", {"user_id": user_id, "points": 5, "key": "K"},
               me)[::2], expected=403)
    for payload in (b'{"points_to_use": ', b'{"points_to_use": "ten", "key": "U"}', b"[1]",
                    b'{"points_to_use": 1, "key": "U", "extra": 1}'):
        status, _, body = s.raw("POST", V1 + "/points/use", payload, me)
        assert ok(status, body, 400)["error"] == "invalid_argument"
    status, _, body = s.oversized("POST", "/user/auth/register", 2 << 20)
    ok(status, body, 413)
    ok(*s.call("GET", "/nope")[::2], expected=404)
    summary = s.call("GET", V1 + "/points/transactions", None, me)
    assert ok(summary[0], summary[2])["entries"] == []
