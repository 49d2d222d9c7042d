// C1 idempotency: every change carries a key. The same key with the same
// content returns the first result (replayed = true) and changes nothing; the
// same key with other content is Errc::conflict naming "key". Keys are per
// asset; staff share the tenant's keys, a member's own are theirs.
#include <doctest/doctest.h>

#include <functional>
#include <string>

#include "ledger/ledger_helpers.hpp"

namespace member::test {
namespace {

void check_replay_of(const Movement& first, const Movement& again) {
  CHECK(again.replayed);
  CHECK_FALSE(first.replayed);
  CHECK(again.entry_id == first.entry_id);
  CHECK(again.kind == first.kind);
  CHECK(again.amount == first.amount);
  CHECK(again.frozen_change == first.frozen_change);
  CHECK(again.total == first.total);
  CHECK(again.available == first.available);
  CHECK(again.frozen == first.frozen);
  CHECK(again.expires_at == first.expires_at);
  CHECK(again.hold_id == first.hold_id);
  CHECK(again.discount == first.discount);
  CHECK(again.final_amount == first.final_amount);
}

/// Runs `op` once, then again: the repeat must replay and change nothing.
Movement check_idempotent(LedgerFixture& f, const std::function<Movement()>& op) {
  const Movement first = op();
  const Snapshot after_first = Snapshot::of(f, f.alice);
  const Movement again = op();
  check_replay_of(first, again);
  check_same(after_first, Snapshot::of(f, f.alice));
  return first;
}

}  // namespace

TEST_CASE("C1 idempotency: a repeated request returns the first result and changes nothing") {
  LedgerFixture f;
  Ledger& p = f.points();
  const EarnRequest earn{.user_id = f.alice,
                         .amount = 500,
                         .key = "earn-1",
                         .event_type = "PURCHASE",
                         .description = "order paid",
                         .related_order = "SO-1",
                         .related_data = R"({"sku":"A1"})"};
  check_idempotent(f, [&] { return p.earn(kAdmin, earn); });
  const UseRequest use{.user_id = f.alice, .amount = 40, .key = "use-1", .order_amount = 100};
  const Movement used = check_idempotent(f, [&] { return p.use(kAdmin, use); });
  CHECK(used.discount == 40);
  const FreezeRequest freeze{.user_id = f.alice, .amount = 100, .key = "freeze-1"};
  const Movement hold = check_idempotent(f, [&] { return p.freeze(kAdmin, freeze); });
  const CaptureRequest capture{
      .user_id = f.alice, .hold_id = hold.hold_id, .amount = 30, .key = "capture-1"};
  check_idempotent(f, [&] { return p.capture(kAdmin, capture); });
  const Movement hold2 = p.freeze(kAdmin, {.user_id = f.alice, .amount = 10, .key = "freeze-2"});
  const ReleaseRequest release{.user_id = f.alice, .hold_id = hold2.hold_id, .key = "release-1"};
  check_idempotent(f, [&] { return p.release(kAdmin, release); });
  const AdjustRequest adjust{.user_id = f.alice, .amount = -20, .key = "adjust-1", .reason = "fix"};
  check_idempotent(f, [&] { return p.adjust(kAdmin, adjust); });
  CHECK(f.history(f.alice).total == 7);
  CHECK(f.available(f.alice) == 500 - 40 - 30 - 20);
  CHECK(f.invariants());
}

TEST_CASE("C1 idempotency: a replay answers the first result even after the account changed") {
  LedgerFixture f;
  const EarnRequest earn{.user_id = f.alice, .amount = 100, .key = "order-9"};
  const Movement first = f.points().earn(kAdmin, earn);
  f.earn(f.alice, 50);
  f.use(f.alice, 30);
  const Movement again = f.points().earn(kAdmin, earn);
  check_replay_of(first, again);
  CHECK(again.available == 100);  // as first answered, not the 120 of now
  CHECK(f.available(f.alice) == 120);
  // A hold replayed after it was captured still answers its freeze.
  const FreezeRequest freeze{.user_id = f.alice, .amount = 20, .key = "hold-9"};
  const Movement hold = f.points().freeze(kAdmin, freeze);
  f.capture(f.alice, hold.hold_id);
  const Movement hold_again = f.points().freeze(kAdmin, freeze);
  check_replay_of(hold, hold_again);
  CHECK(f.summary(f.alice).frozen == 0);
  // A capture replayed after its hold would have timed out still answers the capture.
  const Movement hold3 = f.freeze(f.alice, 10);
  const CaptureRequest capture{.user_id = f.alice, .hold_id = hold3.hold_id, .key = "cap-9"};
  const Movement captured = f.points().capture(kAdmin, capture);
  f.clock->advance(hours(2));
  check_replay_of(captured, f.points().capture(kAdmin, capture));
  CHECK(f.available(f.alice) == 90);
  CHECK(f.invariants());
}

TEST_CASE("C1 idempotency: the same key with other content is a conflict naming \"key\"") {
  LedgerFixture f;
  Ledger& p = f.points();
  p.earn(kAdmin, {.user_id = f.alice, .amount = 100, .key = "K1", .event_type = "PURCHASE"});
  const Movement hold = p.freeze(kAdmin, {.user_id = f.alice, .amount = 10, .key = "K2"});
  p.use(kAdmin, {.user_id = f.alice, .amount = 5, .key = "K3"});
  const Snapshot before = Snapshot::of(f, f.alice);
  const auto conflict = [&](const std::function<void()>& op) {
    check_error(op, Errc::conflict, "key");
  };
  // Another amount, event, text, user or operation under a used key.
  conflict([&] { p.earn(kAdmin, {.user_id = f.alice, .amount = 101, .key = "K1"}); });
  conflict([&] {
    p.earn(kAdmin, {.user_id = f.alice, .amount = 100, .key = "K1", .event_type = "SIGN_IN"});
  });
  conflict([&] {
    p.earn(kAdmin, {.user_id = f.alice,
                    .amount = 100,
                    .key = "K1",
                    .event_type = "PURCHASE",
                    .description = "other"});
  });
  conflict([&] {
    p.earn(kAdmin, {.user_id = f.bob, .amount = 100, .key = "K1", .event_type = "PURCHASE"});
  });
  conflict([&] { p.use(kAdmin, {.user_id = f.alice, .amount = 100, .key = "K1"}); });
  conflict([&] { p.freeze(kAdmin, {.user_id = f.alice, .amount = 11, .key = "K2"}); });
  conflict([&] {
    p.freeze(kAdmin,
             {.user_id = f.alice, .amount = 10, .key = "K2", .expires_at = f.now() + hours(1)});
  });
  conflict(
      [&] { p.use(kAdmin, {.user_id = f.alice, .amount = 5, .key = "K3", .order_amount = 5}); });
  conflict([&] { p.capture(kAdmin, {.user_id = f.alice, .hold_id = hold.hold_id, .key = "K3"}); });
  conflict([&] { p.release(kAdmin, {.user_id = f.alice, .hold_id = hold.hold_id, .key = "K1"}); });
  conflict(
      [&] { p.adjust(kAdmin, {.user_id = f.alice, .amount = 5, .key = "K3", .reason = "x"}); });
  // Bob, acting for himself, has keys of his own: "K3" is a new request on
  // his account (refused: he has nothing), which shows nothing of Alice's.
  error_of([&] { p.use(Actor::user(f.bob), {.user_id = f.bob, .amount = 5, .key = "K3"}); },
           Errc::insufficient_points);
  check_same(before, Snapshot::of(f, f.alice));
  CHECK(f.history(f.bob).total == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 idempotency: content is compared after normalisation; the actor does not matter") {
  LedgerFixture f;
  const Movement first = f.points().earn(
      kAdmin,
      {.user_id = f.alice, .amount = 10, .key = "n1", .related_data = R"({"a":1,"b":[2]})"});
  const Movement again =
      f.points().earn(Actor::service("orders"), {.user_id = f.alice,
                                                 .amount = 10,
                                                 .key = "n1",
                                                 .related_data = "{ \"a\" : 1, \"b\" : [ 2 ] }"});
  check_replay_of(first, again);
  // The member repeating a spend made for them by staff gets the same answer.
  const UseRequest use{.user_id = f.alice, .amount = 4, .key = "n2"};
  const Movement used = f.points().use(kAdmin, use);
  check_replay_of(used, f.points().use(Actor::user(f.alice), use));
  CHECK(f.available(f.alice) == 6);
}

TEST_CASE("C1 idempotency: a member's keys are their own; staff share the tenant's") {
  LedgerFixture f;
  Ledger& p = f.points();
  f.earn(f.alice, 100);
  f.earn(f.bob, 100);
  const Actor bob = Actor::user(f.bob);
  const UseRequest bobs_use{.user_id = f.bob, .amount = 5, .key = "ORD-9"};
  const EarnRequest order_earn{
      .user_id = f.alice, .amount = 40, .key = "ORD-9", .event_type = "PURCHASE"};
  // Bob spends under the id of an order Alice has not placed yet, which does
  // not stop the service's earn for that order.
  const Movement bob_spent = p.use(bob, bobs_use);
  const Movement alice_earned = p.earn(Actor::service("orders"), order_earn);
  CHECK_FALSE(alice_earned.replayed);
  CHECK(alice_earned.amount == 40);
  // Each repeat finds its own first answer.
  check_replay_of(bob_spent, p.use(bob, bobs_use));
  check_replay_of(alice_earned, p.earn(kAdmin, order_earn));
  // Alice's own "ORD-9" is hers, apart from the service's.
  CHECK_FALSE(
      p.use(Actor::user(f.alice), {.user_id = f.alice, .amount = 1, .key = "ORD-9"}).replayed);
  // Within one space, other content under a used key is still a conflict.
  check_error([&] { p.use(bob, {.user_id = f.bob, .amount = 6, .key = "ORD-9"}); }, Errc::conflict,
              "key");
  check_error(
      [&] {
        p.earn(kAdmin, {.user_id = f.bob, .amount = 40, .key = "ORD-9", .event_type = "PURCHASE"});
      },
      Errc::conflict, "key");
  // Across the spaces, one request for one account stays one: staff
  // repeating Bob's own spend get his answer; other content there is
  // someone else's request and runs.
  const UseRequest bobs_second{.user_id = f.bob, .amount = 3, .key = "B-1"};
  const Movement second = p.use(bob, bobs_second);
  check_replay_of(second, p.use(kAdmin, bobs_second));
  const UseRequest staffs_own{.user_id = f.bob, .amount = 2, .key = "B-1"};
  const Movement third = p.use(kAdmin, staffs_own);
  CHECK_FALSE(third.replayed);
  // With both sides' keys taken, each repeat still finds its own request.
  check_replay_of(second, p.use(kAdmin, bobs_second));
  check_replay_of(second, p.use(bob, bobs_second));
  check_replay_of(third, p.use(bob, staffs_own));
  check_replay_of(third, p.use(kAdmin, staffs_own));
  check_error([&] { p.use(bob, {.user_id = f.bob, .amount = 4, .key = "B-1"}); }, Errc::conflict,
              "key");
  CHECK(f.available(f.alice) == 139);
  CHECK(f.available(f.bob) == 90);
  CHECK(f.invariants());
}

TEST_CASE("C1 idempotency: a member with a staff role, acting for others, shares staff's keys") {
  LedgerFixture f;
  Ledger& p = f.points();
  const std::string carol =
      f.sys->accounts().register_user(Actor::anonymous(), with_username("carol"));
  f.sys->roles().assign_roles(Actor::system(), {{carol, "internal"}});
  const Actor clerk = Actor::user(carol);
  const EarnRequest order{
      .user_id = f.alice, .amount = 30, .key = "ORD-5", .event_type = "PURCHASE"};
  const Movement first = p.earn(clerk, order);
  // The service sending the same order gets the clerk's answer; the same
  // key for another account is a conflict, as between two services.
  check_replay_of(first, p.earn(Actor::service("orders"), order));
  check_error(
      [&] {
        p.earn(Actor::service("orders"),
               {.user_id = f.bob, .amount = 30, .key = "ORD-5", .event_type = "PURCHASE"});
      },
      Errc::conflict, "key");
  // Alice's own "ORD-5" stays hers.
  CHECK_FALSE(
      p.use(Actor::user(f.alice), {.user_id = f.alice, .amount = 1, .key = "ORD-5"}).replayed);
  // Acting on her own account, the clerk is a member like any other.
  f.earn(carol, 10);
  CHECK_FALSE(p.use(clerk, {.user_id = carol, .amount = 1, .key = "ORD-5"}).replayed);
  CHECK(f.available(f.alice) == 29);
  CHECK(f.available(carol) == 9);
  CHECK(f.invariants());
}

TEST_CASE("C1 idempotency: keys are per asset: points \"K\" and wallet \"K\" are independent") {
  LedgerFixture f;
  const Movement points = f.points().earn(kAdmin, {.user_id = f.alice, .amount = 100, .key = "K"});
  const Movement money = f.wallet().earn(kAdmin, {.user_id = f.alice, .amount = 2500, .key = "K"});
  CHECK_FALSE(money.replayed);
  CHECK(money.entry_id != points.entry_id);
  CHECK(money.available == 2500);
  // Different content under "K" on each side: each compares with its own first.
  const Movement spent = f.wallet().use(kAdmin, {.user_id = f.alice, .amount = 1, .key = "U"});
  CHECK_FALSE(f.points().use(kAdmin, {.user_id = f.alice, .amount = 7, .key = "U"}).replayed);
  check_replay_of(spent, f.wallet().use(kAdmin, {.user_id = f.alice, .amount = 1, .key = "U"}));
  check_error([&] { f.wallet().earn(kAdmin, {.user_id = f.alice, .amount = 99, .key = "K"}); },
              Errc::conflict, "key");
  CHECK(f.available(f.alice) == 93);
  CHECK(f.available(f.alice, &f.wallet()) == 2499);
  CHECK(f.invariants());
}

TEST_CASE("C1 idempotency: a refused request does not claim its key") {
  LedgerFixture f;
  const FreezeRequest freeze{.user_id = f.alice, .amount = 50, .key = "hold-1"};
  error_of([&] { f.points().freeze(kAdmin, freeze); }, Errc::insufficient_points);
  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::disabled);
  check_error([&] { f.points().earn(kAdmin, {.user_id = f.alice, .amount = 50, .key = "e-1"}); },
              Errc::failed_precondition);
  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::active);
  const Movement earned = f.points().earn(kAdmin, {.user_id = f.alice, .amount = 50, .key = "e-1"});
  CHECK_FALSE(earned.replayed);
  const Movement held = f.points().freeze(kAdmin, freeze);
  CHECK_FALSE(held.replayed);
  CHECK(held.frozen == 50);
  CHECK(raw_int(f.db(), "SELECT count(*) FROM ledger_requests") == 2);
  CHECK(f.invariants());
}

TEST_CASE(
    "C1 idempotency: a freeze retried after its own timeout still answers the first "
    "result") {
  // Rule 5: the same key with the same content returns the first result. A
  // client retrying a freeze late (its expires_at now in the past) must get
  // the hold it made, not a validation error about the timeout.
  LedgerFixture f;
  f.earn(f.alice, 100);
  const FreezeRequest freeze{
      .user_id = f.alice, .amount = 40, .key = "late-retry", .expires_at = f.now() + minutes(5)};
  const Movement first = f.points().freeze(kAdmin, freeze);
  f.clock->advance(minutes(10));
  try {
    const Movement again = f.points().freeze(kAdmin, freeze);
    check_replay_of(first, again);
  } catch (const Error& e) {
    FAIL_CHECK("the retry was refused: " << to_string(e.code()) << " " << std::string(e.what()));
  }
  CHECK(f.summary(f.alice).available == 100);  // the hold itself has timed out
  CHECK(f.invariants());
}

}  // namespace member::test
