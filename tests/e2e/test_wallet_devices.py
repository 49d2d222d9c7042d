"""Seed 003's account routes: the money wallet's balance and statement
(recharged by an internal payment service) and signing a device out by its
id in the path."""

from test_flows import V1, envelope, register
from test_sessions import bearer, login


def test_recharge_balance_and_statement(server):
    ann = register(server, "ann")
    me = server.as_user(ann)
    status, _, body = server.call("GET", "/api/user/balance", headers=me)
    assert envelope(status, body)["available"] == 0
    status, _, body = server.call("POST", "/api/user/wallet/recharge",
                                  {"user_id": ann, "amount": 10000, "key": "PAY-1",
                                   "description": "recharge"}, server.internal("payments"))
    assert envelope(status, body)["available"] == 10000
    # A member cannot credit their own wallet.
    status, _, body = server.call("POST", "/api/user/wallet/recharge",
                                  {"user_id": ann, "amount": 5, "key": "PAY-2"}, me)
    assert envelope(status, body, 403)["error"] == "permission_denied"
    status, _, body = server.call("GET", "/api/user/balance", headers=me)
    balance = envelope(status, body)
    assert balance["available"] == 10000 and balance["frozen"] == 0
    status, _, body = server.call("GET", "/api/user/transactions?page=1&limit=20&type=income",
                                  headers=me)
    income = envelope(status, body)["entries"]
    assert [(e["kind"], e["amount"]) for e in income] == [("earn", 10000)]
    status, _, body = server.call("GET", "/api/user/transactions?type=expense", headers=me)
    assert envelope(status, body)["entries"] == []
    status, _, body = server.call("GET", "/api/user/transactions?type=bogus", headers=me)
    assert envelope(status, body, 400)["error"] == "invalid_argument"
    # The points balance is a different asset.
    status, _, body = server.call("GET", V1 + "/points/summary", headers=me)
    assert envelope(status, body)["available"] == 0


def test_delete_a_device_by_its_id(server):
    register(server, "ann")
    tokens = login(server, "ann")["tokens"]  # device d-1
    me = bearer(tokens["access_token"])
    status, _, body = server.call("DELETE", "/api/user/devices/d-1", headers=me)
    envelope(status, body)
    status, _, body = server.call("GET", "/api/user/devices", headers=me)
    assert envelope(status, body, 401)["error"] == "unauthenticated"
