// The account rules on the PostgreSQL backend, through member::System: the
// same guarantees as on SQLite where the backend matters (uniqueness under
// races, exact lockout counters, several application servers on one
// database, keys).
#include <thread>

#include "accounts/account_helpers.hpp"
#include "support/latch.hpp"
#include "support/postgres.hpp"

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();

Options postgres_options(const std::string& conninfo,
                         std::shared_ptr<const Clock> clock = nullptr) {
  Options o;
  o.database = conninfo;
  o.master_key = kTestMasterKey;
  o.password_hashing = cheap_hashing();
  o.pool_size = 4;
  o.clock = std::move(clock);
  return o;
}

TEST_CASE("P4 postgres A1 A3: register and sign in by every identifier") {
  const auto server = postgres_server();
  if (!server) return;
  System sys(postgres_options(fresh_postgres_schema(*server)));
  CHECK(sys.key_source().kind == KeySource::Kind::host_supplied);
  const std::string id =
      sys.accounts().register_user(kAnon, with_all("pg_ann", "Ann@Example.com", "13800138000"));
  for (const char* identifier : {"PG_ANN", "ann@example.com", "+86 138 0013 8000"}) {
    CHECK(
        sys.accounts().sign_in(kAnon, {.identifier = identifier, .password = kPassword}).user_id ==
        id);
  }
  check_error(
      [&] { sys.accounts().sign_in(kAnon, {.identifier = "pg_ann", .password = "wrong pw"}); },
      Errc::unauthenticated);
  const Profile p = sys.accounts().profile(Actor::user(id), id);
  CHECK(p.email == "ann@example.com");
  CHECK(p.mobile == "+8613800138000");
  CHECK(p.failed_sign_ins == 1);
  CHECK(sys.accounts().login_history(Actor::user(id), id).size() == 4);
}

TEST_CASE("P4 postgres A1: duplicates are conflicts naming the field") {
  const auto server = postgres_server();
  if (!server) return;
  System sys(postgres_options(fresh_postgres_schema(*server)));
  sys.accounts().register_user(kAnon, with_all("taken", "taken@example.com", "13900139000"));
  check_error([&] { sys.accounts().register_user(kAnon, with_username("TAKEN")); }, Errc::conflict,
              "username");
  check_error([&] { sys.accounts().register_user(kAnon, with_email("TAKEN@example.com")); },
              Errc::conflict, "email");
  check_error([&] { sys.accounts().register_user(kAnon, with_mobile("+8613900139000")); },
              Errc::conflict, "mobile");
}

TEST_CASE("P4 postgres: two application servers racing for one email: exactly one wins") {
  const auto server = postgres_server();
  if (!server) return;
  const std::string conninfo = fresh_postgres_schema(*server);
  System first(postgres_options(conninfo));
  System second(postgres_options(conninfo));
  std::atomic<int> created{0};
  std::atomic<int> conflicts{0};
  race(8, [&](std::size_t i) {
    System& sys = i % 2 ? second : first;
    try {
      sys.accounts().register_user(kAnon,
                                   with_all("racer" + std::to_string(i), "race@example.com", ""));
      ++created;
    } catch (const Error& e) {
      if (e.code() == Errc::conflict && e.field() == "email") ++conflicts;
    }
  });
  CHECK(created == 1);
  CHECK(conflicts == 7);
}

TEST_CASE("P4 postgres A4: concurrent wrong sign-ins from two servers are counted exactly") {
  const auto server = postgres_server();
  if (!server) return;
  const std::string conninfo = fresh_postgres_schema(*server);
  Options options = postgres_options(conninfo);
  options.lockout.max_failures = 1000;
  System first(options);
  System second(options);
  const std::string id = first.accounts().register_user(kAnon, with_username("counted"));
  race(16, [&](std::size_t i) {
    System& sys = i % 2 ? second : first;
    try {
      sys.accounts().sign_in(kAnon, {.identifier = "counted", .password = "wrong password"});
    } catch (const Error&) {
    }
  });
  CHECK(first.accounts().profile(Actor::system(), id).failed_sign_ins == 16);
}

TEST_CASE("P4 postgres A3 A4: concurrent first failures at an unknown identifier all count") {
  const auto server = postgres_server();
  if (!server) return;
  const std::string conninfo = fresh_postgres_schema(*server);
  System first(postgres_options(conninfo));
  System second(postgres_options(conninfo));
  // Five at once lock an unknown identifier as they would an account.
  for (const std::string identifier : {"nobody_here", "counted"}) {
    CAPTURE(identifier);
    if (identifier == "counted") first.accounts().register_user(kAnon, with_username("counted"));
    race(5, [&](std::size_t i) {
      System& sys = i % 2 ? second : first;
      try {
        sys.accounts().sign_in(kAnon, {.identifier = identifier, .password = "wrong password"});
      } catch (const Error&) {
      }
    });
    const Error e = caught([&] {
      first.accounts().sign_in(kAnon, {.identifier = identifier, .password = "wrong password"});
    });
    CHECK(e.code() == Errc::locked);
  }
}

TEST_CASE("P4 postgres A4: lockout with a manual clock") {
  const auto server = postgres_server();
  if (!server) return;
  auto clock = std::make_shared<ManualClock>();
  System sys(postgres_options(fresh_postgres_schema(*server), clock));
  sys.accounts().register_user(kAnon, with_username("locky"));
  for (int i = 0; i < 5; ++i) {
    check_error(
        [&] { sys.accounts().sign_in(kAnon, {.identifier = "locky", .password = "nope nope"}); },
        Errc::unauthenticated);
  }
  try {
    sys.accounts().sign_in(kAnon, {.identifier = "locky", .password = kPassword});
    FAIL("expected a lock");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::locked);
    REQUIRE(e.retry_at());
    CHECK(*e.retry_at() == clock->now() + std::chrono::minutes(15));
  }
  clock->advance(std::chrono::minutes(15));
  CHECK_NOTHROW(sys.accounts().sign_in(kAnon, {.identifier = "locky", .password = kPassword}));
}

TEST_CASE("P4 postgres H1: data persists across reopen; a wrong master key is refused") {
  const auto server = postgres_server();
  if (!server) return;
  const std::string conninfo = fresh_postgres_schema(*server);
  std::string id;
  {
    System sys(postgres_options(conninfo));
    RegisterRequest r = with_email("keep@example.com");
    r.real_name = "Keeper Person";
    id = sys.accounts().register_user(kAnon, r);
  }
  {
    System sys(postgres_options(conninfo));
    CHECK(sys.accounts().profile(Actor::system(), id).real_name == "Keeper Person");
  }
  Options wrong = postgres_options(conninfo);
  wrong.master_key = std::string(64, 'f');
  check_error([&] { System sys(wrong); }, Errc::key_error);
  Options keyless = postgres_options(conninfo);
  keyless.master_key.clear();
  check_error([&] { System sys(keyless); }, Errc::key_error, "master_key");
}

}  // namespace
}  // namespace member::test
