// Benefits (C3): per-level benefits, what a member may use now, and using one
// against its limit per period, idempotently.
#include "accounts/activity.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "ledger/idempotency.hpp"
#include "ledger/rules.hpp"
#include "loyalty/benefit_rules.hpp"
#include "loyalty/ladder.hpp"
#include "loyalty/level_rules.hpp"
#include "member/loyalty.hpp"

namespace member {
namespace {

constexpr std::string_view kBirthdayGift = "BIRTHDAY_GIFT";

Benefit to_benefit(const storage::BenefitRow& r) {
  Benefit b{r.benefit_id,  r.name,       r.type,        r.value,
            r.description, r.min_level,  r.usage_limit, static_cast<BenefitPeriod>(r.period),
            std::nullopt,  std::nullopt, r.active};
  if (r.valid_from_ms != 0) b.valid_from = detail::from_ms(r.valid_from_ms);
  if (r.valid_until_ms != 0) b.valid_until = detail::from_ms(r.valid_until_ms);
  return b;
}

/// Why the member may not use the benefit now (field and message), or
/// nothing when they may (the usage limit aside).
struct Refusal {
  std::string field;
  std::string message;
};

/// What decides a member's entitlement: their level and (lazily) birthday.
struct Entitlement {
  const detail::Context& context;
  const storage::UserRow& user;
  const std::vector<Level>& ladder;
  std::size_t level = 0;
  std::optional<std::string> birthday;

  std::optional<Refusal> refusal(const storage::BenefitRow& b, std::int64_t now) {
    if (!b.active) return Refusal{"active", "the benefit is not active"};
    if (b.valid_from_ms != 0 && now < b.valid_from_ms) {
      return Refusal{"valid_from", "the benefit is not valid yet"};
    }
    if (b.valid_until_ms != 0 && now >= b.valid_until_ms) {
      return Refusal{"valid_until", "the benefit is no longer valid"};
    }
    const auto needed = detail::level_index(ladder, b.min_level);
    if (!needed || level < *needed) {
      return Refusal{"level", "the member's level is not entitled to the benefit"};
    }
    if (b.type == kBirthdayGift) {
      if (!birthday) {
        birthday = detail::open_personal_data(detail::data_key(context, user), user).birthday;
      }
      if (!detail::in_birthday_month(*birthday, now)) {
        return Refusal{"birthday", "a birthday gift is usable only in the birthday month"};
      }
    }
    return std::nullopt;
  }
};

std::optional<std::int64_t> remaining(const storage::BenefitRow& b, std::int64_t used) {
  if (b.usage_limit == 0) return std::nullopt;
  return used >= b.usage_limit ? 0 : b.usage_limit - used;
}

}  // namespace

Benefit Loyalty::put_benefit(const Actor& actor, const Benefit& b) {
  detail::require_permission(context_, actor, "loyalty.configure");
  detail::validate_benefit(b);
  auto tx = context_.storage->write();
  if (!detail::level_index(detail::load_ladder(*tx, actor.tenant), b.min_level)) {
    throw Error(Errc::invalid_argument, "min_level: not a level of the ladder", "min_level");
  }
  tx->loyalty().put_benefit({actor.tenant, b.benefit_id, b.name, b.type, b.value, b.description,
                             b.min_level, b.usage_limit, static_cast<int>(b.period),
                             b.valid_from ? detail::to_ms(*b.valid_from) : 0,
                             b.valid_until ? detail::to_ms(*b.valid_until) : 0, b.active});
  detail::record_audit(*tx, context_, actor, "loyalty.benefit.put", "",
                       {{"benefit_id", b.benefit_id},
                        {"type", b.type},
                        {"min_level", b.min_level},
                        {"usage_limit", b.usage_limit},
                        {"active", b.active}});
  tx->commit();
  return b;
}

void Loyalty::remove_benefit(const Actor& actor, const std::string& benefit_id) {
  detail::require_permission(context_, actor, "loyalty.configure");
  detail::validate_token("benefit_id", benefit_id, 64);
  auto tx = context_.storage->write();
  if (!tx->loyalty().remove_benefit(actor.tenant, benefit_id)) {
    throw Error(Errc::not_found, "benefit not found", "benefit_id");
  }
  detail::record_audit(*tx, context_, actor, "loyalty.benefit.remove", "",
                       {{"benefit_id", benefit_id}});
  tx->commit();
}

std::vector<Benefit> Loyalty::benefits(const Actor& actor) {
  detail::require_permission(context_, actor, "loyalty.benefits");
  std::vector<Benefit> out;
  for (const auto& row : context_.storage->read()->loyalty().benefits(actor.tenant)) {
    out.push_back(to_benefit(row));
  }
  return out;
}

std::vector<AvailableBenefit> Loyalty::available_benefits(const Actor& actor,
                                                          const std::string& user_id) {
  auto tx = context_.storage->read();
  const auto user = detail::load_user(context_, *tx, actor, user_id);
  const auto ladder = detail::load_ladder(*tx, actor.tenant);
  const auto member = tx->loyalty().find_member(actor.tenant, user_id);
  Entitlement entitlement{context_, user, ladder,
                          member ? detail::current_level(ladder, *member) : 0, std::nullopt};
  const std::int64_t now = detail::to_ms(context_.now());
  std::vector<AvailableBenefit> out;
  for (const auto& row : tx->loyalty().benefits(actor.tenant)) {
    if (entitlement.refusal(row, now)) continue;
    const auto period = static_cast<BenefitPeriod>(row.period);
    const auto window = detail::period_window(period, now);
    AvailableBenefit a;
    a.benefit = to_benefit(row);
    a.used_count = tx->loyalty().count_benefit_uses(actor.tenant, user_id, row.benefit_id,
                                                    window.from, window.to);
    a.remaining = remaining(row, a.used_count);
    if (period != BenefitPeriod::whole) a.period_end = detail::from_ms(window.to);
    out.push_back(std::move(a));
  }
  return out;
}

BenefitUse Loyalty::use_benefit(const Actor& actor, const UseBenefitRequest& r) {
  detail::validate_user_id("user_id", r.user_id);
  detail::require_access(context_, actor, r.user_id);
  detail::validate_token("benefit_id", r.benefit_id, 64);
  if (!r.order_id.empty()) detail::validate_token("order_id", r.order_id, 64);
  detail::validate_ledger_key(r.key);
  const storage::RequestKeys keys = detail::request_keys(actor, r.user_id, r.key);
  const std::int64_t now = detail::to_ms(context_.now());
  auto tx = context_.storage->write();
  auto& store = tx->loyalty();
  const auto user = detail::load_user(context_, *tx, actor, r.user_id);
  const auto ladder = detail::load_ladder(*tx, actor.tenant);
  // The member row's lock serialises this member's uses: the count below
  // cannot be overtaken by a concurrent use.
  auto member = store.lock_member(detail::initial_member(ladder, user));
  const auto benefit = store.find_benefit(actor.tenant, r.benefit_id);
  const auto first = detail::repeated_request(
      store.find_benefit_use(actor.tenant, keys.own),
      store.find_benefit_use(actor.tenant, keys.shared), [&](const storage::BenefitUseRow& use) {
        return use.user_id == r.user_id && use.benefit_id == r.benefit_id &&
               use.order_id == r.order_id;
      });
  if (first) {
    const auto window = detail::period_window(
        benefit ? static_cast<BenefitPeriod>(benefit->period) : BenefitPeriod::whole,
        first->used_at_ms);
    const std::int64_t used =
        store.count_benefit_uses(actor.tenant, r.user_id, r.benefit_id, window.from, window.to);
    return {first->usage_id,
            first->benefit_id,
            benefit ? benefit->name : std::string(),
            benefit ? remaining(*benefit, used) : std::nullopt,
            detail::from_ms(first->used_at_ms),
            true};
  }
  if (!benefit) throw Error(Errc::not_found, "benefit not found", "benefit_id");
  detail::require_active(user);
  Entitlement entitlement{context_, user, ladder, detail::current_level(ladder, member),
                          std::nullopt};
  if (auto refusal = entitlement.refusal(*benefit, now)) {
    throw Error(Errc::failed_precondition, refusal->message, refusal->field);
  }
  const auto window = detail::period_window(static_cast<BenefitPeriod>(benefit->period), now);
  const std::int64_t used =
      store.count_benefit_uses(actor.tenant, r.user_id, r.benefit_id, window.from, window.to);
  if (benefit->usage_limit != 0 && used >= benefit->usage_limit) {
    throw Error(Errc::resource_exhausted, "usage_limit: the benefit's uses are spent for now",
                "usage_limit");
  }
  const std::string usage_id = detail::new_operation_id();
  store.add_benefit_use(
      {actor.tenant, usage_id, r.benefit_id, r.user_id, r.order_id, keys.own, now});
  member.last_active_ms = now;
  store.put_member(member);
  detail::record_audit(
      *tx, context_, actor, "loyalty.benefit.use", r.user_id,
      {{"benefit_id", r.benefit_id}, {"usage_id", usage_id}, {"order_id", r.order_id}});
  tx->commit();
  return {
      usage_id, r.benefit_id, benefit->name, remaining(*benefit, used + 1), detail::from_ms(now),
      false};
}

}  // namespace member
