"""The seeds' flows through member-server: register -> sign in -> profile ->
earn -> use -> history, on the routes of seeds 000, 001, 002, 003 and 004."""

import json

from test_codes import last_code

PASSWORD = "correct horse battery"
V1 = "/api/v1/member-system"


def envelope(status, body, expected=200):
    assert status == expected, body
    assert set(body) == {"code", "message", "data", "timestamp"}, body
    assert body["code"] == status
    assert body["timestamp"].endswith("Z")
    return body["data"]


def contact_change_code(server, me, user_id, destination):
    """The code that proves a new email or mobile of the caller's own, sent
    to it: `destination` is {"email": ...} or {"mobile": ...}, as stored."""
    status, _, body = server.call("POST", "/api/user/code/send",
                                  {"type": "contact_change", "user_id": user_id, **destination}, me)
    envelope(status, body)
    return last_code(server, next(iter(destination.values())))


def register(server, username, path="/user/auth/register", **extra):
    status, _, body = server.call("POST", path, {"username": username, "password": PASSWORD,
                                                 "email": username + "@example.com", **extra})
    return envelope(status, body)["user_id"]


def test_register_sign_in_profile_earn_use_history(server):
    user_id = register(server, "ann", nickname="Ann")
    status, _, body = server.call("POST", "/account/signin",
                                  {"identifier": "ann@example.com", "password": PASSWORD})
    signed_in = envelope(status, body)
    assert signed_in["user_id"] == user_id and signed_in["username"] == "ann"

    me = Server_user = server.as_user(user_id)
    status, _, body = server.call("GET", V1 + "/profile", headers=me)
    profile = envelope(status, body)
    assert profile["user_id"] == user_id and profile["nickname"] == "Ann"
    assert profile["email"] == "ann@example.com"

    status, _, body = server.call("PUT", V1 + "/profile",
                                  {"nickname": "Annie", "preferences": {"notification_email": True}},
                                  Server_user)
    updated = envelope(status, body)
    assert updated["nickname"] == "Annie"
    assert '"notification_email":true' in updated["preferences"].replace(" ", "")

    status, _, body = server.call("POST", V1 + "/points/earn",
                                  {"user_id": user_id, "points": 250, "key": "ORD123",
                                   "event_type": "PURCHASE", "related_order": "ORD123"},
                                  server.internal())
    earned = envelope(status, body)
    assert earned["amount"] == 250 and earned["available"] == 250

    status, _, body = server.call("POST", V1 + "/points/use",
                                  {"points_to_use": 100, "order_id": "ORD124", "key": "USE124"}, me)
    used = envelope(status, body)
    assert used["available"] == 150

    status, _, body = server.call("GET", V1 + "/points/transactions?page=1&limit=10", headers=me)
    history = envelope(status, body)
    kinds = [m["kind"] for m in history["entries"]]
    assert sorted(kinds) == ["earn", "use"], history
    # seed 001's date window, both days included (the fake clock is 2026-01-31).
    for window, count in (("start_date=2026-01-31&end_date=2026-01-31", 2),
                          ("start_date=2026-02-01", 0), ("end_date=2026-01-30", 0),
                          ("start_date=2026-01-01&end_date=2026-12-31", 2)):
        status, _, body = server.call("GET", V1 + "/points/transactions?" + window, headers=me)
        assert envelope(status, body)["total"] == count, (window, body)
    for bad in ("start_date=2026-1-31", "end_date=2026-02-30", "start_date=yesterday",
                "end_date=2026-01-3x"):
        status, _, body = server.call("GET", V1 + "/points/transactions?" + bad, headers=me)
        field = bad.split("=")[0]
        assert envelope(status, body, 400)["errors"][0]["field"] == field, (bad, body)

    status, _, body = server.call("GET", V1 + "/points/summary", headers=me)
    assert envelope(status, body)["available"] == 150

    # Spending more than is left: the seed's 409 with the shortage.
    status, _, body = server.call("POST", V1 + "/points/use", {"points_to_use": 500, "key": "USE125"}, me)
    data = envelope(status, body, 409)
    assert data["error"] == "insufficient_points" and data["shortage"] == 350


def test_redeem_then_read_the_redemption_back_with_its_address(server):
    user_id = register(server, "ann")
    me = server.as_user(user_id)
    status, _, body = server.call("PUT", V1 + "/admin/catalog",
                                  {"item_id": "GIFT001", "name": "Gift", "points_cost": 100,
                                   "stock": 5, "active": True}, server.as_admin())
    envelope(status, body)
    status, _, body = server.call("POST", V1 + "/points/earn",
                                  {"user_id": user_id, "points": 500, "key": "ORD1"},
                                  server.internal())
    envelope(status, body)
    address = {"name": "Ann", "street": "Flat 9, Xylophone Mansions"}
    status, _, body = server.call("POST", V1 + "/points/redeem",
                                  {"redemption_item_id": "GIFT001", "quantity": 2,
                                   "delivery_address": address, "key": "RED1"}, me)
    redeemed = envelope(status, body)
    status, _, body = server.call("GET", V1 + "/points/redemptions?page=1&limit=10", headers=me)
    mine = envelope(status, body)["redemptions"]
    assert len(mine) == 1, mine
    assert mine[0]["redemption_id"] == redeemed["entry_id"]
    assert mine[0]["quantity"] == 2 and mine[0]["points"] == 200
    assert json.loads(mine[0]["delivery_address"]) == address
    # Staff read any member's, by the user_id query parameter.
    status, _, body = server.call("GET", V1 + "/points/redemptions?user_id=" + user_id,
                                  headers=server.as_admin())
    assert envelope(status, body)["redemptions"] == mine


def test_seed_002_signup_login_my_info_change_and_withdraw(server):
    status, _, body = server.call("POST", "/signup/member",
                                  {"email": "yc@example.com", "password": PASSWORD,
                                   "realName": "chan"})
    user_id = envelope(status, body)["user_id"]
    status, _, body = server.call("POST", "/login", {"email": "yc@example.com",
                                                     "password": PASSWORD})
    assert envelope(status, body)["account"]["user_id"] == user_id
    me = server.as_user(user_id)
    status, _, body = server.call("GET", "/my-info", headers=me)
    assert envelope(status, body)["user_type"] == "MEMBER"
    code = contact_change_code(server, me, user_id, {"email": "yc2@example.com"})
    status, _, body = server.call("PUT", "/change/email",
                                  {"email": "yc2@example.com", "code": code}, me)
    assert envelope(status, body)["email"] == "yc2@example.com"
    status, _, body = server.call("PUT", "/change/password",
                                  {"oldPassword": PASSWORD, "newPassword": "another long phrase"}, me)
    envelope(status, body)
    status, _, body = server.call("POST", "/login", {"email": "yc2@example.com",
                                                     "password": PASSWORD})
    envelope(status, body, 401)
    status, _, body = server.raw("DELETE", "/withdraw", b"another long phrase", me)
    envelope(status, body)
    status, _, body = server.call("POST", "/login", {"email": "yc2@example.com",
                                                     "password": "another long phrase"})
    envelope(status, body, 401)


def test_seed_002_taxi_drivers_sign_up_as_their_own_user_type(server):
    def user_type(path, email, **extra):
        status, _, body = server.call("POST", path, {"email": email, "password": PASSWORD,
                                                     **extra})
        user_id = envelope(status, body)["user_id"]
        status, _, body = server.call("GET", "/my-info", headers=server.as_user(user_id))
        return envelope(status, body)["user_type"]

    assert user_type("/signup/taxi", "driver@example.com", realName="kim") == "TAXI"
    # The path decides the type: a body naming another one does not change it.
    assert user_type("/signup/member", "rider@example.com", user_type="TAXI") == "MEMBER"
    status, _, body = server.call("POST", "/user/auth/register",
                                  {"username": "pilot_one", "password": PASSWORD, "user_type": "PILOT"})
    assert envelope(status, body, 400)["errors"][0]["field"] == "user_type"


def test_seed_000_003_004_routes(server):
    user_id = register(server, "bob", path="/api/auth/register")
    me = server.as_user(user_id)
    # A new mobile of one's own is proven by a code sent to it (seed 000:
    # "update verified email or mobile"); without one it is refused.
    status, _, body = server.call("POST", "/user/update/mobile", {"mobile": "+8613800138000"}, me)
    assert envelope(status, body, 400)["errors"][0]["field"] == "code"
    code = contact_change_code(server, me, user_id, {"mobile": "+8613800138000"})
    status, _, body = server.call("POST", "/user/update/mobile",
                                  {"mobile": "+8613800138000", "verificationCode": code}, me)
    assert envelope(status, body)["mobile"] == "+8613800138000"
    assert envelope(status, body)["mobile_verified"] is True
    status, _, body = server.call("GET", "/api/user/profile", headers=me)
    assert envelope(status, body)["mobile"] == "+8613800138000"
    status, _, body = server.call("POST", "/api/user/login", {"mobile": "+8613800138000",
                                                              "password": PASSWORD})
    assert envelope(status, body)["account"]["user_id"] == user_id
    status, _, body = server.call("GET", "/api/user/login_logs?limit=5", headers=me)
    assert len(envelope(status, body)["records"]) == 1

    # Admin: batch registration, then disable and enable an account.
    admin = server.as_admin()
    status, _, body = server.call("POST", "/user/auth/batchRegister",
                                  {"users": [{"username": "cat", "password": PASSWORD},
                                             {"email": "not-an-email", "password": PASSWORD}]},
                                  admin)
    results = envelope(status, body)["results"]
    assert [r["code"] for r in results] == ["ok", "invalid_argument"]
    status, _, body = server.call("POST", "/api/user/disable",
                                  {"user_id": user_id, "reason": "review"}, admin)
    envelope(status, body)
    status, _, body = server.call("POST", "/account/signin", {"identifier": "bob",
                                                              "password": PASSWORD})
    envelope(status, body, 401)
    status, _, body = server.call("POST", "/api/user/enable", {"user_id": user_id}, admin)
    envelope(status, body)
    status, _, body = server.call("POST", "/account/signin", {"identifier": "bob",
                                                              "password": PASSWORD})
    envelope(status, body)

    # The operators' batch of points (seed 001) and the audit trail.
    status, _, body = server.call("POST", V1 + "/admin/points/batch",
                                  {"key": "B1", "reason": "compensation",
                                   "users": [{"user_id": user_id, "points": 100, "note": "x"}]},
                                  admin)
    envelope(status, body)
    status, _, body = server.call("GET", V1 + "/points/summary?user_id=" + user_id, headers=admin)
    assert envelope(status, body)["available"] == 100
    status, _, body = server.call("GET", V1 + "/admin/audit?user_id=" + user_id, headers=admin)
    actions = {e["action"] for e in envelope(status, body)["entries"]}
    assert "account.register" in actions


def test_health_and_unknown_route(server):
    status, _, body = server.call("GET", "/healthz")
    assert envelope(status, body)["status"] == "ok"
    status, _, body = server.call("GET", "/no/such/route")
    envelope(status, body, 404)
