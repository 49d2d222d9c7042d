// Helpers shared by the bindings, identities, addresses, tags and identity
// check tests (B1-B4, A8-A10): a System with a manual clock and two members,
// on a real SQLite file or, for BACKEND_TEST cases, also on the PostgreSQL
// server of MEMBER_TEST_POSTGRES (a fresh schema per test).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "accounts/account_helpers.hpp"
#include "support/postgres.hpp"

namespace member::test {

inline const Actor kAdmin = Actor::admin("op-7");
inline const Actor kService = Actor::service("payments");

/// Valid numbers for identity checks (check digits verified by hand).
inline const std::string kResidentId = "11010519491231002X";
inline const std::string kOtherResidentId = "370123199001011233";
inline const std::string kCard = "6226090000000006";
inline const std::string kOtherCard = "6222021234567890128";

struct Fixture {
  std::unique_ptr<TempDir> dir;
  std::string conninfo;  ///< empty: SQLite file
  std::shared_ptr<ManualClock> clock;
  std::unique_ptr<System> sys;
  std::string alice;
  std::string bob;

  /// A SQLite file database, or the PostgreSQL schema `conninfo`.
  explicit Fixture(std::string postgres = {})
      : conninfo(std::move(postgres)),
        clock(std::make_shared<ManualClock>(TimePoint{std::chrono::hours(24 * 365 * 54)})) {
    Options o;
    if (conninfo.empty()) {
      dir = std::make_unique<TempDir>();
      o = file_options(*dir, clock);
      o.durability = Durability::normal;
    } else {
      o.database = conninfo;
      o.master_key = kTestMasterKey;
      o.password_hashing = cheap_hashing();
      o.pool_size = 4;
      o.clock = clock;
    }
    sys = std::make_unique<System>(std::move(o));
    alice = sys->accounts().register_user(Actor::anonymous(), with_username("alice"));
    bob = sys->accounts().register_user(Actor::anonymous(), with_username("bob"));
  }

  std::string db() const { return dir ? dir->file("member.db") : std::string(); }
  Actor as_alice() const { return Actor::user(alice); }
  Actor as_bob() const { return Actor::user(bob); }
  std::size_t audit_count(const std::string& user, const std::string& action) {
    return audit_of(*sys, user, action).size();
  }
};

}  // namespace member::test

// A test run on SQLite and, when the PostgreSQL test server is there, on
// PostgreSQL: BACKEND_TEST(fn, "B1 ...") { ...uses f... }
#define MEMBER_SQLITE_CASE(fn, title) \
  TEST_CASE(title " [sqlite]") {      \
    ::member::test::Fixture f;        \
    fn(f);                            \
  }
#ifdef MEMBER_TEST_WITH_POSTGRES
#define MEMBER_POSTGRES_CASE(fn, title)                                        \
  TEST_CASE(title " [postgres]") {                                             \
    const auto server = ::member::test::postgres_server();                     \
    if (!server) return;                                                       \
    ::member::test::Fixture f(::member::test::fresh_postgres_schema(*server)); \
    fn(f);                                                                     \
  }
#else
#define MEMBER_POSTGRES_CASE(fn, title)
#endif
#define BACKEND_TEST(fn, title)               \
  static void fn(::member::test::Fixture& f); \
  MEMBER_SQLITE_CASE(fn, title)               \
  MEMBER_POSTGRES_CASE(fn, title)             \
  static void fn([[maybe_unused]] ::member::test::Fixture& f)
