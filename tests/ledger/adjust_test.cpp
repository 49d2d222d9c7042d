// C1 adjust: staff corrections with a required reason, audited as
// "ledger.adjust"; a positive adjustment is a new lot, a negative one is
// consumed like a use (soonest-expiring first, never below zero).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <limits>

#include "core/ids.hpp"
#include "ledger/ledger_helpers.hpp"
#include "support/processes.hpp"

namespace member::test {

TEST_CASE(
    "C1 adjust: a positive adjustment is a new lot with its expiry, journalled with the "
    "reason") {
  LedgerFixture f;
  const Movement m = f.adjust(f.alice, 250, "compensation for ticket 42");
  CHECK(m.kind == EntryKind::adjust);
  CHECK(m.amount == 250);
  CHECK(m.available == 250);
  CHECK(m.total == 250);
  const History h = f.history(f.alice, EntryKind::adjust);
  REQUIRE(h.entries.size() == 1);
  CHECK(h.entries[0].entry_id == m.entry_id);
  CHECK(h.entries[0].description == "compensation for ticket 42");
  CHECK(h.entries[0].expires_at == ymd(2026, 3, 15) + hours(12));
  CHECK(f.summary(f.alice, Days(3650)).next_expiry == ymd(2026, 3, 15) + hours(12));
  CHECK(f.invariants());
}

TEST_CASE("C1 adjust: a negative adjustment consumes the soonest-expiring lots first") {
  LedgerPolicy policy;
  policy.expiry_months_by_event = {{"SHORT", 1}};
  LedgerFixture f(policy);
  const Movement late = f.earn(f.alice, 100, "PURCHASE");
  f.earn(f.alice, 100, "SHORT");
  const Movement m = f.adjust(f.alice, -120, "duplicate grant");
  CHECK(m.amount == -120);
  CHECK(m.available == 80);
  const Summary s = f.summary(f.alice, Days(3650));
  CHECK(s.next_expiry == late.expires_at);  // the short lot is gone
  // Nothing left to expire after a month.
  f.clock->advance(Days(40));
  CHECK(f.points().expire_due(kSystemActor).amount == 0);
  CHECK(f.available(f.alice) == 80);
  CHECK(f.invariants());
}

TEST_CASE(
    "C1 adjust: a negative adjustment beyond what is available is refused with the "
    "shortage, changing nothing, and is not audited") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  f.freeze(f.alice, 30);
  const Snapshot before = Snapshot::of(f, f.alice);
  const Error e = error_of([&] { f.adjust(f.alice, -71, "clawback"); }, Errc::insufficient_points);
  CHECK(e.shortage() == 1);
  check_same(before, Snapshot::of(f, f.alice));
  CHECK(audit_of(*f.sys, f.alice, "ledger.adjust").empty());
  CHECK(f.adjust(f.alice, -70, "clawback").available == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 adjust: audited as ledger.adjust with operator, amount, reason and entry") {
  LedgerFixture f;
  const Movement m = f.adjust(f.alice, 75, "goodwill");
  const Movement w = f.adjust(f.alice, 1999, "refund to wallet", &f.wallet());
  const Movement minus = f.adjust(f.alice, -5, "typo");
  auto entries = audit_of(*f.sys, f.alice, "ledger.adjust");
  REQUIRE(entries.size() == 3);  // newest first
  const auto detail_of = [&](std::size_t i) { return nlohmann::json::parse(entries[i].detail); };
  CHECK(entries[2].actor_kind == ActorKind::admin);
  CHECK(entries[2].actor_id == "op");
  CHECK(entries[2].user_id == f.alice);
  CHECK(entries[2].at == start_time());
  CHECK(detail_of(2).at("asset") == "points");
  CHECK(detail_of(2).at("amount") == 75);
  CHECK(detail_of(2).at("reason") == "goodwill");
  CHECK(detail_of(2).at("entry_id") == m.entry_id);
  CHECK(detail_of(1).at("asset") == "money");
  CHECK(detail_of(1).at("amount") == 1999);
  CHECK(detail_of(1).at("entry_id") == w.entry_id);
  CHECK(detail_of(0).at("amount") == -5);
  CHECK(detail_of(0).at("entry_id") == minus.entry_id);
  // A replay is not a second adjustment and is not audited again.
  const AdjustRequest r{.user_id = f.alice, .amount = 10, .key = "adj-r", .reason = "again"};
  f.points().adjust(Actor::service("crm"), r);
  CHECK(f.points().adjust(Actor::service("crm"), r).replayed);
  entries = audit_of(*f.sys, f.alice, "ledger.adjust");
  REQUIRE(entries.size() == 4);
  CHECK(entries[0].actor_kind == ActorKind::service);
  CHECK(entries[0].actor_id == "crm");
  CHECK(f.available(f.alice) == 80);
  CHECK(f.invariants());
}

TEST_CASE("C1 adjust: staff only; a reason is required; the amount is checked") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  const Snapshot before = Snapshot::of(f, f.alice);
  for (const Actor& actor : {Actor::user(f.alice), Actor::anonymous()}) {
    check_error(
        [&] {
          f.points().adjust(actor, {.user_id = f.alice, .amount = 5, .key = "a1", .reason = "r"});
        },
        Errc::permission_denied);
  }
  check_error([&] { f.adjust(f.alice, 5, ""); }, Errc::invalid_argument, "reason");
  check_error([&] { f.adjust(f.alice, 5, std::string(501, 'r')); }, Errc::invalid_argument,
              "reason");
  check_error([&] { f.adjust(f.alice, 5, "bad\x01reason"); }, Errc::invalid_argument, "reason");
  for (const std::int64_t amount :
       {std::int64_t{0}, std::int64_t{1'000'000'000'001}, std::int64_t{-1'000'000'000'001},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min() + 1}) {
    CAPTURE(amount);
    check_error([&] { f.adjust(f.alice, amount); }, Errc::invalid_argument, "amount");
  }
  check_error([&] { f.adjust(detail::new_user_id(), 5); }, Errc::not_found, "user_id");
  check_same(before, Snapshot::of(f, f.alice));
  CHECK(audit_of(*f.sys, f.alice, "ledger.adjust").empty());
  CHECK(f.adjust(f.alice, -100).available == 0);
}

TEST_CASE("C1 adjust: the most negative amount is invalid_argument, not undefined behaviour") {
  // Run in a child process: under UBSan a negation overflow aborts the process.
  const auto statuses = run_processes(1, [](int) {
    try {
      System sys(memory_options());
      const std::string id =
          sys.accounts().register_user(Actor::anonymous(), with_username("minimum"));
      sys.points().adjust(kAdmin, {.user_id = id,
                                   .amount = std::numeric_limits<std::int64_t>::min(),
                                   .key = "min",
                                   .reason = "overflow"});
      return 3;  // accepted: wrong
    } catch (const Error& e) {
      return e.code() == Errc::invalid_argument && e.field() == "amount" ? 0 : 2;
    }
  });
  REQUIRE(statuses.size() == 1);
  CHECK_MESSAGE(statuses[0] == 0, "child exit status " << statuses[0]
                                                       << " (2: other error, 3: accepted, "
                                                          "else crashed)");
}

}  // namespace member::test
