// C2 levels on a real database: the default ladder, replacing it, setting a
// level by hand (audited, with an operation id) and how a manual level meets
// spend, the member's profile view and the optional downgrade job.
#include <doctest/doctest.h>

#include "loyalty/loyalty_helpers.hpp"

namespace member::test {

TEST_CASE("C2 levels: the default ladder until an admin replaces it; only admins may") {
  LoyaltyFixture f;
  auto ladder = f.loyalty().levels(Actor::anonymous());
  CHECK(ladder == [] {
    auto d = default_levels();
    return d;
  }());
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "BASIC");

  std::vector<Level> mine = {{0, "IRON", "Iron", 0, 10000, 10000, {}},
                             {0, "STEEL", "Steel", 1000, 9000, 20000, {true, false, false, true}}};
  const auto saved = f.loyalty().set_levels(kAdmin, mine);
  CHECK(saved[0].level_id == 1);
  CHECK(saved[1].level_id == 2);
  CHECK(f.loyalty().levels(Actor::user(f.alice)) == saved);
  CHECK(f.loyalty().level_code(Actor::user(f.alice), f.alice) == "IRON");
  CHECK(f.sys->audit().list(kAdmin, {}).front().action == "loyalty.levels");

  check_error([&] { f.loyalty().set_levels(Actor::user(f.alice), default_levels()); },
              Errc::permission_denied);
  check_error([&] { f.loyalty().set_levels(Actor::service("orders"), default_levels()); },
              Errc::permission_denied);
  mine[1].required_spend = 0;
  check_error([&] { f.loyalty().set_levels(kAdmin, mine); }, Errc::invalid_argument,
              "levels[1].required_spend");
  CHECK(f.loyalty().levels(kAdmin) == saved);  // nothing changed
}

TEST_CASE("C2 levels: an admin sets a level by hand; it holds until spend earns a higher one") {
  LoyaltyFixture f;
  const auto change =
      f.loyalty().set_level(kAdmin, {.user_id = f.alice, .level_code = "SILVER", .reason = "vip"});
  CHECK(change.old_level == "BASIC");
  CHECK(change.new_level == "SILVER");
  CHECK(change.effective_time == f.now());
  CHECK(change.operation_id.size() == 24);
  const auto audit = f.sys->audit().list(kAdmin, {.user_id = f.alice});
  REQUIRE_FALSE(audit.empty());
  CHECK(audit.front().action == "loyalty.level");
  CHECK(audit.front().actor_id == "op");
  CHECK(audit.front().detail.find(change.operation_id) != std::string::npos);
  CHECK(audit.front().detail.find("vip") != std::string::npos);
  CHECK(f.profile(f.alice).manual_level);

  // Spend that qualifies for BRONZE does not lower the manual SILVER.
  auto out = f.order(f.alice, "o1", 100000);
  CHECK_FALSE(out.level_changed);
  CHECK(out.current_level == "SILVER");
  CHECK(f.profile(f.alice).manual_level);
  // Spend that earns GOLD overtakes it.
  out = f.order(f.alice, "o2", 400000);
  CHECK(out.level_changed);
  CHECK(out.old_level == "SILVER");
  CHECK(out.current_level == "GOLD");
  CHECK_FALSE(f.profile(f.alice).manual_level);

  // A manual level below what spend earned is what the member has until the
  // next order re-checks it upward.
  f.loyalty().set_level(kAdmin, {.user_id = f.alice, .level_code = "BASIC", .reason = "abuse"});
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "BASIC");
  out = f.order(f.alice, "o3", 100);
  CHECK(out.current_level == "GOLD");
}

TEST_CASE("C2 levels: set_level refuses bad input and other actors, changing nothing") {
  LoyaltyFixture f;
  check_error(
      [&] {
        f.loyalty().set_level(kAdmin, {f.alice, "DIAMOND", "why"});
      },
      Errc::not_found, "level_code");
  check_error(
      [&] {
        f.loyalty().set_level(kAdmin, {f.alice, "GOLD", ""});
      },
      Errc::invalid_argument, "reason");
  check_error(
      [&] {
        f.loyalty().set_level(kAdmin, {f.alice, "GOLD", std::string(501, 'r')});
      },
      Errc::invalid_argument, "reason");
  check_error(
      [&] {
        f.loyalty().set_level(kAdmin, {"not-a-user", "GOLD", "why"});
      },
      Errc::invalid_argument, "user_id");
  check_error(
      [&] {
        f.loyalty().set_level(kAdmin, {"00000000-0000-4000-8000-000000000000aaaa", "GOLD", "why"});
      },
      Errc::not_found, "user_id");
  check_error(
      [&] {
        f.loyalty().set_level(Actor::user(f.alice), {f.alice, "GOLD", "me"});
      },
      Errc::permission_denied);
  check_error(
      [&] {
        f.loyalty().set_level(Actor::service("x"), {f.alice, "GOLD", "me"});
      },
      Errc::permission_denied);
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "BASIC");
  CHECK_FALSE(f.profile(f.alice).manual_level);
}

TEST_CASE("C2 levels: set_level names the target by level_id (seed 001 target_level_id)") {
  LoyaltyFixture f;
  // The default ladder: 1 BASIC, 2 BRONZE, 3 SILVER, 4 GOLD, 5 PLATINUM.
  auto change = f.loyalty().set_level(
      kAdmin, {.user_id = f.alice, .level_code = "", .reason = "vip", .level_id = 4});
  CHECK(change.old_level == "BASIC");
  CHECK(change.new_level == "GOLD");
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "GOLD");
  // Down as well as up (an admin's correction).
  change = f.loyalty().set_level(kAdmin, {.user_id = f.alice, .reason = "fix", .level_id = 2});
  CHECK(change.new_level == "BRONZE");
  change = f.loyalty().set_level(kAdmin, {.user_id = f.alice, .reason = "top", .level_id = 5});
  CHECK(change.new_level == "PLATINUM");

  check_error(
      [&] { f.loyalty().set_level(kAdmin, {.user_id = f.alice, .reason = "why", .level_id = 6}); },
      Errc::not_found, "level_id");
  check_error(
      [&] { f.loyalty().set_level(kAdmin, {.user_id = f.alice, .reason = "why", .level_id = -1}); },
      Errc::invalid_argument, "level_id");
  check_error(
      [&] {
        f.loyalty().set_level(
            kAdmin, {.user_id = f.alice, .level_code = "GOLD", .reason = "why", .level_id = 4});
      },
      Errc::invalid_argument, "level_id");
  // Neither names a level.
  check_error([&] { f.loyalty().set_level(kAdmin, {.user_id = f.alice, .reason = "why"}); },
              Errc::not_found, "level_code");
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "PLATINUM");
}

TEST_CASE("C2 profile: level, points, statistics, benefits and next level (seed 001)") {
  LoyaltyFixture f;
  const TimePoint joined = f.now();
  auto p = f.profile(f.alice);
  CHECK(p.level.code == "BASIC");
  CHECK(p.total_spent == 0);
  CHECK(p.total_orders == 0);
  CHECK(p.join_date == joined);
  CHECK_FALSE(p.last_active.has_value());
  REQUIRE(p.next_level.has_value());
  CHECK(p.next_level->code == "BRONZE");
  CHECK(p.remaining_spend == 50000);
  CHECK(p.progress_bp == 0);

  f.clock->advance(hours(5));
  f.order(f.alice, "o1", 150000);
  f.order(f.alice, "o2", 100000);  // 2500.00 in all: SILVER
  p = f.loyalty().profile(Actor::user(f.alice), f.alice);
  CHECK(p.level.code == "SILVER");
  CHECK(p.level.discount_rate_bp == 9000);
  CHECK(p.level.benefits.free_shipping);
  CHECK(p.level.benefits.birthday_gift);
  CHECK_FALSE(p.level.benefits.priority_service);
  CHECK(p.total_spent == 250000);
  CHECK(p.total_orders == 2);
  CHECK(p.last_active == f.now());
  CHECK(p.points.available == 1500 + 1000);
  CHECK(p.points.total == 2500);
  REQUIRE(p.next_level.has_value());
  CHECK(p.next_level->code == "GOLD");
  CHECK(p.next_level->required_spend == 500000);
  CHECK(p.remaining_spend == 250000);
  CHECK(p.progress_bp == 5000);

  // At the top: no next level, 100%.
  f.order(f.alice, "o3", 2000000);
  p = f.profile(f.alice);
  CHECK(p.level.code == "PLATINUM");
  CHECK_FALSE(p.next_level.has_value());
  CHECK(p.remaining_spend == 0);
  CHECK(p.progress_bp == 10000);

  check_error([&] { f.loyalty().profile(Actor::user(f.bob), f.alice); }, Errc::permission_denied);
  check_error([&] { f.loyalty().profile(kAdmin, "00000000-0000-4000-8000-000000000000aaaa"); },
              Errc::not_found, "user_id");
}

TEST_CASE("C2 downgrade: none by default; with a window, members who do not re-qualify go down") {
  LoyaltyFixture f;
  f.order(f.alice, "a1", 600000);  // GOLD
  f.order(f.bob, "b1", 60000);     // BRONZE
  f.clock->advance(Days(400));
  CHECK(f.loyalty().evaluate_downgrades(kSystemActor) == 0);  // no policy: nothing
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "GOLD");

  check_error([&] { f.loyalty().set_settings(kAdmin, {.downgrade = {.window_days = 3661}}); },
              Errc::invalid_argument, "downgrade.window_days");
  check_error([&] { f.loyalty().set_settings(kAdmin, {.points_rate_bp = 0}); },
              Errc::invalid_argument, "points_rate_bp");
  f.loyalty().set_settings(kAdmin, {.downgrade = {.window_days = 365}});
  CHECK(f.loyalty().settings(kAdmin).downgrade.window_days == 365);
  // Bob re-qualifies within the window; Alice's spend in it earns SILVER only.
  f.order(f.bob, "b2", 60000);
  f.order(f.alice, "a2", 250000);
  CHECK(f.loyalty().evaluate_downgrades(kSystemActor) == 1);
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "SILVER");
  CHECK(f.loyalty().level_code(kAdmin, f.bob) == "BRONZE");
  CHECK(f.sys->audit().list(kAdmin, {.user_id = f.alice}).front().detail.find("downgrade") !=
        std::string::npos);
  // Just lowered (and Bob just re-qualified): nothing is due until a window passes.
  CHECK(f.loyalty().evaluate_downgrades(kSystemActor) == 0);
  f.clock->advance(Days(366));
  CHECK(f.loyalty().evaluate_downgrades(kSystemActor) == 2);
  CHECK(f.loyalty().level_code(kAdmin, f.alice) == "BASIC");
  CHECK(f.loyalty().level_code(kAdmin, f.bob) == "BASIC");
  // With a window, the spend of the window earns levels upward too: a small
  // order does not give back what the job took away (all of Alice's spend
  // would still earn GOLD)...
  CHECK(f.order(f.alice, "a3", 100).current_level == "BASIC");
  const auto p = f.profile(f.alice);
  CHECK(p.total_spent == 850100);
  REQUIRE(p.next_level);
  CHECK(p.next_level->code == "BRONZE");
  CHECK(p.remaining_spend == p.next_level->required_spend - 100);
  // ...spend within the window does.
  const auto up = f.order(f.alice, "a4", p.remaining_spend);
  CHECK(up.level_changed);
  CHECK(up.current_level == "BRONZE");
  check_error([&] { f.loyalty().evaluate_downgrades(Actor::user(f.alice)); },
              Errc::permission_denied);
  check_error([&] { f.loyalty().evaluate_downgrades(kSystemActor, 0); }, Errc::invalid_argument,
              "limit");
}

}  // namespace member::test
