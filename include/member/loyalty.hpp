// Levels, benefits and order events (REQUIREMENTS C2, C3, C5; seed 001).
//
// Money is in minor units (cents) and rates are integers in basis points
// (10000 = 1.0), like the ledger: no floating point decides anything. Each
// tenant has a ladder of levels (the default ladder until an admin replaces
// it); a member's level follows their cumulative spend upward; an admin may
// set a level by hand, which holds until spend earns a higher one. Order
// events (ORDER_COMPLETED, ORDER_REFUNDED) are signed with HMAC-SHA256 under
// the tenant's webhook secret and earn or take back points through the points
// ledger, idempotently.
//
// Obtain it from member::System::loyalty(). Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"
#include "member/ledger.hpp"
#include "member/page.hpp"

namespace member {

namespace detail {
struct Context;
}

/// The benefit flags a level shows (seed 001 `benefits`).
struct LevelFlags {
  bool free_shipping = false;
  bool birthday_gift = false;
  bool priority_service = false;
  bool exclusive_events = false;
  bool operator==(const LevelFlags&) const = default;
};

/// One rung of a tenant's ladder. level_id is the position, 1 for the lowest.
struct Level {
  std::int64_t level_id = 0;                 ///< assigned: 1..n in ladder order
  std::string code;                          ///< 1-32 characters [A-Za-z0-9_.-], unique
  std::string name;                          ///< 1-100 characters
  std::int64_t required_spend = 0;           ///< minor units; the lowest level needs 0
  std::int32_t discount_rate_bp = 10000;     ///< price paid, 1..10000 (9000 = 10% off)
  std::int32_t point_multiplier_bp = 10000;  ///< > 0 (15000 = x1.5)
  LevelFlags benefits;
  bool operator==(const Level&) const = default;
};

/// BASIC 0, BRONZE 500, SILVER 2000, GOLD 5000, PLATINUM 20000 currency
/// units (required_spend in minor units: x100).
MEMBER_EXPORT std::vector<Level> default_levels();

/// Automatic downgrade (none by default). With a window, evaluate_downgrades()
/// lowers a member to the level their spend within the last `window_days`
/// qualifies for, once they have held their level for the window.
struct DowngradePolicy {
  std::uint32_t window_days = 0;  ///< 0: levels never go down by themselves; else 1..3660
};

/// Per-tenant settings of the loyalty programme (admin).
struct LoyaltySettings {
  /// Points per currency unit of an order, in basis points (10000: one point
  /// per unit, 1..1000000).
  std::int64_t points_rate_bp = 10000;
  DowngradePolicy downgrade;
};

/// Sets a member's level by hand (admin only).
struct SetLevelRequest {
  std::string user_id;
  std::string level_code;  ///< the target level
  std::string reason;      ///< required, 1-500 characters
  /// Or the target level by its level_id (its position on the ladder, 1 for
  /// the lowest; seed 001 target_level_id); 0 when level_code names it.
  std::int64_t level_id = 0;
};

struct LevelChange {
  std::string operation_id;
  std::string old_level;  ///< code
  std::string new_level;  ///< code
  TimePoint effective_time;
};

/// What seed 001 `profile` shows about a member.
struct MemberProfile {
  std::string user_id;
  Level level;
  bool manual_level = false;     ///< set by an admin and not yet overtaken by spend
  Summary points;                ///< the points ledger summary (expiring within 30 days)
  std::int64_t total_spent = 0;  ///< minor units, net of refunds
  std::int64_t total_orders = 0;
  TimePoint join_date;
  std::optional<TimePoint> last_active;  ///< the last order, benefit use or activity join
  std::optional<Level> next_level;       ///< none at the top
  std::int64_t remaining_spend = 0;      ///< to reach next_level (0 at the top)
  /// The spend that earns levels (total_spent, or with a downgrade policy
  /// the spend of its window) / next_level.required_spend in basis points,
  /// rounded down (10000 = 100%, also at the top).
  std::int32_t progress_bp = 10000;
};

/// One line of an order (informative; signed with the rest).
struct OrderItem {
  std::string product_id;  ///< 1-64 token characters
  std::string category;    ///< 0-64 token characters
  std::int64_t quantity = 1;
  std::int64_t price = 0;  ///< minor units per unit
};

/// A webhook event from the order system (seed 001 webhooks/events).
struct OrderEvent {
  std::string event_type;  ///< "ORDER_COMPLETED" or "ORDER_REFUNDED"
  std::string user_id;
  std::string order_id;  ///< 1-64 token characters; the ledger idempotency key
  /// ORDER_COMPLETED: the order's amount; ORDER_REFUNDED: the amount refunded
  /// by this refund. Minor units, > 0.
  std::int64_t amount = 0;
  std::string refund_id;  ///< ORDER_REFUNDED: identifies the refund (1-64 token characters)
  std::vector<OrderItem> items;
  TimePoint payment_time;  ///< ORDER_COMPLETED
  TimePoint timestamp;     ///< when the order system sent it
  std::string signature;   ///< lower-case hex HMAC-SHA256 of canonical_payload()
};

/// The exact bytes an OrderEvent's signature covers: compact JSON with keys
/// in alphabetical order, times as integer milliseconds since 1970 UTC,
/// amounts as integers (see docs/levels.md). The signature is not included.
MEMBER_EXPORT std::string canonical_payload(const OrderEvent& event);

/// The signature an order system computes: lower-case hex of
/// HMAC-SHA256(secret, canonical_payload(event)).
MEMBER_EXPORT std::string sign_order_event(const std::string& secret, const OrderEvent& event);

/// What an order event did (seed 001 processed_actions).
struct OrderOutcome {
  std::string order_id;
  std::int64_t points = 0;  ///< earned (> 0), or taken back by a refund (< 0)
  /// Refunds: points that could not be taken back because they were spent already.
  std::int64_t points_unrecovered = 0;
  std::string entry_id;  ///< the ledger entry, when points moved
  bool level_changed = false;
  std::string old_level;      ///< code
  std::string current_level;  ///< code
  std::int64_t total_spent = 0;
  std::int64_t total_orders = 0;
  TimePoint processed_at;
  bool replayed = false;  ///< an identical earlier event answered; nothing changed
};

/// The window a benefit's usage limit counts in (UTC calendar).
enum class BenefitPeriod : int { whole = 0, day = 1, month = 2, year = 3 };

/// A benefit of the members on `min_level` and above (C3, seed 001
/// benefits/available). Types: DISCOUNT, FREE_SHIPPING, BIRTHDAY_GIFT,
/// PRIORITY_SERVICE, EXCLUSIVE_EVENTS, or a custom upper-case token. A
/// BIRTHDAY_GIFT is usable only in the calendar month (UTC) of the member's
/// birthday.
struct Benefit {
  std::string benefit_id;        ///< 1-64 token characters
  std::string name;              ///< 1-100 characters
  std::string type;              ///< 1-32 characters [A-Z0-9_]
  std::int64_t value = 0;        ///< meaning by type (DISCOUNT: the price paid in bp), >= 0
  std::string description;       ///< 0-500 characters
  std::string min_level;         ///< a level code of the ladder
  std::int64_t usage_limit = 0;  ///< uses per period; 0: unlimited
  BenefitPeriod period = BenefitPeriod::whole;
  std::optional<TimePoint> valid_from;   ///< inclusive
  std::optional<TimePoint> valid_until;  ///< exclusive
  bool active = true;
  bool operator==(const Benefit&) const = default;
};

/// A benefit the member may use now.
struct AvailableBenefit {
  Benefit benefit;
  std::int64_t used_count = 0;            ///< in the current period
  std::optional<std::int64_t> remaining;  ///< none when unlimited
  std::optional<TimePoint> period_end;    ///< when the count starts again; none for whole
};

struct UseBenefitRequest {
  std::string user_id;
  std::string benefit_id;
  std::string order_id;  ///< 0-64 token characters
  std::string key;       ///< idempotency key, 1-128 characters
};

struct BenefitUse {
  std::string usage_id;
  std::string benefit_id;
  std::string benefit_name;
  std::optional<std::int64_t> remaining;  ///< uses left in the period; none when unlimited
  TimePoint used_at;
  bool replayed = false;  ///< the key was used before for this request; nothing changed
};

/// Where an activity stands by the clock.
enum class ActivityStatus : int { upcoming = 0, active = 1, ended = 2 };

/// A member activity (C4, seed 001 activities).
struct Activity {
  std::string activity_id;            ///< 1-64 token characters
  std::string title;                  ///< 1-200 characters
  std::string description;            ///< 0-2000 characters
  std::string category;               ///< 1-32 characters [A-Z0-9_], e.g. POINTS_PROMOTION
  std::string required_level;         ///< a level code of the ladder
  TimePoint start_time;               ///< inclusive
  TimePoint end_time;                 ///< exclusive, after start_time
  std::int64_t max_participants = 0;  ///< 0: unlimited
  bool operator==(const Activity&) const = default;
};

struct ActivityQuery {
  std::optional<ActivityStatus> status;  ///< none: all
  std::string category;                  ///< empty: all
  /// Whose eligibility and participation to show; empty: the calling user
  /// (none for staff).
  std::string user_id;
  Page page;
};

struct ActivityView {
  Activity activity;
  ActivityStatus status = ActivityStatus::upcoming;
  std::int64_t participation_count = 0;
  bool is_eligible = false;      ///< the member's level reaches required_level
  bool is_participated = false;  ///< the member joined
};

struct ActivityList {
  std::vector<ActivityView> activities;  ///< by start time, then id
  std::int64_t total = 0;                ///< matching the filter, all pages
};

struct Participation {
  std::string participation_id;
  std::string activity_id;
  std::string activity_title;
  TimePoint joined_at;
};

/// Members and points at a glance (C6, seed 001 admin/statistics overview).
struct StatisticsOverview {
  std::int64_t total_members = 0;  ///< accounts of the tenant
  /// Members whose last order, benefit use or activity join is within the
  /// window asked for.
  std::int64_t active_members = 0;
  std::int64_t new_members_this_month = 0;  ///< registered since the 1st of this UTC month
  /// Earned and positive adjustments, ever, less what reversals took back.
  std::int64_t points_issued = 0;
  /// Used, captured and redeemed, ever, less what reversals refunded.
  std::int64_t points_redeemed = 0;
};

/// One level's share of the members (members without orders are on the lowest).
struct LevelShare {
  std::string level_code;
  std::string level_name;
  std::int64_t count = 0;
  std::int32_t percentage_bp = 0;  ///< of all members, rounded down (10000 = 100%)
  std::int64_t avg_spent = 0;      ///< minor units, rounded down
  std::int64_t avg_points = 0;     ///< points balance, rounded down
};

/// One UTC day of the trends; days without anything are included as zeros.
struct DailyTrend {
  TimePoint date;  ///< midnight UTC
  std::int64_t new_members = 0;
  std::int64_t upgraded_members = 0;  ///< level rises earned by spend
  /// Net of the reversals made that day (a reversal counts on its own day,
  /// so a day of refunds may show a negative points_used).
  std::int64_t points_earned = 0;
  std::int64_t points_used = 0;
};

class MEMBER_EXPORT Loyalty {
 public:
  /// The tenant's ladder, lowest first (the default ladder until replaced).
  /// Any actor of the tenant (seed 001: public).
  std::vector<Level> levels(const Actor& actor);

  /// Replaces the ladder (admin or system). Rules: 1-50 levels; codes unique
  /// tokens; names non-empty; the first needs 0 and thresholds strictly
  /// increase; discount 1..10000 bp; multiplier 1..1000000 bp. Members keep
  /// their level code; one missing from the new ladder falls back to the
  /// level their spend qualifies for. Errors: invalid_argument naming
  /// "levels[i].field". Audit: "loyalty.levels".
  std::vector<Level> set_levels(const Actor& actor, std::vector<Level> levels);

  /// The tenant's settings (staff).
  LoyaltySettings settings(const Actor& actor);
  /// Replaces the tenant's settings (admin or system). Audit: "loyalty.settings".
  LoyaltySettings set_settings(const Actor& actor, const LoyaltySettings& settings);

  /// Sets the secret order events of this tenant are signed with (admin or
  /// system); 32-256 bytes, stored encrypted. Audit (without the secret):
  /// "loyalty.webhook_secret".
  void set_webhook_secret(const Actor& actor, const std::string& secret);

  /// Sets a member's level by hand (admin or system), up or down, to the
  /// level named by level_code or by level_id (exactly one of them); it
  /// holds until spend earns a higher one. Errors: not_found (user; the
  /// level: field "level_code" or "level_id"), invalid_argument (reason;
  /// "level_id" negative or given with level_code). Audit: "loyalty.level"
  /// with cause "by_hand", the operation id, reason and both levels.
  LevelChange set_level(const Actor& actor, const SetLevelRequest& request);

  /// The member's view (the member themself or staff). Errors: not_found.
  MemberProfile profile(const Actor& actor, const std::string& user_id);

  /// The current level code of a user (for the JWT `level` claim): the
  /// lowest level's code for a member without orders. Errors: not_found.
  std::string level_code(const Actor& actor, const std::string& user_id);

  /// Applies a signed order event (service, admin or system actor).
  /// ORDER_COMPLETED earns floor(amount x points_rate x level multiplier)
  /// points (the order id is the ledger idempotency key), adds the amount to
  /// the member's spend and one order, and re-checks the level upward
  /// (against the spend of the downgrade window when there is one).
  /// ORDER_REFUNDED (idempotent by order id and refund id) takes back the
  /// proportional part of the points earned (as much as is still available)
  /// and of the spend; the order stops counting when fully refunded. A
  /// replayed event changes nothing and returns the first outcome.
  /// Errors: unauthenticated (missing or wrong signature, or no webhook
  /// secret set), invalid_argument, not_found (user; the order for a
  /// refund), conflict (the order or refund id reused with other content),
  /// failed_precondition (inactive account; refund beyond the order's amount).
  OrderOutcome apply_order_event(const Actor& actor, const OrderEvent& event);

  /// Lowers members who no longer re-qualify (DowngradePolicy), at most
  /// `limit` per call (staff). Returns how many were lowered. Audit:
  /// "loyalty.level" with cause "downgrade" per member. Does nothing without
  /// a window.
  std::int64_t evaluate_downgrades(const Actor& actor, std::uint32_t limit = 1000);

  /// Creates or replaces a benefit (admin or system). Errors:
  /// invalid_argument naming the field (min_level must be on the ladder;
  /// valid_from before valid_until). Audit: "loyalty.benefit.put".
  Benefit put_benefit(const Actor& actor, const Benefit& benefit);
  /// Deletes a benefit (admin or system); its past uses stay. Errors:
  /// not_found. Audit: "loyalty.benefit.remove".
  void remove_benefit(const Actor& actor, const std::string& benefit_id);
  /// Every benefit of the tenant, by id (staff).
  std::vector<Benefit> benefits(const Actor& actor);
  /// What the member may use now (the member or staff): active, valid now,
  /// at or below their level, the birthday gift only in the birthday month,
  /// with the uses counted in the current period. Errors: not_found.
  std::vector<AvailableBenefit> available_benefits(const Actor& actor, const std::string& user_id);
  /// Uses a benefit once (the member or staff; idempotent by key: a repeat
  /// returns the first use, the key with another request is conflict).
  /// Errors: not_found (user, benefit), failed_precondition naming why:
  /// "active", "valid_from", "valid_until", "level" (not entitled),
  /// "birthday" (not the birthday month, or no birthday on file);
  /// resource_exhausted ("usage_limit") when the period's uses are spent;
  /// failed_precondition for an inactive account. Audit: "loyalty.benefit.use".
  BenefitUse use_benefit(const Actor& actor, const UseBenefitRequest& request);

  /// Creates or replaces an activity (admin or system); its participants
  /// stay. Errors: invalid_argument naming the field (required_level must be
  /// on the ladder; end after start; max_participants not below those who
  /// joined). Audit: "loyalty.activity.put".
  Activity put_activity(const Actor& actor, const Activity& activity);
  /// Deletes an activity and its participations (admin or system). Errors:
  /// not_found. Audit: "loyalty.activity.remove".
  void remove_activity(const Actor& actor, const std::string& activity_id);
  /// Activities filtered by status (by the clock) and category, paged, with
  /// the member's eligibility and participation (any actor of the tenant;
  /// a user only for themself).
  ActivityList activities(const Actor& actor, const ActivityQuery& query = {});
  /// Joins an activity once (the member or staff). Distinct errors:
  /// not_found ("activity_id"); failed_precondition "start_time" (not
  /// started), "end_time" (ended), "required_level" (not eligible);
  /// conflict "activity_id" (already joined); resource_exhausted
  /// "max_participants" (full); failed_precondition for an inactive account.
  /// Concurrent joins never exceed the maximum. Audit: "loyalty.activity.join".
  Participation join_activity(const Actor& actor, const std::string& user_id,
                              const std::string& activity_id);

  /// Totals of the tenant (staff). `active_days`: 1..3660. Each figure is an
  /// indexed count or a read of running totals.
  StatisticsOverview overview(const Actor& actor, std::uint32_t active_days = 30);
  /// Members per level of the ladder, lowest first (staff).
  std::vector<LevelShare> level_distribution(const Actor& actor);
  /// Daily trends for the UTC days from the day of `from` to the day before
  /// `to` (staff); at most 366 days. Errors: invalid_argument ("to").
  std::vector<DailyTrend> trends(const Actor& actor, TimePoint from, TimePoint to);

 private:
  friend class System;
  explicit Loyalty(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
