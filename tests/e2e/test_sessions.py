"""Sessions over HTTP: a signed-in member's bearer token is their identity;
missing, expired, forged, alg-none and other tenants' tokens are 401;
sign-out kills the token; ten reports block the member's sign-in."""
import base64
import json

from server import Server
from test_auth import PASSWORD, V1, register


def login(server, username, path="/api/auth/login", expected=200):
    status, _, body = server.call("POST", path, {"username": username, "password": PASSWORD,
                                                 "deviceId": "d-1", "deviceName": "phone"})
    assert status == expected, body
    return body["data"]


def bearer(token, tenant=None):
    headers = {"Authorization": "Bearer " + token}
    if tenant:
        headers["X-Tenant-Id"] = tenant
    return headers


def status_of(server, headers):
    status, _, body = server.call("GET", V1 + "/profile", headers=headers)
    assert body["code"] == status, body
    return status, body["data"]


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_bearer_token_is_the_member(server):
    ann = register(server, "ann")
    tokens = login(server, "ann")["tokens"]
    status, profile = status_of(server, bearer(tokens["access_token"]))
    assert status == 200 and profile["user_id"] == ann
    status, _, body = server.call("GET", "/api/user/devices", headers=bearer(tokens["access_token"]))
    assert status == 200 and body["data"]["devices"][0]["device_id"] == "d-1", body
    # Refresh gives a new working pair; the used refresh token is dead.
    status, _, body = server.call("POST", "/api/auth/refresh",
                                  {"refreshToken": tokens["refresh_token"]})
    assert status == 200, body
    renewed = body["data"]
    assert status_of(server, bearer(renewed["access_token"]))[0] == 200
    status, _, body = server.call("POST", "/api/auth/refresh",
                                  {"refreshToken": tokens["refresh_token"]})
    assert status == 401, body


def test_missing_expired_forged_and_alg_none_tokens_are_401(server):
    register(server, "ann")
    token = login(server, "ann", path="/login")["tokens"]["access_token"]
    assert status_of(server, {})[0] == 401
    assert status_of(server, bearer(""))[0] == 401
    header, payload, signature = token.split(".")
    forged = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    assert status_of(server, bearer(header + "." + payload + "." + forged))[0] == 401
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    none_header = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    assert status_of(server, bearer(none_header + "." + payload + "."))[0] == 401
    # A payload changed under the original signature is refused too.
    claims["sub"] = "someone-else"
    changed = b64(json.dumps(claims).encode())
    assert status_of(server, bearer(header + "." + changed + "." + signature))[0] == 401
    # The token of another tenant is not a credential here.
    assert status_of(server, bearer(token, tenant="other"))[0] == 401
    assert status_of(server, bearer(token))[0] == 200
    server.advance(24 * 3600)
    assert status_of(server, bearer(token))[0] == 401


def test_sign_out_kills_the_token(server):
    register(server, "ann")
    tokens = login(server, "ann", path="/api/user/login")["tokens"]
    me = bearer(tokens["access_token"])
    assert status_of(server, me)[0] == 200
    status, _, body = server.call("POST", "/api/user/logout",
                                  {"sessionId": tokens["session_id"]}, me)
    assert status == 200, body
    assert status_of(server, me)[0] == 401


def test_a_token_signed_out_before_a_restart_stays_dead(tmp_path):
    first = Server(str(tmp_path))
    register(first, "ann")
    kept = login(first, "ann")["tokens"]
    ended = login(first, "ann")["tokens"]
    status, _, body = first.call("POST", "/api/user/logout", {"sessionId": ended["session_id"]},
                                 bearer(ended["access_token"]))
    assert status == 200, body
    assert first.stop() == 0
    # A new process knows the revocation only from the database.
    second = Server(str(tmp_path))
    try:
        assert status_of(second, bearer(ended["access_token"]))[0] == 401
        assert status_of(second, bearer(kept["access_token"]))[0] == 200
    finally:
        assert second.stop() == 0


def test_a_password_change_keeps_its_own_session_and_ends_the_others(server):
    register(server, "ann")
    current = login(server, "ann")["tokens"]
    other = login(server, "ann")["tokens"]
    status, _, body = server.call("POST", "/api/user/password/change",
                                  {"old_password": PASSWORD,
                                   "new_password": "an entirely new phrase"},
                                  bearer(current["access_token"]))
    assert status == 200, body
    assert status_of(server, bearer(current["access_token"]))[0] == 200
    assert status_of(server, bearer(other["access_token"]))[0] == 401
    status, _, body = server.call("POST", "/api/auth/refresh",
                                  {"refreshToken": other["refresh_token"]})
    assert status == 401, body


def test_the_login_log_and_devices_record_the_connection_address(server):
    ann = register(server, "ann")
    status, _, body = server.call("POST", "/api/auth/login",
                                  {"username": "ann", "password": PASSWORD, "deviceId": "d-1",
                                   "ip": "203.0.113.9"})
    assert status == 200, body
    me = bearer(body["data"]["tokens"]["access_token"])
    status, _, body = server.call("GET", "/api/user/login_logs?limit=5", headers=me)
    records = body["data"]["records"]
    assert status == 200 and records and records[0]["user_id"] == ann, body
    assert records[0]["ip"] == "127.0.0.1", records
    status, _, body = server.call("GET", "/api/user/devices", headers=me)
    assert status == 200 and body["data"]["devices"][0]["ip"] == "127.0.0.1", body


def test_ten_reports_block_sign_in(server):
    ann = register(server, "ann")
    token = login(server, "ann")["tokens"]["access_token"]
    for i in range(10):
        status, _, body = server.call("POST", "/increase-report",
                                      {"userId": ann, "reason": "spam %d" % i},
                                      server.internal("report-service"))
        assert status == 200, body
    assert body["data"]["blocked"] is True
    assert status_of(server, bearer(token))[0] == 401
    data = login(server, "ann", expected=401)
    assert data["error"] == "unauthenticated"


def test_refused_tokens_write_nothing(server):
    """A forged, alg-none, other tenant's or expired token on write routes:
    401, and the member's profile, points and roles do not change."""
    ann = register(server, "ann")
    status, _, body = server.call("POST", V1 + "/points/earn",
                                  {"user_id": ann, "points": 50, "key": "E1",
                                   "event_type": "PURCHASE"}, server.internal())
    assert status == 200, body
    token = login(server, "ann")["tokens"]["access_token"]
    header, payload, signature = token.split(".")
    forged = header + "." + payload + "." + signature[:-2] + (
        "AA" if signature[-2:] != "AA" else "BB")
    none = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode()) + "." + payload + "."
    writes = (("PUT", V1 + "/profile", {"nickname": "Mallory"}),
              ("POST", V1 + "/points/use", {"points_to_use": 10, "key": "U1"}),
              ("POST", "/api/user/password/change",
               {"old_password": PASSWORD, "new_password": "an entirely new phrase"}))
    refused = [bearer(forged), bearer(none), bearer(token, tenant="other")]
    for headers in refused:
        for method, path, body in writes:
            status, _, reply = server.call(method, path, body, headers)
            assert status == 401 and reply["code"] == 401, (path, reply)
    server.advance(24 * 3600)  # the real token expires
    for method, path, body in writes:
        status, _, reply = server.call(method, path, body, bearer(token))
        assert status == 401, (path, reply)
    me = server.as_user(ann)
    status, _, body = server.call("GET", V1 + "/profile", headers=me)
    assert status == 200 and body["data"]["nickname"] == ""
    status, _, body = server.call("GET", V1 + "/points/summary", headers=me)
    assert status == 200 and body["data"]["available"] == 50
    assert login(server, "ann")["tokens"]["access_token"]  # the old password still works
