"""Seed 004's message routes (/api/user/messages, /api/user/message/read,
/api/user/notifications), member's send, read-all and unread-count paths, and
the GDPR export and erasure routes, through member-server."""
from test_flows import PASSWORD, envelope, register


def test_messages_and_notifications_send_list_read(server):
    ann = register(server, "ann")
    bob = register(server, "bob")
    me = server.as_user(ann)
    admin = server.as_admin()
    status, _, body = server.call("POST", "/api/messages",
                                  {"audience": "user", "target": ann, "title": "Hi Ann",
                                   "body": "Your card is ready."}, admin)
    direct = envelope(status, body)
    status, _, body = server.call("POST", "/api/messages",
                                  {"audience": "tenant", "category": "notification",
                                   "title": "Maintenance", "body": "Offline at 01:00."}, admin)
    envelope(status, body)
    # A member may not send.
    status, _, body = server.call("POST", "/api/messages",
                                  {"audience": "tenant", "title": "x", "body": "y"}, me)
    assert envelope(status, body, 403)["error"] == "permission_denied"
    # Bad input names the field.
    status, _, body = server.call("POST", "/api/messages",
                                  {"audience": "user", "target": "nobody", "title": "x",
                                   "body": "y"}, admin)
    assert envelope(status, body, 400)["errors"][0]["field"] == "target"

    status, _, body = server.call("GET", "/api/user/messages", headers=me)
    messages = envelope(status, body)
    assert [m["title"] for m in messages["messages"]] == ["Hi Ann"]
    status, _, body = server.call("GET", "/api/user/notifications", headers=me)
    assert [m["title"] for m in envelope(status, body)["messages"]] == ["Maintenance"]
    status, _, body = server.call("GET", "/api/user/notifications",
                                  headers=server.as_user(bob))
    assert [m["title"] for m in envelope(status, body)["messages"]] == ["Maintenance"]

    status, _, body = server.call("POST", "/api/user/message/read",
                                  {"messageId": direct["message_id"]}, me)
    assert envelope(status, body) == {}
    status, _, body = server.call("GET", "/api/user/messages/unread_count", headers=me)
    assert envelope(status, body)["unread"] == 1
    status, _, body = server.call("POST", "/api/user/messages/read_all", headers=me)
    assert envelope(status, body)["marked"] == 1
    # Bob cannot mark Ann's direct message.
    status, _, body = server.call("POST", "/api/user/message/read",
                                  {"messageId": direct["message_id"]}, server.as_user(bob))
    assert envelope(status, body, 404)["error"] == "not_found"
    # Without credentials: refused.
    status, _, body = server.call("GET", "/api/user/messages")
    assert status == 401


def test_export_then_erase_with_the_password(server):
    ann = register(server, "ann")
    me = server.as_user(ann)
    status, _, body = server.call("GET", "/api/user/export", headers=me)
    exported = envelope(status, body)
    assert exported["account"]["profile"]["email"] == "ann@example.com"
    assert exported["user_id"] == ann
    status, _, body = server.call("POST", "/api/user/erase", {"password": "Wrong-Secret-77"}, me)
    assert envelope(status, body, 401)["error"] == "unauthenticated"
    status, _, body = server.call("POST", "/api/user/erase", {"password": PASSWORD}, me)
    assert envelope(status, body)["user_id"] == ann
    status, _, body = server.call("GET", "/api/user/export?user_id=" + ann,
                                  headers=server.as_admin())
    assert envelope(status, body, 404)["error"] == "not_found"
