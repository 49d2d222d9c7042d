// C1 earn: every earn is a lot with its expiry (24 calendar months by
// default, per event type, or never); bad amounts, unknown users and
// non-staff callers are refused and change nothing.
#include <doctest/doctest.h>

#include <limits>

#include "core/ids.hpp"
#include "ledger/ledger_helpers.hpp"

namespace member::test {

TEST_CASE("C1 ledger: earn adds a lot that expires 24 calendar months later by default") {
  LedgerFixture f;
  const Movement m = f.points().earn(kAdmin, {.user_id = f.alice,
                                              .amount = 120,
                                              .key = "order-1",
                                              .event_type = "PURCHASE",
                                              .description = "order paid",
                                              .related_order = "SO-1",
                                              .related_data = R"({"sku": "A1"})"});
  const TimePoint expiry = ymd(2026, 3, 15) + hours(12);
  CHECK_FALSE(m.entry_id.empty());
  CHECK(m.kind == EntryKind::earn);
  CHECK(m.amount == 120);
  CHECK(m.frozen_change == 0);
  CHECK(m.available == 120);
  CHECK(m.frozen == 0);
  CHECK(m.total == 120);
  CHECK(m.expires_at == expiry);
  CHECK(m.hold_id.empty());
  CHECK_FALSE(m.replayed);

  const Summary s = f.summary(f.alice, Days(3650));
  CHECK(s.available == 120);
  CHECK(s.total == 120);
  CHECK(s.next_expiry == expiry);
  CHECK(s.expiring == 120);

  const History h = f.history(f.alice);
  REQUIRE(h.entries.size() == 1);
  const Entry& e = h.entries[0];
  CHECK(e.entry_id == m.entry_id);
  CHECK(e.kind == EntryKind::earn);
  CHECK(e.amount == 120);
  CHECK(e.event_type == "PURCHASE");
  CHECK(e.description == "order paid");
  CHECK(e.related_order == "SO-1");
  CHECK(e.created_at == start_time());
  CHECK(e.expires_at == expiry);

  // Spendable up to the last millisecond before the expiry, not at it.
  f.clock->set(expiry - milliseconds(1));
  CHECK(f.available(f.alice) == 120);
  f.clock->set(expiry);
  CHECK(f.available(f.alice) == 0);
  CHECK(f.summary(f.alice).total == 0);
  CHECK(f.invariants());
}

TEST_CASE("C1 ledger: expiry counts calendar months (the 31st becomes the month's last day)") {
  LedgerPolicy policy;
  policy.expiry_months_by_event = {{"MONTHLY", 1}};
  LedgerFixture f(policy);
  f.clock->set(ymd(2024, 1, 31) + hours(23) + minutes(59));
  CHECK(f.earn(f.alice, 10, "MONTHLY").expires_at == ymd(2024, 2, 29) + hours(23) + minutes(59));
  CHECK(f.earn(f.alice, 10).expires_at == ymd(2026, 1, 31) + hours(23) + minutes(59));
  f.clock->set(ymd(2024, 2, 29) + hours(12));
  f.earn(f.alice, 10, "PURCHASE");  // 2026-02-28: 2026 has no February 29th
  CHECK(f.history(f.alice).entries[0].expires_at == ymd(2026, 2, 28) + hours(12));
  CHECK(f.invariants());
}

TEST_CASE("C1 ledger: per-event expiry rules override the default; 0 means never") {
  LedgerPolicy policy;
  policy.expiry_months_by_event = {{"SIGN_IN", 3}, {"VIP_GIFT", 0}};
  LedgerFixture f(policy);
  const Movement sign_in = f.earn(f.alice, 5, "SIGN_IN");
  const Movement gift = f.earn(f.alice, 7, "VIP_GIFT");
  const Movement purchase = f.earn(f.alice, 11, "PURCHASE");
  CHECK(sign_in.expires_at == ymd(2024, 6, 15) + hours(12));
  CHECK_FALSE(gift.expires_at.has_value());
  CHECK(purchase.expires_at == ymd(2026, 3, 15) + hours(12));
  const History h = f.history(f.alice);
  REQUIRE(h.entries.size() == 3);
  CHECK_FALSE(h.entries[1].expires_at.has_value());  // newest first: [1] is the gift

  CHECK(f.summary(f.alice).next_expiry == ymd(2024, 6, 15) + hours(12));
  f.clock->set(ymd(2024, 6, 15) + hours(12));
  CHECK(f.available(f.alice) == 18);
  CHECK(f.summary(f.alice).next_expiry == ymd(2026, 3, 15) + hours(12));
  f.clock->set(ymd(2124, 1, 1));  // a century later only the gift is left
  const Summary s = f.summary(f.alice, Days(3650));
  CHECK(s.available == 7);
  CHECK(s.expiring == 0);
  CHECK_FALSE(s.next_expiry.has_value());
  f.points().expire_due(kSystemActor);
  CHECK(f.available(f.alice) == 7);
  CHECK(f.invariants());
}

TEST_CASE("C1 ledger: expiry_months = 0 makes every lot without a rule never expire") {
  LedgerPolicy policy;
  policy.expiry_months = 0;
  policy.expiry_months_by_event = {{"PROMO", 1}};
  LedgerFixture f(policy);
  CHECK_FALSE(f.earn(f.alice, 10).expires_at.has_value());
  CHECK(f.earn(f.alice, 5, "PROMO").expires_at == ymd(2024, 4, 15) + hours(12));
  f.clock->advance(Days(365 * 50));
  CHECK(f.points().expire_due(kSystemActor).amount == 5);
  CHECK(f.available(f.alice) == 10);
  CHECK(f.invariants());
}

TEST_CASE(
    "C1 ledger: zero, negative and overflowing earn amounts are invalid_argument "
    "\"amount\" and change nothing") {
  LedgerFixture f;
  f.earn(f.alice, 50);
  const Snapshot before = Snapshot::of(f, f.alice);
  for (const std::int64_t amount :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{-100}, std::int64_t{1'000'000'000'001},
        std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min()}) {
    CAPTURE(amount);
    check_error(
        [&] {
          f.points().earn(kAdmin, {.user_id = f.alice, .amount = amount, .key = "bad-amount"});
        },
        Errc::invalid_argument, "amount");
  }
  check_same(before, Snapshot::of(f, f.alice));
  // The key was never claimed by the refused requests.
  CHECK(f.points()
            .earn(kAdmin, {.user_id = f.alice, .amount = 1'000'000'000'000, .key = "bad-amount"})
            .available == 1'000'000'000'050);
  CHECK(f.invariants());
}

TEST_CASE("C1 ledger: earn that would overflow the balance is refused, exactly at the limit") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  // Put the account near the ceiling (2^62) by hand.
  constexpr std::int64_t kCeiling = std::int64_t{1} << 62;
  const std::int64_t near = kCeiling - 1000;
  raw_exec(f.db(), "UPDATE ledger_balances SET posted = " + std::to_string(near));
  raw_exec(f.db(), "UPDATE ledger_lots SET amount = " + std::to_string(near) +
                       ", remaining = " + std::to_string(near));
  const Error e = error_of([&] { f.earn(f.alice, 1001); }, Errc::invalid_argument);
  CHECK(e.field() == "amount");
  check_error([&] { f.adjust(f.alice, 1001); }, Errc::invalid_argument, "amount");
  CHECK(f.earn(f.alice, 1000).available == kCeiling);
  check_error([&] { f.earn(f.alice, 1); }, Errc::invalid_argument, "amount");
  CHECK(f.available(f.alice) == kCeiling);
}

TEST_CASE("C1 ledger: earn validates the key, the texts and related_data") {
  LedgerFixture f;
  const auto earn = [&](EarnRequest r) {
    r.user_id = f.alice;
    if (r.amount == 0) r.amount = 10;
    return f.points().earn(kAdmin, r);
  };
  check_error([&] { earn({.key = ""}); }, Errc::invalid_argument, "key");
  check_error([&] { earn({.key = std::string(129, 'k')}); }, Errc::invalid_argument, "key");
  check_error([&] { earn({.key = "line\nbreak"}); }, Errc::invalid_argument, "key");
  check_error([&] { earn({.key = "k1", .event_type = std::string(65, 'E')}); },
              Errc::invalid_argument, "event_type");
  check_error([&] { earn({.key = "k1", .description = std::string(501, 'd')}); },
              Errc::invalid_argument, "description");
  check_error([&] { earn({.key = "k1", .related_order = std::string(129, 'o')}); },
              Errc::invalid_argument, "related_order");
  check_error([&] { earn({.key = "k1", .related_data = "[1, 2]"}); }, Errc::invalid_argument,
              "related_data");
  check_error([&] { earn({.key = "k1", .related_data = "{not json"}); }, Errc::invalid_argument,
              "related_data");
  CHECK(f.history(f.alice).total == 0);
  CHECK(earn({.key = std::string(128, 'k')}).available == 10);
  CHECK(earn({.key = "k1", .description = std::string(500, 'd')}).available == 20);
  CHECK(f.invariants());
}

TEST_CASE("C1 ledger: earn for an unknown or malformed user id") {
  LedgerFixture f;
  check_error([&] { f.earn(detail::new_user_id(), 10); }, Errc::not_found, "user_id");
  check_error([&] { f.earn("", 10); }, Errc::invalid_argument, "user_id");
  check_error([&] { f.earn("not-a-user-id", 10); }, Errc::invalid_argument, "user_id");
  // Nothing was written for anyone.
  CHECK(raw_int(f.db(), "SELECT count(*) FROM ledger_entries") == 0);
  CHECK(raw_int(f.db(), "SELECT count(*) FROM ledger_balances") == 0);
  CHECK(raw_int(f.db(), "SELECT count(*) FROM ledger_requests") == 0);
}

TEST_CASE("C1 ledger: only staff (admin, service, system) may earn") {
  LedgerFixture f;
  for (const Actor& actor : {Actor::user(f.alice), Actor::user(f.bob), Actor::anonymous()}) {
    CAPTURE(to_string(actor.kind));
    check_error(
        [&] { f.points().earn(actor, {.user_id = f.alice, .amount = 10, .key = "self-credit"}); },
        Errc::permission_denied);
  }
  CHECK(f.history(f.alice).total == 0);
  CHECK(f.points()
            .earn(Actor::service("orders"), {.user_id = f.alice, .amount = 1, .key = "s"})
            .available == 1);
  CHECK(f.points().earn(Actor::system(), {.user_id = f.alice, .amount = 2, .key = "y"}).available ==
        3);
  CHECK(f.points().earn(kAdmin, {.user_id = f.alice, .amount = 4, .key = "a"}).available == 7);
  CHECK(f.invariants());
}

TEST_CASE("C1 ledger: a ledger policy that makes no sense is refused when opening") {
  const auto open_with = [](LedgerPolicy p) {
    Options o = memory_options();
    o.points = std::move(p);
    System sys(std::move(o));
  };
  check_error([&] { open_with({.points_per_currency_unit = 0}); }, Errc::invalid_argument,
              "points");
  check_error([&] { open_with({.hold_timeout = seconds(0)}); }, Errc::invalid_argument, "points");
  // A timeout whose end would overflow a time (a century of seconds, say).
  check_error([&] { open_with({.hold_timeout = hours(24 * 367)}); }, Errc::invalid_argument,
              "points");
  check_error(
      [&] {
        Options o = memory_options();
        o.busy_timeout = std::chrono::milliseconds(std::numeric_limits<std::int64_t>::max());
        System sys(std::move(o));
      },
      Errc::invalid_argument, "busy_timeout");
  check_error([&] { open_with({.expiry_months = 1201}); }, Errc::invalid_argument, "points");
  check_error(
      [&] {
        open_with({.expiry_months_by_event = {{"X", 5000}}});
      },
      Errc::invalid_argument, "points");
  open_with({.expiry_months = 1200, .points_per_currency_unit = 1, .hold_timeout = seconds(1)});
  open_with({.hold_timeout = hours(24 * 366)});
}

}  // namespace member::test
