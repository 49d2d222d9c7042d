// C1 expiry: expired points are never spendable, even before the expiry job
// runs; expire_due removes only what is left in due lots, exactly once, in
// batches bounded by its limit.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ledger/ledger_helpers.hpp"
#include "support/trap_clock.hpp"

namespace member::test {
namespace {

LedgerPolicy with_short_lots() {
  LedgerPolicy p;
  p.expiry_months_by_event = {{"SHORT", 1}, {"FOREVER", 0}};
  return p;
}

const TimePoint kShortExpiry = ymd(2024, 4, 15) + hours(12);  // start + 1 month

}  // namespace

TEST_CASE("C1 expiry: expired points are never spendable, even before expire_due runs") {
  LedgerFixture f(with_short_lots());
  f.earn(f.alice, 100, "SHORT");
  f.earn(f.alice, 50, "PURCHASE");
  f.clock->set(kShortExpiry);
  CHECK(f.summary(f.alice).available == 50);
  CHECK(f.summary(f.alice).total == 50);
  const Error e = error_of([&] { f.use(f.alice, 60); }, Errc::insufficient_points);
  CHECK(e.shortage() == 10);
  const Error e2 = error_of([&] { f.freeze(f.alice, 51); }, Errc::insufficient_points);
  CHECK(e2.shortage() == 1);
  const Error e3 = error_of([&] { f.adjust(f.alice, -51); }, Errc::insufficient_points);
  CHECK(e3.shortage() == 1);
  // Those refusals wrote nothing: the job has not run, the journal is as it was.
  CHECK(f.history(f.alice).total == 2);
  SqliteProbe probe(f.db());
  CHECK(raw_balance(probe, f.alice, Asset::points).first == 150);
  // A spend that fits settles the account: the dead lot's rest is journalled
  // as expired in the same transaction.
  const Movement m = f.use(f.alice, 50);
  CHECK(m.available == 0);
  CHECK(m.total == 0);
  const History expired = f.history(f.alice, EntryKind::expire);
  REQUIRE(expired.entries.size() == 1);
  CHECK(expired.entries[0].amount == -100);
  CHECK(expired.entries[0].created_at == kShortExpiry);
  CHECK(raw_balance(probe, f.alice, Asset::points).first == 0);
  CHECK(f.points().expire_due(kSystemActor).amount == 0);
  CHECK(f.invariants());
}

TEST_CASE(
    "C1 expiry: expire_due removes only what is left in a lot, never spent points, never "
    "twice") {
  LedgerFixture f(with_short_lots());
  const Movement lot = f.earn(f.alice, 100, "SHORT");
  f.earn(f.alice, 40, "FOREVER");
  f.use(f.alice, 70);                                    // from the short lot: 30 left in it
  CHECK(f.points().expire_due(kSystemActor).lots == 0);  // not due yet
  f.clock->set(kShortExpiry + seconds(1));
  const ExpiryReport first = f.points().expire_due(kSystemActor);
  CHECK(first.accounts == 1);
  CHECK(first.lots == 1);
  CHECK(first.amount == 30);
  CHECK(first.holds == 0);
  CHECK_FALSE(first.more);
  const auto entries = f.history(f.alice).total;
  // Idempotent: again now, and again much later.
  const ExpiryReport second = f.points().expire_due(kSystemActor);
  CHECK(second.lots == 0);
  CHECK(second.amount == 0);
  f.clock->advance(Days(3650));
  CHECK(f.points().expire_due(kSystemActor).amount == 0);
  CHECK(f.history(f.alice).total == entries);
  const History h = f.history(f.alice);
  CHECK(h.earned == 140);
  CHECK(h.spent == 100);  // 70 used + 30 expired
  CHECK(f.available(f.alice) == 40);
  CHECK(raw_int(f.db(),
                "SELECT remaining FROM ledger_lots WHERE lot_id = '" + lot.entry_id + "'") == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 expiry: expire_due reports lots and amounts over all users, and journals each") {
  LedgerFixture f(with_short_lots());
  f.earn(f.alice, 10, "SHORT");
  f.clock->advance(hours(1));
  f.earn(f.alice, 20, "SHORT");
  f.earn(f.bob, 5, "SHORT");
  f.earn(f.bob, 1000, "PURCHASE");
  f.clock->set(kShortExpiry + Days(1));
  const ExpiryReport report = f.points().expire_due(kSystemActor);
  CHECK(report.lots == 3);
  CHECK(report.amount == 35);
  CHECK_FALSE(report.more);
  const History a = f.history(f.alice, EntryKind::expire);
  REQUIRE(a.entries.size() == 1);  // one entry per account per run
  CHECK(a.entries[0].amount == -30);
  CHECK(a.entries[0].description == "expired");
  CHECK(f.history(f.bob, EntryKind::expire).entries.at(0).amount == -5);
  CHECK(f.available(f.bob) == 1000);
  CHECK(f.invariants());
}

TEST_CASE("C1 expiry: expire_due works in batches: limit and more") {
  LedgerFixture f(with_short_lots());
  std::vector<std::string> users{f.alice, f.bob};
  for (int i = 0; i < 3; ++i) {
    users.push_back(f.sys->accounts().register_user(Actor::anonymous(),
                                                    with_username("batch" + std::to_string(i))));
  }
  for (const auto& u : users) f.earn(u, 7, "SHORT");
  f.clock->set(kShortExpiry);
  const ExpiryReport a = f.points().expire_due(kSystemActor, 2);
  CHECK(a.accounts == 2);
  CHECK(a.lots == 2);
  CHECK(a.amount == 14);
  CHECK(a.more);
  const ExpiryReport b = f.points().expire_due(kSystemActor, 2);
  CHECK(b.lots == 2);
  CHECK(b.more);
  const ExpiryReport c = f.points().expire_due(kSystemActor, 2);
  CHECK(c.accounts == 1);
  CHECK(c.lots == 1);
  CHECK(c.amount == 7);
  CHECK_FALSE(c.more);
  const ExpiryReport d = f.points().expire_due(kSystemActor, 2);
  CHECK(d.lots == 0);
  CHECK_FALSE(d.more);
  for (const auto& u : users) CHECK(f.summary(u).total == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 expiry: the limit counts accounts: one account's due lots are settled together") {
  LedgerFixture f(with_short_lots());
  for (int i = 0; i < 3; ++i) {
    f.earn(f.alice, 10 + i, "SHORT");
    f.clock->advance(hours(1));
  }
  f.clock->set(kShortExpiry + Days(1));
  const ExpiryReport first = f.points().expire_due(kSystemActor, 1);
  CHECK(first.accounts == 1);
  CHECK(first.lots == 3);
  CHECK(first.amount == 33);
  CHECK(first.more);  // the limit was reached: the caller asks again
  const ExpiryReport second = f.points().expire_due(kSystemActor, 1);
  CHECK(second.accounts == 0);
  CHECK(second.lots == 0);
  CHECK_FALSE(second.more);
  CHECK(f.history(f.alice, EntryKind::expire).total == 1);
  CHECK(f.invariants());
}

TEST_CASE("C1 expiry: at most `limit` accounts per call, timed-out holds and due lots together") {
  // ledger.hpp: "for at most `limit` accounts per call". Alice has only a
  // timed-out hold, Bob only a due lot: with limit 1, one of them per call.
  LedgerFixture f(with_short_lots());
  f.earn(f.alice, 50, "PURCHASE");
  f.earn(f.bob, 20, "SHORT");
  f.freeze(f.alice, 30, kShortExpiry - hours(1));
  f.clock->set(kShortExpiry);
  std::int64_t accounts = 0;
  std::int64_t holds = 0;
  std::int64_t amount = 0;
  int calls = 0;
  for (bool more = true; more && calls < 5; ++calls) {
    const ExpiryReport r = f.points().expire_due(kSystemActor, 1);
    CHECK(r.accounts <= 1);
    accounts += r.accounts;
    holds += r.holds;
    amount += r.amount;
    more = r.more;
  }
  CHECK(accounts == 2);
  CHECK(holds == 1);
  CHECK(amount == 20);
  CHECK(f.summary(f.alice).available == 50);
  CHECK(f.summary(f.bob).total == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 expiry: expire_due is staff only and checks its limit") {
  LedgerFixture f;
  check_error([&] { f.points().expire_due(Actor::user(f.alice)); }, Errc::permission_denied);
  check_error([&] { f.points().expire_due(Actor::anonymous()); }, Errc::permission_denied);
  check_error([&] { f.points().expire_due(kAdmin, 0); }, Errc::invalid_argument, "limit");
  check_error([&] { f.points().expire_due(kAdmin, 100'001); }, Errc::invalid_argument, "limit");
  CHECK(f.points().expire_due(kAdmin, 100'000).lots == 0);
  CHECK(f.points().expire_due(Actor::service("cron")).lots == 0);
}

TEST_CASE("C1 expiry: points of a disabled account still expire") {
  LedgerFixture f(with_short_lots());
  f.earn(f.alice, 10, "SHORT");
  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::disabled);
  f.clock->set(kShortExpiry);
  CHECK(f.points().expire_due(kSystemActor).amount == 10);
  CHECK(f.summary(f.alice).total == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 expiry: a held remainder of an expired lot does not keep its account due") {
  // Found by a review: the account whose lot was expired but still held
  // stayed due, so expire_due(limit 1) returned it again and again with
  // `more` set, and never reached the next account.
  LedgerFixture f(with_short_lots());
  const std::string held = std::min(f.alice, f.bob);
  const std::string other = std::max(f.alice, f.bob);
  f.earn(held, 100, "SHORT");
  f.freeze(held, 30, kShortExpiry + Days(30));
  f.clock->advance(Days(1));
  f.earn(other, 5, "SHORT");
  f.clock->set(kShortExpiry + seconds(1));
  CHECK(f.points().expire_due(kSystemActor, 1).amount == 70);
  f.clock->set(kShortExpiry + Days(2));
  ExpiryReport r;
  std::int64_t amount = 0;
  int calls = 0;
  do {
    r = f.points().expire_due(kSystemActor, 1);
    amount += r.amount;
  } while (r.more && ++calls < 10);
  CHECK_FALSE(r.more);
  CHECK(amount == 5);
  // The hold still ends as it should: at its own expiry its 30 come back,
  // already expired, and go.
  f.clock->set(kShortExpiry + Days(31));
  CHECK(f.points().expire_due(kSystemActor).amount == 30);
  CHECK(f.summary(held).total == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 expiry: a lot partly held at its expiry loses only the unheld part") {
  LedgerFixture f(with_short_lots());
  f.earn(f.alice, 100, "SHORT");
  const Movement hold = f.freeze(f.alice, 30, kShortExpiry + Days(5));
  f.clock->set(kShortExpiry);
  const ExpiryReport report = f.points().expire_due(kSystemActor);
  CHECK(report.lots == 1);
  CHECK(report.amount == 70);
  const Summary s = f.summary(f.alice);
  CHECK(s.available == 0);
  CHECK(s.frozen == 30);
  CHECK(s.total == 30);
  // The held 30 can still be spent by capturing the hold.
  const Movement c = f.capture(f.alice, hold.hold_id);
  CHECK(c.amount == -30);
  CHECK(c.total == 0);
  CHECK(f.points().expire_due(kSystemActor).amount == 0);
  CHECK(f.invariants());
}

TEST_CASE(
    "C1 expiry: an account whose due lot was spent is looked at once, counted nowhere, and "
    "moved on to its next due time") {
  LedgerFixture f(with_short_lots());
  f.earn(f.alice, 30, "SHORT");
  f.earn(f.alice, 20, "PURCHASE");  // expires in two years
  f.use(f.alice, 30);               // the short lot, all of it: nothing of it can expire
  f.earn(f.bob, 5, "SHORT");
  f.clock->set(kShortExpiry + seconds(1));
  // Alice's balance row still names the short lot's expiry; settling her
  // finds nothing due, so only Bob counts.
  const ExpiryReport first = f.points().expire_due(kSystemActor);
  CHECK(first.accounts == 1);
  CHECK(first.lots == 1);
  CHECK(first.amount == 5);
  CHECK_FALSE(first.more);
  CHECK(f.summary(f.alice).available == 20);
  CHECK(f.history(f.alice, EntryKind::expire).entries.empty());
  // Neither is due again until Alice's two-year lot is.
  const ExpiryReport second = f.points().expire_due(kSystemActor, 1);
  CHECK(second.accounts == 0);
  CHECK_FALSE(second.more);
  f.clock->set(ymd(2026, 3, 16));
  const ExpiryReport last = f.points().expire_due(kSystemActor);
  CHECK(last.accounts == 1);
  CHECK(last.amount == 20);
  CHECK(f.summary(f.alice).total == 0);
  CHECK(f.invariants());
}

TEST_CASE(
    "C1 expiry: a change that read the time before another change took the account works at "
    "that change's time or later") {
  // Another System on the file (as another process would) changes the
  // account at each clock reading of a release in turn, after the lot died;
  // the release read the time just before. It must not undo that change's
  // view of the account: the lot's released points expire too.
  int raced = 0;
  for (int reading = 1; reading <= 12; ++reading) {
    CAPTURE(reading);
    TempDir dir;
    const auto clock = std::make_shared<TrapClock>();
    clock->inner.set(start_time());
    Options o = file_options(dir, clock);
    o.points = with_short_lots();
    System sys(o);
    o.busy_timeout = std::chrono::milliseconds(20);  // gives up at once while sys writes
    System other(o);
    const std::string alice =
        sys.accounts().register_user(Actor::anonymous(), with_username("alice"));
    sys.points().earn(kAdmin,
                      {.user_id = alice, .amount = 100, .key = "e1", .event_type = "SHORT"});
    const std::string hold =
        sys.points()
            .freeze(
                kAdmin,
                {.user_id = alice, .amount = 40, .key = "f1", .expires_at = kShortExpiry + Days(1)})
            .hold_id;
    clock->inner.set(kShortExpiry - std::chrono::milliseconds(1));
    clock->hook = [&] {
      clock->inner.set(kShortExpiry + std::chrono::milliseconds(1));
      try {
        other.points().earn(kAdmin,
                            {.user_id = alice, .amount = 1, .key = "e2", .event_type = "FOREVER"});
        ++raced;
      } catch (const Error&) {
        // busy: the release holds the write lock at this reading
      }
    };
    clock->armed = reading;
    sys.points().release(kAdmin, {.user_id = alice, .hold_id = hold, .key = "r1"});
    clock->armed = 0;
    clock->inner.set(kShortExpiry + std::chrono::milliseconds(1));
    other.points().earn(kAdmin,
                        {.user_id = alice, .amount = 1, .key = "e2", .event_type = "FOREVER"});
    // The lot is dead: only the point earned after it is left.
    CHECK(sys.points().summary(kAdmin, alice).available == 1);
    const Error e =
        error_of([&] { sys.points().use(kAdmin, {.user_id = alice, .amount = 2, .key = "u1"}); },
                 Errc::insufficient_points);
    CHECK(e.shortage() == 1);
    CHECK(sys.points().use(kAdmin, {.user_id = alice, .amount = 1, .key = "u2"}).available == 0);
    CHECK(check_invariants(dir.file("member.db")));
  }
  CHECK(raced > 0);
}

}  // namespace member::test
