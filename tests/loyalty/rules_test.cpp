// C2/C5 pure rules, without a database: ladder validation, level from spend,
// progress, points from an order, proportional refunds, the canonical payload
// and its signature (checked against an HMAC computed here with Botan).
#include <doctest/doctest.h>

#include <botan/hex.h>
#include <botan/mac.h>

#include "loyalty/level_rules.hpp"
#include "loyalty/order_payload.hpp"
#include "support/fixtures.hpp"

namespace member::test {
namespace {

using detail::level_for_spend;
using detail::order_points;
using detail::refunded_points;

std::string independent_hmac_hex(const std::string& key, const std::string& message) {
  auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  mac->set_key(reinterpret_cast<const std::uint8_t*>(key.data()), key.size());
  mac->update(message);
  const auto tag = mac->final();
  return Botan::hex_encode(tag.data(), tag.size(), false);
}

}  // namespace

TEST_CASE("C2 rules: the default ladder is valid and as specified") {
  auto ladder = default_levels();
  REQUIRE(ladder.size() == 5);
  detail::validate_levels(ladder);
  const std::vector<std::pair<std::string, std::int64_t>> expected = {
      {"BASIC", 0}, {"BRONZE", 50000}, {"SILVER", 200000}, {"GOLD", 500000}, {"PLATINUM", 2000000}};
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    CHECK(ladder[i].code == expected[i].first);
    CHECK(ladder[i].required_spend == expected[i].second);
    CHECK(ladder[i].level_id == static_cast<std::int64_t>(i + 1));
  }
}

TEST_CASE("C2 rules: every ladder rule refuses its bad input, naming the field") {
  const auto bad = [](auto change, const std::string& field) {
    auto ladder = default_levels();
    change(ladder);
    check_error([&] { detail::validate_levels(ladder); }, Errc::invalid_argument, field);
  };
  bad([](auto& l) { l.clear(); }, "levels");
  bad([](auto& l) { l.resize(51, l.back()); }, "levels");
  bad([](auto& l) { l[2].code = "BRONZE"; }, "levels[2].code");
  bad([](auto& l) { l[2].code = "has space"; }, "levels[2].code");
  bad([](auto& l) { l[2].code = ""; }, "levels[2].code");
  bad([](auto& l) { l[1].name = ""; }, "levels[1].name");
  bad([](auto& l) { l[0].required_spend = 1; }, "levels[0].required_spend");
  bad([](auto& l) { l[3].required_spend = l[2].required_spend; }, "levels[3].required_spend");
  bad([](auto& l) { l[3].required_spend = l[2].required_spend - 1; }, "levels[3].required_spend");
  bad([](auto& l) { l[1].discount_rate_bp = 0; }, "levels[1].discount_rate_bp");
  bad([](auto& l) { l[1].discount_rate_bp = 10001; }, "levels[1].discount_rate_bp");
  bad([](auto& l) { l[1].point_multiplier_bp = 0; }, "levels[1].point_multiplier_bp");
  bad([](auto& l) { l[1].point_multiplier_bp = -5; }, "levels[1].point_multiplier_bp");
  // The edges that are allowed.
  auto ladder = default_levels();
  ladder[1].discount_rate_bp = 10000;
  ladder[1].discount_rate_bp = 1;
  ladder[1].point_multiplier_bp = 1;
  CHECK_NOTHROW(detail::validate_levels(ladder));
}

TEST_CASE("C2 rules: level from spend is the highest threshold reached") {
  const auto ladder = default_levels();
  CHECK(level_for_spend(ladder, 0) == 0);
  CHECK(level_for_spend(ladder, 49999) == 0);
  CHECK(level_for_spend(ladder, 50000) == 1);
  CHECK(level_for_spend(ladder, 199999) == 1);
  CHECK(level_for_spend(ladder, 200000) == 2);
  CHECK(level_for_spend(ladder, 1999999) == 3);
  CHECK(level_for_spend(ladder, 2000000) == 4);
  CHECK(level_for_spend(ladder, 900000000) == 4);
  CHECK(level_for_spend(ladder, -5) == 0);
  CHECK(detail::level_index(ladder, "GOLD") == std::optional<std::size_t>(3));
  CHECK_FALSE(detail::level_index(ladder, "gold").has_value());
}

TEST_CASE("C2 rules: progress towards the next level (seed 001: 2500 of 5000 is 50%)") {
  const auto ladder = default_levels();
  auto p = detail::progress(ladder, 2, 250000);  // SILVER, 2500.00 spent
  REQUIRE(p.next == std::optional<std::size_t>(3));
  CHECK(p.remaining == 250000);
  CHECK(p.progress_bp == 5000);
  p = detail::progress(ladder, 0, 0);
  CHECK(p.remaining == 50000);
  CHECK(p.progress_bp == 0);
  p = detail::progress(ladder, 0, 333);  // 333/50000 = 0.666% -> 66 bp, rounded down
  CHECK(p.progress_bp == 66);
  // A manual level above what spend earned: progress may not exceed 100%.
  p = detail::progress(ladder, 1, 300000);
  CHECK(p.remaining == 0);
  CHECK(p.progress_bp == 10000);
  p = detail::progress(ladder, 4, 5000000);  // top: no next level, 100%
  CHECK_FALSE(p.next.has_value());
  CHECK(p.remaining == 0);
  CHECK(p.progress_bp == 10000);
}

TEST_CASE("C5 rules: points = floor(amount x rate x multiplier), in integers") {
  CHECK(order_points(29999, 10000, 10000) == 299);  // 299.99 at 1 point per unit
  CHECK(order_points(29999, 10000, 15000) == 449);  // x1.5: 449.985
  CHECK(order_points(29999, 10000, 12000) == 359);  // x1.2: 359.988
  CHECK(order_points(29999, 20000, 10000) == 599);  // 2 points per unit
  CHECK(order_points(99, 10000, 10000) == 0);       // under one unit
  CHECK(order_points(100, 10000, 10000) == 1);
  CHECK(order_points(0, 10000, 10000) == 0);
  CHECK(order_points(-100, 10000, 10000) == 0);
  // No overflow at the largest amount and rate.
  CHECK(order_points(1'000'000'000'000, 1'000'000, 1'000'000) == 100'000'000'000'000);
}

TEST_CASE("C5 rules: refunds take back points proportionally, all of them at the end") {
  CHECK(refunded_points(300, 30000, 10000) == 100);
  CHECK(refunded_points(299, 29999, 10000) == 99);  // 99.67, rounded down
  CHECK(refunded_points(299, 29999, 29999) == 299);
  CHECK(refunded_points(299, 29999, 40000) == 299);
  CHECK(refunded_points(0, 29999, 100) == 0);
  CHECK(refunded_points(299, 29999, 0) == 0);
  // Cumulative: two halves take back exactly the whole.
  const std::int64_t first = refunded_points(7, 1000, 500);
  const std::int64_t both = refunded_points(7, 1000, 1000);
  CHECK(first == 3);
  CHECK(both - first == 4);
}

TEST_CASE("C5 rules: the canonical payload is sorted compact JSON and the signature is HMAC") {
  OrderEvent e;
  e.event_type = "ORDER_COMPLETED";
  e.user_id = "u1";
  e.order_id = "ORD123456";
  e.amount = 29999;
  e.items = {{"P123", "electronics", 1, 29999}};
  e.payment_time = TimePoint{std::chrono::milliseconds(1726567200000)};
  e.timestamp = TimePoint{std::chrono::milliseconds(1726567260000)};
  const std::string payload = canonical_payload(e);
  CHECK(payload ==
        R"({"amount":29999,"event_type":"ORDER_COMPLETED","items":[{"category":"electronics",)"
        R"("price":29999,"product_id":"P123","quantity":1}],"order_id":"ORD123456",)"
        R"("payment_time":1726567200000,"refund_id":"","timestamp":1726567260000,"user_id":"u1"})");
  const std::string secret = "s3cret-s3cret-s3cret-s3cret-s3cret";
  const std::string signature = sign_order_event(secret, e);
  CHECK(signature == independent_hmac_hex(secret, payload));
  e.signature = signature;
  CHECK(detail::signature_valid(secret, e));
  // Upper-case hex is the same signature.
  for (char& c : e.signature) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  CHECK(detail::signature_valid(secret, e));
  e.signature = signature;
  CHECK_FALSE(detail::signature_valid(secret + "x", e));
  e.signature = signature.substr(0, 62);
  CHECK_FALSE(detail::signature_valid(secret, e));
  e.signature = std::string(64, 'z');
  CHECK_FALSE(detail::signature_valid(secret, e));
  e.signature = "";
  CHECK_FALSE(detail::signature_valid(secret, e));
  // Any signed field changed breaks the signature.
  e.signature = signature;
  e.amount = 30000;
  CHECK_FALSE(detail::signature_valid(secret, e));
  e.amount = 29999;
  e.items[0].quantity = 2;
  CHECK_FALSE(detail::signature_valid(secret, e));
}

}  // namespace member::test
