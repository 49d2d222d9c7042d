"""Rate limits (seed 001: 100/min member, 1000/min admin, internal unlimited)
with 429 and Retry-After, on the server's fake clock: no sleeping."""
V1 = "/api/v1/member-system"


def register(server, username):
    status, _, body = server.call("POST", "/user/auth/register",
                                  {"username": username, "password": "correct horse battery"})
    assert status == 200, body
    return body["data"]["user_id"]


def hammer(server, path, headers, times):
    statuses = [server.call("GET", path, headers=headers)[0] for _ in range(times)]
    return statuses


def test_member_limit_is_100_per_minute_then_429_until_the_window_ends(server):
    ann = register(server, "ann")
    bob = register(server, "bob")
    assert hammer(server, V1 + "/profile", server.as_user(ann), 100) == [200] * 100
    server.advance(20)
    status, headers, body = server.call("GET", V1 + "/profile", headers=server.as_user(ann))
    assert status == 429 and body["code"] == 429, body
    assert headers["Retry-After"] == "40"
    # Another member has their own window.
    assert server.call("GET", V1 + "/profile", headers=server.as_user(bob))[0] == 200
    server.advance(40)
    assert server.call("GET", V1 + "/profile", headers=server.as_user(ann))[0] == 200


def test_admin_limit_is_1000_per_minute_and_internal_is_unlimited(server):
    path = V1 + "/admin/audit?limit=1"
    assert hammer(server, path, server.as_admin(), 1000) == [200] * 1000
    status, headers, _ = server.call("GET", path, headers=server.as_admin())
    assert status == 429 and headers["Retry-After"] == "60"
    assert server.call("GET", path, headers=server.as_admin("ops-ben"))[0] == 200
    statuses = hammer(server, V1 + "/points/catalog", server.internal(), 1100)
    assert set(statuses) == {200}


def test_failed_credentials_are_limited_per_address(server):
    bad = {"X-Internal-Secret": "guessing-the-secret-000000"}
    statuses = hammer(server, V1 + "/profile", bad, 101)
    assert statuses[:100] == [401] * 100 and statuses[100] == 429
