// member::Error / Errc, member::Actor and the clocks: the core value types
// every module shares.
#include <chrono>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <vector>

#include "support/fixtures.hpp"

using namespace member;
using namespace std::chrono_literals;

// ---------------------------------------------------------------------------
// Errc / Error

TEST_CASE("errors: every code has its stable number and lower-case name") {
  struct Row {
    Errc code;
    int number;
    std::string_view name;
  };
  const Row rows[] = {
      {Errc::ok, 0, "ok"},
      {Errc::invalid_argument, 1, "invalid_argument"},
      {Errc::not_found, 2, "not_found"},
      {Errc::conflict, 3, "conflict"},
      {Errc::unauthenticated, 4, "unauthenticated"},
      {Errc::locked, 5, "locked"},
      {Errc::permission_denied, 6, "permission_denied"},
      {Errc::failed_precondition, 7, "failed_precondition"},
      {Errc::resource_exhausted, 8, "resource_exhausted"},
      {Errc::storage, 9, "storage"},
      {Errc::schema_too_new, 10, "schema_too_new"},
      {Errc::key_error, 11, "key_error"},
      {Errc::busy, 12, "busy"},
      {Errc::internal, 13, "internal"},
      {Errc::insufficient_points, 14, "insufficient_points"},
      {Errc::insufficient_funds, 15, "insufficient_funds"},
  };
  for (const Row& row : rows) {
    INFO("code " << row.number);
    CHECK(static_cast<int>(row.code) == row.number);
    CHECK(to_string(row.code) == row.name);
  }
  CHECK(to_string(static_cast<Errc>(16)) == "unknown");
  CHECK(to_string(static_cast<Errc>(-1)) == "unknown");
}

TEST_CASE("errors: Error carries code, message and field") {
  static_assert(std::is_base_of_v<std::runtime_error, Error>);
  const Error e(Errc::conflict, "email: already taken", "email");
  CHECK(e.code() == Errc::conflict);
  CHECK(std::string_view(e.what()) == "email: already taken");
  CHECK(e.field() == "email");
  CHECK_FALSE(e.retry_at().has_value());

  const Error plain(Errc::storage, "disk full");
  CHECK(plain.field().empty());
  CHECK_FALSE(plain.retry_at().has_value());

  // Copies keep everything; it can be caught as std::exception.
  const Error copy = e;
  CHECK(copy.code() == Errc::conflict);
  CHECK(copy.field() == "email");
  try {
    throw Error(Errc::not_found, "user not found", "user_id");
  } catch (const std::exception& caught) {
    CHECK(std::string_view(caught.what()) == "user not found");
    const auto* as_error = dynamic_cast<const Error*>(&caught);
    REQUIRE(as_error != nullptr);
    CHECK(as_error->field() == "user_id");
  }
}

TEST_CASE("A4 errors: locked_until carries the retry time") {
  const TimePoint retry = TimePoint{} + 1'700'000'000s + 900s;
  const Error e = Error::locked_until(retry);
  CHECK(e.code() == Errc::locked);
  REQUIRE(e.retry_at().has_value());
  CHECK(*e.retry_at() == retry);
  CHECK(e.field().empty());
  CHECK_FALSE(std::string_view(e.what()).empty());
  const Error copy = e;
  CHECK(copy.retry_at() == retry);
}

// ---------------------------------------------------------------------------
// Actor

TEST_CASE("E3 actor: kinds have stable numbers and names") {
  CHECK(static_cast<int>(ActorKind::anonymous) == 0);
  CHECK(static_cast<int>(ActorKind::user) == 1);
  CHECK(static_cast<int>(ActorKind::admin) == 2);
  CHECK(static_cast<int>(ActorKind::service) == 3);
  CHECK(static_cast<int>(ActorKind::system) == 4);
  CHECK(to_string(ActorKind::anonymous) == "anonymous");
  CHECK(to_string(ActorKind::user) == "user");
  CHECK(to_string(ActorKind::admin) == "admin");
  CHECK(to_string(ActorKind::service) == "service");
  CHECK(to_string(ActorKind::system) == "system");
  CHECK(to_string(static_cast<ActorKind>(99)) == "unknown");
}

TEST_CASE("E3 actor: factories fill kind, id and tenant") {
  CHECK(kDefaultTenant == "default");
  const Actor defaulted;
  CHECK(defaulted.kind == ActorKind::anonymous);
  CHECK(defaulted.id.empty());
  CHECK(defaulted.tenant == "default");

  const Actor anon = Actor::anonymous();
  CHECK(anon.kind == ActorKind::anonymous);
  CHECK(anon.id.empty());
  CHECK(anon.tenant == "default");
  CHECK(Actor::anonymous("acme").tenant == "acme");

  const Actor user = Actor::user("u-1", "acme");
  CHECK(user.kind == ActorKind::user);
  CHECK(user.id == "u-1");
  CHECK(user.tenant == "acme");
  CHECK(Actor::user("u-1").tenant == "default");

  const Actor admin = Actor::admin("op-7");
  CHECK(admin.kind == ActorKind::admin);
  CHECK(admin.id == "op-7");
  CHECK(admin.tenant == "default");

  const Actor service = Actor::service("order-service", "t2");
  CHECK(service.kind == ActorKind::service);
  CHECK(service.id == "order-service");
  CHECK(service.tenant == "t2");

  const Actor system = Actor::system();
  CHECK(system.kind == ActorKind::system);
  CHECK(system.id == "system");
  CHECK(system.tenant == "default");
  CHECK(Actor::system("t3").tenant == "t3");
}

TEST_CASE("E3 actor: only admin, service and system are staff") {
  CHECK_FALSE(Actor::anonymous().is_staff());
  CHECK_FALSE(Actor::user("u-1").is_staff());
  CHECK(Actor::admin("op").is_staff());
  CHECK(Actor::service("svc").is_staff());
  CHECK(Actor::system().is_staff());
  CHECK_FALSE(Actor{static_cast<ActorKind>(99), "x", "default"}.is_staff());
}

TEST_CASE("E3 actor: may_act_for: a user only for themself, staff for anyone") {
  const std::string me = "1b4e28ba-2fa1-4d2e-883f-0016d3cca427k3x9";
  const std::string other = "9f4e28ba-2fa1-4d2e-883f-0016d3cca427zzzz";

  CHECK_FALSE(Actor::anonymous().may_act_for(me));
  CHECK_FALSE(Actor::anonymous().may_act_for(""));

  const Actor user = Actor::user(me);
  CHECK(user.may_act_for(me));
  CHECK_FALSE(user.may_act_for(other));
  CHECK_FALSE(user.may_act_for(""));
  CHECK_FALSE(user.may_act_for(me.substr(0, 39)));
  CHECK_FALSE(user.may_act_for(me + "x"));
  // A user with no id acts for nobody, not even the empty id.
  CHECK_FALSE(Actor::user("").may_act_for(""));
  // An anonymous actor that somehow carries an id still acts for nobody.
  CHECK_FALSE(Actor{ActorKind::anonymous, me, "default"}.may_act_for(me));

  for (const Actor& staff : {Actor::admin("op"), Actor::service("svc"), Actor::system()}) {
    INFO("kind " << to_string(staff.kind));
    CHECK(staff.may_act_for(me));
    CHECK(staff.may_act_for(other));
  }
  CHECK_FALSE(Actor{static_cast<ActorKind>(99), me, "default"}.may_act_for(me));
}

// ---------------------------------------------------------------------------
// Clocks

TEST_CASE("clock: ManualClock starts where told and only moves when told") {
  const TimePoint start = TimePoint{} + 1'700'000'000s;
  ManualClock clock(start);
  CHECK(clock.now() == start);
  CHECK(clock.now() == start);
  clock.advance(15min);
  CHECK(clock.now() == start + 15min);
  clock.advance(1ms);
  CHECK(clock.now() == start + 15min + 1ms);
  clock.advance(-1h);
  CHECK(clock.now() == start + 15min + 1ms - 1h);
  clock.set(start);
  CHECK(clock.now() == start);
  clock.set(TimePoint{});
  CHECK(clock.now() == TimePoint{});
  clock.advance(std::chrono::system_clock::duration{1});  // the finest tick
  CHECK(clock.now() == TimePoint{} + std::chrono::system_clock::duration{1});
}

TEST_CASE("clock: the default ManualClock start is a fixed date around 2025") {
  const ManualClock a;
  const ManualClock b;
  CHECK(a.now() == b.now());
  const auto days = std::chrono::floor<std::chrono::days>(a.now());
  const std::chrono::year_month_day ymd{days};
  CHECK(ymd.year() >= std::chrono::year{2025});
  CHECK(ymd.year() <= std::chrono::year{2026});
  // Usable through the Clock interface.
  const Clock& as_clock = a;
  CHECK(as_clock.now() == a.now());
}

TEST_CASE("clock: ManualClock::advance is atomic across threads") {
  ManualClock clock(TimePoint{});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.advance(1ms);
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(clock.now() == TimePoint{} + 4000ms);
}

TEST_CASE("clock: SystemClock follows the wall clock") {
  const SystemClock clock;
  const auto before = std::chrono::system_clock::now();
  const TimePoint now = clock.now();
  const auto after = std::chrono::system_clock::now();
  CHECK(before <= now);
  CHECK(now <= after);
}
