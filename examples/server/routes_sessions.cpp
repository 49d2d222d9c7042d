// Session routes (token sign-in, refresh, sign-out, devices) of seeds 002,
// 003 and 004 over the sessions.* operations, and seed 002's report and
// unblock events (its report-service's "increase-report" and "cancel-block")
// over the moderation.* operations.
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

Json sign_in(const HttpInput& in) {
  Json request = renamed(in.body, {{"username", "identifier"},
                                   {"email", "identifier"},
                                   {"mobile", "identifier"},
                                   {"account", "identifier"},
                                   {"deviceId", "device_id"},
                                   {"deviceType", "device_type"},
                                   {"deviceName", "device_name"},
                                   {"appVersion", "app_version"}});
  return with_peer_ip(std::move(request), in);
}

Json refresh(const HttpInput& in) {
  Json request = renamed(in.body, {{"refreshToken", "refresh_token"}});
  return with_peer_ip(std::move(request), in);
}

Json sign_out(const HttpInput& in) {
  return renamed(in.body, {{"sessionId", "session_id"}});
}

Json devices(const HttpInput& in) {
  return own_id(in);
}

Json sign_out_device(const HttpInput& in) {
  return own(renamed(in.body, {{"deviceId", "device_id"}}), in.actor);
}

// DELETE /api/user/devices/{device_id}
Json device_by_path(const HttpInput& in) {
  return own({{"device_id", in.query("device_id").value_or("")}}, in.actor);
}

Json report(const HttpInput& in) {
  return renamed(in.body, {{"userId", "user_id"}});
}

}  // namespace

std::vector<Route> sessions_routes() {
  return {
      // seed 002: the member sign-in returns tokens; the report-service events
      {"POST", "/login", "sessions.sign_in", Access::open, "002", Body::json, sign_in},
      {"POST", "/increase-report", "moderation.report", Access::internal, "002", Body::json,
       report},
      {"POST", "/cancel-block", "moderation.request_unblock", Access::internal, "002", Body::json,
       report},
      // seed 003
      {"POST", "/api/auth/login", "sessions.sign_in", Access::open, "003", Body::json, sign_in},
      {"POST", "/api/auth/refresh", "sessions.refresh", Access::open, "003", Body::json, refresh},
      {"POST", "/api/auth/logout", "sessions.sign_out", Access::member, "003", Body::json,
       sign_out},
      {"GET", "/api/user/devices", "sessions.devices", Access::member, "003", Body::none, devices},
      {"DELETE", "/api/user/devices/{device_id}", "sessions.sign_out_device", Access::member, "003",
       Body::none, device_by_path},
      // seed 004
      {"POST", "/api/user/login", "sessions.sign_in", Access::open, "004", Body::json, sign_in},
      {"POST", "/api/user/logout", "sessions.sign_out", Access::member, "004", Body::json,
       sign_out},
      {"POST", "/api/user/device/logout", "sessions.sign_out_device", Access::member, "004",
       Body::json, sign_out_device},
  };
}

}  // namespace member::server
