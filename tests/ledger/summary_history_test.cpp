// C1 summary and history: total = available + frozen, what expires within a
// window and the nearest expiry; the journal filtered by kind and date range,
// paged, with the total count and the totals earned and spent.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/ids.hpp"
#include "ledger/ledger_helpers.hpp"

namespace member::test {

TEST_CASE("C1 summary: total, available, frozen, expiring within the window, next expiry") {
  LedgerPolicy policy;
  policy.expiry_months_by_event = {{"M1", 1}, {"M3", 3}, {"NEVER", 0}};
  LedgerFixture f(policy);
  const Summary empty = f.summary(f.alice);
  CHECK(empty.total == 0);
  CHECK(empty.available == 0);
  CHECK(empty.frozen == 0);
  CHECK(empty.expiring == 0);
  CHECK_FALSE(empty.next_expiry.has_value());

  f.earn(f.alice, 10, "M1");       // 2024-04-15 12:00
  f.earn(f.alice, 20, "M3");       // 2024-06-15 12:00
  f.earn(f.alice, 40, "NEVER");    // never
  f.earn(f.alice, 80);             // 2026-03-15 12:00
  f.freeze(f.alice, 5);            // from the M1 lot
  Summary s = f.summary(f.alice);  // window: 30 days, to 2024-04-14 12:00
  CHECK(s.available == 145);
  CHECK(s.frozen == 5);
  CHECK(s.total == 150);
  CHECK(s.expiring == 0);
  CHECK(s.next_expiry == ymd(2024, 4, 15) + hours(12));
  // The window's end is inclusive; held points are not "expiring".
  CHECK(f.summary(f.alice, Days(31)).expiring == 5);
  CHECK(f.summary(f.alice, Days(31) - seconds(1)).expiring == 0);
  CHECK(f.summary(f.alice, Days(92)).expiring == 25);
  CHECK(f.summary(f.alice, Days(3650)).expiring == 105);
  CHECK(f.summary(f.alice, seconds(0)).expiring == 0);
  // A lot entirely held is not the next expiry.
  f.freeze(f.alice, 5);
  CHECK(f.summary(f.alice).next_expiry == ymd(2024, 6, 15) + hours(12));
  s = f.summary(f.alice, Days(92));
  CHECK(s.expiring == 20);
  CHECK(s.frozen == 10);
  CHECK(s.total == 150);
  check_error([&] { f.summary(f.alice, seconds(-1)); }, Errc::invalid_argument, "window");
  // Too long to add to the time (it overflowed before a review caught it).
  check_error([&] { f.summary(f.alice, seconds(10'000'000'000'000'000)); }, Errc::invalid_argument,
              "window");
  CHECK(f.summary(f.alice, hours(24 * 366 * 100)).total == s.total);
  check_error([&] { f.summary(detail::new_user_id()); }, Errc::not_found, "user_id");
  check_error([&] { f.summary("nope"); }, Errc::invalid_argument, "user_id");
  CHECK(f.invariants());
}

TEST_CASE("C1 history: newest first, every kind, with totals earned and spent") {
  LedgerFixture f;
  f.earn(f.alice, 100);
  f.clock->advance(minutes(1));
  f.use(f.alice, 30);
  f.clock->advance(minutes(1));
  const Movement hold = f.freeze(f.alice, 20);
  f.clock->advance(minutes(1));
  f.capture(f.alice, hold.hold_id, 15);
  f.clock->advance(minutes(1));
  const Movement hold2 = f.freeze(f.alice, 10);
  f.release(f.alice, hold2.hold_id);
  f.adjust(f.alice, 7, "bonus");
  f.adjust(f.alice, -2, "fix");
  f.earn(f.bob, 999);  // someone else's
  const History h = f.history(f.alice);
  CHECK(h.total == 8);
  CHECK(h.earned == 107);
  CHECK(h.spent == 47);
  REQUIRE(h.entries.size() == 8);
  const std::vector<EntryKind> kinds{EntryKind::adjust, EntryKind::adjust,  EntryKind::release,
                                     EntryKind::freeze, EntryKind::capture, EntryKind::freeze,
                                     EntryKind::use,    EntryKind::earn};
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    CAPTURE(i);
    CHECK(h.entries[i].kind == kinds[i]);
  }
  CHECK(h.entries[4].amount == -15);
  CHECK(h.entries[4].frozen_change == -20);
  CHECK(h.entries[4].hold_id == hold.hold_id);
  CHECK(h.entries[5].hold_id == hold.hold_id);
  CHECK(h.entries[7].created_at == start_time());
  CHECK(h.entries[6].created_at == start_time() + minutes(1));
  // Bob sees only his own.
  CHECK(f.history(f.bob).total == 1);
  CHECK(f.available(f.alice) == 60);
}

TEST_CASE("C1 history: filter by kind and by date range [from, to)") {
  LedgerFixture f;
  for (int day = 0; day < 5; ++day) {
    f.earn(f.alice, 100 + day);
    f.use(f.alice, 10 + day);
    f.clock->advance(Days(1));
  }
  const TimePoint t0 = start_time();
  const auto query = [&](std::optional<EntryKind> kind, std::optional<TimePoint> from,
                         std::optional<TimePoint> to) {
    HistoryQuery q;
    q.user_id = f.alice;
    q.kind = kind;
    q.from = from;
    q.to = to;
    return f.points().history(kAdmin, q);
  };
  const History uses = query(EntryKind::use, {}, {});
  CHECK(uses.total == 5);
  CHECK(uses.earned == 0);
  CHECK(uses.spent == 10 + 11 + 12 + 13 + 14);
  for (const Entry& e : uses.entries) CHECK(e.kind == EntryKind::use);
  const History earns = query(EntryKind::earn, {}, {});
  CHECK(earns.total == 5);
  CHECK(earns.earned == 510);
  CHECK(earns.spent == 0);
  CHECK(query(EntryKind::expire, {}, {}).total == 0);
  // Days 1 and 2: from inclusive, to exclusive.
  const History mid = query({}, t0 + Days(1), t0 + Days(3));
  CHECK(mid.total == 4);
  CHECK(mid.earned == 101 + 102);
  CHECK(mid.spent == 11 + 12);
  REQUIRE(mid.entries.size() == 4);
  CHECK(mid.entries.front().created_at == t0 + Days(2));
  CHECK(mid.entries.back().created_at == t0 + Days(1));
  CHECK(query({}, t0 + Days(1), t0 + Days(1)).total == 0);
  CHECK(query({}, {}, t0 + milliseconds(1)).total == 2);
  CHECK(query({}, t0 + Days(4), {}).total == 2);
  CHECK(query(EntryKind::earn, t0 + Days(4), {}).earned == 104);
  HistoryQuery bad;
  bad.user_id = f.alice;
  bad.kind = static_cast<EntryKind>(42);
  check_error([&] { f.points().history(kAdmin, bad); }, Errc::invalid_argument, "kind");
}

TEST_CASE("C1 history: paged with limit and offset; the totals cover the whole filter") {
  LedgerFixture f;
  std::vector<std::string> ids;  // oldest first
  for (int i = 0; i < 23; ++i) {
    ids.push_back(f.earn(f.alice, i + 1).entry_id);
    f.clock->advance(seconds(1));
  }
  std::vector<std::string> seen;
  for (std::uint32_t offset = 0; offset < 30; offset += 10) {
    HistoryQuery q;
    q.user_id = f.alice;
    q.page = {.limit = 10, .offset = offset};
    const History page = f.points().history(kAdmin, q);
    CHECK(page.total == 23);
    CHECK(page.earned == 23 * 24 / 2);
    CHECK(page.entries.size() == (offset < 20 ? 10u : 3u));
    for (const Entry& e : page.entries) seen.push_back(e.entry_id);
  }
  const std::vector<std::string> newest_first(ids.rbegin(), ids.rend());
  CHECK(seen == newest_first);
  HistoryQuery beyond;
  beyond.user_id = f.alice;
  beyond.page = {.limit = 5, .offset = 100};
  const History none = f.points().history(kAdmin, beyond);
  CHECK(none.entries.empty());
  CHECK(none.total == 23);
  for (const std::uint32_t limit : {0u, 1001u}) {
    HistoryQuery q;
    q.user_id = f.alice;
    q.page.limit = limit;
    check_error([&] { f.points().history(kAdmin, q); }, Errc::invalid_argument, "page.limit");
  }
}

TEST_CASE("C1 history: entry kinds have stable numbers and names") {
  const std::vector<std::pair<EntryKind, std::string>> kinds{
      {EntryKind::earn, "earn"},       {EntryKind::use, "use"},
      {EntryKind::freeze, "freeze"},   {EntryKind::release, "release"},
      {EntryKind::capture, "capture"}, {EntryKind::expire, "expire"},
      {EntryKind::adjust, "adjust"}};
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    CHECK(static_cast<int>(kinds[i].first) == static_cast<int>(i));
    CHECK(to_string(kinds[i].first) == kinds[i].second);
  }
}

TEST_CASE("C1 history: points and wallet journals are separate") {
  LedgerFixture f;
  f.earn(f.alice, 10);
  f.earn(f.alice, 500, "PURCHASE", &f.wallet());
  f.use(f.alice, 200, &f.wallet());
  CHECK(f.history(f.alice).total == 1);
  const History money = f.history(f.alice, {}, &f.wallet());
  CHECK(money.total == 2);
  CHECK(money.earned == 500);
  CHECK(money.spent == 200);
  CHECK(f.summary(f.alice).total == 10);
  CHECK(f.summary(f.alice, Days(30), &f.wallet()).total == 300);
}

}  // namespace member::test
