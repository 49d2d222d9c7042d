// C3 benefits on a real database: the rules of a benefit, what a member may
// use now, usage limits per period, the birthday month, idempotent use, and
// concurrent uses never exceeding the limit (SQLite and PostgreSQL).
#include <doctest/doctest.h>

#include <atomic>

#include "loyalty/benefit_rules.hpp"
#include "loyalty/loyalty_helpers.hpp"
#include "support/latch.hpp"

namespace member::test {
namespace {

Benefit benefit(std::string id, std::string type, std::string min_level, std::int64_t limit = 0,
                BenefitPeriod period = BenefitPeriod::whole) {
  Benefit b;
  b.benefit_id = std::move(id);
  b.name = "Benefit " + b.benefit_id;
  b.type = std::move(type);
  b.value = 1;
  b.min_level = std::move(min_level);
  b.usage_limit = limit;
  b.period = period;
  return b;
}

std::vector<std::string> ids(const std::vector<AvailableBenefit>& list) {
  std::vector<std::string> out;
  for (const auto& a : list) out.push_back(a.benefit.benefit_id);
  return out;
}

UseBenefitRequest use(const std::string& user, const std::string& id, const std::string& key) {
  return {.user_id = user, .benefit_id = id, .order_id = "ORD1", .key = key};
}

}  // namespace

TEST_CASE("C3 rules: period windows are UTC days, months and years; the birthday month") {
  const std::int64_t t = ms_of(ymd(2024, 2, 29) + hours(13));
  auto w = detail::period_window(BenefitPeriod::day, t);
  CHECK(w.from == ms_of(ymd(2024, 2, 29)));
  CHECK(w.to == ms_of(ymd(2024, 3, 1)));
  w = detail::period_window(BenefitPeriod::month, t);
  CHECK(w.from == ms_of(ymd(2024, 2, 1)));
  CHECK(w.to == ms_of(ymd(2024, 3, 1)));
  w = detail::period_window(BenefitPeriod::year, t);
  CHECK(w.from == ms_of(ymd(2024, 1, 1)));
  CHECK(w.to == ms_of(ymd(2025, 1, 1)));
  w = detail::period_window(BenefitPeriod::month, ms_of(ymd(2024, 12, 31) + hours(23)));
  CHECK(w.to == ms_of(ymd(2025, 1, 1)));
  w = detail::period_window(BenefitPeriod::whole, t);
  CHECK(w.from < 0);
  CHECK(w.to > t);
  CHECK(detail::in_birthday_month("1990-02-14", t));
  CHECK_FALSE(detail::in_birthday_month("1990-03-14", t));
  CHECK_FALSE(detail::in_birthday_month("", t));
  CHECK_FALSE(detail::in_birthday_month("1990-13-01", t));
  CHECK_FALSE(detail::in_birthday_month("19900214", t));
}

TEST_CASE("C3 benefits: every field rule refuses its bad input; only admins manage them") {
  LoyaltyFixture f;
  const auto bad = [&](auto change, const std::string& field) {
    Benefit b = benefit("B1", "DISCOUNT", "BASIC");
    change(b);
    check_error([&] { f.loyalty().put_benefit(kAdmin, b); }, Errc::invalid_argument, field);
  };
  bad([](Benefit& b) { b.benefit_id = ""; }, "benefit_id");
  bad([](Benefit& b) { b.benefit_id = "a b"; }, "benefit_id");
  bad([](Benefit& b) { b.name = ""; }, "name");
  bad([](Benefit& b) { b.type = "discount"; }, "type");
  bad([](Benefit& b) { b.type = ""; }, "type");
  bad([](Benefit& b) { b.value = -1; }, "value");
  bad([](Benefit& b) { b.min_level = "DIAMOND"; }, "min_level");
  bad([](Benefit& b) { b.min_level = ""; }, "min_level");
  bad([](Benefit& b) { b.usage_limit = -1; }, "usage_limit");
  bad([](Benefit& b) { b.period = static_cast<BenefitPeriod>(7); }, "period");
  bad(
      [&](Benefit& b) {
        b.valid_from = f.now();
        b.valid_until = f.now();
      },
      "valid_until");
  check_error(
      [&] { f.loyalty().put_benefit(Actor::user(f.alice), benefit("B1", "DISCOUNT", "BASIC")); },
      Errc::permission_denied);
  CHECK(f.loyalty().benefits(kAdmin).empty());
  const auto b = f.loyalty().put_benefit(kAdmin, benefit("B1", "DISCOUNT", "BASIC"));
  CHECK(f.loyalty().benefits(kAdmin) == std::vector<Benefit>{b});
  f.loyalty().remove_benefit(kAdmin, "B1");
  CHECK(f.loyalty().benefits(kAdmin).empty());
  check_error([&] { f.loyalty().remove_benefit(kAdmin, "B1"); }, Errc::not_found, "benefit_id");
}

TEST_CASE("C3 benefits: a member sees what their level, the dates and the birthday allow") {
  LoyaltyFixture f;
  RegisterRequest carol = with_username("carol");
  carol.birthday = "1990-03-20";  // the clock starts in March
  const std::string c = f.sys->accounts().register_user(Actor::anonymous(), carol);
  f.loyalty().put_benefit(kAdmin, benefit("B_BASIC", "DISCOUNT", "BASIC"));
  f.loyalty().put_benefit(kAdmin, benefit("B_SHIP", "FREE_SHIPPING", "SILVER"));
  f.loyalty().put_benefit(kAdmin,
                          benefit("B_BDAY", "BIRTHDAY_GIFT", "BASIC", 1, BenefitPeriod::year));
  Benefit later = benefit("B_LATER", "CUSTOM_PERK", "BASIC");
  later.valid_from = f.now() + Days(1);
  f.loyalty().put_benefit(kAdmin, later);
  Benefit over = benefit("B_OVER", "CUSTOM_PERK", "BASIC");
  over.valid_until = f.now();
  f.loyalty().put_benefit(kAdmin, over);
  Benefit off = benefit("B_OFF", "CUSTOM_PERK", "BASIC");
  off.active = false;
  f.loyalty().put_benefit(kAdmin, off);

  CHECK(ids(f.loyalty().available_benefits(Actor::user(f.alice), f.alice)) ==
        std::vector<std::string>{"B_BASIC"});  // no birthday on file
  CHECK(ids(f.loyalty().available_benefits(Actor::user(c), c)) ==
        std::vector<std::string>{"B_BASIC", "B_BDAY"});
  f.order(f.alice, "O1", 200000);  // SILVER
  CHECK(ids(f.loyalty().available_benefits(kAdmin, f.alice)) ==
        std::vector<std::string>{"B_BASIC", "B_SHIP"});
  f.clock->advance(Days(1));
  CHECK(ids(f.loyalty().available_benefits(kAdmin, f.alice)) ==
        std::vector<std::string>{"B_BASIC", "B_LATER", "B_SHIP"});
  f.clock->set(ymd(2024, 4, 1));  // April: no birthday gift
  CHECK(ids(f.loyalty().available_benefits(kAdmin, c)) ==
        std::vector<std::string>{"B_BASIC", "B_LATER"});
  check_error([&] { f.loyalty().available_benefits(Actor::user(c), f.alice); },
              Errc::permission_denied);

  // Using them: each refusal says why.
  check_error([&] { f.loyalty().use_benefit(Actor::user(c), use(c, "B_BDAY", "k1")); },
              Errc::failed_precondition, "birthday");
  check_error([&] { f.loyalty().use_benefit(Actor::user(c), use(c, "B_SHIP", "k2")); },
              Errc::failed_precondition, "level");
  check_error([&] { f.loyalty().use_benefit(Actor::user(c), use(c, "B_OVER", "k3")); },
              Errc::failed_precondition, "valid_until");
  check_error([&] { f.loyalty().use_benefit(Actor::user(c), use(c, "B_OFF", "k4")); },
              Errc::failed_precondition, "active");
  check_error([&] { f.loyalty().use_benefit(Actor::user(c), use(c, "B_NONE", "k5")); },
              Errc::not_found, "benefit_id");
  check_error([&] { f.loyalty().use_benefit(Actor::user(c), use(c, "B_BASIC", "")); },
              Errc::invalid_argument, "key");
  check_error([&] { f.loyalty().use_benefit(Actor::user(c), use(f.alice, "B_BASIC", "k6")); },
              Errc::permission_denied);
  f.clock->set(ymd(2025, 3, 2));  // March again: the gift, once a year
  const auto gift = f.loyalty().use_benefit(Actor::user(c), use(c, "B_BDAY", "k7"));
  CHECK(gift.remaining == std::optional<std::int64_t>(0));
  check_error([&] { f.loyalty().use_benefit(Actor::user(c), use(c, "B_BDAY", "k8")); },
              Errc::resource_exhausted, "usage_limit");
  f.loyalty().put_benefit(kAdmin, later);
  CHECK(f.loyalty().available_benefits(kAdmin, c).size() == 3);
}

TEST_CASE("C3 benefits: the limit counts per period; a repeated key is one use") {
  LoyaltyFixture f;
  f.loyalty().put_benefit(kAdmin, benefit("B2", "FREE_SHIPPING", "BASIC", 2, BenefitPeriod::month));
  const Actor alice = Actor::user(f.alice);
  const auto first = f.loyalty().use_benefit(alice, use(f.alice, "B2", "k1"));
  CHECK_FALSE(first.replayed);
  CHECK(first.benefit_name == "Benefit B2");
  CHECK(first.remaining == std::optional<std::int64_t>(1));
  CHECK(first.used_at == f.now());
  f.clock->advance(minutes(1));
  const auto again = f.loyalty().use_benefit(alice, use(f.alice, "B2", "k1"));
  CHECK(again.replayed);
  CHECK(again.usage_id == first.usage_id);
  CHECK(again.used_at == first.used_at);
  auto list = f.loyalty().available_benefits(alice, f.alice);
  REQUIRE(list.size() == 1);
  CHECK(list[0].used_count == 1);
  CHECK(list[0].remaining == std::optional<std::int64_t>(1));
  CHECK(list[0].period_end == ymd(2024, 4, 1));
  check_error(
      [&] {
        f.loyalty().use_benefit(alice, {.user_id = f.alice, .benefit_id = "B2", .key = "k1"});
      },
      Errc::conflict, "key");
  CHECK(f.loyalty().use_benefit(alice, use(f.alice, "B2", "k2")).remaining ==
        std::optional<std::int64_t>(0));
  check_error([&] { f.loyalty().use_benefit(alice, use(f.alice, "B2", "k3")); },
              Errc::resource_exhausted, "usage_limit");
  // Bob's uses are his own, and so are his keys: Alice's "k1" is new to him.
  CHECK_NOTHROW(f.loyalty().use_benefit(kAdmin, use(f.bob, "B2", "k4")));
  CHECK_FALSE(f.loyalty().use_benefit(Actor::user(f.bob), use(f.bob, "B2", "k1")).replayed);
  // Staff repeating a member's use get its answer.
  CHECK(f.loyalty().use_benefit(kAdmin, use(f.alice, "B2", "k1")).usage_id == first.usage_id);
  f.clock->set(ymd(2024, 4, 1));  // a new month
  CHECK(f.loyalty().available_benefits(alice, f.alice)[0].used_count == 0);
  CHECK_NOTHROW(f.loyalty().use_benefit(alice, use(f.alice, "B2", "k3")));
  CHECK(f.profile(f.alice).last_active == f.now());
  const auto audit = f.sys->audit().list(kAdmin, {.action = "loyalty.benefit.use"});
  CHECK(audit.size() == 5);
}

namespace {

void concurrent_uses(LoyaltyFixture& f) {
  f.loyalty().put_benefit(kAdmin, benefit("B5", "CUSTOM_PERK", "BASIC", 5));
  std::atomic<int> ok{0};
  std::atomic<int> exhausted{0};
  race(16, [&](std::size_t i) {
    try {
      f.loyalty().use_benefit(Actor::user(f.alice), use(f.alice, "B5", "key-" + std::to_string(i)));
      ++ok;
    } catch (const Error& e) {
      if (e.code() == Errc::resource_exhausted) ++exhausted;
    }
  });
  CHECK(ok == 5);
  CHECK(exhausted == 11);
  CHECK(f.loyalty().available_benefits(kAdmin, f.alice)[0].used_count == 5);
}

}  // namespace

TEST_CASE("C3 race: 16 threads use a benefit limited to 5: exactly 5 succeed") {
  LoyaltyFixture f;
  concurrent_uses(f);
}

TEST_CASE("C3 race postgres: 16 threads use a benefit limited to 5: exactly 5 succeed") {
  const auto server = postgres_server();
  if (!server) return;
  LoyaltyFixture f(fresh_postgres_schema(*server));
  concurrent_uses(f);
}

}  // namespace member::test
