// loyalty.* operations (member::Loyalty): levels, settings, order events,
// benefits, activities and statistics (seed 001).
#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <set>

#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kAdmin = R"({"kind": "admin", "id": "ops-anna"})";
constexpr const char* kService = R"({"kind": "service", "id": "orders"})";
constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kBasic =
    R"({"level_id": 1, "code": "BASIC", "name": "Basic", "required_spend": 0, "discount_rate_bp": 10000, "point_multiplier_bp": 10000, "benefits": {"free_shipping": false, "birthday_gift": false, "priority_service": false, "exclusive_events": false}})";
constexpr const char* kSilver =
    R"({"level_id": 2, "code": "SILVER", "name": "Silver", "required_spend": 200000, "discount_rate_bp": 9500, "point_multiplier_bp": 12000, "benefits": {"free_shipping": true, "birthday_gift": true, "priority_service": false, "exclusive_events": false}})";
constexpr const char* kBenefit =
    R"({"benefit_id": "ship-free", "name": "Free shipping", "type": "FREE_SHIPPING", "value": 0, "description": "Free standard shipping", "min_level": "SILVER", "usage_limit": 5, "period": "month", "valid_from": null, "valid_until": null, "active": true})";
constexpr const char* kActivity =
    R"({"activity_id": "double-points-feb", "title": "Double points week", "description": "Orders earn twice the points", "category": "POINTS_PROMOTION", "required_level": "BASIC", "start_time": "2026-02-01T00:00:00.000Z", "end_time": "2026-02-08T00:00:00.000Z", "max_participants": 1000})";
constexpr const char* kUserId = R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";

std::string list_of(const char* member, const std::string& items) {
  return std::string(R"({")") + member + R"(": [)" + items + "]}";
}

struct SecretRequest {
  std::string secret;
};
SecretRequest decode_secret(Fields& f) {
  return {f.str("secret")};
}

struct SignRequest {
  std::string secret;
  OrderEvent event;
};
SignRequest decode_sign(Fields& f) {
  SignRequest r;
  r.secret = f.str("secret");
  const Json* event = f.object("event");
  if (!event) {
    f.finish();  // an unknown member is reported first
    invalid(f.path("event"), "required");
  }
  Fields e(*event, f.path("event"));
  r.event = decode_order_event(e);
  e.finish();
  return r;
}

struct LimitRequest {
  std::uint32_t limit = 1000;
};
LimitRequest decode_limit(Fields& f) {
  return {f.u32("limit", 1000)};
}

struct BenefitIdRequest {
  std::string benefit_id;
};
BenefitIdRequest decode_benefit_id(Fields& f) {
  return {f.str("benefit_id")};
}

struct ActivityIdRequest {
  std::string activity_id;
};
ActivityIdRequest decode_activity_id(Fields& f) {
  return {f.str("activity_id")};
}

struct JoinRequest {
  std::string user_id;
  std::string activity_id;
};
JoinRequest decode_join(Fields& f) {
  JoinRequest r;
  r.user_id = f.str("user_id");
  r.activity_id = f.str("activity_id");
  return r;
}

struct OverviewRequest {
  std::uint32_t active_days = 30;
};
OverviewRequest decode_overview(Fields& f) {
  return {f.u32("active_days", 30)};
}

// loyalty.statistics: seed 001 admin/statistics with group_by and metrics.
// group_by "level" adds the level distribution, "day" the daily trends of the
// window; metrics pick the figures: "count" (members), "revenue" (spend),
// "activity" (active members and points). No grouping: the overview only;
// no metrics: all three.
constexpr std::array kGroupings{std::string_view("level"), std::string_view("day")};
constexpr std::array kMetrics{std::string_view("count"), std::string_view("revenue"),
                              std::string_view("activity")};
constexpr std::uint32_t kMaxTrendDays = 366;

struct StatisticsRequest {
  std::uint32_t active_days = 30;
  std::set<std::string, std::less<>> group_by;
  std::set<std::string, std::less<>> metrics;
};

template <std::size_t N>
std::set<std::string, std::less<>> choices_of(Fields& f, std::string_view name,
                                              const std::array<std::string_view, N>& allowed) {
  std::set<std::string, std::less<>> out;
  const Json* items = f.array(name);
  if (!items) return out;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const std::string path = element_path(f.path(name), i);
    if (!items->at(i).is_string()) invalid(path, "not a string");
    const auto& value = items->at(i).get_ref<const std::string&>();
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      std::string known;
      for (std::string_view a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
      invalid(path, "unknown value; one of " + known);
    }
    if (!out.insert(value).second) invalid(path, "listed twice");
  }
  return out;
}

StatisticsRequest decode_statistics(Fields& f) {
  StatisticsRequest r;
  r.active_days = f.u32("active_days", 30);
  r.group_by = choices_of(f, "group_by", kGroupings);
  r.metrics = choices_of(f, "metrics", kMetrics);
  if (r.metrics.empty()) r.metrics.insert(kMetrics.begin(), kMetrics.end());
  if (r.group_by.contains("day") && r.active_days > kMaxTrendDays) {
    invalid("active_days", "at most 366 days when grouped by day");
  }
  return r;
}

/// `object` with only the members some chosen metric asks for.
Json only(const Json& object, const StatisticsRequest& r,
          const std::map<std::string, std::string_view>& metric_of) {
  Json out = Json::object();
  for (auto it = object.begin(); it != object.end(); ++it) {
    auto m = metric_of.find(it.key());
    if (m == metric_of.end() || r.metrics.contains(m->second)) out[it.key()] = *it;
  }
  return out;
}

Json statistics(Host& h, const Actor& a, const StatisticsRequest& r) {
  auto& loyalty = h.system.loyalty();
  Json out = {{"overview", only(encode(loyalty.overview(a, r.active_days)), r,
                                {{"total_members", "count"},
                                 {"new_members_this_month", "count"},
                                 {"active_members", "activity"},
                                 {"points_issued", "activity"},
                                 {"points_redeemed", "activity"}})}};
  if (r.group_by.contains("level")) {
    Json levels = Json::array();
    for (const auto& share : loyalty.level_distribution(a)) {
      levels.push_back(only(encode(share), r,
                            {{"count", "count"},
                             {"percentage_bp", "count"},
                             {"avg_spent", "revenue"},
                             {"avg_points", "activity"}}));
    }
    out["level_distribution"] = std::move(levels);
  }
  if (r.group_by.contains("day")) {
    // The window's days up to today: from the day active_days - 1 days ago.
    const TimePoint now = h.system.clock().now();
    const auto day = std::chrono::hours(24);
    Json growth = Json::array();
    Json points = Json::array();
    for (const auto& d : loyalty.trends(a, now - (r.active_days - 1) * day, now + day)) {
      const std::string date = format_time(d.date);
      if (r.metrics.contains("count")) {
        growth.push_back({{"date", date},
                          {"new_members", d.new_members},
                          {"upgraded_members", d.upgraded_members}});
      }
      if (r.metrics.contains("activity")) {
        points.push_back(
            {{"date", date}, {"points_earned", d.points_earned}, {"points_used", d.points_used}});
      }
    }
    out["trends"] = Json::object();
    if (r.metrics.contains("count")) out["trends"]["member_growth"] = std::move(growth);
    if (r.metrics.contains("activity")) out["trends"]["points_activity"] = std::move(points);
  }
  return out;
}

void register_ladder(OperationTable& t) {
  t.add("loyalty.levels", "The tenant's ladder of levels, lowest first (any actor).",
        R"({"kind": "anonymous"})", "{}", list_of("levels", std::string(kBasic) + ", " + kSilver),
        decode_no_fields, [](Host& h, const Actor& a, const NoFields&) -> Json {
          return {{"levels", encode_list(h.system.loyalty().levels(a))}};
        });
  t.add("loyalty.set_levels",
        "Replaces the ladder (admin or system): 1-50 levels, unique codes, the first needs 0 "
        "and thresholds strictly increase. Errors: invalid_argument naming levels[i].field, "
        "permission_denied.",
        kAdmin, list_of("levels", std::string(kBasic) + ", " + kSilver),
        list_of("levels", std::string(kBasic) + ", " + kSilver), decode_levels_request,
        [](Host& h, const Actor& a, const LevelsRequest& r) -> Json {
          return {{"levels", encode_list(h.system.loyalty().set_levels(a, r.levels))}};
        });
  t.add("loyalty.settings", "The tenant's loyalty settings (staff). Errors: permission_denied.",
        kAdmin, "{}", R"({"points_rate_bp": 10000, "downgrade_window_days": 0})", decode_no_fields,
        [](Host& h, const Actor& a, const NoFields&) -> Json {
          return encode(h.system.loyalty().settings(a));
        });
  t.add("loyalty.set_settings",
        "Replaces the settings (admin or system): points per currency unit in basis points "
        "and the downgrade window in days (0: never). Errors: invalid_argument, "
        "permission_denied.",
        kAdmin, R"({"points_rate_bp": 10000, "downgrade_window_days": 365})",
        R"({"points_rate_bp": 10000, "downgrade_window_days": 365})", decode_loyalty_settings,
        [](Host& h, const Actor& a, const LoyaltySettings& s) -> Json {
          return encode(h.system.loyalty().set_settings(a, s));
        });
  t.add(
      "loyalty.set_level",
      "Sets a member's level by hand (admin or system), up or down, until spend earns a higher "
      "one; the level is named by level_code or by level_id (its position, 1 for the lowest), "
      "not both. Errors: not_found (user; level_code; level_id), invalid_argument (reason, "
      "level_id), permission_denied.",
      kAdmin,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "level_code": "SILVER", "reason": "VIP customer compensation"})",
      R"({"operation_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7da0", "old_level": "BASIC", "new_level": "SILVER", "effective_time": "2026-01-31T12:00:00.000Z"})",
      decode_set_level, [](Host& h, const Actor& a, const SetLevelRequest& r) -> Json {
        return encode(h.system.loyalty().set_level(a, r));
      });
  t.add(
      "loyalty.profile",
      "The member's level, points, spend and progress to the next level (the member or "
      "staff). Errors: not_found, permission_denied.",
      kUser, kUserId,
      std::string(R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "level": )") + kBasic +
          R"(, "manual_level": false, "points": {"total": 1000, "available": 1000, "frozen": 0, "expiring": 0, "next_expiry": "2028-01-31T12:00:00.000Z"}, "total_spent": 100000, "total_orders": 1, "join_date": "2026-01-01T09:00:00.000Z", "last_active": "2026-01-31T12:00:00.000Z", "next_level": )" +
          kSilver + R"(, "remaining_spend": 100000, "progress_bp": 5000})",
      decode_user_request, [](Host& h, const Actor& a, const UserRequest& r) -> Json {
        return encode(h.system.loyalty().profile(a, r.user_id));
      });
  t.add("loyalty.level_code",
        "The member's current level code (the member or staff). Errors: not_found, "
        "permission_denied.",
        kUser, kUserId, R"({"level_code": "BASIC"})", decode_user_request,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"level_code", h.system.loyalty().level_code(a, r.user_id)}};
        });
  t.add("loyalty.evaluate_downgrades",
        "Lowers at most limit members who no longer re-qualify under the downgrade window "
        "(staff). Errors: permission_denied.",
        R"({"kind": "system"})", R"({"limit": 1000})", R"({"lowered": 0})", decode_limit,
        [](Host& h, const Actor& a, const LimitRequest& r) -> Json {
          return {{"lowered", h.system.loyalty().evaluate_downgrades(a, r.limit)}};
        });
}

constexpr const char* kEvent =
    R"({"event_type": "ORDER_COMPLETED", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "order_id": "ORD-20260131-0001", "amount": 100000, "refund_id": "", "items": [{"product_id": "SKU-1", "category": "BOOKS", "quantity": 2, "price": 50000}], "payment_time": "2026-01-31T11:59:00Z", "timestamp": "2026-01-31T12:00:00Z")";

void register_orders(OperationTable& t) {
  t.add("loyalty.set_webhook_secret",
        "Sets the secret order events are signed with (admin or system), 32-256 bytes, "
        "stored encrypted. Errors: invalid_argument (secret), permission_denied.",
        kAdmin, R"({"secret": "whsec-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e"})", "{}", decode_secret,
        [](Host& h, const Actor& a, const SecretRequest& r) -> Json {
          h.system.loyalty().set_webhook_secret(a, r.secret);
          return Json::object();
        });
  t.add(
      "loyalty.sign_order_event",
      "Computes an order event's canonical payload and its signature under a secret, as "
      "the order system does (no storage is read). Errors: invalid_argument.",
      R"({"kind": "anonymous"})",
      std::string(R"({"secret": "whsec-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e", "event": )") + kEvent +
          R"(, "signature": ""}})",
      R"({"payload": "{\"amount\":100000,\"event_type\":\"ORDER_COMPLETED\",\"items\":[{\"category\":\"BOOKS\",\"price\":50000,\"product_id\":\"SKU-1\",\"quantity\":2}],\"order_id\":\"ORD-20260131-0001\",\"payment_time\":1769860740000,\"refund_id\":\"\",\"timestamp\":1769860800000,\"user_id\":\"6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9\"}", "signature": "b1dbb0ce4bebff6a6b04152c1996902e10d77c9c937a75116bd2c542c1ff39a9"})",
      decode_sign, [](Host&, const Actor&, const SignRequest& r) -> Json {
        return {{"payload", canonical_payload(r.event)},
                {"signature", sign_order_event(r.secret, r.event)}};
      });
  t.add(
      "loyalty.apply_order_event",
      "Applies a signed ORDER_COMPLETED (earns points, adds spend, re-checks the level) or "
      "ORDER_REFUNDED event (service, admin or system); replays change nothing. Errors: "
      "unauthenticated (signature), invalid_argument, not_found, conflict (id reused with "
      "other content), failed_precondition (inactive account, refund beyond the order).",
      kService,
      std::string(kEvent) +
          R"(, "signature": "b1dbb0ce4bebff6a6b04152c1996902e10d77c9c937a75116bd2c542c1ff39a9"})",
      R"({"order_id": "ORD-20260131-0001", "points": 1000, "points_unrecovered": 0, "entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7da1", "level_changed": false, "old_level": "BASIC", "current_level": "BASIC", "total_spent": 100000, "total_orders": 1, "processed_at": "2026-01-31T12:00:00.000Z", "replayed": false})",
      decode_order_event, [](Host& h, const Actor& a, const OrderEvent& e) -> Json {
        return encode(h.system.loyalty().apply_order_event(a, e));
      });
}

void register_benefits(OperationTable& t) {
  t.add("loyalty.put_benefit",
        "Creates or replaces a benefit (admin or system). Errors: invalid_argument naming the "
        "field (min_level on the ladder, valid_from before valid_until), permission_denied.",
        kAdmin, kBenefit, kBenefit, decode_benefit,
        [](Host& h, const Actor& a, const Benefit& b) -> Json {
          return encode(h.system.loyalty().put_benefit(a, b));
        });
  t.add("loyalty.remove_benefit",
        "Deletes a benefit (admin or system); past uses stay. Errors: not_found, "
        "permission_denied.",
        kAdmin, R"({"benefit_id": "ship-free"})", "{}", decode_benefit_id,
        [](Host& h, const Actor& a, const BenefitIdRequest& r) -> Json {
          h.system.loyalty().remove_benefit(a, r.benefit_id);
          return Json::object();
        });
  t.add("loyalty.benefits", "Every benefit of the tenant, by id (staff).", kAdmin, "{}",
        list_of("benefits", kBenefit), decode_no_fields,
        [](Host& h, const Actor& a, const NoFields&) -> Json {
          return {{"benefits", encode_list(h.system.loyalty().benefits(a))}};
        });
  t.add("loyalty.available_benefits",
        "The benefits the member may use now, with the uses counted in the current period "
        "(the member or staff). Errors: not_found, permission_denied.",
        kUser, kUserId,
        list_of(
            "benefits",
            std::string(R"({"benefit": )") + kBenefit +
                R"(, "used_count": 1, "remaining": 4, "period_end": "2026-02-01T00:00:00.000Z"})"),
        decode_user_request, [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"benefits", encode_list(h.system.loyalty().available_benefits(a, r.user_id))}};
        });
  t.add(
      "loyalty.use_benefit",
      "Uses a benefit once (the member or staff); idempotent by key. Errors: not_found, "
      "failed_precondition (active, valid_from, valid_until, level, birthday; inactive "
      "account), resource_exhausted (usage_limit), conflict (key reused).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "benefit_id": "ship-free", "order_id": "ORD-20260131-0002", "key": "USE-SHIP-1"})",
      R"({"usage_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7da2", "benefit_id": "ship-free", "benefit_name": "Free shipping", "remaining": 4, "used_at": "2026-01-31T12:00:00.000Z", "replayed": false})",
      decode_use_benefit, [](Host& h, const Actor& a, const UseBenefitRequest& r) -> Json {
        return encode(h.system.loyalty().use_benefit(a, r));
      });
}

void register_activities(OperationTable& t) {
  t.add("loyalty.put_activity",
        "Creates or replaces an activity (admin or system); participants stay. Errors: "
        "invalid_argument naming the field (required_level, end_time, max_participants), "
        "permission_denied.",
        kAdmin, kActivity, kActivity, decode_activity,
        [](Host& h, const Actor& a, const Activity& act) -> Json {
          return encode(h.system.loyalty().put_activity(a, act));
        });
  t.add("loyalty.remove_activity",
        "Deletes an activity and its participations (admin or system). Errors: not_found, "
        "permission_denied.",
        kAdmin, R"({"activity_id": "double-points-feb"})", "{}", decode_activity_id,
        [](Host& h, const Actor& a, const ActivityIdRequest& r) -> Json {
          h.system.loyalty().remove_activity(a, r.activity_id);
          return Json::object();
        });
  t.add(
      "loyalty.activities",
      "Activities filtered by status (upcoming, active, ended) and category, paged, with "
      "the member's eligibility and participation (a user only for themself). Errors: "
      "invalid_argument, permission_denied.",
      kUser, R"({"status": "active", "category": "POINTS_PROMOTION", "limit": 20, "offset": 0})",
      std::string(R"({"activities": [{"activity": )") + kActivity +
          R"(, "status": "active", "participation_count": 12, "is_eligible": true, "is_participated": false}], "total": 1})",
      decode_activity_query, [](Host& h, const Actor& a, const ActivityQuery& q) -> Json {
        return encode(h.system.loyalty().activities(a, q));
      });
  t.add(
      "loyalty.join_activity",
      "Joins an activity once (the member or staff). Errors: not_found (activity_id), "
      "failed_precondition (start_time, end_time, required_level; inactive account), "
      "conflict (already joined), resource_exhausted (max_participants).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "activity_id": "double-points-feb"})",
      R"({"participation_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7da3", "activity_id": "double-points-feb", "activity_title": "Double points week", "joined_at": "2026-02-02T10:00:00.000Z"})",
      decode_join, [](Host& h, const Actor& a, const JoinRequest& r) -> Json {
        return encode(h.system.loyalty().join_activity(a, r.user_id, r.activity_id));
      });
}

void register_statistics(OperationTable& t) {
  t.add(
      "loyalty.overview",
      "Members and points at a glance (staff); active_days 1..3660 (default 30). Errors: "
      "invalid_argument (active_days), permission_denied.",
      kAdmin, R"({"active_days": 30})",
      R"({"total_members": 1250, "active_members": 430, "new_members_this_month": 85, "points_issued": 1250000, "points_redeemed": 310000})",
      decode_overview, [](Host& h, const Actor& a, const OverviewRequest& r) -> Json {
        return encode(h.system.loyalty().overview(a, r.active_days));
      });
  t.add(
      "loyalty.level_distribution",
      "Members per level, lowest first, with average spend and points (staff). Errors: "
      "permission_denied.",
      kAdmin, "{}",
      R"({"levels": [{"level_code": "BASIC", "level_name": "Basic", "count": 900, "percentage_bp": 7200, "avg_spent": 12000, "avg_points": 150}]})",
      decode_no_fields, [](Host& h, const Actor& a, const NoFields&) -> Json {
        return {{"levels", encode_list(h.system.loyalty().level_distribution(a))}};
      });
  t.add(
      "loyalty.trends",
      "Daily new members, upgrades and points from the day of from to the day before to "
      "(staff), at most 366 days. Errors: invalid_argument (to), permission_denied.",
      kAdmin, R"({"from": "2026-01-30T00:00:00Z", "to": "2026-02-01T00:00:00Z"})",
      R"({"days": [{"date": "2026-01-30T00:00:00.000Z", "new_members": 4, "upgraded_members": 1, "points_earned": 5200, "points_used": 800}]})",
      decode_trends, [](Host& h, const Actor& a, const TrendsRequest& r) -> Json {
        return {{"days", encode_list(h.system.loyalty().trends(a, r.from, r.to))}};
      });
  t.add(
      "loyalty.statistics",
      "Seed 001 admin statistics (staff): the overview over active_days (1..3660, default 30); "
      "group_by \"level\" adds level_distribution, \"day\" adds trends (member_growth, "
      "points_activity) for the last active_days days (at most 366); metrics choose the "
      "figures: \"count\" (members, shares, new members, upgrades), \"revenue\" (average "
      "spend), \"activity\" (active members, points); none given: all. Errors: "
      "invalid_argument (active_days, group_by[i], metrics[i]: unknown or repeated), "
      "permission_denied.",
      kAdmin, R"({"active_days": 30, "group_by": ["level"], "metrics": ["count", "revenue"]})",
      R"({"overview": {"total_members": 1250, "new_members_this_month": 85}, "level_distribution": [{"level_code": "BASIC", "level_name": "Basic", "count": 900, "percentage_bp": 7200, "avg_spent": 12000}]})",
      decode_statistics, statistics);
}

}  // namespace

void register_loyalty_operations(OperationTable& t) {
  register_ladder(t);
  register_orders(t);
  register_benefits(t);
  register_activities(t);
  register_statistics(t);
}

}  // namespace member::api
