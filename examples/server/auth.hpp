// Turns an HTTP request into the member::Actor it acts as. The one place that
// knows how callers authenticate; the routes only see the Actor.
//
// Today's scheme (examples/server/README.md "Authentication"):
//   - no credentials: an anonymous caller (public routes only);
//   - X-Internal-Secret: the shared secret of internal callers (compared in
//     constant time). Alone it is the internal service named by
//     X-Internal-Service; with X-Act-As-User, X-Act-As-Admin or
//     X-Act-As-Super-Admin it is a trusted gateway acting for a user, a
//     tenant's operator or an operator across tenants it authenticated itself;
//   - Authorization: Bearer: verified by the BearerVerifier (member-server
//     installs Sessions::verify); without one it is refused (401).
// Separately, routes that take a third-party identity need X-Identity-Verified
// (the internal secret) from the gateway that verified it with its provider.
//
// Thread-safe after construction.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "member/actor.hpp"
#include "routes.hpp"

namespace member::server {

/// The request headers authentication reads (lower-case names are not
/// required: the lookup is the HTTP library's, case-insensitive).
using HeaderLookup = std::function<std::string(std::string_view name)>;

/// Who a request comes from.
struct Caller {
  Actor actor;
  std::string session_id;  ///< the bearer token's session; empty for other callers
};

class Authenticator {
 public:
  /// Verifies a bearer token for `tenant` and returns its caller; throws
  /// Error(unauthenticated) for a missing, expired or forged token.
  using BearerVerifier = std::function<Caller(std::string_view token, const std::string& tenant)>;

  /// `internal_secret` empty disables internal callers (their header is 401).
  explicit Authenticator(std::string internal_secret, BearerVerifier bearer = {});

  /// The actor of a request in `tenant`. Errors: unauthenticated for wrong
  /// or unsupported credentials (the message says which header, never its
  /// value); invalid_argument when more than one act-as header is given.
  Caller authenticate(const HeaderLookup& header, const std::string& tenant) const;

  /// Whether a gateway vouches for the third-party identity the request
  /// asserts: X-Identity-Verified holds the internal secret (never, when
  /// internal callers are disabled). Independent of who the caller is, so
  /// an anonymous visitor or a signed-in member can carry it.
  bool identity_verified(const HeaderLookup& header) const;

 private:
  bool secret_matches(std::string_view given) const;

  std::string secret_digest_;  // SHA-256 hex of the secret; empty: disabled
  BearerVerifier bearer_;
};

/// The seed-001 permission matrix: throws unauthenticated when `actor` is
/// anonymous on a non-public route, permission_denied when its kind may not
/// call a route of `access` (admin routes: admin, super admin or system;
/// super-admin routes: super admin or system; internal routes: service or
/// system; member routes: anyone signed in).
void check_access(Access access, const Actor& actor);

/// `actor` acting in `tenant`, the tenant a route's `{tenant_id}` segment
/// names: a super admin (or the system) moves there, anyone else must
/// already be in it. Errors: permission_denied naming "tenant_id" when a
/// caller other than a super admin names another tenant than its own.
Actor in_path_tenant(Actor actor, const std::string& tenant);

/// Reads a secret from `path` (surrounding whitespace removed). Errors:
/// invalid_argument naming the flag when it cannot be read or is shorter
/// than 16 characters.
std::string read_secret_file(const std::string& path);

}  // namespace member::server
