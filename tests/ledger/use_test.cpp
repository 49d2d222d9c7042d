// C1 use: spending consumes the soonest-expiring available lots first and
// records which; a spend beyond what is available is insufficient_points with
// the exact shortage and changes nothing; use against an order gives the
// discount and the final amount.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>

#include "core/ids.hpp"
#include "ledger/ledger_helpers.hpp"

namespace member::test {
namespace {

LedgerPolicy short_and_never() {
  LedgerPolicy p;
  p.expiry_months_by_event = {{"SHORT", 1}, {"FOREVER", 0}};
  return p;
}

/// The lots an entry consumed, as "lot_id:amount" in lot order.
std::vector<std::string> consumed_by(LedgerFixture& f, const std::string& entry_id) {
  SqliteProbe probe(f.db());
  std::vector<std::string> out;
  for (const auto& row : probe.rows("SELECT lot_id, amount FROM ledger_consumptions WHERE "
                                    "entry_id = '" +
                                    entry_id + "' ORDER BY lot_id")) {
    out.push_back(row[0] + ":" + row[1]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("C1 ledger: use consumes the soonest-expiring lots first and records which") {
  LedgerFixture f(short_and_never());
  const Movement never = f.earn(f.alice, 100, "FOREVER");
  const Movement two_years = f.earn(f.alice, 100, "PURCHASE");
  const Movement one_month = f.earn(f.alice, 100, "SHORT");
  const Movement used = f.use(f.alice, 150);
  CHECK(used.kind == EntryKind::use);
  CHECK(used.amount == -150);
  CHECK(used.available == 150);
  CHECK(used.total == 150);
  CHECK_FALSE(used.replayed);
  // The one-month lot went first, then half of the two-year lot.
  CHECK(consumed_by(f, used.entry_id) ==
        sorted({one_month.entry_id + ":100", two_years.entry_id + ":50"}));
  const Summary s = f.summary(f.alice, Days(3650));
  CHECK(s.next_expiry == two_years.expires_at);
  CHECK(s.expiring == 50);
  // The one-month lot is empty: nothing expires when its date passes.
  f.clock->advance(Days(40));
  const ExpiryReport none = f.points().expire_due(kSystemActor);
  CHECK(none.lots == 0);
  CHECK(none.amount == 0);
  CHECK(f.available(f.alice) == 150);
  // The two-year lot had 50 left: exactly that expires.
  f.clock->set(*two_years.expires_at);
  const ExpiryReport report = f.points().expire_due(kSystemActor);
  CHECK(report.lots == 1);
  CHECK(report.amount == 50);
  CHECK(f.available(f.alice) == 100);
  // What is left is the never-expiring lot; spending it empties everything.
  const Movement rest = f.use(f.alice, 100);
  CHECK(consumed_by(f, rest.entry_id) == std::vector<std::string>{never.entry_id + ":100"});
  CHECK(f.summary(f.alice).total == 0);
  CHECK(f.invariants());
}

TEST_CASE(
    "C1 ledger: among lots expiring together the older is spent first; never-expiring "
    "lots last") {
  LedgerFixture f(short_and_never());
  const Movement forever = f.earn(f.alice, 10, "FOREVER");
  // One month after January 30th and after January 31st is the same instant.
  f.clock->set(ymd(2024, 1, 30) + hours(10));
  const Movement first = f.earn(f.alice, 10, "SHORT");
  f.clock->set(ymd(2024, 1, 31) + hours(10));
  const Movement second = f.earn(f.alice, 10, "SHORT");
  REQUIRE(first.expires_at == ymd(2024, 2, 29) + hours(10));
  REQUIRE(second.expires_at == first.expires_at);
  CHECK(consumed_by(f, f.use(f.alice, 15).entry_id) ==
        sorted({first.entry_id + ":10", second.entry_id + ":5"}));
  CHECK(consumed_by(f, f.use(f.alice, 10).entry_id) ==
        sorted({second.entry_id + ":5", forever.entry_id + ":5"}));
  CHECK(f.invariants());
}

TEST_CASE(
    "C1 ledger: a spend beyond what is available is insufficient_points with the exact "
    "shortage, and changes nothing") {
  LedgerFixture f;
  f.earn(f.alice, 300);
  SUBCASE("no holds") {
    const Snapshot before = Snapshot::of(f, f.alice);
    const Error e = error_of([&] { f.use(f.alice, 301); }, Errc::insufficient_points);
    CHECK(e.shortage() == 1);
    const Error e2 = error_of([&] { f.use(f.alice, 1000); }, Errc::insufficient_points);
    CHECK(e2.shortage() == 700);
    check_same(before, Snapshot::of(f, f.alice));
  }
  SUBCASE("frozen points are not available") {
    f.freeze(f.alice, 100);
    const Snapshot before = Snapshot::of(f, f.alice);
    const Error e = error_of([&] { f.use(f.alice, 250); }, Errc::insufficient_points);
    CHECK(e.shortage() == 50);
    check_same(before, Snapshot::of(f, f.alice));
    CHECK(f.use(f.alice, 200).available == 0);
  }
  SUBCASE("a user with nothing at all") {
    const Error e = error_of([&] { f.use(f.bob, 5); }, Errc::insufficient_points);
    CHECK(e.shortage() == 5);
    CHECK(f.history(f.bob).total == 0);
  }
  SUBCASE("the refused request's key stays free for a retry once there is enough") {
    const UseRequest r{.user_id = f.alice, .amount = 400, .key = "order-77"};
    error_of([&] { f.points().use(kAdmin, r); }, Errc::insufficient_points);
    f.earn(f.alice, 100);
    const Movement m = f.points().use(kAdmin, r);
    CHECK_FALSE(m.replayed);
    CHECK(m.available == 0);
  }
  CHECK(f.invariants());
  CHECK(f.available(f.alice) >= 0);
}

TEST_CASE("C1 ledger: zero, negative and overflowing use amounts are invalid_argument") {
  LedgerFixture f;
  f.earn(f.alice, 300);
  const Snapshot before = Snapshot::of(f, f.alice);
  for (const std::int64_t amount :
       {std::int64_t{0}, std::int64_t{-5}, std::int64_t{1'000'000'000'001},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    CAPTURE(amount);
    check_error([&] { f.use(f.alice, amount); }, Errc::invalid_argument, "amount");
    check_error([&] { f.freeze(f.alice, amount); }, Errc::invalid_argument, "amount");
  }
  check_error([&] { f.use(detail::new_user_id(), 1); }, Errc::not_found, "user_id");
  check_same(before, Snapshot::of(f, f.alice));
  CHECK(f.invariants());
}

TEST_CASE("C1 ledger: use against an order: 100 points = 1.00 = 100 minor units off") {
  LedgerFixture f;
  f.earn(f.alice, 5000);
  const Movement m = f.points().use(
      kAdmin, {.user_id = f.alice, .amount = 250, .key = "SO-1", .order_amount = 1000});
  CHECK(m.discount == 250);
  CHECK(m.final_amount == 750);
  CHECK(m.amount == -250);
  CHECK(m.available == 4750);  // the remaining points
  // Exactly the order's worth is fine: it then costs nothing.
  const Movement all = f.points().use(
      kAdmin, {.user_id = f.alice, .amount = 999, .key = "SO-2", .order_amount = 999});
  CHECK(all.discount == 999);
  CHECK(all.final_amount == 0);
  // A replay answers the same discount.
  const Movement again = f.points().use(
      kAdmin, {.user_id = f.alice, .amount = 250, .key = "SO-1", .order_amount = 1000});
  CHECK(again.replayed);
  CHECK(again.discount == 250);
  CHECK(again.final_amount == 750);
  CHECK(again.entry_id == m.entry_id);
  CHECK(f.available(f.alice) == 5000 - 250 - 999);
  CHECK(f.invariants());
}

TEST_CASE("C1 ledger: using more points than the order is worth is refused, changing nothing") {
  LedgerFixture f;
  f.earn(f.alice, 5000);
  const Snapshot before = Snapshot::of(f, f.alice);
  check_error(
      [&] {
        f.points().use(kAdmin,
                       {.user_id = f.alice, .amount = 1001, .key = "SO-3", .order_amount = 1000});
      },
      Errc::invalid_argument, "amount");
  check_error(
      [&] {
        f.points().use(kAdmin, {.user_id = f.alice, .amount = 1, .key = "SO-4", .order_amount = 0});
      },
      Errc::invalid_argument, "amount");
  check_error(
      [&] {
        f.points().use(kAdmin,
                       {.user_id = f.alice, .amount = 1, .key = "SO-5", .order_amount = -1});
      },
      Errc::invalid_argument, "order_amount");
  check_error(
      [&] {
        f.points().use(kAdmin, {.user_id = f.alice,
                                .amount = 1,
                                .key = "SO-6",
                                .order_amount = std::numeric_limits<std::int64_t>::max()});
      },
      Errc::invalid_argument, "order_amount");
  check_same(before, Snapshot::of(f, f.alice));
  // Enough points but an order too small: still refused, the points stay.
  CHECK(f.available(f.alice) == 5000);
}

TEST_CASE("C1 ledger: the points-per-currency-unit rate is configurable") {
  SUBCASE("1000 points = 1.00: ten points per minor unit") {
    LedgerFixture f({.points_per_currency_unit = 1000});
    f.earn(f.alice, 5000);
    const Movement m = f.points().use(
        kAdmin, {.user_id = f.alice, .amount = 2500, .key = "o1", .order_amount = 1000});
    CHECK(m.discount == 250);
    CHECK(m.final_amount == 750);
    check_error(
        [&] {
          f.points().use(kAdmin,
                         {.user_id = f.alice, .amount = 2510, .key = "o2", .order_amount = 250});
        },
        Errc::invalid_argument, "amount");
    CHECK(f.available(f.alice) == 2500);
    // Points that would buy a fraction of a minor unit are refused, not
    // taken for a discount of nothing.
    for (const std::int64_t amount : {9, 2505}) {
      const Error e = caught([&] {
        f.points().use(kAdmin,
                       {.user_id = f.alice, .amount = amount, .key = "o3", .order_amount = 1000});
      });
      CHECK(e.code() == Errc::invalid_argument);
      CHECK(e.field() == "amount");
      CHECK(std::string(e.what()).find("multiple of 10 points") != std::string::npos);
    }
    CHECK(f.available(f.alice) == 2500);
    // Without an order there is no discount to round: any amount is used.
    f.points().use(kAdmin, {.user_id = f.alice, .amount = 9, .key = "o4"});
    CHECK(f.available(f.alice) == 2491);
  }
  SUBCASE("3 points = 1.00: a multiple of 3 points is whole minor units") {
    LedgerFixture f({.points_per_currency_unit = 3});
    f.earn(f.alice, 50);
    check_error(
        [&] {
          f.points().use(kAdmin,
                         {.user_id = f.alice, .amount = 10, .key = "o1", .order_amount = 1000});
        },
        Errc::invalid_argument, "amount");
    CHECK(f.points()
              .use(kAdmin, {.user_id = f.alice, .amount = 9, .key = "o2", .order_amount = 1000})
              .discount == 300);
  }
  SUBCASE("50 points = 1.00: one point is two minor units") {
    LedgerFixture f({.points_per_currency_unit = 50});
    f.earn(f.alice, 5000);
    const Movement m = f.points().use(
        kAdmin, {.user_id = f.alice, .amount = 100, .key = "o1", .order_amount = 1000});
    CHECK(m.discount == 200);
    CHECK(m.final_amount == 800);
    check_error(
        [&] {
          f.points().use(kAdmin,
                         {.user_id = f.alice, .amount = 501, .key = "o2", .order_amount = 1000});
        },
        Errc::invalid_argument, "amount");
    CHECK(f.points()
              .use(kAdmin, {.user_id = f.alice, .amount = 500, .key = "o3", .order_amount = 1000})
              .final_amount == 0);
  }
}

TEST_CASE("C1 ledger: the shortage codes are stable numbers") {
  CHECK(static_cast<int>(Errc::insufficient_points) == 14);
  CHECK(static_cast<int>(Errc::insufficient_funds) == 15);
  CHECK(to_string(Errc::insufficient_points) == "insufficient_points");
  CHECK(to_string(Errc::insufficient_funds) == "insufficient_funds");
  const Error e = Error::insufficient(Errc::insufficient_points, 42);
  CHECK(e.code() == Errc::insufficient_points);
  CHECK(e.shortage() == 42);
  CHECK_FALSE(Error(Errc::invalid_argument, "x").shortage().has_value());
}

TEST_CASE("C1 ledger: a use without an order reports no discount") {
  LedgerFixture f;
  f.earn(f.alice, 10);
  const Movement m = f.use(f.alice, 4);
  CHECK(m.discount == 0);
  CHECK(m.final_amount == 0);
  CHECK(m.available == 6);
}

}  // namespace member::test
