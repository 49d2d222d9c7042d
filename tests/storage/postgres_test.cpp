// P4: the PostgreSQL backend passes the same conformance suite as SQLite, on
// the throwaway server ./scripts/test starts.
#include <doctest/doctest.h>

#include <thread>

#include "storage/conformance.hpp"
#include "support/fixtures.hpp"
#include "support/postgres.hpp"

namespace member::test {
namespace {

TEST_CASE("P4 postgres passes the storage conformance suite") {
  const auto server = postgres_server();
  if (!server) return;
  check_storage_conformance([&] {
    return storage::open_postgres({.conninfo = fresh_postgres_schema(*server), .pool_size = 4});
  });
}

TEST_CASE("P4 postgres: several storages opening one schema at once migrate exactly once") {
  const auto server = postgres_server();
  if (!server) return;
  const std::string conninfo = fresh_postgres_schema(*server);
  std::vector<std::thread> threads;
  std::vector<std::shared_ptr<storage::Storage>> opened(4);
  for (std::size_t i = 0; i < opened.size(); ++i) {
    threads.emplace_back([&, i] { opened[i] = storage::open_postgres({.conninfo = conninfo}); });
  }
  for (auto& t : threads) t.join();
  for (auto& s : opened) REQUIRE(s);
  auto tx = opened[0]->read();
  CHECK(tx->tenants().exists("default"));
}

TEST_CASE("P4 postgres: an unreachable server is a storage error without secrets") {
  try {
    storage::open_postgres(
        {.conninfo = "postgresql://member:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=2"});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::storage);
    CHECK(std::string(e.what()).find("s3cret-pw") == std::string::npos);
  }
}

TEST_CASE("P4 postgres: connection strings are recognised") {
  CHECK(storage::is_postgres_conninfo("postgresql://localhost/db"));
  CHECK(storage::is_postgres_conninfo("postgres://u@h/db"));
  CHECK(storage::is_postgres_conninfo("host=/tmp dbname=member"));
  CHECK_FALSE(storage::is_postgres_conninfo("var/member.db"));
  CHECK_FALSE(storage::is_postgres_conninfo(":memory:"));
}

}  // namespace
}  // namespace member::test
