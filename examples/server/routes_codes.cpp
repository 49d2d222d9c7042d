// Verification-code routes (A6): seed 003's send-sms, login-sms and
// reset-password, seed 004's code sign-in and password reset, over the
// codes.* operations; and the outbox for operators (member's own addition
// under seed 001's admin prefix).
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

/// Seed 003's "type" of code: its words, or a purpose name as is.
std::string purpose_of(const Json& type) {
  if (!type.is_string()) return {};
  const std::string t = type.get<std::string>();
  if (t == "register") return "registration";
  if (t == "login") return "sign_in";
  if (t == "reset" || t == "reset_password") return "password_reset";
  return t;
}

/// A seed body naming the destination as phone, mobile, email or account:
/// the destination, and channel email when it has an '@', else sms.
Json with_destination(const HttpInput& in) {
  Json request = renamed(in.body, {{"phone", "destination"},
                                   {"mobile", "destination"},
                                   {"email", "destination"},
                                   {"account", "destination"},
                                   {"verification_code", "code"},
                                   {"verificationCode", "code"},
                                   {"newPassword", "new_password"},
                                   {"deviceId", "device_id"},
                                   {"deviceType", "device_type"},
                                   {"deviceName", "device_name"},
                                   {"appVersion", "app_version"}});
  if (!request.contains("channel")) {
    const Json& d = request.contains("destination") ? request["destination"] : Json();
    const bool email = d.is_string() && d.get<std::string>().find('@') != std::string::npos;
    request["channel"] = email ? "email" : "sms";
  }
  return request;
}

Json send_code(const HttpInput& in) {
  Json request = with_destination(in);
  if (request.contains("type")) {
    request["purpose"] = purpose_of(request["type"]);
    request.erase("type");
  }
  return request;
}

Json code_sign_in(const HttpInput& in) {
  Json request = with_destination(in);
  return with_peer_ip(std::move(request), in);
}

Json outbox(const HttpInput& in) {
  Json request = Json::object();
  page_from_query(in, request);
  return request;
}

Json acknowledge(const HttpInput& in) {
  return {{"message_id", in.query("id").value_or("")}};
}

}  // namespace

std::vector<Route> codes_routes() {
  const std::string admin = "/api/v1/member-system/admin/codes/outbox";
  return {
      // seed 003
      {"POST", "/api/auth/send-sms", "codes.send", Access::open, "003", Body::json, send_code},
      {"POST", "/api/auth/login-sms", "codes.sign_in", Access::open, "003", Body::json,
       code_sign_in},
      {"POST", "/api/auth/reset-password", "codes.reset_password", Access::open, "003", Body::json,
       with_destination},
      // seed 004 has code sign-in and reset but no send route: member's own
      {"POST", "/api/user/code/send", "codes.send", Access::open, "member", Body::json, send_code},
      {"POST", "/api/user/login/code", "codes.sign_in", Access::open, "004", Body::json,
       code_sign_in},
      {"POST", "/api/user/password/reset", "codes.reset_password", Access::open, "004", Body::json,
       with_destination},
      // the default notifier's outbox, for the operator that sends the messages
      {"GET", admin, "codes.outbox", Access::admin, "member", Body::none, outbox},
      {"POST", admin + "/{id}/ack", "codes.acknowledge", Access::admin, "member", Body::none,
       acknowledge},
  };
}

}  // namespace member::server
