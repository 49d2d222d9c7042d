// messages.* operations (member::Messages): in-site messages and
// notifications (G1).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kAdmin = R"({"kind": "admin", "id": "ops-anna"})";
constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kMessage =
    R"({"message_id": "msg_3k9d0a7x2m4q8w1e5r6t", "category": "notification", "audience": "tenant", "target": "", "sender": "admin:ops-anna", "title": "Maintenance tonight", "body": "The app is offline from 01:00 to 02:00 UTC.", "sent_at": "2026-01-31T12:00:00.000Z", "read": false})";

struct ReadRequest {
  std::string user_id;
  std::string message_id;
};
ReadRequest decode_read(Fields& f) {
  ReadRequest r;
  r.user_id = f.str("user_id");
  r.message_id = f.str("message_id");
  return r;
}

struct CountRequest {
  std::string user_id;
  std::optional<MessageCategory> category;
};
CountRequest decode_count(Fields& f) {
  CountRequest r;
  r.user_id = f.str("user_id");
  r.category = f.opt_enum<MessageCategory>("category", 2);
  return r;
}

}  // namespace

void register_messages_operations(OperationTable& t) {
  t.add(
      "messages.send",
      "Sends a message (category message or notification) to one user (audience user, "
      "target: the user id), to every holder of a role (audience role, target: the role "
      "code) or to every member of the tenant (audience tenant, no target). Staff only. "
      "Errors: invalid_argument (audience, target, category, title: 1-200 bytes, body: "
      "1-10000 bytes), permission_denied, not_found (target).",
      kAdmin,
      R"({"audience": "tenant", "category": "notification", "title": "Maintenance tonight", "body": "The app is offline from 01:00 to 02:00 UTC."})",
      kMessage, decode_send_message,
      [](Host& h, const Actor& a, const SendMessageRequest& r) -> Json {
        return encode(h.system.messages().send(a, r));
      });
  t.add(
      "messages.list",
      "The user's messages (the user themself or staff): their own and the broadcasts to "
      "them, newest first or (order unread_first) unread first; optionally one category or "
      "unread only; paged. total counts the matches, unread the unread ones. Errors: "
      "invalid_argument (user_id, category, order, limit), permission_denied, not_found.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "order": "unread_first", "limit": 20})",
      std::string(R"({"messages": [)") + kMessage + R"(], "total": 1, "unread": 1})",
      decode_message_query, [](Host& h, const Actor& a, const MessageQuery& q) -> Json {
        return encode(h.system.messages().list(a, q));
      });
  t.add(
      "messages.read",
      "Marks one of the user's messages read (again: no change). Errors: invalid_argument, "
      "permission_denied, not_found (message_id).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "message_id": "msg_3k9d0a7x2m4q8w1e5r6t"})",
      "{}", decode_read, [](Host& h, const Actor& a, const ReadRequest& r) -> Json {
        h.system.messages().mark_read(a, r.user_id, r.message_id);
        return Json::object();
      });
  t.add("messages.read_all",
        "Marks every message of the user read and returns how many were unread. Errors: "
        "invalid_argument, permission_denied, not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})", R"({"marked": 3})",
        decode_user_request, [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"marked", h.system.messages().mark_all_read(a, r.user_id)}};
        });
  t.add("messages.unread_count",
        "How many of the user's messages (of one category, when given) are unread. Errors: "
        "invalid_argument, permission_denied, not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "category": "message"})",
        R"({"unread": 2})", decode_count,
        [](Host& h, const Actor& a, const CountRequest& r) -> Json {
          return {{"unread", h.system.messages().unread_count(a, r.user_id, r.category)}};
        });
}

}  // namespace member::api
