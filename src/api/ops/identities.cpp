// identities.* operations (member::Identities): third-party identities
// verified by the host, bound to accounts and used to sign in.
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kAnonymous = R"({"kind": "anonymous"})";
constexpr const char* kIdentity =
    R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "provider": "wechat",
 "subject": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "union_id": "o6_bmasdasdsad6_2sgVt7hMZOPfL",
 "nickname": "Ann", "avatar_url": "https://img.example.com/a/ann.png", "bound_at": "2026-01-31T12:00:00.000Z"})";

struct CheckRequest {
  std::string provider;
  std::string subject;
  std::string union_id;
};
CheckRequest decode_check(Fields& f) {
  CheckRequest r;
  r.provider = f.str("provider");
  r.subject = f.str("subject");
  r.union_id = f.str("union_id");
  return r;
}

struct UnbindRequest {
  std::string user_id;
  std::string provider;
  std::string subject;
};
UnbindRequest decode_unbind(Fields& f) {
  UnbindRequest r;
  r.user_id = f.str("user_id");
  r.provider = f.str("provider");
  r.subject = f.str("subject");
  return r;
}

}  // namespace

void register_identities_operations(OperationTable& t) {
  t.add(
      "identities.check",
      "Whether (provider, subject), or else (provider, union_id), belongs to a user of the "
      "tenant; user_id is given only to staff or the user themself. Any actor may ask. "
      "Errors: invalid_argument.",
      kAnonymous,
      R"({"provider": "wechat", "subject": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "union_id": "o6_bmasdasdsad6_2sgVt7hMZOPfL"})",
      R"({"registered": true, "user_id": ""})", decode_check,
      [](Host& h, const Actor& a, const CheckRequest& r) -> Json {
        return encode(h.system.identities().check(a, r.provider, r.subject, r.union_id));
      });
  t.add(
      "identities.bind",
      "Binds an identity the host verified with its provider (B3) to the actor's own account "
      "(user), any account of the tenant (staff, user_id), or for an anonymous actor the "
      "account whose identifier and password it gives (a failed check is a failed sign-in: "
      "unauthenticated or locked). Already held: returned unchanged. Errors: "
      "invalid_argument, permission_denied, not_found, failed_precondition (account not "
      "active), conflict (subject or union_id held by another user).",
      kAnonymous,
      R"({"identifier": "ann@example.com", "password": "correct horse battery", "provider": "wechat", "subject": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "union_id": "o6_bmasdasdsad6_2sgVt7hMZOPfL", "nickname": "Ann", "avatar_url": "https://img.example.com/a/ann.png", "device_id": "d-1", "platform": "ios", "ip": "203.0.113.9"})",
      kIdentity, decode_bind_identity,
      [](Host& h, const Actor& a, const BindIdentityRequest& r) -> Json {
        return encode(h.system.identities().bind(a, r));
      });
  t.add(
      "identities.register",
      "Registers a new account that signs in with the identity only (anonymous or staff) "
      "and returns its public id. Errors: invalid_argument, permission_denied (a user "
      "actor), conflict (subject or union_id taken).",
      kAnonymous,
      R"({"provider": "github", "subject": "583231", "nickname": "octocat", "avatar_url": "https://avatars.example.com/u/583231"})",
      R"({"user_id": "0b7e5d6c-1a2b-4c3d-8e9f-001122334455ab12"})", decode_register_identity,
      [](Host& h, const Actor& a, const RegisterIdentityRequest& r) -> Json {
        return {{"user_id", h.system.identities().register_user(a, r)}};
      });
  t.add("identities.list",
        "The user's identities, oldest first. Errors: invalid_argument, permission_denied, "
        "not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
        std::string(R"({"identities": [)") + kIdentity + "]}", decode_user_request,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"identities", encode_list(h.system.identities().list(a, r.user_id))}};
        });
  t.add(
      "identities.unbind",
      "Unbinds an identity of the user. Errors: invalid_argument, permission_denied, "
      "not_found (subject), failed_precondition (the account's only way to sign in).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "provider": "wechat", "subject": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"})",
      "{}", decode_unbind, [](Host& h, const Actor& a, const UnbindRequest& r) -> Json {
        h.system.identities().unbind(a, r.user_id, r.provider, r.subject);
        return Json::object();
      });
  t.add(
      "identities.sign_in",
      "Signs in with an identity the host verified (B3), falling back to the union id; "
      "answers as accounts.sign_in and writes the login log. Errors: unauthenticated "
      "(unknown identity, account not active), locked with retry_at, invalid_argument.",
      kAnonymous,
      R"({"provider": "wechat", "subject": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "union_id": "o6_bmasdasdsad6_2sgVt7hMZOPfL", "device_id": "d-1", "platform": "ios", "ip": "203.0.113.9"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "username": "ann", "user_type": "MEMBER", "password_rehashed": false})",
      decode_identity_sign_in, [](Host& h, const Actor& a, const IdentitySignInRequest& r) -> Json {
        return encode(h.system.identities().sign_in(a, r));
      });
}

}  // namespace member::api
