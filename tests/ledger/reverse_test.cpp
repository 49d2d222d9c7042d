// C1 reversals: corrections are new entries that undo earlier ones, never
// edits.
#include "ledger/ledger_helpers.hpp"

namespace member::test {
namespace {

Movement reverse(LedgerFixture& f, const std::string& user, const std::string& entry,
                 const std::string& key) {
  return f.points().reverse(kAdmin,
                            {.user_id = user, .entry_id = entry, .key = key, .reason = "refund"});
}

TEST_CASE("C1 reverse: a use is refunded into the lots it came from") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  const Movement used = f.use(f.alice, 70);
  CHECK(f.available(f.alice) == 30);
  const Movement back = reverse(f, f.alice, used.entry_id, "rev-1");
  CHECK(back.kind == EntryKind::reverse);
  CHECK(back.amount == 70);
  CHECK(back.available == 100);
  // Once only, even with another key; a replay of the same key answers again.
  CHECK(reverse(f, f.alice, used.entry_id, "rev-1").replayed);
  check_error([&] { reverse(f, f.alice, used.entry_id, "rev-2"); }, Errc::failed_precondition,
              "entry_id");
  CHECK(f.available(f.alice) == 100);
  CHECK(f.invariants());
}

TEST_CASE("C1 reverse: a refund into an expired lot expires at once") {
  LedgerFixture f;
  const Movement earned = f.earn(f.alice, 100);
  const Movement used = f.use(f.alice, 60);
  f.clock->set(*earned.expires_at + hours(1));
  const Movement back = reverse(f, f.alice, used.entry_id, "rev");
  CHECK(back.amount == 60);
  CHECK(back.available == 0);
  CHECK(f.available(f.alice) == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 reverse: an earn takes back what is left of its lot") {
  LedgerFixture f;
  const Movement earned = f.earn(f.alice, 100);
  f.clock->advance(Days(1));
  f.earn(f.alice, 50);  // expires a day later than the first lot
  f.use(f.alice, 120);  // 100 from the first lot (sooner expiry), 20 from the second
  check_error([&] { reverse(f, f.alice, earned.entry_id, "rev-a"); }, Errc::failed_precondition,
              "entry_id");
  const Movement second = f.earn(f.alice, 40);
  const Movement back = reverse(f, f.alice, second.entry_id, "rev-b");
  CHECK(back.amount == -40);
  CHECK(back.available == 30);
  CHECK(f.invariants());
}

TEST_CASE("C1 reverse: an earn with held points waits for the hold, then takes it all back") {
  LedgerFixture f;
  const Movement earned = f.earn(f.alice, 100);
  const Movement hold = f.freeze(f.alice, 60);
  const Error e = caught([&] { reverse(f, f.alice, earned.entry_id, "rev-1"); });
  CHECK(e.code() == Errc::failed_precondition);
  CHECK(e.field() == "entry_id");
  CHECK(std::string(e.what()).find("60 of the entry are held") != std::string::npos);
  CHECK(f.available(f.alice) == 40);  // nothing taken, nothing marked
  f.release(f.alice, hold.hold_id);
  const Movement back = reverse(f, f.alice, earned.entry_id, "rev-2");
  CHECK(back.amount == -100);
  CHECK(back.total == 0);
  CHECK(back.available == 0);
  CHECK(f.invariants());

  // Captured, the held points are spent: the claw-back takes the rest.
  const Movement second = f.earn(f.alice, 100);
  const Movement hold2 = f.freeze(f.alice, 60);
  const Movement captured = f.capture(f.alice, hold2.hold_id);
  CHECK(reverse(f, f.alice, second.entry_id, "rev-3").amount == -40);
  CHECK(f.available(f.alice) == 0);
  CHECK(f.invariants());
  // Refunding the capture now would bring back points of a reversed earn:
  // nothing returns to that lot.
  const Error e2 = caught([&] { reverse(f, f.alice, captured.entry_id, "rev-4"); });
  CHECK(e2.code() == Errc::failed_precondition);
  CHECK(e2.field() == "entry_id");
  CHECK(std::string(e2.what()).find("reversed entries") != std::string::npos);
  CHECK(f.available(f.alice) == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 reverse: a refund returns only what came from lots not clawed back") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  f.clock->advance(Days(1));
  const Movement second_earn = f.earn(f.alice, 50);  // expires later: used second
  const Movement used = f.use(f.alice, 120);         // 100 from the first lot, 20 from the second
  CHECK(reverse(f, f.alice, second_earn.entry_id, "rev-1").amount == -30);
  const Movement refund = reverse(f, f.alice, used.entry_id, "rev-2");
  CHECK(refund.amount == 100);  // the 20 of the clawed-back lot stay gone
  CHECK(refund.available == 100);
  CHECK(refund.total == 100);
  CHECK(f.invariants());
}

TEST_CASE("C1 reverse: a redemption returns its stock") {
  LedgerFixture f;
  f.sys->catalog().put(kAdmin, {"mug", "Mug", 10, 2, true});
  f.earn(f.alice, 100);
  const Movement redeemed =
      f.points().redeem(kAdmin, {.user_id = f.alice, .item_id = "mug", .quantity = 2, .key = "r1"});
  CHECK(f.sys->catalog().get(kAdmin, "mug").stock == 0);
  reverse(f, f.alice, redeemed.entry_id, "rev");
  CHECK(f.sys->catalog().get(kAdmin, "mug").stock == 2);
  CHECK(f.available(f.alice) == 100);
  CHECK(f.invariants());

  // Paid from an earn since clawed back: the stock still returns, no points.
  const Movement earned = f.earn(f.bob, 50);
  const Movement again =
      f.points().redeem(kAdmin, {.user_id = f.bob, .item_id = "mug", .quantity = 2, .key = "r2"});
  CHECK(reverse(f, f.bob, earned.entry_id, "rev-e").amount == -30);
  const Movement back = reverse(f, f.bob, again.entry_id, "rev-2");
  CHECK(back.amount == 0);
  CHECK(back.available == 0);
  CHECK(f.sys->catalog().get(kAdmin, "mug").stock == 2);
  CHECK(f.invariants());
}

TEST_CASE("C1 reverse: what cannot be reversed, and who may") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  const Movement hold = f.freeze(f.alice, 10);
  check_error([&] { reverse(f, f.alice, hold.entry_id, "k1"); }, Errc::failed_precondition,
              "entry_id");
  const Movement used = f.use(f.alice, 5);
  check_error([&] { reverse(f, f.bob, used.entry_id, "k2"); }, Errc::not_found, "entry_id");
  check_error([&] { reverse(f, f.alice, "nope", "k3"); }, Errc::not_found, "entry_id");
  check_error(
      [&] {
        f.points().reverse(
            Actor::user(f.alice),
            {.user_id = f.alice, .entry_id = used.entry_id, .key = "k4", .reason = "mine"});
      },
      Errc::permission_denied);
  check_error(
      [&] {
        f.points().reverse(kAdmin, {.user_id = f.alice, .entry_id = used.entry_id, .key = "k5"});
      },
      Errc::invalid_argument, "reason");
  check_error(
      [&] {
        f.wallet().reverse(
            kAdmin, {.user_id = f.alice, .entry_id = used.entry_id, .key = "k6", .reason = "x"});
      },
      Errc::not_found, "entry_id");
  CHECK(f.sys->audit().list(kSystemActor, {.action = "ledger.reverse"}).empty());
  reverse(f, f.alice, used.entry_id, "k7");
  CHECK(f.sys->audit().list(kSystemActor, {.action = "ledger.reverse"}).size() == 1);
  CHECK(f.invariants());
}

}  // namespace
}  // namespace member::test
