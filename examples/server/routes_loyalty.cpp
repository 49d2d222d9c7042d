// Loyalty routes of seed 001 (/api/v1/member-system/levels, benefits,
// activities, admin/statistics, webhooks/events) over the loyalty.*
// operations. Money is in minor units (cents) and rates in basis points, as
// in the operations; seed 001's decimal amounts are not taken (a decimal is
// invalid_argument), so no floating point decides anything.
#include <algorithm>

#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

const std::string kV1 = "/api/v1/member-system";

Json profile(const HttpInput& in) {
  return own_id(in);
}

Json levels(const HttpInput&) {
  return Json::object();
}

Json body(const HttpInput& in) {
  return in.body;
}

// seed 001: {"user_id", "target_level_id" | "target_level_code", "reason",
// "operator"}; the operator is the authenticated admin, so "operator" is
// dropped; the level is named by its level_id (ladder position) or its code.
Json upgrade(const HttpInput& in) {
  Json request =
      renamed(in.body, {{"target_level_code", "level_code"}, {"target_level_id", "level_id"}});
  request.erase("operator");
  return request;
}

Json benefit_use(const HttpInput& in) {
  Json request = renamed(in.body, {{"idempotency_key", "key"}});
  request.erase("usage_context");  // informative only (seed 001)
  return own(request, in.actor);
}

Json activities(const HttpInput& in) {
  Json request = Json::object();
  if (auto status = in.query("status"); status && *status != "all") request["status"] = *status;
  if (auto category = in.query("category"); category && *category != "all") {
    request["category"] = *category;
  }
  if (in.actor.kind != ActorKind::user) request["user_id"] = in.query("user_id").value_or("");
  page_from_query(in, request);
  return request;
}

Json join(const HttpInput& in) {
  Json request = own(in.body, in.actor);
  request["activity_id"] = in.query("activity_id").value_or("");
  return request;
}

// A comma-separated query parameter as a JSON array ("count,revenue").
Json comma_list(const std::string& text) {
  Json out = Json::array();
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(',', start), text.size());
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// seed 001: ?date_range=30d (1..3660 days) &group_by=level,day
// &metrics=count,revenue,activity; unknown values are 400 (the operation
// names them).
Json statistics(const HttpInput& in) {
  Json request = Json::object();
  if (auto range = in.query("date_range")) {
    std::string days = *range;
    if (!days.empty() && days.back() == 'd') days.pop_back();
    if (days.empty() || days.size() > 4 ||
        days.find_first_not_of("0123456789") != std::string::npos) {
      api::invalid("date_range", "must be a number of days, e.g. 30d");
    }
    request["active_days"] = std::stoll(days);
  }
  if (auto group_by = in.query("group_by")) request["group_by"] = comma_list(*group_by);
  if (auto metrics = in.query("metrics")) request["metrics"] = comma_list(*metrics);
  return request;
}

Json trends(const HttpInput& in) {
  return {{"from", in.query("from").value_or("")}, {"to", in.query("to").value_or("")}};
}

// seed 001: {"event_type", "event_data": {"user_id", "order_id",
// "order_amount", "payment_time", "items", ...}, "timestamp", "signature"}:
// event_data's members join the top level and order_amount is the amount.
Json webhook(const HttpInput& in) {
  Json request = in.body;
  if (auto data = request.find("event_data"); data != request.end() && data->is_object()) {
    const Json inner = std::move(*data);
    request.erase("event_data");
    for (auto it = inner.begin(); it != inner.end(); ++it) {
      if (!request.contains(it.key())) request[it.key()] = *it;
    }
  }
  return renamed(request, {{"order_amount", "amount"}, {"refund_amount", "amount"}});
}

}  // namespace

std::vector<Route> loyalty_routes() {
  return {
      {"GET", kV1 + "/profile/level", "loyalty.profile", Access::member, "member", Body::none,
       profile},
      {"GET", kV1 + "/levels", "loyalty.levels", Access::open, "001", Body::none, levels},
      {"POST", kV1 + "/levels/upgrade", "loyalty.set_level", Access::admin, "001", Body::json,
       upgrade},
      {"GET", kV1 + "/benefits/available", "loyalty.available_benefits", Access::member, "001",
       Body::none, profile},
      {"POST", kV1 + "/benefits/use", "loyalty.use_benefit", Access::member, "001", Body::json,
       benefit_use},
      {"GET", kV1 + "/activities", "loyalty.activities", Access::member, "001", Body::none,
       activities},
      {"POST", kV1 + "/activities/{activity_id}/join", "loyalty.join_activity", Access::member,
       "001", Body::json, join},
      {"GET", kV1 + "/admin/statistics", "loyalty.statistics", Access::admin, "001", Body::none,
       statistics},
      {"GET", kV1 + "/admin/statistics/levels", "loyalty.level_distribution", Access::admin,
       "member", Body::none, levels},
      {"GET", kV1 + "/admin/statistics/trends", "loyalty.trends", Access::admin, "member",
       Body::none, trends},
      {"PUT", kV1 + "/admin/levels", "loyalty.set_levels", Access::admin, "member", Body::json,
       body},
      {"PUT", kV1 + "/admin/benefits", "loyalty.put_benefit", Access::admin, "member", Body::json,
       body},
      {"PUT", kV1 + "/admin/activities", "loyalty.put_activity", Access::admin, "member",
       Body::json, body},
      {"PUT", kV1 + "/admin/webhook-secret", "loyalty.set_webhook_secret", Access::admin, "member",
       Body::json, body},
      {"POST", kV1 + "/webhooks/events", "loyalty.apply_order_event", Access::internal, "001",
       Body::json, webhook},
  };
}

}  // namespace member::server
