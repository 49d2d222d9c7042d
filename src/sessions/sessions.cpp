// Sessions (F1, F2): opening, refresh rotation with reuse detection,
// verification, sign-out and devices.
#include <map>

#include "accounts/activity.hpp"
#include "accounts/signed_in.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/base64url.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "crypto/digest.hpp"
#include "crypto/random.hpp"
#include "loyalty/ladder.hpp"
#include "member/sessions.hpp"
#include "sessions/open.hpp"
#include "sessions/revocation.hpp"
#include "sessions/tokens.hpp"
#include "tenants/access_cache.hpp"

namespace member {
namespace detail {
namespace {

constexpr std::string_view kIdAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kRefreshBytes = 32;  // 256 bits

Error refresh_refused() {
  return Error(Errc::unauthenticated, "refresh token refused");
}

std::int64_t seconds_of(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

storage::Bytes hash_of(std::string_view token) {
  const auto digest = crypto::sha256(token);
  return {digest.begin(), digest.end()};
}

/// A new refresh token for `session`, stored hashed; sets the session's expiry.
std::string new_refresh(storage::Transaction& tx, const Context& context,
                        storage::SessionRow& session) {
  std::array<std::uint8_t, kRefreshBytes> random;
  crypto::random_bytes(random);
  std::string token = base64url_encode(random);
  const auto now = context.now();
  tx.sessions().insert_refresh({.tenant = session.tenant,
                                .token_hash = hash_of(token),
                                .session_id = session.id,
                                .used = false,
                                .created_at_ms = to_ms(now)});
  session.expires_at_ms = to_ms(now + context.options.sessions.refresh_lifetime);
  return token;
}

/// The access token of `session` for `user`, and the pair around it; the
/// level claim is the member's level as `tx` reads it now.
TokenPair issue(storage::Transaction& tx, const Context& context, const storage::UserRow& user,
                const storage::SessionRow& session, std::string refresh_token) {
  const TimePoint iat{std::chrono::seconds(seconds_of(context.now()))};
  AccessClaims claims;
  claims.subject = user.id;
  claims.username = user.username;
  claims.role = user.user_type;
  claims.level = current_level_code(tx, user.tenant, user.id);
  claims.tenant = user.tenant;
  claims.session_id = session.id;
  claims.token_id = crypto::fast_random_string(kIdAlphabet, 16);
  claims.issued_at = iat;
  claims.expires_at = iat + context.options.sessions.access_lifetime;
  return {.session_id = session.id,
          .access_token = context.tokens->sign(claims),
          .refresh_token = std::move(refresh_token),
          .access_expires_at = claims.expires_at,
          .refresh_expires_at = from_ms(session.expires_at_ms)};
}

}  // namespace

void validate_device(const DeviceInfo& d) {
  validate_text("device_id", d.device_id, 128);
  validate_text("device_type", d.device_type, 32);
  validate_text("device_name", d.device_name, 128);
  validate_text("platform", d.platform, 64);
  validate_text("app_version", d.app_version, 32);
  validate_text("ip", d.ip, 64);
}

TokenPair open_session(storage::Transaction& tx, const Context& context, const Actor& actor,
                       const storage::UserRow& user, const DeviceInfo& device,
                       std::string_view method) {
  validate_device(device);
  require_active(user);
  const auto now = to_ms(context.now());
  std::string id = crypto::random_string(kIdAlphabet, 22);
  // A session whose host names no device is a device of its own, so that
  // it can be listed and signed out like any other.
  std::string device_id = device.device_id.empty() ? id : device.device_id;
  storage::SessionRow session{.tenant = actor.tenant,
                              .id = std::move(id),
                              .user_id = user.id,
                              .device_id = std::move(device_id),
                              .device_type = device.device_type,
                              .device_name = device.device_name,
                              .platform = device.platform,
                              .app_version = device.app_version,
                              .ip = device.ip,
                              .method = std::string(method),
                              .created_at_ms = now,
                              .last_active_ms = now};
  std::string refresh = new_refresh(tx, context, session);
  tx.sessions().insert(session);
  record_audit(tx, context, actor, "session.open", user.id,
               {{"session_id", session.id}, {"method", method}, {"device_id", session.device_id}});
  return issue(tx, context, user, session, std::move(refresh));
}

TokenPair open_session(const Context& context, const Actor& actor, const std::string& user_id,
                       const DeviceInfo& device, std::string_view method) {
  require_tenant(context, actor);
  validate_user_id("user_id", user_id);
  validate_device(device);
  auto tx = context.storage->write();
  const auto user = tx->users().find_by_id(actor.tenant, user_id);
  if (!user) throw Error(Errc::not_found, "user not found", "user_id");
  TokenPair pair = open_session(*tx, context, actor, *user, device, method);
  tx->commit();
  return pair;
}

}  // namespace detail

// Both open the session in the transaction that accepted the sign-in
// (accounts/signed_in.hpp says why).

SessionSignIn Sessions::sign_in(const Actor& actor, const SessionSignInRequest& request) {
  const DeviceInfo device = detail::device_of(request.credentials, request);
  TokenPair tokens;
  SignInResult account = detail::sign_in(
      context_, actor, request.credentials,
      [&](storage::Transaction& tx, const storage::UserRow& user) {
        tokens = detail::open_session(tx, context_, actor, user, device, "password");
      });
  return {std::move(account), std::move(tokens)};
}

SessionSignIn Sessions::sign_in_with_identity(const Actor& actor,
                                              const IdentitySessionSignInRequest& request) {
  const DeviceInfo device = detail::device_of(request.identity, request);
  const std::string method = "identity:" + request.identity.provider;
  TokenPair tokens;
  SignInResult account = detail::sign_in_with_identity(
      context_, actor, request.identity,
      [&](storage::Transaction& tx, const storage::UserRow& user) {
        tokens = detail::open_session(tx, context_, actor, user, device, method);
      });
  return {std::move(account), std::move(tokens)};
}

TokenPair Sessions::refresh(const Actor& actor, const std::string& refresh_token,
                            const std::string& ip) {
  detail::require_tenant(context_, actor);
  detail::validate_text("ip", ip, 64);
  std::array<std::uint8_t, detail::kRefreshBytes> raw;
  if (refresh_token.size() != 43 || detail::base64url_decode(refresh_token, raw) != raw.size()) {
    throw detail::refresh_refused();
  }
  const storage::Bytes hash = detail::hash_of(refresh_token);
  auto tx = context_.storage->write();
  const auto stored = tx->sessions().find_refresh(hash);
  if (!stored || stored->tenant != actor.tenant) throw detail::refresh_refused();
  auto session = tx->sessions().find(actor.tenant, stored->session_id);
  if (!session || session->revoked_at_ms != 0) throw detail::refresh_refused();
  const auto now = detail::to_ms(context_.now());
  if (!tx->sessions().use_refresh(hash)) {
    // Reuse: someone holds a copy of a rotated token. End the whole session.
    const auto ids = std::vector<std::string>{session->id};
    session->revoked_at_ms = now;
    session->revoke_reason = "refresh token reused";
    tx->sessions().update(*session);
    detail::record_audit(*tx, context_, actor, "session.refresh_reuse", session->user_id,
                         {{"session_id", session->id}});
    tx->commit();
    detail::remember_revoked(context_, ids);
    throw detail::refresh_refused();
  }
  if (session->expires_at_ms <= now) throw detail::refresh_refused();
  const auto user = tx->users().find_by_id(actor.tenant, session->user_id);
  if (!user || user->status != static_cast<int>(AccountStatus::active)) {
    throw detail::refresh_refused();
  }
  session->last_active_ms = now;
  if (!ip.empty()) session->ip = ip;
  std::string next = detail::new_refresh(*tx, context_, *session);
  tx->sessions().update(*session);
  TokenPair pair = detail::issue(*tx, context_, *user, *session, std::move(next));
  tx->commit();
  return pair;
}

void Sessions::verify(std::string_view token, AccessClaims& out, VerifyOptions options) const {
  const TimePoint now = context_.now();
  context_.tokens->verify(token, out, detail::seconds_of(now));
  if (context_.revocations->contains(out.session_id)) {
    throw Error(Errc::unauthenticated, "access token refused: session revoked");
  }
  // The tenant's state comes from the access cache: no query when warm.
  try {
    context_.access->require_active(context_, out.tenant, nullptr);
  } catch (const Error&) {
    throw Error(Errc::unauthenticated, "access token refused: its tenant is disabled or gone");
  }
  if (options.check_session) {
    const auto session = context_.storage->read()->sessions().find(out.tenant, out.session_id);
    if (!session || session->user_id != out.subject || session->revoked_at_ms != 0 ||
        session->expires_at_ms <= detail::to_ms(now)) {
      throw Error(Errc::unauthenticated, "access token refused: session revoked");
    }
  }
}

AccessClaims Sessions::verify(std::string_view token, VerifyOptions options) const {
  AccessClaims claims;
  verify(token, claims, options);
  return claims;
}

void Sessions::sign_out(const Actor& actor, const std::string& session_id) {
  detail::require_tenant(context_, actor);
  detail::validate_token("session_id", session_id, 64);
  auto tx = context_.storage->write();
  auto session = tx->sessions().find(actor.tenant, session_id);
  if (!session) throw Error(Errc::not_found, "session not found", "session_id");
  detail::require_access(context_, actor, session->user_id, tx.get());
  if (session->revoked_at_ms != 0) return;  // signed out already
  session->revoked_at_ms = detail::to_ms(context_.now());
  session->revoke_reason = "sign-out";
  tx->sessions().update(*session);
  detail::record_audit(*tx, context_, actor, "session.revoke", session->user_id,
                       {{"reason", "sign-out"}, {"sessions", 1}, {"session_id", session_id}});
  tx->commit();
  detail::remember_revoked(context_, {session_id});
}

void Sessions::sign_out_all(const Actor& actor, const std::string& user_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_access(context_, actor, user_id);
  auto tx = context_.storage->write();
  const auto ids = detail::revoke_sessions(*tx, context_, actor, user_id, "sign-out all");
  tx->commit();
  detail::remember_revoked(context_, ids);
}

std::vector<Device> Sessions::devices(const Actor& actor, const std::string& user_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_access(context_, actor, user_id);
  const auto rows = context_.storage->read()->sessions().live_by_user(
      actor.tenant, user_id, detail::to_ms(context_.now()));
  // Rows come most recently active first, so a device's first row is its latest.
  std::vector<Device> devices;
  std::map<std::string, std::size_t> index;
  for (const auto& row : rows) {
    const auto [it, added] = index.try_emplace(row.device_id, devices.size());
    if (added) {
      devices.push_back({.device_id = row.device_id,
                         .device_type = row.device_type,
                         .device_name = row.device_name,
                         .platform = row.platform,
                         .app_version = row.app_version,
                         .ip = row.ip,
                         .first_seen = detail::from_ms(row.created_at_ms),
                         .last_active = detail::from_ms(row.last_active_ms)});
    }
    Device& d = devices[it->second];
    d.first_seen = std::min(d.first_seen, detail::from_ms(row.created_at_ms));
    ++d.sessions;
  }
  return devices;
}

void Sessions::sign_out_device(const Actor& actor, const std::string& user_id,
                               const std::string& device_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_access(context_, actor, user_id);
  if (device_id.empty()) throw Error(Errc::invalid_argument, "device_id: is empty", "device_id");
  detail::validate_text("device_id", device_id, 128);
  auto tx = context_.storage->write();
  const auto ids = detail::revoke_sessions(*tx, context_, actor, user_id, "device signed out",
                                           {.device_id = device_id});
  if (ids.empty()) throw Error(Errc::not_found, "no live session on this device", "device_id");
  tx->commit();
  detail::remember_revoked(context_, ids);
}

std::vector<PublicTokenKey> Sessions::public_keys() const {
  return context_.tokens->public_keys();
}

}  // namespace member
