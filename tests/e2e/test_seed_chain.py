"""One member's whole life through the seeds' own requests, on one server:
register -> sign in -> profile -> bind customer -> earn -> use -> history ->
report x10 -> blocked. Each step uses the bearer token of the sign-in (or the
internal secret where the seed's caller is a service), and the request bodies
are the seeds' examples, without member-only fields such as "key"."""

from test_flows import PASSWORD, V1, envelope, register
from test_sessions import bearer, login


def test_register_to_blocked_on_the_seeds_requests(server):
    ann = register(server, "ann", nickname="Ann")
    tokens = login(server, "ann")["tokens"]
    me = bearer(tokens["access_token"])

    status, _, body = server.call("GET", V1 + "/profile", headers=me)
    assert envelope(status, body)["user_id"] == ann

    status, _, body = server.call("POST", "/customer/bind",
                                  {"customerId": "CUST-7", "customerName": "Zhang San",
                                   "certificateType": "ID_CARD"}, me)
    assert envelope(status, body)["customer_id"] == "CUST-7"

    # Seed 001's earn, verbatim but for the user id: the order is the key.
    earn = {"user_id": ann, "event_type": "PURCHASE", "points": 250,
            "description": "order ORD123456", "related_order": "ORD123456",
            "related_data": {"order_amount": 250.00, "point_rate": 1.0}}
    orders = server.internal("orders")
    status, _, body = server.call("POST", V1 + "/points/earn", earn, orders)
    first = envelope(status, body)
    assert first["amount"] == 250 and first["available"] == 250 and not first["replayed"]
    # The order service retries: one effect, the first answer.
    status, _, body = server.call("POST", V1 + "/points/earn", earn, orders)
    again = envelope(status, body)
    assert again["replayed"] and again["entry_id"] == first["entry_id"]
    # Another request for the same order is a conflict, not a second earn.
    status, _, body = server.call("POST", V1 + "/points/earn", {**earn, "points": 300}, orders)
    assert envelope(status, body, 409)["error"] == "conflict"

    # Seed 001's use (money in minor units, see examples/server/README.md).
    status, _, body = server.call("POST", V1 + "/points/use",
                                  {"points_to_use": 100, "order_amount": 20000,
                                   "order_id": "ORD123457"}, me)
    used = envelope(status, body)
    assert used["available"] == 150 and used["discount"] == 100
    assert used["final_amount"] == 19900

    status, _, body = server.call("GET", V1 + "/points/transactions?page=1&limit=10", headers=me)
    history = envelope(status, body)
    assert sorted(e["kind"] for e in history["entries"]) == ["earn", "use"]

    reports = server.internal("report-service")
    for i in range(10):
        status, _, body = server.call("POST", "/increase-report",
                                      {"userId": ann, "reason": "report %d" % i}, reports)
        data = envelope(status, body)
        assert data["blocked"] is (i == 9), data

    # Blocked: the token is dead, sign-in is refused, points do not move.
    status, _, body = server.call("GET", V1 + "/profile", headers=me)
    assert envelope(status, body, 401)["error"] == "unauthenticated"
    assert login(server, "ann", expected=401)["error"] == "unauthenticated"
    status, _, body = server.call("POST", "/account/signin",
                                  {"identifier": "ann", "password": PASSWORD})
    envelope(status, body, 401)
    status, _, body = server.call("POST", V1 + "/points/earn",
                                  {**earn, "related_order": "ORD999"}, orders)
    assert envelope(status, body, 409)["error"] == "failed_precondition"
    status, _, body = server.call("GET", V1 + "/points/summary?user_id=" + ann,
                                  headers=server.as_admin())
    assert envelope(status, body)["available"] == 150
