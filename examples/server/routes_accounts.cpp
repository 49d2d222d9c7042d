// Account routes of seeds 000, 001, 002, 003 and 004 over the accounts.*
// operations.
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

Json body(const HttpInput& in) {
  return in.body;
}

Json sign_in(const HttpInput& in) {
  Json request = renamed(in.body, {{"username", "identifier"},
                                   {"email", "identifier"},
                                   {"mobile", "identifier"},
                                   {"account", "identifier"}});
  return with_peer_ip(std::move(request), in);
}

// /user/update/email and /user/update/mobile (seed 000: "update verified
// email or mobile"), /change/email (seed 002): {"<seed name>": value} with
// the proof the code policy asks for ("code", sent to the new address with
// purpose contact_change, or "password") -> codes.change_contact.
std::function<Json(const HttpInput&)> change_contact(std::string channel, std::string seed_name) {
  return [channel, seed_name](const HttpInput& in) {
    Json request = own(renamed(in.body, {{seed_name, "new_value"},
                                         {"verificationCode", "code"},
                                         {"verification_code", "code"}}),
                       in.actor);
    request["channel"] = channel;
    return request;
  };
}

// /user/update/userName: {"userName": value} -> change_identifier.
std::function<Json(const HttpInput&)> change(std::string kind, std::string seed_name) {
  return [kind, seed_name](const HttpInput& in) {
    Json request = own(renamed(in.body, {{seed_name, "value"}}), in.actor);
    request["kind"] = kind;
    return request;
  };
}

// The session the request comes from stays signed in (A5).
Json change_password(const HttpInput& in) {
  Json request =
      own(renamed(in.body, {{"oldPassword", "old_password"}, {"newPassword", "new_password"}}),
          in.actor);
  request["current_session_id"] = in.session_id;
  return request;
}

Json update_profile(const HttpInput& in) {
  return own(object_as_text(in.body, "preferences"), in.actor);
}

Json profile(const HttpInput& in) {
  return own_id(in);
}

std::function<Json(const HttpInput&)> signup(std::string user_type) {
  return [user_type](const HttpInput& in) {
    Json request = renamed(in.body, {{"realName", "real_name"}});
    request["user_type"] = user_type;
    return request;
  };
}

Json withdraw(const HttpInput& in) {
  Json request = own_id(in);
  request["password"] = in.raw_body;
  return request;
}

std::function<Json(const HttpInput&)> set_status(std::string status) {
  return [status](const HttpInput& in) {
    Json request = in.body;
    request["status"] = status;
    return request;
  };
}

}  // namespace

std::vector<Route> accounts_routes() {
  const std::string v1 = "/api/v1/member-system";
  return {
      // seed 000
      {"POST", "/user/auth/register", "accounts.register", Access::open, "000", Body::json, body},
      {"POST", "/user/auth/batchRegister", "accounts.register_batch", Access::admin, "000",
       Body::json, body},
      {"POST", "/account/signin", "accounts.sign_in", Access::open, "000", Body::json, sign_in},
      {"POST", "/user/update/password", "accounts.change_password", Access::member, "000",
       Body::json, change_password},
      {"POST", "/user/update/email", "codes.change_contact", Access::member, "000", Body::json,
       change_contact("email", "email")},
      {"POST", "/user/update/mobile", "codes.change_contact", Access::member, "000", Body::json,
       change_contact("sms", "mobile")},
      {"POST", "/user/update/userName", "accounts.change_identifier", Access::member, "000",
       Body::json, change("username", "userName")},
      // seed 001
      {"GET", v1 + "/profile", "accounts.profile", Access::member, "001", Body::none, profile},
      {"PUT", v1 + "/profile", "accounts.update_profile", Access::member, "001", Body::json,
       update_profile},
      // seed 002
      {"POST", "/signup/member", "accounts.register", Access::open, "002", Body::json,
       signup("MEMBER")},
      {"POST", "/signup/taxi", "accounts.register", Access::open, "002", Body::json,
       signup("TAXI")},
      {"GET", "/my-info", "accounts.profile", Access::member, "002", Body::none, profile},
      {"PUT", "/change/email", "codes.change_contact", Access::member, "002", Body::json,
       change_contact("email", "email")},
      {"PUT", "/change/password", "accounts.change_password", Access::member, "002", Body::json,
       change_password},
      {"DELETE", "/withdraw", "accounts.withdraw", Access::member, "002", Body::text, withdraw},
      // seed 003
      {"POST", "/api/auth/register", "accounts.register", Access::open, "003", Body::json, body},
      {"GET", "/api/user/profile", "accounts.profile", Access::member, "003", Body::none, profile},
      {"PUT", "/api/user/profile", "accounts.update_profile", Access::member, "003", Body::json,
       update_profile},
      {"POST", "/api/user/change-password", "accounts.change_password", Access::member, "003",
       Body::json, change_password},
      // seed 004
      {"POST", "/api/user/register", "accounts.register", Access::open, "004", Body::json, body},
      {"POST", "/api/user/password/change", "accounts.change_password", Access::member, "004",
       Body::json, change_password},
      {"GET", "/api/user/login_logs", "accounts.login_history", Access::member, "004", Body::none,
       own_page},
      {"POST", "/api/user/enable", "accounts.set_status", Access::admin, "004", Body::json,
       set_status("active")},
      {"POST", "/api/user/disable", "accounts.set_status", Access::admin, "004", Body::json,
       set_status("disabled")},
      {"POST", "/api/user/blacklist/add", "accounts.set_status", Access::admin, "004", Body::json,
       set_status("blacklisted")},
      {"POST", "/api/user/blacklist/remove", "accounts.set_status", Access::admin, "004",
       Body::json, set_status("active")},
      {"POST", "/api/user/delete", "accounts.withdraw", Access::member, "004", Body::json,
       [](const HttpInput& in) { return own(in.body, in.actor); }},
  };
}

}  // namespace member::server
