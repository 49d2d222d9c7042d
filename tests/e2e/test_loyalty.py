"""Seed 001's loyalty routes through member-server: signed order webhooks,
the profile's level, an admin's level change, joining an activity, and the
admin statistics (refused to members)."""
import hashlib
import hmac
import json
from datetime import datetime, timezone

from test_flows import V1, envelope, register

WEBHOOK_SECRET = "whsec-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"


def millis(text):
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
               .timestamp() * 1000)


def signed(event, secret=WEBHOOK_SECRET):
    """The seed-001 webhook body with the signature docs/levels.md defines."""
    data = event["event_data"]
    payload = {"amount": data["order_amount"], "event_type": event["event_type"],
               "items": [dict(sorted(i.items())) for i in data.get("items", [])],
               "order_id": data["order_id"], "payment_time": millis(data["payment_time"]),
               "refund_id": "", "timestamp": millis(event["timestamp"]), "user_id": data["user_id"]}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
    return {**event, "signature": hmac.new(secret.encode(), text.encode(),
                                           hashlib.sha256).hexdigest()}


def order(user_id, order_id, amount):
    return {"event_type": "ORDER_COMPLETED",
            "event_data": {"user_id": user_id, "order_id": order_id, "order_amount": amount,
                           "payment_time": "2026-01-31T11:59:00Z",
                           "items": [{"product_id": "P123", "category": "electronics",
                                      "quantity": 1, "price": amount}]},
            "timestamp": "2026-01-31T12:00:00Z"}


def set_secret(server):
    status, _, body = server.call("PUT", V1 + "/admin/webhook-secret", {"secret": WEBHOOK_SECRET},
                                  server.as_admin())
    envelope(status, body)


def test_order_webhook_with_a_valid_signature_earns_points_and_raises_the_level(server):
    user_id = register(server, "ann")
    set_secret(server)
    status, _, body = server.call("POST", V1 + "/webhooks/events",
                                  signed(order(user_id, "ORD-1", 250000)), server.internal())
    outcome = envelope(status, body)
    assert outcome["points"] == 2500
    assert outcome["level_changed"] is True and outcome["current_level"] == "SILVER"
    # The same event again changes nothing.
    status, _, body = server.call("POST", V1 + "/webhooks/events",
                                  signed(order(user_id, "ORD-1", 250000)), server.internal())
    assert envelope(status, body)["replayed"] is True

    status, _, body = server.call("GET", V1 + "/profile/level", headers=server.as_user(user_id))
    profile = envelope(status, body)
    assert profile["level"]["code"] == "SILVER"
    assert profile["points"]["available"] == 2500
    assert profile["total_spent"] == 250000 and profile["total_orders"] == 1
    assert profile["next_level"]["code"] == "GOLD"


def test_order_webhook_with_a_wrong_signature_is_refused_and_changes_nothing(server):
    user_id = register(server, "ann")
    set_secret(server)
    forged = signed(order(user_id, "ORD-1", 250000), secret="not-the-secret-" + "x" * 32)
    status, _, body = server.call("POST", V1 + "/webhooks/events", forged, server.internal())
    assert status == 401, body
    assert WEBHOOK_SECRET not in json.dumps(body)
    tampered = signed(order(user_id, "ORD-1", 250000))
    tampered["event_data"]["order_amount"] = 2500000
    status, _, body = server.call("POST", V1 + "/webhooks/events", tampered, server.internal())
    assert status == 401, body
    # Only internal services may call the webhook.
    status, _, body = server.call("POST", V1 + "/webhooks/events",
                                  signed(order(user_id, "ORD-1", 250000)),
                                  server.as_user(user_id))
    assert status == 403, body
    status, _, body = server.call("GET", V1 + "/profile/level", headers=server.as_user(user_id))
    profile = envelope(status, body)
    assert profile["level"]["code"] == "BASIC" and profile["points"]["available"] == 0


def test_admin_sets_a_level_and_a_member_may_not(server):
    user_id = register(server, "ann")
    status, _, body = server.call("POST", V1 + "/levels/upgrade",
                                  {"user_id": user_id, "target_level_code": "GOLD",
                                   "reason": "VIP compensation", "operator": "admin001"},
                                  server.as_admin())
    change = envelope(status, body)
    assert change["old_level"] == "BASIC" and change["new_level"] == "GOLD"
    status, _, body = server.call("GET", V1 + "/profile/level", headers=server.as_user(user_id))
    profile = envelope(status, body)
    assert profile["level"]["code"] == "GOLD" and profile["manual_level"] is True
    status, _, body = server.call("POST", V1 + "/levels/upgrade",
                                  {"user_id": user_id, "target_level_code": "PLATINUM",
                                   "reason": "self"}, server.as_user(user_id))
    assert status == 403, body
    status, _, body = server.call("POST", V1 + "/levels/upgrade",
                                  {"user_id": user_id, "target_level_code": "DIAMOND",
                                   "reason": "typo"}, server.as_admin())
    assert status == 404, body
    status, _, body = server.call("GET", V1 + "/levels")
    assert [level["code"] for level in envelope(status, body)["levels"]][:2] == ["BASIC", "BRONZE"]
    # Seed 001's own field: target_level_id, the ladder position (4: GOLD).
    status, _, body = server.call("POST", V1 + "/levels/upgrade",
                                  {"user_id": user_id, "target_level_id": 2,
                                   "reason": "correction", "operator": "admin001"},
                                  server.as_admin())
    change = envelope(status, body)
    assert change["old_level"] == "GOLD" and change["new_level"] == "BRONZE"
    status, _, body = server.call("POST", V1 + "/levels/upgrade",
                                  {"user_id": user_id, "target_level_id": 4, "reason": "VIP"},
                                  server.as_admin())
    assert envelope(status, body)["new_level"] == "GOLD"
    for bad, code, field in (({"target_level_id": 9}, 404, "level_id"),
                             ({"target_level_id": "4"}, 400, "level_id"),
                             ({"target_level_id": 0.5}, 400, "level_id"),
                             ({"target_level_id": -1}, 400, "level_id"),
                             ({"target_level_id": 3, "target_level_code": "GOLD"}, 400,
                              "level_id")):
        status, _, body = server.call("POST", V1 + "/levels/upgrade",
                                      dict(bad, user_id=user_id, reason="x"), server.as_admin())
        assert envelope(status, body, code)["errors"][0]["field"] == field, body
    status, _, body = server.call("GET", V1 + "/profile/level", headers=server.as_user(user_id))
    assert envelope(status, body)["level"]["code"] == "GOLD"


def test_a_member_joins_an_activity_once(server):
    user_id = register(server, "ann")
    me = server.as_user(user_id)
    status, _, body = server.call("PUT", V1 + "/admin/activities",
                                  {"activity_id": "double-points", "title": "Double points week",
                                   "category": "POINTS_PROMOTION", "required_level": "BASIC",
                                   "start_time": "2026-01-30T00:00:00Z",
                                   "end_time": "2026-02-06T00:00:00Z", "max_participants": 10},
                                  server.as_admin())
    envelope(status, body)
    status, _, body = server.call("GET", V1 + "/activities?status=active&page=1&limit=10",
                                  headers=me)
    listed = envelope(status, body)
    assert listed["total"] == 1 and listed["activities"][0]["is_eligible"] is True
    status, _, body = server.call("POST", V1 + "/activities/double-points/join", {}, me)
    joined = envelope(status, body)
    assert joined["activity_id"] == "double-points"
    assert joined["joined_at"] == "2026-01-31T12:00:00.000Z"
    status, _, body = server.call("POST", V1 + "/activities/double-points/join", {}, me)
    assert status == 409, body
    status, _, body = server.call("POST", V1 + "/activities/no-such/join", {}, me)
    assert status == 404, body
    status, _, body = server.call("GET", V1 + "/activities", headers=me)
    assert envelope(status, body)["activities"][0]["is_participated"] is True


def test_statistics_for_an_admin_and_refused_to_a_member(server):
    user_id = register(server, "ann")
    register(server, "bob")
    set_secret(server)
    status, _, body = server.call("POST", V1 + "/webhooks/events",
                                  signed(order(user_id, "ORD-1", 100000)), server.internal())
    envelope(status, body)
    status, _, body = server.call("GET", V1 + "/admin/statistics?date_range=30d",
                                  headers=server.as_admin())
    stats = envelope(status, body)
    assert set(stats) == {"overview"}
    overview = stats["overview"]
    assert overview["total_members"] == 2 and overview["active_members"] == 1
    assert overview["points_issued"] == 1000
    # The seed's own query: grouped by level, the three metrics.
    status, _, body = server.call(
        "GET", V1 + "/admin/statistics?date_range=30d&group_by=level&metrics=count,revenue,activity",
        headers=server.as_admin())
    stats = envelope(status, body)
    levels = {s["level_code"]: s for s in stats["level_distribution"]}
    assert levels["BRONZE"]["count"] == 1 and levels["BRONZE"]["avg_spent"] == 100000
    assert levels["BRONZE"]["avg_points"] == 1000 and "trends" not in stats
    # By day, members only: the window's days, no points figures.
    status, _, body = server.call(
        "GET", V1 + "/admin/statistics?date_range=7d&group_by=day&metrics=count",
        headers=server.as_admin())
    stats = envelope(status, body)
    assert set(stats["overview"]) == {"total_members", "new_members_this_month"}
    growth = stats["trends"]["member_growth"]
    assert len(growth) == 7 and growth[-1]["date"] == "2026-01-31T00:00:00.000Z"
    assert growth[-1]["new_members"] == 2 and "points_activity" not in stats["trends"]
    # Unknown or repeated values are a clear 400 naming the value's place.
    for query, field in (("group_by=region", "group_by[0]"),
                         ("group_by=level,level", "group_by[1]"),
                         ("metrics=count,profit", "metrics[1]"),
                         ("metrics=", "metrics[0]"),
                         ("date_range=400d&group_by=day", "active_days")):
        status, _, body = server.call("GET", V1 + "/admin/statistics?" + query,
                                      headers=server.as_admin())
        assert envelope(status, body, 400)["errors"][0]["field"] == field, (query, body)
    status, _, body = server.call("GET", V1 + "/admin/statistics/levels",
                                  headers=server.as_admin())
    shares = {s["level_code"]: s["count"] for s in envelope(status, body)["levels"]}
    assert shares["BASIC"] == 1 and shares["BRONZE"] == 1
    status, _, body = server.call("GET", V1 + "/admin/statistics?date_range=x",
                                  headers=server.as_admin())
    assert status == 400, body
    status, _, body = server.call("GET", V1 + "/admin/statistics",
                                  headers=server.as_user(user_id))
    assert status == 403, body
