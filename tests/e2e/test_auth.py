"""Authentication failures and the seed-001 permission matrix: each a clear
4xx in the envelope, and nothing done."""
from server import SECRET

PASSWORD = "correct horse battery"
V1 = "/api/v1/member-system"


def register(server, username):
    status, _, body = server.call("POST", "/user/auth/register",
                                  {"username": username, "password": PASSWORD})
    assert status == 200, body
    return body["data"]["user_id"]


def failure(server, method, path, headers, expected, body=None):
    status, _, reply = server.call(method, path, body, headers)
    assert status == expected, reply
    assert reply["code"] == expected and reply["timestamp"], reply
    return reply["data"]


def balance(server, user_id):
    status, _, body = server.call("GET", V1 + "/points/summary?user_id=" + user_id,
                                  headers=server.internal())
    assert status == 200, body
    return body["data"]["available"]


def test_missing_wrong_and_unsupported_credentials_are_401(server):
    user_id = register(server, "ann")
    failure(server, "GET", V1 + "/profile", {}, 401)
    failure(server, "GET", V1 + "/profile",
            {"X-Internal-Secret": SECRET + "x", "X-Act-As-User": user_id}, 401)
    failure(server, "GET", V1 + "/profile", {"X-Internal-Secret": "", "X-Act-As-User": user_id},
            401)
    # A bearer "token" that is not a signed access token (test_sessions.py).
    failure(server, "GET", V1 + "/profile", {"Authorization": "Bearer " + user_id}, 401)
    failure(server, "GET", V1 + "/profile", {"Authorization": "Basic YW5uOnB3"}, 401)
    # An act-as header without the secret is just an anonymous caller.
    failure(server, "GET", V1 + "/profile", {"X-Act-As-User": user_id}, 401)
    failure(server, "POST", V1 + "/points/earn", {"X-Act-As-User": user_id}, 401,
            {"user_id": user_id, "points": 5, "key": "K1"})
    assert balance(server, user_id) == 0


def test_wrong_role_is_403(server):
    ann = register(server, "ann")
    bob = register(server, "bob")
    # A member may not earn (internal), batch or read the audit trail (admin).
    failure(server, "POST", V1 + "/points/earn", server.as_user(ann), 403,
            {"user_id": ann, "points": 5, "key": "K1"})
    failure(server, "POST", V1 + "/admin/points/batch", server.as_user(ann), 403,
            {"key": "B", "users": [{"user_id": ann, "points": 5}]})
    failure(server, "GET", V1 + "/admin/audit", server.as_user(ann), 403)
    # An internal service is not an operator.
    failure(server, "POST", "/api/user/disable", server.internal(), 403,
            {"user_id": bob, "reason": "x"})
    # A member acts only on themself: the library's access rule, as 403.
    failure(server, "PUT", V1 + "/profile", server.as_user(ann), 403,
            {"user_id": bob, "nickname": "Mallory"})
    failure(server, "POST", V1 + "/points/use", server.as_user(ann), 403,
            {"user_id": bob, "points_to_use": 1, "key": "U1"})
    assert balance(server, ann) == 0
    status, _, body = server.call("GET", V1 + "/profile", headers=server.as_user(bob))
    assert status == 200 and body["data"]["nickname"] == ""


def test_other_tenant_sees_nothing(server):
    ann = register(server, "ann")
    data = failure(server, "GET", V1 + "/profile", server.as_user(ann, tenant="other"), 404)
    assert data["error"] == "not_found"
    failure(server, "POST", V1 + "/points/earn", server.internal(tenant="other"), 404,
            {"user_id": ann, "points": 5, "key": "K1"})
    assert balance(server, ann) == 0
    failure(server, "GET", V1 + "/profile", server.as_user(ann, tenant="bad tenant!"), 400)
    failure(server, "GET", V1 + "/profile", server.as_user(ann, tenant="t" * 65), 400)
