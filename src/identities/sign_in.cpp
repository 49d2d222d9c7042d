// Sign-in with a third-party identity (B3): the same login log, the same
// refusals (locked, disabled, blacklisted, blocked, withdrawn) and the same
// result as a password sign-in. There is no password to check, so the whole
// attempt is one write transaction.
#include "accounts/activity.hpp"
#include "accounts/lockout.hpp"
#include "accounts/signed_in.hpp"
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

namespace detail {

SignInResult sign_in_with_identity(const Context& context, const Actor& actor,
                                   const IdentitySignInRequest& r, const OnSignedIn& on_signed_in) {
  require_tenant(context, actor);
  validate_text("device_id", r.device_id, 128);
  validate_text("platform", r.platform, 64);
  validate_text("ip", r.ip, 64);
  const auto now = to_ms(context.now());
  auto tx = context.storage->write();
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
  };
  const auto refuse = [&](const std::string& user_id, SignInOutcome outcome) {
    log(user_id, outcome);
    tx->commit();
  };
  try {
    validate_provider(r.provider);
    validate_subject(r.subject);
    validate_union_id(r.union_id);
  } catch (const Error&) {
    refuse({}, SignInOutcome::invalid_request);
    throw;
  }
  const auto identity = find_identity(*tx, actor.tenant, r);
  auto user = identity ? find_live_user(*tx, actor.tenant, identity->user_id) : std::nullopt;
  // Read again with the user locked: an unbinding that held the lock has
  // committed by now, and its identity no longer signs in.
  if (user) {
    const auto still = find_identity(*tx, actor.tenant, r);
    if (!still || still->user_id != user->id) user.reset();
  }
  if (!user) {
    refuse({}, SignInOutcome::unknown_identifier);
    throw Error(Errc::unauthenticated, "invalid credentials");
  }
  if (is_locked(lock_state(*user), now)) {
    refuse(user->id, SignInOutcome::locked);
    throw Error::locked_until(from_ms(user->locked_until_ms));
  }
  const auto outcome = sign_in_outcome(static_cast<AccountStatus>(user->status));
  if (outcome != SignInOutcome::success) {
    refuse(user->id, outcome);
    throw Error(Errc::unauthenticated, "invalid credentials");
  }
  log(user->id, outcome);
  if (on_signed_in) on_signed_in(*tx, *user);
  tx->commit();
  return {.user_id = user->id, .username = user->username, .user_type = user->user_type};
}

}  // namespace detail

SignInResult Identities::sign_in(const Actor& actor, const IdentitySignInRequest& r) {
  return detail::sign_in_with_identity(context_, actor, r, {});
}

}  // namespace member
