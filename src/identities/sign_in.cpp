// Sign-in with a third-party identity (B3): the same login log, the same
// refusals (locked, disabled, blacklisted, blocked, withdrawn) and the same
// result as a password sign-in. There is no password to check, so the whole
// attempt is one write transaction.
#include "accounts/activity.hpp"
#include "accounts/lockout.hpp"
#include "accounts/users.hpp"
#include "core/access.hpp"
#include "core/context.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "identities/provider.hpp"
#include "member/identities.hpp"

namespace member {
namespace {

/// The identity's user: by subject, else by union id.
std::optional<storage::IdentityRow> find_identity(storage::Transaction& tx,
                                                  const std::string& tenant,
                                                  const IdentitySignInRequest& r) {
  auto row = tx.identities().find(tenant, r.provider, r.subject);
  if (row || r.union_id.empty()) return row;
  auto same_person = tx.identities().find_by_union(tenant, r.provider, r.union_id);
  if (same_person.empty()) return std::nullopt;
  return std::move(same_person.front());
}

}  // namespace

SignInResult Identities::sign_in(const Actor& actor, const IdentitySignInRequest& r) {
  detail::require_tenant(context_, actor);
  detail::validate_text("device_id", r.device_id, 128);
  detail::validate_text("platform", r.platform, 64);
  detail::validate_text("ip", r.ip, 64);
  const auto now = detail::to_ms(context_.now());
  auto tx = context_.storage->write();
  if (!tx->tenants().exists(actor.tenant)) {
    throw Error(Errc::not_found, "tenant not found", "tenant");
  }
  const auto log = [&](const std::string& user_id, SignInOutcome outcome) {
    tx->logins().append({.tenant = actor.tenant,
                         .at_ms = now,
                         .user_id = user_id,
                         .outcome = static_cast<int>(outcome),
                         .device_id = r.device_id,
                         .platform = r.platform,
                         .ip = r.ip});
    tx->commit();
  };
  try {
    detail::validate_provider(r.provider);
    detail::validate_subject(r.subject);
    detail::validate_union_id(r.union_id);
  } catch (const Error&) {
    log({}, SignInOutcome::invalid_request);
    throw;
  }
  const auto identity = find_identity(*tx, actor.tenant, r);
  const auto user =
      identity ? detail::find_live_user(*tx, actor.tenant, identity->user_id) : std::nullopt;
  if (!user) {
    log({}, SignInOutcome::unknown_identifier);
    throw Error(Errc::unauthenticated, "invalid credentials");
  }
  if (detail::is_locked(detail::lock_state(*user), now)) {
    log(user->id, SignInOutcome::locked);
    throw Error::locked_until(detail::from_ms(user->locked_until_ms));
  }
  const auto outcome = detail::sign_in_outcome(static_cast<AccountStatus>(user->status));
  log(user->id, outcome);
  if (outcome != SignInOutcome::success) throw Error(Errc::unauthenticated, "invalid credentials");
  return {.user_id = user->id, .username = user->username, .user_type = user->user_type};
}

}  // namespace member
