// Points and catalog routes of seed 001 (/api/v1/member-system/points/...)
// over the points.* and catalog.* operations, and seed 003's account balance
// and statement (/api/user/balance, /api/user/transactions) over wallet.*. Seed 001 calls the
// amount "points"; the operations call it "amount". Seed 001's earn and use name an order but no
// idempotency key: without a "key" the order is the key, so a retried request for one order has one
// effect.
#include <chrono>

#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

const std::string kPoints = "/api/v1/member-system/points";

// A "YYYY-MM-DD" query parameter as the UTC midnight `plus_days` after that
// day (absent: nothing). Errors: invalid_argument naming the parameter.
std::optional<std::string> day_start(const HttpInput& in, std::string_view name, int plus_days) {
  const auto text = in.query(name);
  if (!text) return std::nullopt;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  bool shaped = text->size() == 10;
  for (std::size_t i = 0; shaped && i < text->size(); ++i) {
    const char c = (*text)[i];
    shaped = (i == 4 || i == 7) ? c == '-' : (c >= '0' && c <= '9');
  }
  if (shaped) {
    y = std::stoi(text->substr(0, 4));
    m = static_cast<unsigned>(std::stoi(text->substr(5, 2)));
    d = static_cast<unsigned>(std::stoi(text->substr(8, 2)));
  }
  const std::chrono::year_month_day day{std::chrono::year{y}, std::chrono::month{m},
                                        std::chrono::day{d}};
  if (!shaped || !day.ok()) api::invalid(std::string(name), "must be a date YYYY-MM-DD");
  return api::format_time(std::chrono::sys_days(day) + std::chrono::days(plus_days));
}

// seed 001: ?page=&limit=&type=all&start_date=2024-08-01&end_date=2024-09-17
// (both days included).
Json history(const HttpInput& in) {
  Json request = own_page(in);
  if (auto from = day_start(in, "start_date", 0)) request["from"] = *from;
  if (auto to = day_start(in, "end_date", 1)) request["to"] = *to;
  if (auto type = in.query("type"); type && *type != "all") {
    // Seed 003 names the wallet's kinds income and expense.
    request["kind"] = *type == "income" ? "earn" : *type == "expense" ? "use" : *type;
  }
  return request;
}

Json summary(const HttpInput& in) {
  return own_id(in);
}

// "key" defaults to "<kind>:<related_order>" when the request names an order.
Json keyed_by_order(Json request, std::string_view kind) {
  const auto order = request.find("related_order");
  if (!request.contains("key") && order != request.end() && order->is_string() &&
      !order->get_ref<const std::string&>().empty()) {
    request["key"] = std::string(kind) + ":" + order->get<std::string>();
  }
  return request;
}

Json earn(const HttpInput& in) {
  return keyed_by_order(object_as_text(renamed(in.body, {{"points", "amount"}}), "related_data"),
                        "earn");
}

Json use(const HttpInput& in) {
  return own(
      keyed_by_order(renamed(in.body, {{"points_to_use", "amount"}, {"order_id", "related_order"}}),
                     "use"),
      in.actor);
}

Json redeem(const HttpInput& in) {
  Json request =
      object_as_text(renamed(in.body, {{"redemption_item_id", "item_id"}}), "delivery_address");
  return own(request, in.actor);
}

Json batch(const HttpInput& in) {
  Json request = renamed(in.body, {{"users", "items"}});
  if (auto items = request.find("items"); items != request.end() && items->is_array()) {
    for (auto& item : *items) {
      if (item.is_object()) item = renamed(item, {{"points", "amount"}});
    }
  }
  return request;
}

Json body(const HttpInput& in) {
  return in.body;
}

Json catalog(const HttpInput&) {
  return Json::object();
}

}  // namespace

std::vector<Route> points_routes() {
  return {
      {"GET", kPoints + "/transactions", "points.history", Access::member, "001", Body::none,
       history},
      {"GET", kPoints + "/summary", "points.summary", Access::member, "member", Body::none,
       summary},
      {"POST", kPoints + "/earn", "points.earn", Access::internal, "001", Body::json, earn},
      {"POST", kPoints + "/use", "points.use", Access::member, "001", Body::json, use},
      {"POST", kPoints + "/redeem", "points.redeem", Access::member, "001", Body::json, redeem},
      {"GET", kPoints + "/catalog", "catalog.list", Access::open, "member", Body::none, catalog},
      {"GET", kPoints + "/redemptions", "catalog.redemptions", Access::member, "member", Body::none,
       own_page},
      {"POST", kPoints + "/freeze", "points.freeze", Access::internal, "member", Body::json, body},
      {"POST", kPoints + "/capture", "points.capture", Access::internal, "member", Body::json,
       body},
      {"POST", kPoints + "/release", "points.release", Access::internal, "member", Body::json,
       body},
      {"POST", kPoints + "/reverse", "points.reverse", Access::internal, "member", Body::json,
       body},
      {"POST", "/api/v1/member-system/admin/points/batch", "points.apply_batch", Access::admin,
       "001", Body::json, batch},
      {"POST", "/api/v1/member-system/admin/points/adjust", "points.adjust", Access::admin,
       "member", Body::json, body},
      {"PUT", "/api/v1/member-system/admin/catalog", "catalog.put", Access::admin, "member",
       Body::json, body},
      // seed 003: the money wallet (amounts in minor units)
      {"GET", "/api/user/balance", "wallet.summary", Access::member, "003", Body::none, summary},
      {"GET", "/api/user/transactions", "wallet.history", Access::member, "003", Body::none,
       history},
      // a payment service credits a recharge (seed 003's "账户充值" entries)
      {"POST", "/api/user/wallet/recharge", "wallet.earn", Access::internal, "member", Body::json,
       body},
  };
}

}  // namespace member::server
