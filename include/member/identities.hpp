// Third-party identities (B3, B4): WeChat, Alipay, QQ, DingTalk, GitHub or
// any OpenID Connect issuer, bound to member accounts and used to sign in.
//
// member never talks to a provider: the host verifies the provider's token
// (OAuth2 code exchange, OIDC ID token ...) and passes the provider name and
// the subject (openid) it vouches for. One (provider, subject) belongs to one
// user of a tenant. WeChat gives one openid per app and one unionid per
// person across a developer's apps: identities carrying the same union id
// always belong to the same user, and a lookup by union id finds that user
// from any app. An identity is never linked because an email matches: binding
// needs the account's password or an authenticated session.
//
// Obtain the service from member::System::identities(); it is thread-safe.
// Nickname and avatar are personal data, stored encrypted.
#pragma once

#include <string>
#include <vector>

#include "member/accounts.hpp"
#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"

namespace member {

namespace detail {
struct Context;
}

/// A third-party identity bound to a user.
struct Identity {
  std::string user_id;
  /// "wechat", "alipay", "qq", "dingtalk", "github", or an https OIDC issuer URL.
  std::string provider;
  std::string subject;   ///< the provider's user id (openid), 1-255 bytes
  std::string union_id;  ///< the provider's cross-app id (WeChat unionid), may be empty
  std::string nickname;
  std::string avatar_url;
  TimePoint bound_at;
};

struct BindIdentityRequest {
  /// The account to bind to, for a user (themself), admin, service or system
  /// actor. An anonymous actor gives `identifier` and `password` instead.
  std::string user_id;
  /// For an anonymous actor: the account's username, email or mobile and
  /// password. Checked by a regular password sign-in (login log, lockout).
  std::string identifier;
  std::string password;
  std::string provider;
  std::string subject;
  std::string union_id;
  std::string nickname;    ///< at most 200 bytes
  std::string avatar_url;  ///< an http(s) URL, or empty
  /// Recorded in the login log of the anonymous actor's password sign-in.
  std::string device_id;
  std::string platform;
  std::string ip;
};

/// Whether an identity is registered (seed 000 "wechat/check").
struct IdentityStatus {
  bool registered = false;
  /// The user it belongs to; given only to an actor that may act for that
  /// user (staff, or the user themself).
  std::string user_id;
};

/// A sign-in with an identity the host has verified with its provider.
struct IdentitySignInRequest {
  std::string provider;
  std::string subject;
  /// When no identity has this subject, an identity of the same provider
  /// with this union id signs its user in (the same person in another app).
  std::string union_id;
  std::string device_id;
  std::string platform;
  std::string ip;
};

/// A new account that signs in with a third-party identity only (seed 000
/// SSO): no password, no username, email or mobile until the user adds them.
struct RegisterIdentityRequest {
  std::string provider;
  std::string subject;
  std::string union_id;
  std::string nickname;    ///< becomes the profile's nickname
  std::string avatar_url;  ///< becomes the profile's avatar URL
  /// One of Options::user_types; empty means the first of them.
  std::string user_type;
};

class MEMBER_EXPORT Identities {
 public:
  /// Whether (provider, subject), or else (provider, union_id) when a union
  /// id is given, belongs to a user of the actor's tenant. Any actor may
  /// ask. Throws invalid_argument.
  IdentityStatus check(const Actor& actor, const std::string& provider, const std::string& subject,
                       const std::string& union_id = {});

  /// Binds an identity to an existing account: the actor's own (user), any
  /// of the tenant's (staff), or, for an anonymous actor, the account whose
  /// identifier and password it gives (a failed check is a failed sign-in:
  /// Errc::unauthenticated or Errc::locked). Binding an identity the user
  /// already holds returns it unchanged. Errc::conflict when the identity
  /// (field "subject") or its union id (field "union_id") belongs to another
  /// user; exactly one of concurrent binds of one identity wins. Throws
  /// invalid_argument, permission_denied, not_found, failed_precondition
  /// (account not active). Audit: "identity.bind".
  Identity bind(const Actor& actor, const BindIdentityRequest& request);

  /// Registers a new account bound to the identity and returns its public id
  /// (anonymous or staff actors, like Accounts::register_user). Errc::conflict
  /// when the identity ("subject") or its union id ("union_id") is taken.
  /// Throws invalid_argument, permission_denied (a user actor), not_found
  /// (tenant). Audit: "account.register" and "identity.bind".
  std::string register_user(const Actor& actor, const RegisterIdentityRequest& request);

  /// The user's identities, oldest first. Throws invalid_argument,
  /// permission_denied, not_found.
  std::vector<Identity> list(const Actor& actor, const std::string& user_id);

  /// Unbinds an identity of the user. Errc::not_found (field "subject") when
  /// the user holds no such identity; Errc::failed_precondition when it is
  /// the account's only way to sign in (no password, or no username, email
  /// or mobile to use it with, and no other identity). Audit: "identity.unbind".
  void unbind(const Actor& actor, const std::string& user_id, const std::string& provider,
              const std::string& subject);

  /// Signs in with an identity (B3) and returns what a password sign-in
  /// returns. Every attempt is written to the login log. An unknown identity
  /// or an account that is disabled, blacklisted, blocked or withdrawn is
  /// Errc::unauthenticated; a locked account Errc::locked with retry_at().
  /// Throws invalid_argument for malformed input, not_found for an unknown
  /// tenant.
  SignInResult sign_in(const Actor& actor, const IdentitySignInRequest& request);

 private:
  friend class System;
  Identities(detail::Context& context, Accounts& accounts)
      : context_(context), accounts_(accounts) {}
  detail::Context& context_;
  Accounts& accounts_;
};

}  // namespace member
