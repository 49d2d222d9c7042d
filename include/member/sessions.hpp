// Sessions, tokens and devices (REQUIREMENTS F1, F2).
//
// A successful sign-in opens a session on a device and returns a signed JWT
// access token plus an opaque refresh token. Access tokens are verified
// without the database (signature, algorithm, claims, and the revocations this
// System knows of); refresh tokens are single-use and rotate, and presenting a
// used one again revokes the whole session. Whenever an account leaves
// `active` or its password changes, all its sessions are revoked.
//
// Obtain the service from member::System::sessions(). It is thread-safe.
// AccessClaims is a plain value type.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "member/accounts.hpp"
#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"
#include "member/identities.hpp"

namespace member {

/// The device a session runs on (F2), as the host reports it.
struct DeviceInfo {
  /// The host's stable id for the device. Empty: the session is a device of
  /// its own, listed and signed out under its session id.
  std::string device_id;
  std::string device_type;  ///< e.g. "phone", "browser"
  std::string device_name;
  std::string platform;  ///< e.g. "ios 17"
  std::string app_version;
  std::string ip;
};

/// A sign-in that opens a session: the credentials of Accounts::sign_in
/// (whose device_id, platform and ip also describe the device) plus the
/// rest of the device.
struct SessionSignInRequest {
  SignInRequest credentials;
  std::string device_type;
  std::string device_name;
  std::string app_version;
};

/// A third-party identity sign-in (B3) that opens a session: the identity of
/// Identities::sign_in (whose device_id, platform and ip also describe the
/// device) plus the rest of the device.
struct IdentitySessionSignInRequest {
  IdentitySignInRequest identity;
  std::string device_type;
  std::string device_name;
  std::string app_version;
};

/// What a sign-in or refresh hands to the client.
struct TokenPair {
  std::string session_id;
  std::string access_token;   ///< a JWT; send as "Authorization: Bearer ..."
  std::string refresh_token;  ///< opaque, single-use; keep it secret
  TimePoint access_expires_at;
  TimePoint refresh_expires_at;
};

struct SessionSignIn {
  SignInResult account;
  TokenPair tokens;
};

/// The claims of a verified access token.
struct AccessClaims {
  std::string subject;   ///< "sub": the public user id
  std::string username;  ///< may be empty
  std::string role;      ///< the user type (e.g. "MEMBER")
  std::string level;     ///< membership level code (C2) when the token was issued
  std::string tenant;
  std::string session_id;  ///< "sid"
  std::string token_id;    ///< "jti"
  std::string key_id;      ///< the header's "kid"
  TimePoint issued_at;     ///< "iat"
  TimePoint expires_at;    ///< "exp"
};

struct VerifyOptions {
  /// Also read the session from the database and refuse it when revoked or
  /// expired there: catches revocations made by other processes, at the
  /// cost of one query. Without it, only revocations made through this
  /// System (and its process) are seen.
  bool check_session = false;
};

/// One device of a user (F2): its live sessions taken together.
struct Device {
  std::string device_id;
  std::string device_type;
  std::string device_name;
  std::string platform;
  std::string app_version;
  std::string ip;  ///< of the most recently active session
  TimePoint first_seen;
  TimePoint last_active;
  std::uint32_t sessions = 0;
};

/// A verification key other services may use: for Ed25519 the public key,
/// as 64 hex digits (HS256 keys are secret and never listed).
struct PublicTokenKey {
  std::string kid;
  std::string public_key;
};

class MEMBER_EXPORT Sessions {
 public:
  /// Signs in as Accounts::sign_in does (same errors, login log and lockout)
  /// and opens a session on the device. Audit: "session.open".
  SessionSignIn sign_in(const Actor& actor, const SessionSignInRequest& request);

  /// Signs in with a third-party identity as Identities::sign_in does (same
  /// errors and login log) and opens a session on the device; the session's
  /// method is "identity:<provider>". Audit: "session.open".
  SessionSignIn sign_in_with_identity(const Actor& actor,
                                      const IdentitySessionSignInRequest& request);

  /// Exchanges a refresh token for a new pair (the old token is then dead).
  /// A token that was already used revokes its whole session (reuse
  /// detection; audit "session.refresh_reuse"). Unknown, expired or revoked
  /// tokens, and tokens of another tenant, throw Errc::unauthenticated.
  /// `ip` (optional) is recorded as the session's latest address.
  TokenPair refresh(const Actor& actor, const std::string& refresh_token,
                    const std::string& ip = {});

  /// Verifies an access token: the algorithm must be the configured one
  /// ("none" and any other are refused), the header may name no key other
  /// than a configured kid, the signature must match (constant time),
  /// exp/nbf/iat hold within the leeway, issuer and audience match, and the
  /// session is not revoked. Throws Errc::unauthenticated naming the reason
  /// in the message. Reads no database unless options.check_session.
  AccessClaims verify(std::string_view token, VerifyOptions options = {}) const;

  /// The same into `out`, reusing its strings' storage: no allocation once
  /// `out` has held a token's claims (the hot path of a server).
  void verify(std::string_view token, AccessClaims& out, VerifyOptions options = {}) const;

  /// Revokes one session (sign-out). Users may sign out their own sessions.
  /// Throws not_found for an unknown session. Audit: "session.revoke".
  void sign_out(const Actor& actor, const std::string& session_id);

  /// Revokes every session of the user. Audit: "session.revoke" (with the count).
  void sign_out_all(const Actor& actor, const std::string& user_id);

  /// The user's devices with live sessions, most recently active first.
  std::vector<Device> devices(const Actor& actor, const std::string& user_id);

  /// Signs a device out: revokes its live sessions. Throws not_found when the
  /// device has none. Audit: "session.revoke" (with the device id).
  void sign_out_device(const Actor& actor, const std::string& user_id,
                       const std::string& device_id);

  /// The keys other services may verify tokens with (Ed25519 only; empty for HS256).
  std::vector<PublicTokenKey> public_keys() const;

 private:
  friend class System;
  explicit Sessions(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
