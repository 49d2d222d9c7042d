#include "auth.hpp"

#include <fstream>
#include <sstream>

#include "crypto/digest.hpp"
#include "member/error.hpp"

namespace member::server {

namespace {

constexpr std::string_view kBearer = "Bearer ";
constexpr std::size_t kMinSecret = 16;

// Equal-length strings compared without an early exit.
bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

std::string trim(std::string s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

}  // namespace

Authenticator::Authenticator(std::string internal_secret, BearerVerifier bearer)
    : secret_digest_(internal_secret.empty() ? "" : crypto::sha256_hex(internal_secret)),
      bearer_(std::move(bearer)) {}

bool Authenticator::secret_matches(std::string_view given) const {
  // Digests have one length, so the comparison time says nothing about the
  // secret's length or content.
  return !secret_digest_.empty() && same(crypto::sha256_hex(given), secret_digest_);
}

Caller Authenticator::authenticate(const HeaderLookup& header, const std::string& tenant) const {
  const std::string authorization = header("Authorization");
  const std::string secret = header("X-Internal-Secret");
  if (!authorization.empty() && !secret.empty()) {
    throw Error(Errc::invalid_argument, "Authorization: give a token or the internal secret",
                "Authorization");
  }
  if (!authorization.empty()) {
    if (authorization.compare(0, kBearer.size(), kBearer) != 0) {
      throw Error(Errc::unauthenticated, "Authorization: only Bearer tokens are accepted");
    }
    if (!bearer_) {
      throw Error(Errc::unauthenticated, "Authorization: bearer tokens are not enabled");
    }
    return bearer_(std::string_view(authorization).substr(kBearer.size()), tenant);
  }
  if (secret.empty()) return {Actor::anonymous(tenant)};
  if (!secret_matches(secret)) {
    throw Error(Errc::unauthenticated, "X-Internal-Secret: not accepted");
  }
  const std::string user = header("X-Act-As-User");
  const std::string admin = header("X-Act-As-Admin");
  const std::string super_admin = header("X-Act-As-Super-Admin");
  if (int(!user.empty()) + int(!admin.empty()) + int(!super_admin.empty()) > 1) {
    throw Error(Errc::invalid_argument, "X-Act-As-User: give one act-as header", "X-Act-As-User");
  }
  if (!user.empty()) return {Actor::user(user, tenant)};
  if (!admin.empty()) return {Actor::admin(admin, tenant)};
  if (!super_admin.empty()) return {Actor::super_admin(super_admin, tenant)};
  const std::string service = header("X-Internal-Service");
  return {Actor::service(service.empty() ? "internal" : service, tenant)};
}

bool Authenticator::identity_verified(const HeaderLookup& header) const {
  return secret_matches(header("X-Identity-Verified"));
}

void check_access(Access access, const Actor& actor) {
  if (access == Access::open) return;
  if (actor.kind == ActorKind::anonymous) {
    throw Error(Errc::unauthenticated, "this route needs credentials");
  }
  const bool system = actor.kind == ActorKind::system;
  const bool super_admin = actor.kind == ActorKind::super_admin;
  const bool allowed =
      access == Access::member ||
      (access == Access::admin && (actor.kind == ActorKind::admin || super_admin || system)) ||
      (access == Access::super_admin && (super_admin || system)) ||
      (access == Access::internal && (actor.kind == ActorKind::service || system));
  if (!allowed) {
    throw Error(Errc::permission_denied,
                "this route is for " + std::string(to_string(access)) + " callers");
  }
}

Actor in_path_tenant(Actor actor, const std::string& tenant) {
  if (actor.tenant == tenant) return actor;
  if (actor.kind != ActorKind::super_admin && actor.kind != ActorKind::system) {
    throw Error(Errc::permission_denied, "tenant_id: only a super admin may name another tenant",
                "tenant_id");
  }
  actor.tenant = tenant;
  return actor;
}

std::string read_secret_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(Errc::invalid_argument, "--internal-secret-file: cannot be read", "secret");
  std::stringstream text;
  text << in.rdbuf();
  std::string secret = trim(text.str());
  if (secret.size() < kMinSecret) {
    throw Error(Errc::invalid_argument,
                "--internal-secret-file: the secret needs at least 16 characters", "secret");
  }
  return secret;
}

}  // namespace member::server
