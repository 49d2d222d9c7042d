// C1 batches and lots: inside one batch the rules of single operations still
// hold: a deduction takes the soonest-expiring lots first, including lots
// granted earlier in the same batch, and the journal matches the balances.
#include <doctest/doctest.h>

#include "ledger/ledger_helpers.hpp"

namespace member::test {
namespace {

LedgerPolicy short_and_never() {
  LedgerPolicy p;
  p.expiry_months_by_event = {{"SHORT", 1}, {"FOREVER", 0}};
  return p;
}

}  // namespace

TEST_CASE(
    "C1 batch: a deduction spends a lot granted earlier in the batch first when it "
    "expires sooner") {
  LedgerFixture f(short_and_never());
  f.earn(f.alice, 100, "FOREVER");
  f.earn(f.bob, 100, "PURCHASE");
  const BatchOutcome o = f.points().apply_batch(
      kAdmin, {.key = "batch-1",
               .reason = "campaign",
               .items = {{.user_id = f.alice, .amount = 100, .event_type = "SHORT"},
                         {.user_id = f.alice, .amount = -100},
                         {.user_id = f.bob, .amount = 100, .event_type = "SHORT"},
                         {.user_id = f.bob, .amount = -150}}});
  CHECK(o.succeeded == 4);
  // The one-month lots were spent; what is left does not expire next month.
  CHECK(f.summary(f.alice, Days(3650)).next_expiry == std::nullopt);
  CHECK(f.summary(f.bob, Days(3650)).next_expiry == ymd(2026, 3, 15) + hours(12));
  CHECK(f.summary(f.bob, Days(3650)).expiring == 50);
  f.clock->advance(Days(45));
  const ExpiryReport r = f.points().expire_due(kSystemActor);
  CHECK(r.amount == 0);
  CHECK(f.available(f.alice) == 100);
  CHECK(f.available(f.bob) == 50);
  CHECK(f.invariants());
}

TEST_CASE("C1 batch: items of one member apply in order against the balance as it then is") {
  LedgerFixture f(short_and_never());
  f.earn(f.alice, 50);
  const BatchOutcome o =
      f.points().apply_batch(kAdmin, {.key = "batch-2",
                                      .reason = "corrections",
                                      .items = {{.user_id = f.alice, .amount = -80},
                                                {.user_id = f.alice, .amount = 40},
                                                {.user_id = f.alice, .amount = -80},
                                                {.user_id = f.alice, .amount = -11}}});
  REQUIRE(o.results.size() == 4);
  CHECK(o.results[0].code == Errc::insufficient_points);
  CHECK(o.results[1].code == Errc::ok);
  CHECK(o.results[2].code == Errc::ok);
  CHECK(o.results[3].code == Errc::insufficient_points);
  CHECK(o.succeeded == 2);
  CHECK(o.failed == 2);
  CHECK(o.amount == -40);
  CHECK(f.available(f.alice) == 10);
  const History h = f.history(f.alice);
  CHECK(h.total == 3);
  CHECK(h.earned == 90);
  CHECK(h.spent == 80);
  CHECK(f.invariants());
}

TEST_CASE("C1 batch: expired points are not spendable in a batch; the batch settles them") {
  LedgerFixture f(short_and_never());
  f.earn(f.alice, 100, "SHORT");
  f.earn(f.alice, 30, "FOREVER");
  f.clock->advance(Days(40));
  const BatchOutcome o = f.points().apply_batch(
      kAdmin,
      {.key = "batch-3",
       .reason = "clawback",
       .items = {{.user_id = f.alice, .amount = -31}, {.user_id = f.alice, .amount = -30}}});
  REQUIRE(o.results.size() == 2);
  CHECK(o.results[0].code == Errc::insufficient_points);
  CHECK(o.results[1].code == Errc::ok);
  CHECK(f.summary(f.alice).total == 0);
  CHECK(f.history(f.alice, EntryKind::expire).spent == 100);
  CHECK(f.points().expire_due(kSystemActor).amount == 0);
  CHECK(f.invariants());
}

TEST_CASE("C7 batch: wallet grants never expire; deductions are insufficient_funds") {
  LedgerFixture f(short_and_never());
  const BatchOutcome o = f.wallet().apply_batch(
      kAdmin, {.key = "batch-4",
               .reason = "refunds",
               .items = {{.user_id = f.alice, .amount = 500, .event_type = "SHORT"},
                         {.user_id = f.alice, .amount = -501},
                         {.user_id = f.bob, .amount = -1}}});
  REQUIRE(o.results.size() == 3);
  CHECK(o.results[0].code == Errc::ok);
  CHECK(o.results[1].code == Errc::insufficient_funds);
  CHECK(o.results[2].code == Errc::insufficient_funds);
  f.clock->advance(Days(3650));
  CHECK(f.wallet().expire_due(kSystemActor).amount == 0);
  CHECK(f.available(f.alice, &f.wallet()) == 500);
  // A batch key is per asset as well.
  CHECK_FALSE(f.points()
                  .apply_batch(kAdmin, {.key = "batch-4",
                                        .reason = "other",
                                        .items = {{.user_id = f.alice, .amount = 1}}})
                  .replayed);
  CHECK(f.invariants());
}

}  // namespace member::test
