// JSON codecs of member::Loyalty's request and result types (loyalty.*).
#include "api/codecs.hpp"

namespace member {

std::string_view to_string(BenefitPeriod p) {
  switch (p) {
    case BenefitPeriod::whole:
      return "whole";
    case BenefitPeriod::day:
      return "day";
    case BenefitPeriod::month:
      return "month";
    case BenefitPeriod::year:
      return "year";
  }
  return "whole";
}

std::string_view to_string(ActivityStatus s) {
  switch (s) {
    case ActivityStatus::upcoming:
      return "upcoming";
    case ActivityStatus::active:
      return "active";
    case ActivityStatus::ended:
      return "ended";
  }
  return "upcoming";
}

}  // namespace member

namespace member::api {

namespace {

/// A time the request must carry: call after every member was read, so an
/// unknown member is reported before a missing one.
TimePoint required(Fields& f, std::string_view name, const std::optional<TimePoint>& t) {
  if (!t) {
    f.finish();
    invalid(f.path(name), "required");
  }
  return *t;
}

std::int32_t i32(Fields& f, std::string_view name, std::int32_t fallback) {
  const std::int64_t v = f.i64(name, fallback);
  if (v < INT32_MIN || v > INT32_MAX) invalid(f.path(name), "out of range");
  return static_cast<std::int32_t>(v);
}

Level decode_level(Fields& f) {
  Level l;
  l.level_id = f.i64("level_id");
  l.code = f.str("code");
  l.name = f.str("name");
  l.required_spend = f.i64("required_spend");
  l.discount_rate_bp = i32(f, "discount_rate_bp", l.discount_rate_bp);
  l.point_multiplier_bp = i32(f, "point_multiplier_bp", l.point_multiplier_bp);
  if (const Json* b = f.object("benefits")) {
    Fields flags(*b, f.path("benefits"));
    l.benefits.free_shipping = flags.boolean("free_shipping");
    l.benefits.birthday_gift = flags.boolean("birthday_gift");
    l.benefits.priority_service = flags.boolean("priority_service");
    l.benefits.exclusive_events = flags.boolean("exclusive_events");
    flags.finish();
  }
  return l;
}

Json encode_optional_level(const std::optional<Level>& l) {
  return l ? encode(*l) : Json(nullptr);
}

Json encode_optional_count(const std::optional<std::int64_t>& n) {
  return n ? Json(*n) : Json(nullptr);
}

}  // namespace

LevelsRequest decode_levels_request(Fields& f) {
  LevelsRequest r;
  if (const Json* items = f.array("levels")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      Fields item(items->at(i), element_path(f.path("levels"), i));
      r.levels.push_back(decode_level(item));
      item.finish();
    }
  }
  return r;
}

LoyaltySettings decode_loyalty_settings(Fields& f) {
  LoyaltySettings s;
  s.points_rate_bp = f.i64("points_rate_bp", s.points_rate_bp);
  s.downgrade.window_days = f.u32("downgrade_window_days", 0);
  return s;
}

SetLevelRequest decode_set_level(Fields& f) {
  SetLevelRequest r;
  r.user_id = f.str("user_id");
  r.level_code = f.str("level_code");
  r.reason = f.str("reason");
  r.level_id = f.i64("level_id");
  return r;
}

OrderEvent decode_order_event(Fields& f) {
  OrderEvent e;
  e.event_type = f.str("event_type");
  e.user_id = f.str("user_id");
  e.order_id = f.str("order_id");
  e.amount = f.i64("amount");
  e.refund_id = f.str("refund_id");
  if (const Json* items = f.array("items")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      Fields item(items->at(i), element_path(f.path("items"), i));
      OrderItem o;
      o.product_id = item.str("product_id");
      o.category = item.str("category");
      o.quantity = item.i64("quantity", 1);
      o.price = item.i64("price");
      item.finish();
      e.items.push_back(std::move(o));
    }
  }
  const auto payment_time = f.opt_time("payment_time");
  const auto timestamp = f.opt_time("timestamp");
  e.signature = f.str("signature");
  e.payment_time = required(f, "payment_time", payment_time);
  e.timestamp = required(f, "timestamp", timestamp);
  return e;
}

Benefit decode_benefit(Fields& f) {
  Benefit b;
  b.benefit_id = f.str("benefit_id");
  b.name = f.str("name");
  b.type = f.str("type");
  b.value = f.i64("value");
  b.description = f.str("description");
  b.min_level = f.str("min_level");
  b.usage_limit = f.i64("usage_limit");
  b.period = f.enumeration<BenefitPeriod>("period", 4, BenefitPeriod::whole);
  b.valid_from = f.opt_time("valid_from");
  b.valid_until = f.opt_time("valid_until");
  b.active = f.boolean("active", true);
  return b;
}

UseBenefitRequest decode_use_benefit(Fields& f) {
  UseBenefitRequest r;
  r.user_id = f.str("user_id");
  r.benefit_id = f.str("benefit_id");
  r.order_id = f.str("order_id");
  r.key = f.str("key");
  return r;
}

Activity decode_activity(Fields& f) {
  Activity a;
  a.activity_id = f.str("activity_id");
  a.title = f.str("title");
  a.description = f.str("description");
  a.category = f.str("category");
  a.required_level = f.str("required_level");
  const auto start = f.opt_time("start_time");
  const auto end = f.opt_time("end_time");
  a.max_participants = f.i64("max_participants");
  a.start_time = required(f, "start_time", start);
  a.end_time = required(f, "end_time", end);
  return a;
}

ActivityQuery decode_activity_query(Fields& f) {
  ActivityQuery q;
  q.status = f.opt_enum<ActivityStatus>("status", 3);
  q.category = f.str("category");
  q.user_id = f.str("user_id");
  q.page = decode_page(f);
  return q;
}

TrendsRequest decode_trends(Fields& f) {
  TrendsRequest r;
  const auto from = f.opt_time("from");
  const auto to = f.opt_time("to");
  r.from = required(f, "from", from);
  r.to = required(f, "to", to);
  return r;
}

Json encode(const Level& l) {
  return {{"level_id", l.level_id},
          {"code", l.code},
          {"name", l.name},
          {"required_spend", l.required_spend},
          {"discount_rate_bp", l.discount_rate_bp},
          {"point_multiplier_bp", l.point_multiplier_bp},
          {"benefits",
           {{"free_shipping", l.benefits.free_shipping},
            {"birthday_gift", l.benefits.birthday_gift},
            {"priority_service", l.benefits.priority_service},
            {"exclusive_events", l.benefits.exclusive_events}}}};
}

Json encode(const LoyaltySettings& s) {
  return {{"points_rate_bp", s.points_rate_bp}, {"downgrade_window_days", s.downgrade.window_days}};
}

Json encode(const LevelChange& c) {
  return {{"operation_id", c.operation_id},
          {"old_level", c.old_level},
          {"new_level", c.new_level},
          {"effective_time", format_time(c.effective_time)}};
}

Json encode(const MemberProfile& p) {
  return {{"user_id", p.user_id},
          {"level", encode(p.level)},
          {"manual_level", p.manual_level},
          {"points", encode(p.points)},
          {"total_spent", p.total_spent},
          {"total_orders", p.total_orders},
          {"join_date", format_time(p.join_date)},
          {"last_active", time_or_null(p.last_active)},
          {"next_level", encode_optional_level(p.next_level)},
          {"remaining_spend", p.remaining_spend},
          {"progress_bp", p.progress_bp}};
}

Json encode(const OrderOutcome& o) {
  return {{"order_id", o.order_id},
          {"points", o.points},
          {"points_unrecovered", o.points_unrecovered},
          {"entry_id", o.entry_id},
          {"level_changed", o.level_changed},
          {"old_level", o.old_level},
          {"current_level", o.current_level},
          {"total_spent", o.total_spent},
          {"total_orders", o.total_orders},
          {"processed_at", format_time(o.processed_at)},
          {"replayed", o.replayed}};
}

Json encode(const Benefit& b) {
  return {{"benefit_id", b.benefit_id},
          {"name", b.name},
          {"type", b.type},
          {"value", b.value},
          {"description", b.description},
          {"min_level", b.min_level},
          {"usage_limit", b.usage_limit},
          {"period", to_string(b.period)},
          {"valid_from", time_or_null(b.valid_from)},
          {"valid_until", time_or_null(b.valid_until)},
          {"active", b.active}};
}

Json encode(const AvailableBenefit& b) {
  return {{"benefit", encode(b.benefit)},
          {"used_count", b.used_count},
          {"remaining", encode_optional_count(b.remaining)},
          {"period_end", time_or_null(b.period_end)}};
}

Json encode(const BenefitUse& u) {
  return {{"usage_id", u.usage_id},
          {"benefit_id", u.benefit_id},
          {"benefit_name", u.benefit_name},
          {"remaining", encode_optional_count(u.remaining)},
          {"used_at", format_time(u.used_at)},
          {"replayed", u.replayed}};
}

Json encode(const Activity& a) {
  return {{"activity_id", a.activity_id},        {"title", a.title},
          {"description", a.description},        {"category", a.category},
          {"required_level", a.required_level},  {"start_time", format_time(a.start_time)},
          {"end_time", format_time(a.end_time)}, {"max_participants", a.max_participants}};
}

Json encode(const ActivityList& l) {
  Json items = Json::array();
  for (const auto& v : l.activities) {
    items.push_back({{"activity", encode(v.activity)},
                     {"status", to_string(v.status)},
                     {"participation_count", v.participation_count},
                     {"is_eligible", v.is_eligible},
                     {"is_participated", v.is_participated}});
  }
  return {{"activities", std::move(items)}, {"total", l.total}};
}

Json encode(const Participation& p) {
  return {{"participation_id", p.participation_id},
          {"activity_id", p.activity_id},
          {"activity_title", p.activity_title},
          {"joined_at", format_time(p.joined_at)}};
}

Json encode(const StatisticsOverview& s) {
  return {{"total_members", s.total_members},
          {"active_members", s.active_members},
          {"new_members_this_month", s.new_members_this_month},
          {"points_issued", s.points_issued},
          {"points_redeemed", s.points_redeemed}};
}

Json encode(const LevelShare& s) {
  return {{"level_code", s.level_code}, {"level_name", s.level_name},
          {"count", s.count},           {"percentage_bp", s.percentage_bp},
          {"avg_spent", s.avg_spent},   {"avg_points", s.avg_points}};
}

Json encode(const DailyTrend& d) {
  return {{"date", format_time(d.date)},
          {"new_members", d.new_members},
          {"upgraded_members", d.upgraded_members},
          {"points_earned", d.points_earned},
          {"points_used", d.points_used}};
}

}  // namespace member::api
