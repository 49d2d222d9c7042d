// C5 order events on a real database: signatures, points through the ledger
// with the order id as key, spend and order count, the level re-check,
// replays, refunds (partial and whole), and bad input changing nothing.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "loyalty/loyalty_helpers.hpp"
#include "support/latch.hpp"

namespace member::test {

TEST_CASE("C5 events: ORDER_COMPLETED earns floor(amount x rate x multiplier) and counts spend") {
  LoyaltyFixture f;
  auto out = f.order(f.alice, "ORD1", 29999);
  CHECK(out.points == 299);
  CHECK_FALSE(out.replayed);
  CHECK_FALSE(out.level_changed);
  CHECK(out.current_level == "BASIC");
  CHECK(out.total_spent == 29999);
  CHECK(out.total_orders == 1);
  CHECK(out.processed_at == f.now());
  CHECK(f.available(f.alice) == 299);
  // The ledger entry: an earn keyed by the order id.
  const auto history = f.sys->points().history(kAdmin, {.user_id = f.alice});
  REQUIRE(history.entries.size() == 1);
  CHECK(history.entries[0].entry_id == out.entry_id);
  CHECK(history.entries[0].kind == EntryKind::earn);
  CHECK(history.entries[0].event_type == "PURCHASE");
  CHECK(history.entries[0].related_order == "ORD1");
  // The same key through the ledger directly is taken.
  check_error(
      [&] { f.sys->points().earn(kAdmin, {.user_id = f.alice, .amount = 5, .key = "ORD1"}); },
      Errc::conflict, "key");

  // Crossing a threshold upgrades; the next order earns with the new multiplier.
  out = f.order(f.alice, "ORD2", 500000);  // 5299.99 in all: GOLD
  CHECK(out.points == 5000);               // earned at BASIC's x1.0
  CHECK(out.level_changed);
  CHECK(out.old_level == "BASIC");
  CHECK(out.current_level == "GOLD");
  out = f.order(f.alice, "ORD3", 10000);  // 100.00 at GOLD's x1.2
  CHECK(out.points == 120);
  CHECK_FALSE(out.level_changed);
  // The tenant's rate applies too.
  f.loyalty().set_settings(kAdmin, {.points_rate_bp = 25000});
  CHECK(f.order(f.bob, "ORD4", 10001).points == 250);  // 100.01 x 2.5 = 250.025
  CHECK(check_invariants(f.db()));
}

TEST_CASE("C5 events: a member spending under an order's id does not take the order's key") {
  LoyaltyFixture f;
  f.order(f.bob, "ORD0", 10000);  // 100 points for Bob to spend
  // Bob guesses the id of Alice's next order and spends under it first.
  const auto spent =
      f.sys->points().use(Actor::user(f.bob), {.user_id = f.bob, .amount = 1, .key = "ORD7"});
  CHECK_FALSE(spent.replayed);
  const auto out = f.order(f.alice, "ORD7", 29999);
  CHECK_FALSE(out.replayed);
  CHECK(out.points == 299);
  CHECK(f.available(f.alice) == 299);
  CHECK(f.available(f.bob) == 99);
  CHECK(check_invariants(f.db()));
}

TEST_CASE("C5 events: a replay changes nothing; the id with other content is a conflict") {
  LoyaltyFixture f;
  const OrderEvent event = f.completed(f.alice, "ORD1", 250000);
  const auto first = f.apply(event);
  CHECK(first.level_changed);
  f.clock->advance(minutes(3));
  const auto again = f.apply(event);
  CHECK(again.replayed);
  CHECK(again.points == first.points);
  CHECK(again.entry_id == first.entry_id);
  CHECK(again.level_changed == first.level_changed);
  CHECK(again.processed_at == first.processed_at);
  const auto p = f.profile(f.alice);
  CHECK(p.total_spent == 250000);
  CHECK(p.total_orders == 1);
  CHECK(f.available(f.alice) == 2500);
  check_error([&] { f.apply(f.completed(f.alice, "ORD1", 250001)); }, Errc::conflict, "key");
  check_error([&] { f.apply(f.completed(f.bob, "ORD1", 250000)); }, Errc::conflict, "key");
  CHECK(f.available(f.bob) == 0);
  CHECK(f.profile(f.alice).total_spent == 250000);
}

TEST_CASE("C5 events: a missing or wrong signature, or no secret, is refused; nothing changes") {
  LoyaltyFixture f;
  OrderEvent e = f.completed(f.alice, "ORD1", 10000);
  OrderEvent unsigned_event = e;
  unsigned_event.signature.clear();
  check_error([&] { f.apply(unsigned_event); }, Errc::unauthenticated, "signature");
  OrderEvent tampered = e;
  tampered.amount = 99999999;
  check_error([&] { f.apply(tampered); }, Errc::unauthenticated, "signature");
  OrderEvent other_key = e;
  other_key.signature = sign_order_event(kWebhookSecret + "!", e);
  check_error([&] { f.apply(other_key); }, Errc::unauthenticated, "signature");
  CHECK(f.available(f.alice) == 0);
  CHECK(f.profile(f.alice).total_orders == 0);
  // The proper event still goes through afterwards (the refusals took no key).
  CHECK(f.apply(e).points == 100);

  check_error([&] { f.loyalty().set_webhook_secret(kAdmin, "short"); }, Errc::invalid_argument,
              "secret");
  check_error([&] { f.loyalty().set_webhook_secret(Actor::user(f.alice), kWebhookSecret); },
              Errc::permission_denied);
  // Rotating the secret: events signed with the old one are refused.
  f.loyalty().set_webhook_secret(kAdmin, std::string(40, 'k'));
  check_error([&] { f.apply(f.completed(f.alice, "ORD2", 10000)); }, Errc::unauthenticated,
              "signature");
  const auto audit = f.sys->audit().list(kAdmin, {.action = "loyalty.webhook_secret"});
  REQUIRE(audit.size() == 2);
  CHECK(audit[0].detail.find("kkkk") == std::string::npos);
}

TEST_CASE("C5 events: bad input is refused naming the field; only staff may apply events") {
  LoyaltyFixture f;
  const auto bad = [&](auto change, const std::string& field) {
    OrderEvent e = f.completed(f.alice, "ORD1", 10000);
    change(e);
    e.signature = sign_order_event(kWebhookSecret, e);
    check_error([&] { f.apply(e); }, Errc::invalid_argument, field);
  };
  bad([](OrderEvent& e) { e.event_type = "ORDER_SHIPPED"; }, "event_type");
  bad([](OrderEvent& e) { e.amount = 0; }, "amount");
  bad([](OrderEvent& e) { e.amount = -5; }, "amount");
  bad([](OrderEvent& e) { e.amount = 1'000'000'000'001; }, "amount");
  bad([](OrderEvent& e) { e.order_id = ""; }, "order_id");
  bad([](OrderEvent& e) { e.order_id = "has space"; }, "order_id");
  bad([](OrderEvent& e) { e.order_id = std::string(65, 'o'); }, "order_id");
  bad([](OrderEvent& e) { e.user_id = "nobody"; }, "user_id");
  bad([](OrderEvent& e) { e.refund_id = "R1"; }, "refund_id");
  bad([](OrderEvent& e) { e.items[0].quantity = 0; }, "items[0].quantity");
  bad([](OrderEvent& e) { e.items[0].price = -1; }, "items[0].price");
  bad([](OrderEvent& e) { e.items[0].product_id = ""; }, "items[0].product_id");
  bad([](OrderEvent& e) { e.items.resize(1001, e.items[0]); }, "items");
  check_error(
      [&] { f.loyalty().apply_order_event(Actor::user(f.alice), f.completed(f.alice, "X", 100)); },
      Errc::permission_denied);
  check_error(
      [&] { f.apply(f.completed("00000000-0000-4000-8000-000000000000aaaa", "ORD9", 100)); },
      Errc::not_found, "user_id");
  f.sys->accounts().set_status(kAdmin, f.bob, AccountStatus::disabled, "test");
  check_error([&] { f.order(f.bob, "ORD8", 100); }, Errc::failed_precondition);
  CHECK(f.available(f.alice) == 0);
  CHECK(check_invariants(f.db()));
}

TEST_CASE("C5 refunds: proportional points and spend, whole refund uncounts the order, replays") {
  LoyaltyFixture f;
  f.order(f.alice, "ORD1", 30000);   // 300 points
  f.order(f.alice, "ORD2", 200000);  // 2000 points, SILVER
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "SILVER");

  auto r = f.apply(f.refunded(f.alice, "ORD2", "R1", 50000));  // a quarter
  CHECK(r.points == -500);
  CHECK(r.points_unrecovered == 0);
  CHECK(r.total_spent == 180000);
  CHECK(r.total_orders == 2);
  CHECK(r.current_level == "SILVER");  // levels do not go down by themselves
  CHECK_FALSE(r.level_changed);
  CHECK(f.available(f.alice) == 1800);
  const auto entry = f.sys->points().history(kAdmin, {.user_id = f.alice}).entries.front();
  CHECK(entry.kind == EntryKind::reverse);
  CHECK(entry.amount == -500);
  CHECK(entry.related_order == "ORD2");

  // A replay of the refund changes nothing; its id with other content conflicts.
  const auto again = f.apply(f.refunded(f.alice, "ORD2", "R1", 50000));
  CHECK(again.replayed);
  CHECK(again.points == -500);
  CHECK(f.available(f.alice) == 1800);
  check_error([&] { f.apply(f.refunded(f.alice, "ORD2", "R1", 40000)); }, Errc::conflict, "key");

  // Beyond what is left: refused, nothing changes.
  check_error([&] { f.apply(f.refunded(f.alice, "ORD2", "R2", 150001)); },
              Errc::failed_precondition, "amount");
  check_error([&] { f.apply(f.refunded(f.alice, "NOPE", "R2", 1)); }, Errc::not_found, "order_id");
  check_error([&] { f.apply(f.refunded(f.bob, "ORD2", "R2", 1)); }, Errc::not_found, "order_id");
  check_error(
      [&] {
        OrderEvent e = f.refunded(f.alice, "ORD2", "", 1);
        f.apply(e);
      },
      Errc::invalid_argument, "refund_id");

  // The rest: all the points are back, the order no longer counts.
  r = f.apply(f.refunded(f.alice, "ORD2", "R2", 150000));
  CHECK(r.points == -1500);
  CHECK(r.total_spent == 30000);
  CHECK(r.total_orders == 1);
  CHECK(f.available(f.alice) == 300);
  CHECK(check_invariants(f.db()));
}

TEST_CASE("C5 refunds: points already spent cannot be taken back; the shortfall is reported") {
  LoyaltyFixture f;
  f.order(f.alice, "ORD1", 100000);  // 1000 points
  f.sys->points().use(Actor::user(f.alice), {.user_id = f.alice, .amount = 900, .key = "spend"});
  auto r = f.apply(f.refunded(f.alice, "ORD1", "R1", 100000));
  CHECK(r.points == -100);
  CHECK(r.points_unrecovered == 900);
  CHECK(f.available(f.alice) == 0);
  CHECK(r.total_spent == 0);
  CHECK(r.total_orders == 0);
  // Refund of an order that earned nothing moves no points.
  f.order(f.bob, "ORD2", 50);
  r = f.apply(f.refunded(f.bob, "ORD2", "R1", 50));
  CHECK(r.points == 0);
  CHECK(r.entry_id.empty());
  CHECK(check_invariants(f.db()));
}

namespace {

/// 16 threads deliver one ORDER_COMPLETED at once (a webhook retried by
/// several servers): one earn and one counted order; the others replay it.
void concurrent_deliveries(LoyaltyFixture& f) {
  constexpr std::size_t kThreads = 16;
  const OrderEvent event = f.completed(f.alice, "ORD-RACE", 250000);
  std::vector<std::optional<OrderOutcome>> outcomes(kThreads);
  std::vector<std::string> errors(kThreads);
  race(kThreads, [&](std::size_t i) {
    try {
      outcomes[i] = f.apply(event);
    } catch (const std::exception& e) {
      errors[i] = e.what();
    }
  });
  int replayed = 0;
  for (std::size_t i = 0; i < kThreads; ++i) {
    REQUIRE_MESSAGE(outcomes[i].has_value(), errors[i]);
    replayed += outcomes[i]->replayed;
    CHECK(outcomes[i]->points == 2500);
    CHECK(outcomes[i]->entry_id == outcomes[0]->entry_id);
  }
  CHECK(replayed == static_cast<int>(kThreads) - 1);
  CHECK(f.available(f.alice) == 2500);
  const auto p = f.profile(f.alice);
  CHECK(p.total_orders == 1);
  CHECK(p.total_spent == 250000);
}

}  // namespace

TEST_CASE("C5 race: 16 deliveries of one event at once: one earn, 15 replays") {
  LoyaltyFixture f;
  concurrent_deliveries(f);
}

TEST_CASE("C5 race postgres: 16 deliveries of one event at once: one earn, 15 replays") {
  const auto server = postgres_server();
  if (!server) return;
  LoyaltyFixture f(fresh_postgres_schema(*server));
  concurrent_deliveries(f);
}

TEST_CASE("C5 postgres: events, replays and refunds on PostgreSQL") {
  const auto server = postgres_server();
  if (!server) return;
  LoyaltyFixture f(fresh_postgres_schema(*server));
  auto out = f.order(f.alice, "ORD1", 250000);
  CHECK(out.points == 2500);
  CHECK(out.current_level == "SILVER");
  CHECK(f.apply(f.completed(f.alice, "ORD1", 250000)).replayed);
  auto r = f.apply(f.refunded(f.alice, "ORD1", "R1", 125000));
  CHECK(r.points == -1250);
  CHECK(f.apply(f.refunded(f.alice, "ORD1", "R1", 125000)).replayed);
  CHECK(f.available(f.alice) == 1250);
  const auto p = f.profile(f.alice);
  CHECK(p.total_spent == 125000);
  CHECK(p.level.code == "SILVER");
  f.loyalty().set_level(kAdmin, {f.alice, "GOLD", "pg"});
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "GOLD");
  f.loyalty().set_levels(kAdmin, default_levels());
  f.loyalty().set_settings(kAdmin, {.downgrade = {.window_days = 30}});
  f.clock->advance(Days(31));
  CHECK(f.loyalty().evaluate_downgrades(kSystemActor) == 1);
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "BASIC");
}

}  // namespace member::test
