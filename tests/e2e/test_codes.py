"""Verification codes over HTTP (A6, seeds 003 and 004): send-sms with its
60 s wait, code sign-in, password reset by code, and the operator's outbox."""
from server import Server  # noqa: F401 (the fixture's type)
from test_auth import PASSWORD

OUTBOX = "/api/v1/member-system/admin/codes/outbox"
NEW_PASSWORD = "another horse battery"


def register_mobile(server, mobile):
    status, _, body = server.call("POST", "/api/auth/register",
                                  {"mobile": mobile, "password": PASSWORD})
    assert status == 200, body
    return body["data"]["user_id"]


def outbox(server):
    status, _, body = server.call("GET", OUTBOX, headers=server.as_admin())
    assert status == 200, body
    return body["data"]["messages"]


def last_code(server, destination):
    codes = [m["code"] for m in outbox(server) if m["destination"] == destination]
    assert codes, "no code in the outbox"
    return codes[-1]


def test_send_sms_waits_60_s_and_login_sms_opens_a_session(server):
    ann = register_mobile(server, "13800138000")
    status, _, body = server.call("POST", "/api/auth/send-sms",
                                  {"phone": "13800138000", "type": "login"})
    assert status == 200, body
    assert body["data"]["resend_at"] == "2026-01-31T12:01:00.000Z"
    status, headers, body = server.call("POST", "/api/auth/send-sms",
                                        {"phone": "13800138000", "type": "login"})
    assert status == 429 and body["data"]["retry_at"] == "2026-01-31T12:01:00.000Z", body
    assert headers["Retry-After"] == "60"
    # An unknown number answers the same, and gets nothing.
    status, _, body = server.call("POST", "/api/auth/send-sms",
                                  {"phone": "13900139000", "type": "login"})
    assert status == 200, body
    assert [m["destination"] for m in outbox(server)] == ["+8613800138000"]

    code = last_code(server, "+8613800138000")
    status, _, body = server.call("POST", "/api/auth/login-sms",
                                  {"phone": "13800138000", "verification_code": code,
                                   "deviceId": "d-1", "platform": "app"})
    assert status == 200, body
    assert body["data"]["account"]["user_id"] == ann
    token = body["data"]["tokens"]["access_token"]
    status, _, body = server.call("POST", "/api/auth/login-sms",
                                  {"phone": "13800138000", "verification_code": code})
    assert status == 401, body  # single use
    status, _, body = server.call("POST", "/api/user/login/code",
                                  {"mobile": "13800138000", "code": "12ab56"})
    assert status == 400 and body["data"]["errors"][0]["field"] == "code", body

    # seed 004: a reset by code ends the session and sets the new password.
    server.advance(60)
    status, _, body = server.call("POST", "/api/user/code/send",
                                  {"mobile": "13800138000", "type": "reset"})
    assert status == 200, body
    status, _, body = server.call("POST", "/api/user/password/reset",
                                  {"mobile": "13800138000",
                                   "code": last_code(server, "+8613800138000"),
                                   "new_password": NEW_PASSWORD})
    assert status == 200, body
    status, _, body = server.call("GET", "/api/user/devices",
                                  headers={"Authorization": "Bearer " + token})
    assert status == 401, body
    status, _, body = server.call("POST", "/api/auth/login",
                                  {"mobile": "13800138000", "password": NEW_PASSWORD})
    assert status == 200, body

    # The operator acknowledges what was sent; members may not read the outbox.
    status, _, body = server.call("GET", OUTBOX, headers=server.as_user(ann))
    assert status == 403, body
    for message in outbox(server):
        status, _, body = server.call("POST", OUTBOX + "/" + message["id"] + "/ack",
                                      headers=server.as_admin())
        assert status == 200, body
    assert outbox(server) == []
