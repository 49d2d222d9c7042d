"""Bad input on every kind of route: a clear 4xx in the envelope, never a 5xx
or a crash, and nothing written (the audit trail and balances do not move)."""
import gzip
import http.client
import json

V1 = "/api/v1/member-system"
PASSWORD = "correct horse battery"


def audit_count(server):
    status, _, body = server.call("GET", V1 + "/admin/audit?limit=1000",
                                  headers=server.as_admin())
    assert status == 200, body
    return len(body["data"]["entries"])


def expect_4xx(server, method, path, payload, headers=None, expected=400):
    status, _, body = server.raw(method, path, payload,
                                 {"Content-Type": "application/json", **(headers or {})})
    assert status == expected, (path, payload[:80], body)
    assert body["code"] == expected and set(body) == {"code", "message", "data", "timestamp"}
    return body["data"]


def test_malformed_wrong_types_unknown_fields(server):
    status, _, body = server.call("POST", "/user/auth/register",
                                  {"username": "ann", "password": PASSWORD})
    user_id = body["data"]["user_id"]
    me = server.as_user(user_id)
    before = audit_count(server)

    cases = [
        ("POST", "/user/auth/register", b'{"username": "bob", "password": '),
        ("POST", "/user/auth/register", b'{"username": 42, "password": "correct horse battery"}'),
        ("POST", "/user/auth/register", b'["username", "bob"]'),
        ("POST", "/user/auth/register", b'"just a string"'),
        ("POST", "/user/auth/register", b'{"username": "bob", "password": "x", "admin": true}'),
        ("POST", "/user/auth/register", b"\xff\xfe not utf-8"),
        ("POST", "/user/auth/register", b"[" * 100000 + b"]" * 100000),
        ("POST", "/account/signin", b'{"identifier": ["ann"], "password": "x"}'),
        ("PUT", V1 + "/profile", b'{"nickname": 7}'),
        ("PUT", V1 + "/profile", b'{"gender": "robot"}'),
        ("POST", V1 + "/points/use", b'{"points_to_use": "ten", "key": "U1"}'),
        ("POST", V1 + "/points/use", b'{"points_to_use": 1.5, "key": "U1"}'),
        ("POST", V1 + "/points/use", b'{"points_to_use": -5, "key": "U1"}'),
        ("POST", V1 + "/points/use", b'{"points_to_use": 99999999999999999999, "key": "U1"}'),
        ("POST", "/user/update/password", b'{"old_password": null}'),
    ]
    for method, path, payload in cases:
        data = expect_4xx(server, method, path, payload, me)
        assert data["error"] == "invalid_argument", (path, payload[:80], data)
        assert data["errors"][0]["field"], data

    data = expect_4xx(server, "GET", V1 + "/points/transactions?limit=abc", b"", me)
    assert data["errors"][0]["field"] == "limit"
    expect_4xx(server, "GET", V1 + "/points/transactions?page=0", b"", me)

    assert audit_count(server) == before
    status, _, body = server.call("POST", "/account/signin",
                                  {"identifier": "bob", "password": PASSWORD})
    assert status == 401


def test_chunked_or_compressed_bodies_are_refused_unread(server):
    # The size limit is checked against Content-Length: bodies without one,
    # or that would inflate, are refused before they are read.
    before = audit_count(server)
    small = json.dumps({"username": "chunky", "password": PASSWORD}).encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        conn.request("POST", "/user/auth/register", body=iter([small[:10], small[10:]]),
                     headers={"Content-Type": "application/json"}, encode_chunked=True)
        response = conn.getresponse()
        body = json.loads(response.read())
        assert response.status == 411, body
        assert body["code"] == 411 and "Content-Length" in body["data"]["error"]
        assert response.getheader("Connection") == "close"
    finally:
        conn.close()
    packed = gzip.compress(json.dumps({"username": "zippy", "password": PASSWORD,
                                       "nickname": "x" * (4 << 20)}).encode())
    data = expect_4xx(server, "POST", "/user/auth/register", packed,
                      {"Content-Encoding": "gzip"}, expected=415)
    assert "compressed" in data["error"]
    status, _, body = server.call("GET", "/healthz")
    assert status == 200
    assert audit_count(server) == before
    for name in ("chunky", "zippy"):
        status, _, body = server.call("POST", "/account/signin",
                                      {"identifier": name, "password": PASSWORD})
        assert status == 401


def test_huge_body_is_413(server):
    before = audit_count(server)
    huge = json.dumps({"username": "big", "password": PASSWORD,
                       "nickname": "x" * (2 << 20)}).encode()
    data = expect_4xx(server, "POST", "/user/auth/register", huge, expected=413)
    assert data["error"] == "request body too large"
    # The server still serves after refusing it.
    status, _, body = server.call("GET", "/healthz")
    assert status == 200
    assert audit_count(server) == before
