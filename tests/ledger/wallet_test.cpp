// C7 wallet: the same engine for money in minor units. Nothing expires, a
// spend beyond the balance is insufficient_funds with the shortage, and use
// against an order is for points only.
#include <doctest/doctest.h>

#include "ledger/ledger_helpers.hpp"

namespace member::test {
namespace {

LedgerPolicy expiring_everything() {
  LedgerPolicy p;
  p.expiry_months = 1;
  p.expiry_months_by_event = {{"TOP_UP", 1}};
  return p;
}

}  // namespace

TEST_CASE("C7 wallet: money never expires, whatever the points policy says") {
  LedgerFixture f(expiring_everything());
  Ledger* w = &f.wallet();
  const Movement top_up = f.earn(f.alice, 10'000, "TOP_UP", w);  // 100.00
  CHECK(top_up.kind == EntryKind::earn);
  CHECK(top_up.available == 10'000);
  CHECK_FALSE(top_up.expires_at.has_value());
  CHECK_FALSE(f.history(f.alice, {}, w).entries.at(0).expires_at.has_value());
  f.adjust(f.alice, 500, "refund", w);
  const Movement points = f.earn(f.alice, 10, "TOP_UP");  // points do expire
  CHECK(points.expires_at.has_value());
  f.clock->advance(Days(365 * 100));
  const Summary s = f.summary(f.alice, Days(3650), w);
  CHECK(s.available == 10'500);
  CHECK(s.total == 10'500);
  CHECK(s.expiring == 0);
  CHECK_FALSE(s.next_expiry.has_value());
  const ExpiryReport report = f.wallet().expire_due(kSystemActor);
  CHECK(report.lots == 0);
  CHECK(report.amount == 0);
  CHECK(f.points().expire_due(kSystemActor).amount == 10);
  CHECK(f.available(f.alice, w) == 10'500);
  CHECK(f.use(f.alice, 10'500, w).available == 0);
  CHECK(f.invariants());
}

TEST_CASE("C7 wallet: a spend beyond the balance is insufficient_funds with the shortage") {
  LedgerFixture f;
  Ledger* w = &f.wallet();
  f.earn(f.alice, 1'000, "TOP_UP", w);
  f.freeze(f.alice, 400, {}, w);
  const Snapshot before = Snapshot::of(f, f.alice, w);
  Error e = error_of([&] { f.use(f.alice, 601, w); }, Errc::insufficient_funds);
  CHECK(e.shortage() == 1);
  e = error_of([&] { f.freeze(f.alice, 1'000, {}, w); }, Errc::insufficient_funds);
  CHECK(e.shortage() == 400);
  e = error_of([&] { f.adjust(f.alice, -700, "chargeback", w); }, Errc::insufficient_funds);
  CHECK(e.shortage() == 100);
  check_same(before, Snapshot::of(f, f.alice, w));
  // Points are another balance: their shortage is counted on their own.
  e = error_of([&] { f.use(f.alice, 1); }, Errc::insufficient_points);
  CHECK(e.shortage() == 1);
  CHECK(f.use(f.alice, 600, w).available == 0);
  CHECK(f.invariants());
}

TEST_CASE("C7 wallet: use against an order is for points only") {
  LedgerFixture f;
  f.earn(f.alice, 1'000, "TOP_UP", &f.wallet());
  check_error(
      [&] {
        f.wallet().use(kAdmin,
                       {.user_id = f.alice, .amount = 100, .key = "o1", .order_amount = 5'000});
      },
      Errc::invalid_argument, "order_amount");
  CHECK(f.available(f.alice, &f.wallet()) == 1'000);
  const Movement m = f.wallet().use(kAdmin, {.user_id = f.alice, .amount = 100, .key = "o1"});
  CHECK(m.discount == 0);
  CHECK(m.final_amount == 0);
  CHECK(m.available == 900);
}

TEST_CASE("C7 wallet: holds work the same: capture part, release, time out") {
  LedgerFixture f;
  Ledger* w = &f.wallet();
  f.earn(f.alice, 5'000, "TOP_UP", w);
  const Movement h1 = f.freeze(f.alice, 2'000, {}, w);
  CHECK(h1.available == 3'000);
  CHECK(h1.frozen == 2'000);
  const Movement c = f.capture(f.alice, h1.hold_id, 1'250, w);
  CHECK(c.amount == -1'250);
  CHECK(c.available == 3'750);
  CHECK(c.frozen == 0);
  const Movement h2 = f.freeze(f.alice, 750, {}, w);
  CHECK(f.release(f.alice, h2.hold_id, w).available == 3'750);
  const Movement h3 = f.freeze(f.alice, 3'750, {}, w);
  f.clock->advance(minutes(30));
  CHECK(f.summary(f.alice, Days(30), w).available == 3'750);
  const ExpiryReport report = f.wallet().expire_due(kSystemActor);
  CHECK(report.holds == 1);
  CHECK(report.amount == 0);
  const Error e =
      error_of([&] { f.capture(f.alice, h3.hold_id, 0, w); }, Errc::failed_precondition);
  CHECK(std::string(e.what()).find("timed out") != std::string::npos);
  // The points ledger saw none of it.
  CHECK(f.history(f.alice).total == 0);
  CHECK(f.points().expire_due(kSystemActor).holds == 0);
  CHECK(f.invariants());
}

TEST_CASE("C7 wallet: money and points balances of one user are independent") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  f.earn(f.alice, 7'000, "TOP_UP", &f.wallet());
  f.use(f.alice, 40);
  f.use(f.alice, 2'000, &f.wallet());
  CHECK(f.available(f.alice) == 60);
  CHECK(f.available(f.alice, &f.wallet()) == 5'000);
  SqliteProbe probe(f.db());
  CHECK(raw_balance(probe, f.alice, Asset::points) == std::pair<std::int64_t, std::int64_t>{60, 0});
  CHECK(raw_balance(probe, f.alice, Asset::money) ==
        std::pair<std::int64_t, std::int64_t>{5'000, 0});
  CHECK(to_string(Asset::points) == "points");
  CHECK(to_string(Asset::money) == "money");
  CHECK(f.invariants());
}

}  // namespace member::test
