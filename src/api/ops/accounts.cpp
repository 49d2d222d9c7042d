// accounts.* operations (member::Accounts).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kAdmin = R"({"kind": "admin", "id": "ops-anna"})";
constexpr const char* kAnonymous = R"({"kind": "anonymous"})";
constexpr const char* kProfile = R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9",
 "tenant": "default", "username": "ann", "email": "ann@example.com", "mobile": "+8613800138000",
 "email_verified": false, "mobile_verified": false, "user_type": "MEMBER", "status": "active",
 "status_reason": "", "nickname": "Ann", "real_name": "", "gender": "unspecified",
 "birthday": "", "avatar_url": "", "region": "", "address": "", "preferences": "{}",
 "attributes": "{}", "failed_sign_ins": 0, "locked_until": null,
 "created_at": "2026-01-31T12:00:00.000Z", "updated_at": "2026-01-31T12:00:00.000Z"})";

struct RegisterBatch {
  std::vector<RegisterRequest> users;
};
RegisterBatch decode_register_batch(Fields& f) {
  RegisterBatch b;
  if (const Json* users = f.array("users")) {
    for (std::size_t i = 0; i < users->size(); ++i) {
      Fields user(users->at(i), element_path(f.path("users"), i));
      b.users.push_back(decode_register(user));
      user.finish();
    }
  }
  return b;
}

// Decoders only read; rules such as "required" are checked after every field
// is known, so an unknown field is always the error reported first.
struct StatusRequest {
  std::string user_id;
  std::optional<AccountStatus> status;
  std::string reason;
};
StatusRequest decode_status(Fields& f) {
  StatusRequest r;
  r.user_id = f.str("user_id");
  r.status = f.opt_enum<AccountStatus>("status", 5);
  r.reason = f.str("reason");
  return r;
}

struct WithdrawRequest {
  std::string user_id;
  std::string password;
};
WithdrawRequest decode_withdraw(Fields& f) {
  return {f.str("user_id"), f.str("password")};
}

}  // namespace

void register_accounts_operations(OperationTable& t) {
  t.add(
      "accounts.register",
      "Registers one account and returns its public id (A1). Anonymous callers may "
      "self-register; password_hash and the verified flags need staff. Errors: "
      "invalid_argument naming the field, conflict naming the taken identifier.",
      kAnonymous,
      R"({"username": "ann", "email": "ann@example.com", "password": "correct horse battery", "nickname": "Ann"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})", decode_register,
      [](Host& h, const Actor& a, const RegisterRequest& r) -> Json {
        return {{"user_id", h.system.accounts().register_user(a, r)}};
      });
  t.add(
      "accounts.register_batch",
      "Registers many accounts (A2, staff only); each item succeeds or fails on its own. "
      "A malformed item is invalid_argument naming it (users[3].email) and nothing is "
      "registered.",
      kAdmin,
      R"({"users": [{"username": "bob", "password": "correct horse battery"}, {"email": "not-an-email", "password": "correct horse battery"}]})",
      R"({"results": [{"index": 0, "code": "ok", "user_id": "0b7e5d6c-1a2b-4c3d-8e9f-001122334455ab12", "field": "", "message": ""},
 {"index": 1, "code": "invalid_argument", "user_id": "", "field": "email", "message": "email: is not a valid address"}]})",
      decode_register_batch, [](Host& h, const Actor& a, const RegisterBatch& r) -> Json {
        return {{"results", encode_list(h.system.accounts().register_batch(a, r.users))}};
      });
  t.add(
      "accounts.sign_in",
      "Signs in with username, email or mobile plus password (A3, A4). Every failure is the "
      "same unauthenticated; a locked account is locked with retry_at.",
      kAnonymous,
      R"({"identifier": "ann@example.com", "password": "correct horse battery", "device_id": "d-1", "platform": "ios", "ip": "203.0.113.9"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "username": "ann", "user_type": "MEMBER", "password_rehashed": false})",
      decode_sign_in, [](Host& h, const Actor& a, const SignInRequest& r) -> Json {
        return encode(h.system.accounts().sign_in(a, r));
      });
  t.add(
      "accounts.change_password",
      "Changes the password; needs the old one (unauthenticated if wrong, and counted towards "
      "the lockout; locked with retry_at while locked). Ends every session of the user except "
      "current_session_id (optional: the session the change is made from).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "old_password": "correct horse battery", "new_password": "another long passphrase", "current_session_id": "Q2x5cGhlcjAxMjM0NTY3OD"})",
      "{}", decode_change_password,
      [](Host& h, const Actor& a, const ChangePasswordRequest& r) -> Json {
        h.system.accounts().change_password(a, r);
        return Json::object();
      });
  t.add("accounts.profile", "Reads a profile (A7). Errors: not_found, permission_denied.", kUser,
        R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})", kProfile, decode_user_request,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return encode(h.system.accounts().profile(a, r.user_id));
        });
  t.add("accounts.update_profile",
        "Updates the profile fields present in the request (an empty string clears one) and "
        "returns the new profile (A7).",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "nickname": "Ann"})",
        kProfile, decode_profile_update,
        [](Host& h, const Actor& a, const ProfileUpdate& r) -> Json {
          return encode(h.system.accounts().update_profile(a, r));
        });
  t.add(
      "accounts.change_identifier",
      "Changes the username, email or mobile (kind), keeping it unique (conflict "
      "otherwise); an empty value removes it. A user's own new email or mobile is "
      "failed_precondition: it goes through codes.change_contact, which proves it; staff may "
      "set one here, unverified.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "kind": "username", "value": "ann_kim"})",
      kProfile, decode_change_identifier,
      [](Host& h, const Actor& a, const ChangeIdentifierRequest& r) -> Json {
        return encode(h.system.accounts().change_identifier(a, r));
      });
  t.add(
      "accounts.set_status",
      "Sets an account's status (staff only): active, disabled or blacklisted (reason "
      "required). A withdrawn account stays withdrawn (failed_precondition).",
      kAdmin,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "status": "disabled", "reason": "chargeback"})",
      "{}", decode_status, [](Host& h, const Actor& a, const StatusRequest& r) -> Json {
        if (!r.status) invalid("status", "is required");
        h.system.accounts().set_status(a, r.user_id, *r.status, r.reason);
        return Json::object();
      });
  t.add(
      "accounts.withdraw", "Closes the account; needs its password.", kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "password": "correct horse battery"})",
      "{}", decode_withdraw, [](Host& h, const Actor& a, const WithdrawRequest& r) -> Json {
        h.system.accounts().withdraw(a, r.user_id, r.password);
        return Json::object();
      });
  t.add(
      "accounts.login_history", "The account's sign-in attempts, newest first.", kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "limit": 20, "offset": 0})",
      R"({"records": [{"at": "2026-01-31T12:00:00.000Z", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "outcome": "success", "device_id": "d-1", "platform": "ios", "ip": "203.0.113.9"}]})",
      decode_user_page, [](Host& h, const Actor& a, const UserPageRequest& r) -> Json {
        return {{"records", encode_list(h.system.accounts().login_history(a, r.user_id, r.page))}};
      });
}

}  // namespace member::api
