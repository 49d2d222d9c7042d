// Reports and blocking (D1, D2). The block and the unblock are status
// changes made through store_user_change(), the one place where leaving
// `active` revokes sessions; blocked users are then refused by require_active().
#include "member/moderation.hpp"

#include "accounts/activity.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "tenants/access_cache.hpp"

namespace member {
namespace {

/// The user, locked; an erased one is not found either (nothing about it is
/// written again).
storage::UserRow find_user(storage::Transaction& tx, const Actor& actor,
                           const std::string& user_id) {
  return detail::load_user_checked(tx, actor, user_id);
}

storage::ModerationRow moderation_of(storage::Transaction& tx, const Actor& actor,
                                     const std::string& user_id) {
  auto row = tx.moderation().find(actor.tenant, user_id);
  return row ? *row : storage::ModerationRow{.tenant = actor.tenant, .user_id = user_id};
}

ModerationState state_of(const detail::Context& context, const storage::UserRow& user,
                         const storage::ModerationRow& m) {
  ModerationState s;
  s.user_id = user.id;
  s.report_count = m.report_count;
  if (m.last_report_at_ms != 0) s.last_report_at = detail::from_ms(m.last_report_at_ms);
  s.blocked = user.status == static_cast<int>(AccountStatus::blocked);
  if (s.blocked) {
    s.unblock_possible_at =
        detail::from_ms(m.last_report_at_ms) + context.options.moderation.unblock_after;
  }
  return s;
}

/// Sets the status through the central change (sessions revoked on leaving active).
std::vector<std::string> change_status(storage::Transaction& tx, const detail::Context& context,
                                       const Actor& actor, storage::UserRow& user,
                                       AccountStatus status, std::string reason) {
  const int before = user.status;
  const std::string hash = user.password_hash;
  user.status = static_cast<int>(status);
  user.status_reason = std::move(reason);
  return detail::store_user_change(tx, context, actor, before, hash, user);
}

}  // namespace

ModerationState Moderation::report(const Actor& actor, const std::string& user_id,
                                   const std::string& reason) {
  detail::require_tenant(context_, actor);
  if (actor.kind == ActorKind::anonymous) {
    throw Error(Errc::permission_denied, "reports need a signed-in reporter");
  }
  detail::validate_user_id("user_id", user_id);
  if (actor.kind == ActorKind::user && actor.id == user_id) {
    throw Error(Errc::invalid_argument, "user_id: a user cannot report themself", "user_id");
  }
  if (reason.empty()) throw Error(Errc::invalid_argument, "reason: is empty", "reason");
  detail::validate_text("reason", reason, 500, true);
  auto tx = context_.storage->write();
  if (actor.kind == ActorKind::user) detail::require_active(find_user(*tx, actor, actor.id));
  storage::UserRow user = find_user(*tx, actor, user_id);  // locked: reports are counted one by one
  storage::ModerationRow m = moderation_of(*tx, actor, user_id);
  const auto now = detail::to_ms(context_.now());
  ++m.report_count;
  m.last_report_at_ms = now;
  tx->moderation().save(m);
  tx->moderation().add_report({.tenant = actor.tenant,
                               .user_id = user_id,
                               .reporter = std::string(to_string(actor.kind)) + ":" + actor.id,
                               .reason = reason,
                               .at_ms = now});
  detail::record_audit(*tx, context_, actor, "moderation.report", user_id,
                       {{"report_count", m.report_count}});
  std::vector<std::string> revoked;
  if (m.report_count >= context_.options.moderation.block_threshold &&
      user.status == static_cast<int>(AccountStatus::active)) {
    revoked = change_status(*tx, context_, actor, user, AccountStatus::blocked, "reports");
    detail::record_audit(*tx, context_, actor, "account.block", user_id,
                         {{"report_count", m.report_count}});
  }
  tx->commit();
  detail::remember_revoked(context_, revoked);
  if (!revoked.empty() || user.status == static_cast<int>(AccountStatus::blocked)) {
    context_.access->invalidate();  // a blocked account's roles count for nothing
  }
  return state_of(context_, user, m);
}

ModerationState Moderation::request_unblock(const Actor& actor, const std::string& user_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_access(context_, actor, user_id);
  auto tx = context_.storage->write();
  storage::UserRow user = find_user(*tx, actor, user_id);
  if (user.status != static_cast<int>(AccountStatus::blocked)) {
    throw Error(Errc::failed_precondition, "the account is not blocked");
  }
  storage::ModerationRow m = moderation_of(*tx, actor, user_id);
  const TimePoint possible =
      detail::from_ms(m.last_report_at_ms) + context_.options.moderation.unblock_after;
  if (context_.now() < possible) {
    throw Error::not_before(Errc::failed_precondition,
                            "an unblock is possible only after the period since the latest report",
                            possible);
  }
  if (m.report_count > 0) --m.report_count;
  tx->moderation().save(m);
  change_status(*tx, context_, actor, user, AccountStatus::active, {});
  detail::record_audit(*tx, context_, actor, "account.unblock", user_id,
                       {{"report_count", m.report_count}});
  tx->commit();
  context_.access->invalidate();
  return state_of(context_, user, m);
}

ModerationState Moderation::state(const Actor& actor, const std::string& user_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_access(context_, actor, user_id);
  auto tx = context_.storage->read();
  const storage::UserRow user = find_user(*tx, actor, user_id);
  return state_of(context_, user, moderation_of(*tx, actor, user_id));
}

}  // namespace member
