// The loyalty service (C2): ladders, settings, levels by hand, the member's
// view and the downgrade job. Order events are in order_events.cpp.
#include "member/loyalty.hpp"

#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "ledger/summary.hpp"
#include "loyalty/ladder.hpp"
#include "loyalty/level_rules.hpp"
#include "loyalty/webhook_secret.hpp"

namespace member {
namespace {

/// The profile shows points expiring within 30 days.
constexpr std::int64_t kExpiringWindowMs = std::int64_t{30} * 24 * 3600 * 1000;

LoyaltySettings to_settings(const std::optional<storage::LoyaltySettingsRow>& row) {
  LoyaltySettings s;
  if (row) {
    s.points_rate_bp = row->points_rate_bp;
    s.downgrade.window_days = static_cast<std::uint32_t>(row->downgrade_window_days);
  }
  return s;
}

/// The tenant's settings row to change, locked (created with the defaults).
storage::LoyaltySettingsRow settings_row(storage::Transaction& tx, const std::string& tenant) {
  storage::LoyaltySettingsRow fresh;
  fresh.tenant = tenant;
  return tx.loyalty().lock_settings(fresh);
}

}  // namespace

std::vector<Level> Loyalty::levels(const Actor& actor) {
  detail::require_tenant(context_, actor);
  return detail::load_ladder(*context_.storage->read(), actor.tenant);
}

std::vector<Level> Loyalty::set_levels(const Actor& actor, std::vector<Level> levels) {
  detail::require_permission(context_, actor, "loyalty.configure");
  detail::validate_levels(levels);
  std::vector<storage::LevelRow> rows;
  nlohmann::json audit = nlohmann::json::array();
  for (const Level& l : levels) {
    rows.push_back({actor.tenant, l.level_id, l.code, l.name, l.required_spend, l.discount_rate_bp,
                    l.point_multiplier_bp, detail::flags_to_bits(l.benefits)});
    audit.push_back({{"code", l.code}, {"required_spend", l.required_spend}});
  }
  auto tx = context_.storage->write();
  tx->loyalty().replace_levels(actor.tenant, rows);
  detail::record_audit(*tx, context_, actor, "loyalty.levels", "", {{"levels", audit}});
  tx->commit();
  return levels;
}

LoyaltySettings Loyalty::settings(const Actor& actor) {
  detail::require_permission(context_, actor, "loyalty.settings");
  return to_settings(context_.storage->read()->loyalty().settings(actor.tenant));
}

LoyaltySettings Loyalty::set_settings(const Actor& actor, const LoyaltySettings& settings) {
  detail::require_permission(context_, actor, "loyalty.configure");
  if (settings.points_rate_bp < 1 || settings.points_rate_bp > 100 * detail::kBasisPoints) {
    throw Error(Errc::invalid_argument, "points_rate_bp: must be 1..1000000", "points_rate_bp");
  }
  if (settings.downgrade.window_days > 3660) {
    throw Error(Errc::invalid_argument, "downgrade.window_days: must be 0..3660",
                "downgrade.window_days");
  }
  auto tx = context_.storage->write();
  auto row = settings_row(*tx, actor.tenant);
  row.points_rate_bp = settings.points_rate_bp;
  row.downgrade_window_days = settings.downgrade.window_days;
  tx->loyalty().put_settings(row);
  detail::record_audit(*tx, context_, actor, "loyalty.settings", "",
                       {{"points_rate_bp", settings.points_rate_bp},
                        {"downgrade_window_days", settings.downgrade.window_days}});
  tx->commit();
  return settings;
}

void Loyalty::set_webhook_secret(const Actor& actor, const std::string& secret) {
  detail::require_permission(context_, actor, "loyalty.configure");
  if (secret.size() < 32 || secret.size() > 256) {
    throw Error(Errc::invalid_argument, "secret: must be 32..256 bytes", "secret");
  }
  auto tx = context_.storage->write();
  auto row = settings_row(*tx, actor.tenant);
  row.webhook_secret = detail::seal_webhook_secret(context_, actor.tenant, secret);
  tx->loyalty().put_settings(row);
  detail::record_audit(*tx, context_, actor, "loyalty.webhook_secret", "");
  tx->commit();
}

LevelChange Loyalty::set_level(const Actor& actor, const SetLevelRequest& r) {
  detail::require_permission(context_, actor, "loyalty.set_level");
  detail::validate_user_id("user_id", r.user_id);
  if (r.reason.empty()) throw Error(Errc::invalid_argument, "reason: is required", "reason");
  detail::validate_text("reason", r.reason, 500);
  if (r.level_id < 0) throw Error(Errc::invalid_argument, "level_id: must be positive", "level_id");
  if (r.level_id != 0 && !r.level_code.empty()) {
    throw Error(Errc::invalid_argument, "level_id: give level_code or level_id, not both",
                "level_id");
  }
  auto tx = context_.storage->write();
  const auto user = detail::load_user_checked(*tx, actor, r.user_id);
  const auto ladder = detail::load_ladder(*tx, actor.tenant);
  std::optional<std::size_t> target;
  if (r.level_id == 0) {
    target = detail::level_index(ladder, r.level_code);
    if (!target) throw Error(Errc::not_found, "level not found", "level_code");
  } else {
    if (static_cast<std::uint64_t>(r.level_id) > ladder.size()) {
      throw Error(Errc::not_found, "level not found", "level_id");
    }
    target = static_cast<std::size_t>(r.level_id - 1);
  }
  auto member = tx->loyalty().lock_member(detail::initial_member(ladder, user));
  const LevelChange change = detail::change_level(*tx, context_, actor, member, ladder, *target,
                                                  detail::LevelCause::by_hand, r.reason);
  tx->loyalty().put_member(member);
  tx->commit();
  return change;
}

MemberProfile Loyalty::profile(const Actor& actor, const std::string& user_id) {
  MemberProfile p;
  {
    auto tx = context_.storage->read();
    const auto user = detail::load_user(context_, *tx, actor, user_id);
    const auto ladder = detail::load_ladder(*tx, actor.tenant);
    const auto member = tx->loyalty()
                            .find_member(actor.tenant, user_id)
                            .value_or(detail::initial_member(ladder, user));
    const std::size_t current = detail::current_level(ladder, member);
    p.user_id = user_id;
    p.level = ladder[current];
    p.manual_level = member.manual;
    p.total_spent = member.total_spent;
    p.total_orders = member.orders;
    p.join_date = detail::from_ms(user.created_at_ms);
    if (member.last_active_ms != 0) p.last_active = detail::from_ms(member.last_active_ms);
    const auto settings = tx->loyalty().settings(actor.tenant);
    const std::int64_t spend = detail::qualifying_spend(
        *tx, member, settings ? settings->downgrade_window_days : 0, detail::to_ms(context_.now()));
    const detail::Progress progress = detail::progress(ladder, current, spend);
    if (progress.next) p.next_level = ladder[*progress.next];
    p.remaining_spend = progress.remaining;
    p.progress_bp = progress.progress_bp;
    p.points = detail::read_summary(*tx, actor.tenant, user_id, Asset::points,
                                    detail::to_ms(context_.now()), kExpiringWindowMs);
  }
  return p;
}

std::string Loyalty::level_code(const Actor& actor, const std::string& user_id) {
  auto tx = context_.storage->read();
  detail::load_user(context_, *tx, actor, user_id);  // access and existence
  return detail::current_level_code(*tx, actor.tenant, user_id);
}

std::int64_t Loyalty::evaluate_downgrades(const Actor& actor, std::uint32_t limit) {
  detail::require_permission(context_, actor, "loyalty.downgrades");
  if (limit < 1 || limit > 100000) {
    throw Error(Errc::invalid_argument, "limit: must be 1..100000", "limit");
  }
  auto tx = context_.storage->write();
  const auto settings = tx->loyalty().settings(actor.tenant);
  const std::int64_t window_days = settings ? settings->downgrade_window_days : 0;
  if (window_days == 0) return 0;
  const std::int64_t now = detail::to_ms(context_.now());
  const std::int64_t cutoff = detail::window_start_ms(window_days, now);
  const auto ladder = detail::load_ladder(*tx, actor.tenant);
  std::int64_t lowered = 0;
  for (const auto& found :
       tx->loyalty().members_to_review(actor.tenant, ladder.front().code, cutoff, limit)) {
    // The user is locked first, as an order event locks it (the user, then
    // the balance, then the member), so the two wait for each other instead
    // of deadlocking. The list was read without locks: a member whose level
    // changed since (an order, by hand) is no longer due.
    if (!tx->users().find_by_id(actor.tenant, found.user_id)) continue;
    auto row = tx->loyalty().find_member(actor.tenant, found.user_id);
    if (!row || row->level_since_ms > cutoff) continue;
    storage::MemberRow& member = *row;
    const std::size_t current = detail::current_level(ladder, member);
    const std::size_t earned =
        detail::level_for_spend(ladder, detail::qualifying_spend(*tx, member, window_days, now));
    if (earned < current) {
      detail::change_level(*tx, context_, actor, member, ladder, earned,
                           detail::LevelCause::downgrade);
      ++lowered;
    } else {
      member.level_since_ms = now;  // re-qualified: the next review is a window away
    }
    tx->loyalty().put_member(member);
  }
  tx->commit();
  return lowered;
}

}  // namespace member
