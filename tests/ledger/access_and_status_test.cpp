// C1 access and account status: a member may spend, hold and read their own
// points but not anybody else's, and may never earn or adjust; staff act on
// any member of their tenant. Disabled, blacklisted or withdrawn accounts
// cannot earn or spend (rule 10).
#include <doctest/doctest.h>

#include <functional>

#include "ledger/ledger_helpers.hpp"

namespace member::test {

TEST_CASE("C1 access: a member spends, holds and reads their own points") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  const Actor me = Actor::user(f.alice);
  Ledger& p = f.points();
  CHECK(p.use(me, {.user_id = f.alice, .amount = 10, .key = "u1"}).available == 90);
  const Movement hold = p.freeze(me, {.user_id = f.alice, .amount = 20, .key = "f1"});
  CHECK(p.capture(me, {.user_id = f.alice, .hold_id = hold.hold_id, .amount = 5, .key = "c1"})
            .available == 85);
  const Movement hold2 = p.freeze(me, {.user_id = f.alice, .amount = 20, .key = "f2"});
  CHECK(p.release(me, {.user_id = f.alice, .hold_id = hold2.hold_id, .key = "r1"}).available == 85);
  CHECK(p.summary(me, f.alice).available == 85);
  HistoryQuery q;
  q.user_id = f.alice;
  CHECK(p.history(me, q).total == 6);
  CHECK(f.invariants());
}

TEST_CASE("C1 access: a member cannot touch another member's points, nor earn or adjust") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  f.earn(f.bob, 100);
  const Movement alices_hold = f.freeze(f.alice, 10);
  const Snapshot before = Snapshot::of(f, f.alice);
  const Actor bob = Actor::user(f.bob);
  Ledger& p = f.points();
  const auto denied = [](const std::function<void()>& op) {
    check_error(op, Errc::permission_denied);
  };
  denied([&] { p.use(bob, {.user_id = f.alice, .amount = 10, .key = "x1"}); });
  denied([&] { p.freeze(bob, {.user_id = f.alice, .amount = 10, .key = "x2"}); });
  denied(
      [&] { p.capture(bob, {.user_id = f.alice, .hold_id = alices_hold.hold_id, .key = "x3"}); });
  denied(
      [&] { p.release(bob, {.user_id = f.alice, .hold_id = alices_hold.hold_id, .key = "x4"}); });
  denied([&] { p.summary(bob, f.alice); });
  denied([&] {
    HistoryQuery q;
    q.user_id = f.alice;
    p.history(bob, q);
  });
  // Not even for themselves: earning and adjusting are staff work.
  denied([&] { p.earn(bob, {.user_id = f.bob, .amount = 10, .key = "x5"}); });
  denied([&] { p.adjust(bob, {.user_id = f.bob, .amount = 10, .key = "x6", .reason = "me"}); });
  denied([&] { p.expire_due(bob); });
  // Anonymous callers can do nothing at all.
  const Actor anon = Actor::anonymous();
  denied([&] { p.use(anon, {.user_id = f.alice, .amount = 1, .key = "x7"}); });
  denied([&] { p.summary(anon, f.alice); });
  // The wallet applies the same rules.
  denied([&] { f.wallet().use(bob, {.user_id = f.alice, .amount = 1, .key = "x8"}); });
  denied([&] { f.wallet().earn(bob, {.user_id = f.bob, .amount = 1, .key = "x9"}); });
  check_same(before, Snapshot::of(f, f.alice));
  CHECK(f.available(f.bob) == 100);
  CHECK(raw_int(f.db(), "SELECT count(*) FROM ledger_requests") == 3);  // no key was claimed
  CHECK(f.invariants());
}

TEST_CASE("C1 access: staff of another tenant do not see this tenant's members") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  f.sys->tenants().create(Actor::system(), {.id = "other-tenant", .name = "Other"});
  const Actor stranger = Actor::admin("op", "other-tenant");
  Ledger& p = f.points();
  check_error([&] { p.earn(stranger, {.user_id = f.alice, .amount = 10, .key = "t1"}); },
              Errc::not_found);
  check_error([&] { p.use(stranger, {.user_id = f.alice, .amount = 10, .key = "t2"}); },
              Errc::not_found);
  check_error([&] { p.summary(stranger, f.alice); }, Errc::not_found);
  CHECK(p.expire_due(stranger).lots == 0);
  CHECK(f.available(f.alice) == 100);
  CHECK(f.history(f.alice).total == 1);
  CHECK(f.invariants());
}

TEST_CASE("C1 status: a disabled, blacklisted or withdrawn member cannot earn or spend") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  const Movement hold = f.freeze(f.alice, 10);
  const std::string id = f.alice;
  std::string status;
  SUBCASE("disabled") {
    status = "disabled";
    f.sys->accounts().set_status(kAdmin, id, AccountStatus::disabled);
  }
  SUBCASE("blacklisted") {
    status = "blacklisted";
    f.sys->accounts().set_status(kAdmin, id, AccountStatus::blacklisted, "fraud ring");
  }
  SUBCASE("withdrawn") {
    status = "withdrawn";
    f.sys->accounts().withdraw(Actor::user(id), id, kPassword);
  }
  CAPTURE(status);
  const Snapshot before = Snapshot::of(f, id);
  const auto refused = [&](const std::function<void()>& op) {
    const Error e = error_of(op, Errc::failed_precondition);
    CHECK(std::string(e.what()).find(status) != std::string::npos);
  };
  Ledger& p = f.points();
  refused([&] { f.earn(id, 10); });
  refused([&] { f.use(id, 10); });
  refused([&] { f.freeze(id, 10); });
  refused([&] { f.capture(id, hold.hold_id); });
  refused([&] { f.adjust(id, 10); });
  refused([&] { f.adjust(id, -10); });
  refused([&] { f.earn(id, 10, "TOP_UP", &f.wallet()); });
  refused([&] { p.use(Actor::user(id), {.user_id = id, .amount = 1, .key = "self"}); });
  check_same(before, Snapshot::of(f, id));
  // Staff can still read the account.
  CHECK(f.summary(id).total == 100);
  CHECK(f.history(id).total == 2);
  // Others are unaffected.
  CHECK(f.earn(f.bob, 5).available == 5);
  CHECK(f.invariants());
}

TEST_CASE("C1 status: a re-enabled member earns and spends again") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::disabled);
  check_error([&] { f.use(f.alice, 10); }, Errc::failed_precondition);
  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::active);
  CHECK(f.use(f.alice, 10).available == 90);
  CHECK(f.earn(f.alice, 10).available == 100);
  CHECK(f.invariants());
}

}  // namespace member::test
