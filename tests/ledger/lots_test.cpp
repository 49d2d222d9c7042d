// The ledger's pure rules: lot arithmetic (detail::Lots) and calendar expiry
// (detail::add_months, detail::lot_expiry_ms), without a database or clock.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "ledger/expiry.hpp"
#include "ledger/ledger_helpers.hpp"
#include "ledger/lots.hpp"

namespace member::test {
namespace {

using detail::Lots;
using storage::LotRow;
using storage::LotShare;

constexpr std::int64_t kNow = 1'000'000;

LotRow lot(const std::string& id, std::int64_t remaining, std::int64_t expires_at,
           std::int64_t frozen = 0, std::int64_t amount = -1) {
  return {"default", id, "u", 0, amount < 0 ? remaining : amount, remaining, frozen, expires_at, 0};
}

std::int64_t ms(TimePoint t) {
  return ms_of(t);
}

std::string shares_text(const std::vector<LotShare>& shares) {
  std::string out;
  for (const auto& s : shares) out += s.lot_id + ":" + std::to_string(s.amount) + " ";
  return out;
}

}  // namespace

TEST_CASE("C1 lots: available counts live lots beyond their frozen part; expiry is exclusive") {
  // Lots come from the store soonest-expiring first, never-expiring last.
  Lots lots({lot("a", 100, kNow + 10, 30), lot("b", 50, kNow + 20), lot("n", 70, 0, 70)});
  CHECK(lots.available(kNow) == 70 + 50);
  CHECK(lots.frozen() == 100);
  // At its expiry instant a lot is dead: nothing of it is available.
  CHECK(lots.available(kNow + 10) == 50);
  CHECK(lots.available(kNow + 9) == 120);
  CHECK(lots.available(kNow + 20) == 0);
  // A never-expiring lot lives forever; here all of it is frozen.
  CHECK(lots.available(std::int64_t{1} << 60) == 0);
  // Frozen is counted over every lot, dead or alive.
  CHECK(lots.frozen() == 100);
}

TEST_CASE("C1 lots: expiring and next_expiry look only at available parts of live lots") {
  Lots lots({lot("a", 100, kNow + 10, 100), lot("b", 50, kNow + 20, 10), lot("c", 40, kNow + 30),
             lot("n", 70, 0)});
  // "a" is entirely frozen: it does not count, and is not the next expiry.
  CHECK(lots.next_expiry(kNow) == kNow + 20);
  CHECK(lots.expiring(kNow, kNow + 19) == 0);
  CHECK(lots.expiring(kNow, kNow + 20) == 40);  // the window end is inclusive
  CHECK(lots.expiring(kNow, kNow + 30) == 80);
  CHECK(lots.expiring(kNow, std::int64_t{1} << 60) == 80);  // never-expiring lots never count
  CHECK(lots.next_expiry(kNow + 20) == kNow + 30);          // "b" is dead then
  CHECK(lots.next_expiry(kNow + 30) == 0);                  // only the never-expiring lot left
  Lots never({lot("n", 70, 0)});
  CHECK(never.next_expiry(kNow) == 0);
  CHECK(never.expiring(kNow, kNow + 1000) == 0);
}

TEST_CASE("C1 lots: spend takes the soonest-expiring live lots first, skipping frozen parts") {
  Lots lots({lot("dead", 500, kNow), lot("a", 100, kNow + 10, 40), lot("b", 50, kNow + 20),
             lot("n", 70, 0)});
  REQUIRE(lots.available(kNow) == 60 + 50 + 70);
  const auto shares = lots.spend(100, kNow);
  CHECK(shares_text(shares) == "a:60 b:40 ");
  CHECK(lots.available(kNow) == 80);
  // The frozen part of "a" is untouched; the expired lot is never spent.
  const auto changed = lots.changed();
  REQUIRE(changed.size() == 2);
  CHECK(changed[0]->lot_id == "a");
  CHECK(changed[0]->remaining == 40);
  CHECK(changed[0]->frozen == 40);
  CHECK(changed[1]->lot_id == "b");
  CHECK(changed[1]->remaining == 10);
  CHECK(shares_text(lots.spend(80, kNow)) == "b:10 n:70 ");
  CHECK(lots.available(kNow) == 0);
  // More than is available is a broken caller contract: an internal error.
  check_error([&] { lots.spend(1, kNow); }, Errc::internal);
}

TEST_CASE(
    "C1 lots: freeze reserves soonest-first; settle_hold spends the first part and "
    "unfreezes the rest") {
  Lots lots({lot("a", 100, kNow + 10), lot("b", 100, kNow + 20), lot("n", 100, 0)});
  const auto held = lots.freeze(150, kNow);
  CHECK(shares_text(held) == "a:100 b:50 ");
  CHECK(lots.available(kNow) == 150);
  CHECK(lots.frozen() == 150);
  check_error([&] { lots.freeze(151, kNow); }, Errc::internal);

  const auto spent = lots.settle_hold(held, 120);
  CHECK(shares_text(spent) == "a:100 b:20 ");
  CHECK(lots.frozen() == 0);
  CHECK(lots.available(kNow) == 80 + 100);

  // A release (spend 0) spends nothing and unfreezes everything.
  const auto again = lots.freeze(130, kNow);
  CHECK(shares_text(again) == "b:80 n:50 ");
  CHECK(lots.settle_hold(again, 0).empty());
  CHECK(lots.available(kNow) == 180);
  CHECK(lots.frozen() == 0);
}

TEST_CASE("C1 lots: settle_hold refuses shares of a lot that is missing or not that frozen") {
  Lots lots({lot("a", 100, kNow + 10, 20)});
  check_error([&] { lots.settle_hold({{"zz", 10}}, 0); }, Errc::internal);
  check_error([&] { lots.settle_hold({{"a", 21}}, 0); }, Errc::internal);
}

TEST_CASE("C1 lots: expire removes only what is left unfrozen in dead lots, exactly once") {
  Lots lots({lot("a", 60, kNow + 10, 20, 100), lot("b", 50, kNow + 20),
             lot("c", 0, kNow + 5, 0, 80), lot("n", 70, 0)});
  CHECK(lots.expire(kNow + 9).empty());
  const auto first = lots.expire(kNow + 10);
  CHECK(shares_text(first) == "a:40 ");   // 40 spent before, 20 frozen: 40 left to expire
  CHECK(lots.expire(kNow + 10).empty());  // idempotent
  CHECK(lots.available(kNow + 10) == 50 + 70);
  CHECK(lots.frozen() == 20);  // the held part stays until its hold is resolved
  const auto second = lots.expire(std::int64_t{1} << 60);
  CHECK(shares_text(second) == "b:50 ");  // never-expiring "n" stays
  CHECK(lots.available(std::int64_t{1} << 60) == 70);
  // Releasing the hold on the dead lot makes its part expirable at once.
  lots.settle_hold({{"a", 20}}, 0);
  CHECK(shares_text(lots.expire(kNow + 10)) == "a:20 ");
  CHECK(lots.expire(kNow + 10).empty());
}

TEST_CASE("C1 lots: changed() lists touched and new lots; is_new tells which to insert") {
  Lots lots({lot("a", 100, kNow + 10), lot("b", 100, kNow + 20)});
  CHECK(lots.changed().empty());
  lots.spend(10, kNow);
  lots.add(lot("c", 5, kNow + 30));
  const auto changed = lots.changed();
  REQUIRE(changed.size() == 2);
  CHECK(changed[0]->lot_id == "a");
  CHECK_FALSE(lots.is_new(*changed[0]));
  CHECK(changed[1]->lot_id == "c");
  CHECK(lots.is_new(*changed[1]));
  CHECK(lots.available(kNow) == 195);
}

TEST_CASE("C1 expiry: add_months keeps the time of day and clamps to the month's last day") {
  const auto t = [](int y, unsigned m, unsigned d, int h = 10) {
    return ms(ymd(y, m, d) + hours(h) + minutes(17) + milliseconds(123));
  };
  CHECK(detail::add_months(t(2024, 3, 15), 24) == t(2026, 3, 15));
  CHECK(detail::add_months(t(2024, 3, 15), 0) == t(2024, 3, 15));
  CHECK(detail::add_months(t(2024, 1, 31), 1) == t(2024, 2, 29));  // leap year
  CHECK(detail::add_months(t(2023, 1, 31), 1) == t(2023, 2, 28));
  CHECK(detail::add_months(t(2024, 2, 29), 12) == t(2025, 2, 28));
  CHECK(detail::add_months(t(2024, 2, 29), 48) == t(2028, 2, 29));
  CHECK(detail::add_months(t(2024, 8, 31), 1) == t(2024, 9, 30));
  CHECK(detail::add_months(t(2024, 12, 31), 2) == t(2025, 2, 28));
  CHECK(detail::add_months(t(2024, 11, 30), 1) == t(2024, 12, 30));
  CHECK(detail::add_months(t(2024, 12, 15), 1) == t(2025, 1, 15));  // across the year
  CHECK(detail::add_months(t(2024, 3, 15), 1200) == t(2124, 3, 15));
  // Before 1970 (negative milliseconds) works the same.
  CHECK(detail::add_months(t(1969, 12, 31, 23), 1) == t(1970, 1, 31, 23));
  CHECK(detail::add_months(t(1969, 1, 31, 0), 1) == t(1969, 2, 28, 0));
}

TEST_CASE("C1 expiry: lot_expiry_ms follows the default, the per-event rules, never, and money") {
  LedgerPolicy p;
  p.expiry_months_by_event = {{"SIGN_IN", 3}, {"FOREVER", 0}};
  const std::int64_t earned = ms(ymd(2024, 1, 31) + hours(9));
  CHECK(detail::lot_expiry_ms(p, Asset::points, "PURCHASE", earned) ==
        ms(ymd(2026, 1, 31) + hours(9)));
  CHECK(detail::lot_expiry_ms(p, Asset::points, "", earned) == ms(ymd(2026, 1, 31) + hours(9)));
  CHECK(detail::lot_expiry_ms(p, Asset::points, "SIGN_IN", earned) ==
        ms(ymd(2024, 4, 30) + hours(9)));
  CHECK(detail::lot_expiry_ms(p, Asset::points, "sign_in", earned) ==
        ms(ymd(2026, 1, 31) + hours(9)));  // event types match exactly
  CHECK(detail::lot_expiry_ms(p, Asset::points, "FOREVER", earned) == 0);
  CHECK(detail::lot_expiry_ms(p, Asset::money, "PURCHASE", earned) == 0);
  CHECK(detail::lot_expiry_ms(p, Asset::money, "SIGN_IN", earned) == 0);
  p.expiry_months = 0;
  CHECK(detail::lot_expiry_ms(p, Asset::points, "PURCHASE", earned) == 0);
  CHECK(detail::lot_expiry_ms(p, Asset::points, "SIGN_IN", earned) ==
        ms(ymd(2024, 4, 30) + hours(9)));
}

}  // namespace member::test
