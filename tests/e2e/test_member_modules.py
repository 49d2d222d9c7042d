"""Seed routes of the bindings, identities, addresses, tags and verifications
modules through member-server: seed 000's /customer/*, /trans/* and /wechat/*,
seeds 003/004's /api/user/* addresses, tags and identity checks, and seed
002's bank account lookup for internal callers."""
import json

from server import Server

from test_flows import PASSWORD, envelope, register

GOOD_ID = "11010519491231002X"
CARD = "6222021234567894"


def test_customer_bind_list_conflict_unbind(server):
    ann = register(server, "ann")
    bob = register(server, "bob")
    me = server.as_user(ann)
    customer = {"customerId": "CUST-000123", "customerName": "Zhang San",
                "certificateType": "ID_CARD"}
    status, _, body = server.call("POST", "/customer/bind", customer, me)
    bound = envelope(status, body)
    assert bound["customer_id"] == "CUST-000123" and bound["user_id"] == ann

    status, _, body = server.call("GET", "/customer/bindingList", headers=me)
    customers = envelope(status, body)["customers"]
    assert [c["customer_id"] for c in customers] == ["CUST-000123"]

    # The same customer for another user: 409, Ann keeps it.
    status, _, body = server.call("POST", "/customer/bind", customer, server.as_user(bob))
    assert envelope(status, body, 409)["error"] == "conflict"
    # An internal caller acting on Bob by user_id meets the same rule.
    status, _, body = server.call("POST", "/customer/bind", {**customer, "user_id": bob},
                                  server.internal("policy-core"))
    assert envelope(status, body, 409)["error"] == "conflict"

    status, _, body = server.call("POST", "/customer/binding", {"customerId": "CUST-000123"}, me)
    assert envelope(status, body) == {}
    status, _, body = server.call("GET", "/customer/bindingList", headers=me)
    assert envelope(status, body)["customers"] == []
    # Unbinding again: nothing bound any more.
    status, _, body = server.call("POST", "/customer/binding", {"customerId": "CUST-000123"}, me)
    assert envelope(status, body, 404)["error"] == "not_found"


def test_transaction_bind_query_unbind(server):
    ann = register(server, "ann")
    bob = register(server, "bob")
    me = server.as_user(ann)
    status, _, body = server.call("POST", "/trans/bind",
                                  {"user_id": ann, "transType": "POLICY_APPLICATION",
                                   "transId": "APP-2026-0042", "metadata": {"product": "term-life"}},
                                  server.internal("policy-core"))
    bound = envelope(status, body)
    assert bound["user_id"] == ann and json.loads(bound["metadata"]) == {"product": "term-life"}

    query = "/trans/bindingList/byTransTypeAndId?trans_type=POLICY_APPLICATION&trans_id=APP-2026-0042"
    status, _, body = server.call("GET", query, headers=me)
    assert envelope(status, body)["user_id"] == ann
    # Someone else's transaction is not found for Bob.
    status, _, body = server.call("GET", query, headers=server.as_user(bob))
    assert envelope(status, body, 404)["error"] == "not_found"

    status, _, body = server.call("GET", "/trans/bindingList?trans_type=POLICY_APPLICATION&page=1",
                                  headers=me)
    assert [t["trans_id"] for t in envelope(status, body)["transactions"]] == ["APP-2026-0042"]

    # A type that is not configured is bad input naming the field.
    status, _, body = server.call("POST", "/trans/bind",
                                  {"trans_type": "LOTTERY", "trans_id": "X-1"}, me)
    data = envelope(status, body, 400)
    assert [e["field"] for e in data["errors"]] == ["trans_type"], data

    status, _, body = server.call("DELETE", "/trans/binding",
                                  {"trans_type": "POLICY_APPLICATION", "trans_id": "APP-2026-0042"}, me)
    assert envelope(status, body) == {}
    status, _, body = server.call("GET", query, headers=me)
    assert envelope(status, body, 404)["error"] == "not_found"


def test_wechat_check_bind_and_sign_in(server):
    ann = register(server, "ann")
    verified = server.VERIFIED  # the gateway checked the openid with WeChat
    check = "/wechat/check?openid=oUpF8uMuAJO_M2pxb1Q9zNjWeS6o&unionid=o6_union"
    status, _, body = server.call("GET", check, headers=verified)
    assert envelope(status, body) == {"registered": False, "user_id": ""}

    # Anonymous binding names the account with its password; a wrong one is a failed sign-in.
    wechat = {"openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "unionid": "o6_union", "nickname": "Ann"}
    status, _, body = server.call("POST", "/wechat/bind",
                                  {**wechat, "identifier": "ann", "password": "wrong password!"},
                                  verified)
    assert envelope(status, body, 401)["error"] == "unauthenticated"
    status, _, body = server.call("POST", "/wechat/bind",
                                  {**wechat, "identifier": "ann", "password": PASSWORD}, verified)
    bound = envelope(status, body)
    assert bound["user_id"] == ann and bound["provider"] == "wechat"

    # Registered now; the user id only to the user themself.
    status, _, body = server.call("GET", check, headers=verified)
    assert envelope(status, body) == {"registered": True, "user_id": ""}
    status, _, body = server.call("GET", check, headers={**server.as_user(ann), **verified})
    assert envelope(status, body) == {"registered": True, "user_id": ann}

    # Another account cannot take the same WeChat user.
    bob = register(server, "bob")
    status, _, body = server.call("POST", "/wechat/bind", wechat,
                                  {**server.as_user(bob), **verified})
    assert envelope(status, body, 409)["error"] == "conflict"

    oauth = {"provider": "wechat", "open_id": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"}
    status, _, body = server.call("POST", "/api/user/login/oauth", oauth, verified)
    assert envelope(status, body)["user_id"] == ann
    status, _, body = server.call("POST", "/api/user/login/oauth",
                                  {"provider": "wechat", "open_id": "unknown-openid"}, verified)
    assert envelope(status, body, 401)["error"] == "unauthenticated"

    # Nobody vouched for the identity: refused whoever asks, and nothing is
    # said about it (a known openid, a member's own binding).
    for method, path, payload, headers in [
            ("GET", check, None, {}),
            ("POST", "/api/user/login/oauth", oauth, {}),
            ("POST", "/api/user/login/oauth", oauth, {"X-Identity-Verified": "a-guess-0123456789"}),
            ("POST", "/wechat/bind", {**wechat, "identifier": "bob", "password": PASSWORD}, {}),
            ("POST", "/api/user/bind_oauth", {"provider": "oidc:https://id.example.com",
                                              "open_id": "s-1"}, server.as_user(bob))]:
        status, _, body = server.call(method, path, payload, headers)
        assert envelope(status, body, 403)["error"] == "permission_denied", (path, body)
        assert ann not in json.dumps(body)


def test_address_add_default_list_update_remove(server):
    ann = register(server, "ann")
    me = server.as_user(ann)
    farm = {"name": "Family farm", "contact_name": "Li Si", "contact_phone": "13800138000",
            "province": "Zhejiang", "city": "Hangzhou", "county": "Lin'an",
            "address": "12 Tea Garden Road", "longitude": 119.72, "latitude": 30.23,
            "address_type": "farm", "is_default": False}
    status, _, body = server.call("POST", "/api/user/addresses", farm, me)
    first = envelope(status, body)
    assert first["is_default"] is True  # the first address becomes the default
    status, _, body = server.call("POST", "/api/user/addresses",
                                  {**farm, "name": "New farm", "is_default": True}, me)
    second = envelope(status, body)
    assert second["is_default"] is True

    status, _, body = server.call("GET", "/api/user/addresses", headers=me)
    listed = envelope(status, body)["addresses"]
    defaults = {a["address_id"]: a["is_default"] for a in listed}
    assert defaults == {first["address_id"]: False, second["address_id"]: True}

    status, _, body = server.call("PUT", "/api/user/addresses/" + first["address_id"],
                                  {"name": "Renamed farm", "is_default": True}, me)
    updated = envelope(status, body)
    assert updated["name"] == "Renamed farm" and updated["is_default"] is True

    # Bad input names the field.
    status, _, body = server.call("POST", "/api/user/addresses", {**farm, "latitude": 123.0}, me)
    assert [e["field"] for e in envelope(status, body, 400)["errors"]] == ["latitude"]

    # Another member cannot touch Ann's address.
    bob = register(server, "bob")
    status, _, body = server.call("DELETE", "/api/user/addresses/" + first["address_id"],
                                  headers=server.as_user(bob))
    assert envelope(status, body, 404)["error"] == "not_found"

    status, _, body = server.call("DELETE", "/api/user/addresses/" + first["address_id"], headers=me)
    assert envelope(status, body) == {}
    status, _, body = server.call("GET", "/api/user/addresses", headers=me)
    assert [a["address_id"] for a in envelope(status, body)["addresses"]] == [second["address_id"]]


def test_tags_set_and_list(server):
    ann = register(server, "ann")
    status, _, body = server.call("POST", "/api/user/tags",
                                  {"user_id": ann, "tag_type": "preference", "tag_key": "crop_type",
                                   "tag_value": "rice", "weight": 0.9},
                                  server.internal("profiling"))
    assert envelope(status, body)["value"] == "rice"
    status, _, body = server.call("GET", "/api/user/tags?type=preference",
                                  headers=server.as_user(ann))
    tags = envelope(status, body)["tags"]
    assert [(t["key"], t["value"]) for t in tags] == [("crop_type", "rice")]
    status, _, body = server.call("POST", "/api/user/tags",
                                  {"user_id": ann, "tag_key": "k", "tag_value": "v", "weight": 2},
                                  server.internal("profiling"))
    assert [e["field"] for e in envelope(status, body, 400)["errors"]] == ["weight"]


def test_real_name_bad_id_number_then_good(server):
    ann = register(server, "ann")
    me = server.as_user(ann)
    bad = "110105194912310021"  # wrong check character
    status, _, body = server.call("POST", "/api/user/auth/real-name",
                                  {"real_name": "Zhang San", "id_card_number": bad}, me)
    data = envelope(status, body, 400)
    assert [e["field"] for e in data["errors"]] == ["id_number"], data
    assert bad not in json.dumps(body)

    status, _, body = server.call("POST", "/api/user/auth/real-name",
                                  {"real_name": "Zhang San", "id_card_number": GOOD_ID}, me)
    submitted = envelope(status, body)
    assert submitted["status"] == "pending" and submitted["masked_number"] == "1101**********002X"
    assert GOOD_ID not in json.dumps(body)

    status, _, body = server.call("GET", "/api/user/auth/status", headers=me)
    checks = envelope(status, body)["verifications"]
    assert [(c["kind"], c["status"]) for c in checks] == [("real_name", "pending")]


def test_bank_account_for_payment_internal_only(server):
    ann = register(server, "ann")
    me = server.as_user(ann)
    status, _, body = server.call("POST", "/api/user/auth/bank-card",
                                  {"bank_card_number": "6222 0212 3456 7894", "bank_name": "ICBC",
                                   "cardholder_name": "Zhang San", "card_type": "debit"}, me)
    card = envelope(status, body)
    assert card["masked_number"] == "6222********7894" and CARD not in json.dumps(body)

    lookup = "/provide/my-bankbookNum/" + ann
    # Nothing approved yet.
    status, _, body = server.call("GET", lookup, headers=server.internal("payouts"))
    assert envelope(status, body, 404)["error"] == "not_found"

    # A member may not review; an operator approves.
    decision = {"verification_id": card["verification_id"], "status": "approved"}
    status, _, body = server.call("POST", "/api/user/auth/review", decision, me)
    assert envelope(status, body, 403)["error"] == "permission_denied"
    status, _, body = server.call("POST", "/api/user/auth/review", decision, server.as_admin())
    assert envelope(status, body)["status"] == "approved"

    # The member and the operator see the number masked only, and may not look it up.
    status, _, body = server.call("GET", "/api/user/auth/status", headers=me)
    assert envelope(status, body)["verifications"][0]["masked_number"] == "6222********7894"
    assert CARD not in json.dumps(body)
    for refused in (me, server.as_admin()):
        status, _, body = server.call("GET", lookup, headers=refused)
        assert envelope(status, body, 403)["error"] == "permission_denied"
        assert CARD not in json.dumps(body)

    # The internal payment caller gets the full number.
    status, _, body = server.call("GET", lookup, headers=server.internal("payouts"))
    assert envelope(status, body) == {"card_number": CARD}


def test_access_log_shows_route_paths_without_ids(tmp_path):
    s = Server(str(tmp_path))
    ann = register(s, "ann")
    status, _, body = s.call("GET", "/provide/my-bankbookNum/" + ann, headers=s.internal("payouts"))
    assert envelope(status, body, 404)["error"] == "not_found"
    status, _, body = s.call("DELETE", "/api/user/addresses/no-such-address", headers=s.as_user(ann))
    assert status in (400, 404), body
    # No route: the path is not logged (it may hold an address or an id).
    status, _, body = s.call("GET", "/api/users/ann@example.com/nosuch")
    assert envelope(status, body, 404)["error"] == "no such route"
    assert s.stop() == 0
    log = open(s.log_path).read()
    assert '"path":"/provide/my-bankbookNum/{user_id}"' in log, log
    assert '"path":"/api/user/addresses/{address_id}"' in log, log
    assert ann not in log and "no-such-address" not in log
    assert "ann@example.com" not in log and '"status":404' in log, log
