// C4 activities on a real database: admin CRUD with its rules, the list by
// status (driven by the clock), category and page with the member's
// eligibility, joining once with distinct errors, and concurrent joins at the
// limit (SQLite and PostgreSQL).
#include <doctest/doctest.h>

#include <atomic>

#include "loyalty/loyalty_helpers.hpp"
#include "support/latch.hpp"

namespace member::test {
namespace {

Activity activity(std::string id, TimePoint start, TimePoint end, std::string level = "BASIC",
                  std::int64_t max = 0, std::string category = "POINTS_PROMOTION") {
  return {std::move(id), "Title", "Double points", std::move(category), std::move(level), start,
          end,           max};
}

std::vector<std::string> ids(const ActivityList& list) {
  std::vector<std::string> out;
  for (const auto& v : list.activities) out.push_back(v.activity.activity_id);
  return out;
}

}  // namespace

TEST_CASE("C4 activities: the rules of an activity; only admins manage them") {
  LoyaltyFixture f;
  const auto bad = [&](auto change, const std::string& field) {
    Activity a = activity("A1", f.now(), f.now() + Days(7));
    change(a);
    check_error([&] { f.loyalty().put_activity(kAdmin, a); }, Errc::invalid_argument, field);
  };
  bad([](Activity& a) { a.activity_id = ""; }, "activity_id");
  bad([](Activity& a) { a.title = ""; }, "title");
  bad([](Activity& a) { a.title = std::string(201, 't'); }, "title");
  bad([](Activity& a) { a.category = "points"; }, "category");
  bad([](Activity& a) { a.required_level = "DIAMOND"; }, "required_level");
  bad([](Activity& a) { a.end_time = a.start_time; }, "end_time");
  bad([](Activity& a) { a.max_participants = -1; }, "max_participants");
  check_error(
      [&] {
        f.loyalty().put_activity(Actor::user(f.alice), activity("A1", f.now(), f.now() + Days(1)));
      },
      Errc::permission_denied);
  const auto a =
      f.loyalty().put_activity(kAdmin, activity("A1", f.now(), f.now() + Days(1), "BASIC", 1));
  CHECK(f.loyalty().activities(kAdmin).activities.at(0).activity == a);
  f.loyalty().join_activity(Actor::user(f.alice), f.alice, "A1");
  // Replacing keeps the participants.
  Activity renamed = a;
  renamed.title = "Renamed";
  f.loyalty().put_activity(kAdmin, renamed);
  CHECK(f.loyalty().activities(kAdmin).activities.at(0).participation_count == 1);
  CHECK(f.loyalty().activities(kAdmin).activities.at(0).activity.title == "Renamed");
  f.loyalty().remove_activity(kAdmin, "A1");
  CHECK(f.loyalty().activities(kAdmin).total == 0);
  check_error([&] { f.loyalty().remove_activity(kAdmin, "A1"); }, Errc::not_found, "activity_id");
}

TEST_CASE("C4 activities: list by status, category and page, with eligibility and participation") {
  LoyaltyFixture f;
  const TimePoint t = f.now();
  f.loyalty().put_activity(kAdmin, activity("PAST", t - Days(10), t - Days(1)));
  f.loyalty().put_activity(kAdmin, activity("NOW", t - Days(1), t + Days(1)));
  f.loyalty().put_activity(kAdmin, activity("GOLD_NOW", t - hours(1), t + Days(2), "GOLD"));
  f.loyalty().put_activity(kAdmin, activity("SOON", t + Days(1), t + Days(3), "BASIC", 0, "EVENT"));
  const Actor alice = Actor::user(f.alice);
  auto list = f.loyalty().activities(alice);
  CHECK(list.total == 4);
  CHECK(ids(list) == std::vector<std::string>{"PAST", "NOW", "GOLD_NOW", "SOON"});
  CHECK(list.activities[0].status == ActivityStatus::ended);
  CHECK(list.activities[1].status == ActivityStatus::active);
  CHECK(list.activities[3].status == ActivityStatus::upcoming);
  CHECK(list.activities[1].is_eligible);
  CHECK_FALSE(list.activities[2].is_eligible);
  CHECK(ids(f.loyalty().activities(alice, {.status = ActivityStatus::active})) ==
        std::vector<std::string>{"NOW", "GOLD_NOW"});
  CHECK(ids(f.loyalty().activities(alice, {.status = ActivityStatus::upcoming})) ==
        std::vector<std::string>{"SOON"});
  CHECK(ids(f.loyalty().activities(alice, {.category = "EVENT"})) ==
        std::vector<std::string>{"SOON"});
  list = f.loyalty().activities(alice, {.page = {.limit = 2, .offset = 2}});
  CHECK(list.total == 4);
  CHECK(ids(list) == std::vector<std::string>{"GOLD_NOW", "SOON"});
  // The clock moves: SOON becomes active, NOW ends.
  f.clock->advance(Days(1));
  CHECK(ids(f.loyalty().activities(alice, {.status = ActivityStatus::active})) ==
        std::vector<std::string>{"GOLD_NOW", "SOON"});
  f.loyalty().join_activity(alice, f.alice, "SOON");
  list = f.loyalty().activities(alice, {.status = ActivityStatus::active});
  CHECK_FALSE(list.activities[0].is_participated);
  CHECK(list.activities[1].is_participated);
  CHECK(list.activities[1].participation_count == 1);
  // Staff see no eligibility unless they name a member.
  CHECK_FALSE(f.loyalty().activities(kAdmin).activities[3].is_participated);
  CHECK(f.loyalty().activities(kAdmin, {.user_id = f.alice}).activities[3].is_participated);
  check_error([&] { f.loyalty().activities(alice, {.user_id = f.bob}); }, Errc::permission_denied);
  check_error([&] { f.loyalty().activities(alice, {.page = {.limit = 0}}); },
              Errc::invalid_argument);
  check_error([&] { f.loyalty().activities(alice, {.category = "a b"}); }, Errc::invalid_argument,
              "category");
}

TEST_CASE("C4 join: once; not eligible, not started, ended and full are distinct errors") {
  LoyaltyFixture f;
  const TimePoint t = f.now();
  f.loyalty().put_activity(kAdmin, activity("OPEN", t, t + Days(1), "BASIC", 1));
  f.loyalty().put_activity(kAdmin, activity("GOLD", t, t + Days(1), "GOLD"));
  f.loyalty().put_activity(kAdmin, activity("SOON", t + hours(1), t + Days(1)));
  f.loyalty().put_activity(kAdmin, activity("PAST", t - Days(2), t));
  const Actor alice = Actor::user(f.alice);
  const auto p = f.loyalty().join_activity(alice, f.alice, "OPEN");
  CHECK(p.activity_id == "OPEN");
  CHECK(p.activity_title == "Title");
  CHECK(p.joined_at == t);
  CHECK(p.participation_id.size() == 24);
  check_error([&] { f.loyalty().join_activity(alice, f.alice, "OPEN"); }, Errc::conflict,
              "activity_id");
  check_error([&] { f.loyalty().join_activity(Actor::user(f.bob), f.bob, "OPEN"); },
              Errc::resource_exhausted, "max_participants");
  check_error([&] { f.loyalty().join_activity(alice, f.alice, "GOLD"); }, Errc::failed_precondition,
              "required_level");
  check_error([&] { f.loyalty().join_activity(alice, f.alice, "SOON"); }, Errc::failed_precondition,
              "start_time");
  check_error([&] { f.loyalty().join_activity(alice, f.alice, "PAST"); }, Errc::failed_precondition,
              "end_time");
  check_error([&] { f.loyalty().join_activity(alice, f.alice, "NONE"); }, Errc::not_found,
              "activity_id");
  check_error([&] { f.loyalty().join_activity(alice, f.bob, "GOLD"); }, Errc::permission_denied);
  // Spend makes Alice eligible; an admin may join her.
  f.order(f.alice, "O1", 500000);
  CHECK_NOTHROW(f.loyalty().join_activity(kAdmin, f.alice, "GOLD"));
  f.clock->advance(hours(1));
  CHECK_NOTHROW(f.loyalty().join_activity(alice, f.alice, "SOON"));
  // A disabled account may not join.
  f.sys->accounts().set_status(kAdmin, f.bob, AccountStatus::disabled, "test");
  check_error([&] { f.loyalty().join_activity(kAdmin, f.bob, "SOON"); }, Errc::failed_precondition);
  CHECK(f.sys->audit().list(kAdmin, {.action = "loyalty.activity.join"}).size() == 3);
}

TEST_CASE("C4 join: an erased member's place is free again") {
  LoyaltyFixture f;
  const TimePoint t = f.now();
  f.loyalty().put_activity(kAdmin, activity("OPEN", t, t + Days(1), "BASIC", 1));
  f.loyalty().put_activity(kAdmin, activity("MORE", t, t + Days(1), "BASIC", 5));
  f.loyalty().join_activity(Actor::user(f.alice), f.alice, "OPEN");
  f.loyalty().join_activity(Actor::user(f.alice), f.alice, "MORE");
  f.loyalty().join_activity(Actor::user(f.bob), f.bob, "MORE");
  f.sys->privacy().erase(kAdmin, {.user_id = f.alice});
  const auto list = f.loyalty().activities(kAdmin).activities;
  REQUIRE(list.size() == 2);
  for (const auto& a : list) {
    CAPTURE(a.activity.activity_id);
    CHECK(a.participation_count == (a.activity.activity_id == "MORE" ? 1 : 0));
  }
  CHECK_NOTHROW(f.loyalty().join_activity(Actor::user(f.bob), f.bob, "OPEN"));
}

namespace {

void concurrent_joins(LoyaltyFixture& f) {
  constexpr std::size_t kMembers = 24;
  constexpr std::int64_t kMax = 10;
  std::vector<std::string> members;
  for (std::size_t i = 0; i < kMembers; ++i) {
    members.push_back(f.sys->accounts().register_user(Actor::anonymous(),
                                                      with_username("racer" + std::to_string(i))));
  }
  f.loyalty().put_activity(kAdmin, activity("RACE", f.now(), f.now() + Days(1), "BASIC", kMax));
  std::atomic<int> joined{0};
  std::atomic<int> full{0};
  race(kMembers, [&](std::size_t i) {
    try {
      f.loyalty().join_activity(Actor::user(members[i]), members[i], "RACE");
      ++joined;
    } catch (const Error& e) {
      if (e.code() == Errc::resource_exhausted) ++full;
    }
  });
  CHECK(joined == kMax);
  CHECK(full == static_cast<int>(kMembers) - kMax);
  CHECK(f.loyalty().activities(kAdmin).activities.at(0).participation_count == kMax);
  int participated = 0;
  for (const auto& m : members) {
    participated += f.loyalty().activities(kAdmin, {.user_id = m}).activities.at(0).is_participated;
  }
  CHECK(participated == kMax);
}

}  // namespace

TEST_CASE("C4 race: 24 members join an activity of 10 at once: exactly 10 get in") {
  LoyaltyFixture f;
  concurrent_joins(f);
}

TEST_CASE("C4 race postgres: 24 members join an activity of 10 at once: exactly 10 get in") {
  const auto server = postgres_server();
  if (!server) return;
  LoyaltyFixture f(fresh_postgres_schema(*server));
  concurrent_joins(f);
}

}  // namespace member::test
