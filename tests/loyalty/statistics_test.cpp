// C6 statistics on a generated data set (members joining over several days,
// random orders and spends), checked against figures the test computes on
// its own from what it did: its own ladder, its own points arithmetic.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <random>
#include <thread>

#include "loyalty/loyalty_helpers.hpp"

namespace member::test {
namespace {

// The default ladder, written out here independently of the library.
constexpr std::int64_t kThreshold[] = {0, 50000, 200000, 500000, 2000000};
constexpr std::int64_t kMultiplierBp[] = {10000, 10000, 10000, 12000, 15000};
constexpr const char* kCode[] = {"BASIC", "BRONZE", "SILVER", "GOLD", "PLATINUM"};

struct ModelMember {
  std::string id;
  std::int64_t joined_ms = 0;
  std::int64_t spent = 0;
  int level = 0;
  std::int64_t balance = 0;
  std::int64_t last_active_ms = -1;
};

struct ModelDay {
  std::int64_t new_members = 0;
  std::int64_t upgrades = 0;
  std::int64_t earned = 0;
  std::int64_t used = 0;
};

void generated_statistics(LoyaltyFixture& f) {
  std::mt19937_64 rng(20240330);
  std::vector<ModelMember> members = {{f.alice, ms_of(f.now())}, {f.bob, ms_of(f.now())}};
  std::map<std::int64_t, ModelDay> days;  // by days since 1970
  const auto day_of = [](std::int64_t ms) { return ms / (24 * 3600 * 1000); };
  days[day_of(ms_of(f.now()))].new_members = 2;
  int orders = 0;
  int spends = 0;
  const TimePoint first_day = ymd(2024, 3, 30);
  for (int d = 0; d < 4; ++d) {
    f.clock->set(first_day + Days(d) + hours(1));
    for (int i = 0; i < 8; ++i) {
      const std::string name = "gen" + std::to_string(d) + "x" + std::to_string(i);
      members.push_back({f.sys->accounts().register_user(Actor::anonymous(), with_username(name)),
                         ms_of(f.now())});
      ++days[day_of(ms_of(f.now()))].new_members;
      f.clock->advance(minutes(1));
    }
    // Not every member orders every day: some stay inactive.
    const std::size_t buyers = members.size() - 3;
    for (int i = 0; i < 25; ++i) {
      ModelMember& m = members[rng() % buyers];
      const std::int64_t amount = 1 + static_cast<std::int64_t>(rng() % 400000);
      const std::int64_t points = amount * kMultiplierBp[m.level] / (100 * 10000);
      const auto out = f.order(m.id, "ORD" + std::to_string(++orders), amount);
      CHECK(out.points == points);
      ModelDay& today = days[day_of(ms_of(f.now()))];
      today.earned += points;
      m.balance += points;
      m.spent += amount;
      m.last_active_ms = ms_of(f.now());
      int earned = 0;
      for (int l = 0; l < 5; ++l) {
        if (m.spent >= kThreshold[l]) earned = l;
      }
      if (earned > m.level) {
        m.level = earned;
        ++today.upgrades;
      }
      if (m.balance > 0 && rng() % 3 == 0) {
        const std::int64_t spend = 1 + static_cast<std::int64_t>(rng() % m.balance);
        f.sys->points().use(
            Actor::user(m.id),
            {.user_id = m.id, .amount = spend, .key = "use" + std::to_string(++spends)});
        m.balance -= spend;
        today.used += spend;
      }
      f.clock->advance(minutes(7));
    }
  }
  // An admin grant counts as issued; an admin's manual level is where the
  // member is counted.
  f.sys->points().adjust(
      kAdmin, {.user_id = members.back().id, .amount = 77, .key = "grant", .reason = "goodwill"});
  members.back().balance += 77;
  days[day_of(ms_of(f.now()))].earned += 77;
  f.loyalty().set_level(kAdmin, {members.back().id, "PLATINUM", "partner"});
  members.back().level = 4;

  // Overview.
  const std::int64_t now = ms_of(f.now());
  const std::int64_t month_start = ms_of(ymd(2024, 4, 1));
  std::int64_t active = 0, new_this_month = 0, issued = 0, used = 0;
  for (const auto& m : members) {
    active += m.last_active_ms >= now - 2 * 24 * 3600 * 1000;
    new_this_month += m.joined_ms >= month_start;
  }
  for (const auto& [day, t] : days) {
    issued += t.earned;
    used += t.used;
  }
  const auto o = f.loyalty().overview(kAdmin, 2);
  CHECK(o.total_members == static_cast<std::int64_t>(members.size()));
  CHECK(o.active_members == active);
  CHECK(o.new_members_this_month == new_this_month);
  CHECK(new_this_month == 16);
  CHECK(o.points_issued == issued);
  CHECK(o.points_redeemed == used);

  // Level distribution.
  const auto dist = f.loyalty().level_distribution(kAdmin);
  REQUIRE(dist.size() == 5);
  for (int l = 0; l < 5; ++l) {
    std::int64_t count = 0, spent = 0, points = 0;
    for (const auto& m : members) {
      if (m.level != l) continue;
      ++count;
      spent += m.spent;
      points += m.balance;
    }
    CAPTURE(l);
    CHECK(dist[l].level_code == kCode[l]);
    CHECK(dist[l].count == count);
    CHECK(dist[l].percentage_bp == count * 10000 / static_cast<std::int64_t>(members.size()));
    CHECK(dist[l].avg_spent == (count ? spent / count : 0));
    CHECK(dist[l].avg_points == (count ? points / count : 0));
  }

  // Daily trends over a range wider than the data: empty days are zeros.
  const auto trends = f.loyalty().trends(kAdmin, ymd(2024, 3, 14), ymd(2024, 4, 5));
  REQUIRE(trends.size() == 22);
  for (const auto& t : trends) {
    const auto it = days.find(day_of(ms_of(t.date)));
    const ModelDay expected = it == days.end() ? ModelDay{} : it->second;
    CAPTURE(ms_of(t.date));
    CHECK(t.new_members == expected.new_members);
    CHECK(t.upgraded_members == expected.upgrades);
    CHECK(t.points_earned == expected.earned);
    CHECK(t.points_used == expected.used);
  }
  CHECK(trends.front().date == ymd(2024, 3, 14));
  CHECK(trends[1].new_members == 2);  // Alice and Bob, 15 March
}

/// An erased member's points balance stays in the ledger (A12); it leaves
/// their level's total with their loyalty row and counts on the lowest level.
void erased_member_points(LoyaltyFixture& f) {
  CHECK(f.order(f.alice, "ORD-A", 600000).points == 6000);  // earned on BASIC; now GOLD
  CHECK(f.order(f.bob, "ORD-B", 100).points == 1);
  auto dist = f.loyalty().level_distribution(kAdmin);
  CHECK(dist[3].count == 1);
  CHECK(dist[3].avg_points == 6000);
  CHECK(dist[0].avg_points == 1);
  f.sys->privacy().erase(kAdmin, {.user_id = f.alice});
  dist = f.loyalty().level_distribution(kAdmin);
  CHECK(dist[3].count == 0);
  CHECK(dist[3].avg_points == 0);
  REQUIRE(dist[0].count > 0);
  CHECK(dist[0].avg_points == 6001 / dist[0].count);
}

/// Level changes racing points changes of one member: in the end all of the
/// member's points count under their final level and none under another.
void level_changes_race_points(LoyaltyFixture& f) {
  constexpr int kRounds = 40;
  std::atomic<int> failures{0};
  const auto guarded = [&](auto&& work) {
    return std::thread([&failures, work] {
      try {
        work();
      } catch (const std::exception&) {
        ++failures;
      }
    });
  };
  std::thread levels = guarded([&] {
    for (int i = 0; i < kRounds; ++i) {
      f.loyalty().set_level(kAdmin, {f.alice, i % 2 ? "GOLD" : "SILVER", "race"});
    }
  });
  std::thread points = guarded([&] {
    for (int i = 0; i < kRounds; ++i) {
      f.sys->points().adjust(kAdmin, {.user_id = f.alice,
                                      .amount = i % 3 == 2 ? -5 : 10 + i,
                                      .key = "race" + std::to_string(i),
                                      .reason = "race"});
    }
  });
  levels.join();
  points.join();
  REQUIRE(failures == 0);
  const std::int64_t balance = f.sys->points().summary(kAdmin, f.alice).total;
  CHECK(balance > 0);
  const auto dist = f.loyalty().level_distribution(kAdmin);
  for (int l = 0; l < 5; ++l) {
    CAPTURE(l);
    CHECK(dist[l].avg_points == (l == 3 ? balance : 0));  // GOLD, set last
  }
  CHECK(dist[3].count == 1);
}

}  // namespace

TEST_CASE("C6 statistics: a generated data set agrees with figures computed independently") {
  LoyaltyFixture f;
  generated_statistics(f);
}

TEST_CASE("C6 statistics postgres: the same data set on PostgreSQL") {
  const auto server = postgres_server();
  if (!server) return;
  LoyaltyFixture f(fresh_postgres_schema(*server));
  generated_statistics(f);
}

TEST_CASE("C6 statistics: an erased member's points move to the lowest level") {
  LoyaltyFixture f;
  erased_member_points(f);
}

TEST_CASE("C6 statistics postgres: an erased member's points move to the lowest level") {
  const auto server = postgres_server();
  if (!server) return;
  LoyaltyFixture f(fresh_postgres_schema(*server));
  erased_member_points(f);
}

TEST_CASE("C6 statistics: level changes racing points changes lose no points") {
  LoyaltyFixture f;
  level_changes_race_points(f);
}

TEST_CASE("C6 statistics postgres: level changes racing points changes lose no points") {
  const auto server = postgres_server();
  if (!server) return;
  LoyaltyFixture f(fresh_postgres_schema(*server));
  level_changes_race_points(f);
}

TEST_CASE("C6 statistics: reversals take back what they undo, on the reversal's day") {
  LoyaltyFixture f;
  auto& points = f.sys->points();
  const auto today = [&] { return f.loyalty().trends(kAdmin, f.now(), f.now() + Days(1)).front(); };
  const Movement earned = points.earn(kAdmin, {.user_id = f.alice, .amount = 1000, .key = "e1"});
  const Movement deducted =
      points.adjust(kAdmin, {.user_id = f.alice, .amount = -50, .key = "a1", .reason = "typo"});
  const Movement used = points.use(kAdmin, {.user_id = f.alice, .amount = 300, .key = "u1"});
  CHECK(today().points_earned == 1000);
  CHECK(today().points_used == 300);

  f.clock->advance(Days(1));
  const auto reverse = [&](const Movement& m, const std::string& key) {
    points.reverse(
        kAdmin, {.user_id = f.alice, .entry_id = m.entry_id, .key = key, .reason = "correction"});
  };
  reverse(used, "r1");
  CHECK(today().points_used == -300);  // the refund lowers this day's net use
  CHECK(today().points_earned == 0);
  // The negative adjustment counted as neither; so does its reversal.
  reverse(deducted, "r2");
  CHECK(today().points_earned == 0);
  CHECK(today().points_used == -300);
  // A claw-back takes back what is left of the earn: all of it by now.
  reverse(earned, "r3");
  CHECK(today().points_earned == -1000);
  const auto o = f.loyalty().overview(kAdmin);
  CHECK(o.points_issued == 0);
  CHECK(o.points_redeemed == 0);

  // An order refund takes back what the order earned, as a claw-back.
  f.clock->advance(Days(1));
  const std::int64_t earned_by_order = f.order(f.bob, "ORD-R1", 20000).points;
  REQUIRE(earned_by_order > 0);
  f.apply(f.refunded(f.bob, "ORD-R1", "RF-1", 20000));
  CHECK(today().points_earned == 0);
  CHECK(f.loyalty().overview(kAdmin).points_issued == 0);
}

TEST_CASE("C6 statistics: staff only; bad ranges and windows are refused") {
  LoyaltyFixture f;
  check_error([&] { f.loyalty().overview(Actor::user(f.alice)); }, Errc::permission_denied);
  check_error([&] { f.loyalty().level_distribution(Actor::user(f.alice)); },
              Errc::permission_denied);
  check_error([&] { f.loyalty().trends(Actor::user(f.alice), f.now(), f.now() + Days(1)); },
              Errc::permission_denied);
  check_error([&] { f.loyalty().overview(kAdmin, 0); }, Errc::invalid_argument, "active_days");
  check_error([&] { f.loyalty().overview(kAdmin, 3661); }, Errc::invalid_argument, "active_days");
  check_error([&] { f.loyalty().trends(kAdmin, f.now(), f.now()); }, Errc::invalid_argument, "to");
  check_error([&] { f.loyalty().trends(kAdmin, f.now(), f.now() - Days(1)); },
              Errc::invalid_argument, "to");
  check_error([&] { f.loyalty().trends(kAdmin, f.now(), f.now() + Days(367)); },
              Errc::invalid_argument, "to");
  // An empty tenant: zeros, everyone (here: two) on the lowest level.
  const auto dist = f.loyalty().level_distribution(kAdmin);
  CHECK(dist[0].count == 2);
  CHECK(dist[0].percentage_bp == 10000);
  CHECK(dist[1].count == 0);
  CHECK(f.loyalty().overview(kAdmin).points_issued == 0);
}

}  // namespace member::test
