// Message routes of seed 004 (/api/user/messages, /api/user/message/read,
// /api/user/notifications) over the messages.* operations, plus member's own
// paths for what the seed leaves unnamed: mark all read, the unread count,
// sending (staff), and the GDPR export and erasure of seed 004's compliance
// section (/api/user/export, /api/user/erase).
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

/// messages.list of one category, paged by ?page=&limit=, ?unread=1 for
/// unread only, ?order=unread_first.
std::function<Json(const HttpInput&)> list_of(const char* category) {
  return [category](const HttpInput& in) {
    Json request = own_id(in);
    request["category"] = category;
    if (auto unread = in.query("unread")) request["unread_only"] = *unread == "1";
    if (auto order = in.query("order")) request["order"] = *order;
    page_from_query(in, request);
    return request;
  };
}

Json read(const HttpInput& in) {
  return own(renamed(in.body, {{"messageId", "message_id"}, {"id", "message_id"}}), in.actor);
}

Json unread_count(const HttpInput& in) {
  Json request = own_id(in);
  if (auto category = in.query("category")) request["category"] = *category;
  return request;
}

Json body_as_is(const HttpInput& in) {
  return in.body;
}

Json own_body(const HttpInput& in) {
  return own(in.body, in.actor);
}

}  // namespace

std::vector<Route> messages_routes() {
  return {
      {"GET", "/api/user/messages", "messages.list", Access::member, "004", Body::none,
       list_of("message")},
      {"GET", "/api/user/notifications", "messages.list", Access::member, "004", Body::none,
       list_of("notification")},
      {"POST", "/api/user/message/read", "messages.read", Access::member, "004", Body::json, read},
      {"POST", "/api/user/messages/read_all", "messages.read_all", Access::member, "member",
       Body::none, own_id},
      {"GET", "/api/user/messages/unread_count", "messages.unread_count", Access::member, "member",
       Body::none, unread_count},
      {"POST", "/api/messages", "messages.send", Access::admin, "member", Body::json, body_as_is},
      {"GET", "/api/user/export", "privacy.export", Access::member, "member", Body::none, own_id},
      {"POST", "/api/user/erase", "privacy.erase", Access::member, "member", Body::json, own_body},
  };
}

}  // namespace member::server
