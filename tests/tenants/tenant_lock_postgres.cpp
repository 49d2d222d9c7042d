// E1 on PostgreSQL, where writers run side by side: a tenant change made
// while another is uncommitted waits for it and keeps it, instead of writing
// back the row as it read it (Tenants::update locks the tenant's row).
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "storage/postgres/postgres_connection.hpp"
#include "support/postgres.hpp"
#include "tenants/tenant_helpers.hpp"

namespace member::test {

TEST_CASE("E1 PostgreSQL: a tenant update waits for a concurrent change and keeps it") {
  const auto server = postgres_server();
  if (!server) return;
  TempDir dir;
  Options o;
  for (const Backend& b : backends(dir)) {
    if (b.name == "postgres") o = b.options();
  }
  REQUIRE_FALSE(o.database.empty());
  System sys(o);
  add_tenant(sys, "eu");

  // Another writer disables the tenant and has not committed yet.
  auto other = storage::postgres::open_connection({.conninfo = o.database});
  other->begin(storage::sql::TransactionKind::write);
  storage::sql::Statement& pid = other->prepare("SELECT pg_backend_pid()");
  REQUIRE(pid.step());
  const std::int64_t other_pid = pid.get_int(0);
  storage::sql::Statement& disable = other->prepare(
      "UPDATE tenants SET status = " + std::to_string(static_cast<int>(TenantStatus::disabled)) +
      " WHERE id = 'eu'");
  disable.step();

  std::thread change([&] {
    sys.tenants().update(kRoot, {.id = "eu", .name = {}, .status = {}, .settings = R"({"k":1})"});
  });
  // Commit once the change waits for the row (it would not wait before it
  // read the row, and would then write back the status it read).
  auto watcher = storage::postgres::open_connection({.conninfo = o.database});
  bool waiting = false;
  for (int i = 0; i < 2000 && !waiting; ++i) {
    storage::sql::Statement& s = watcher->prepare(
        "SELECT count(*) FROM pg_stat_activity WHERE ?1 = ANY(pg_blocking_pids(pid))");
    s.bind(1, other_pid);
    REQUIRE(s.step());
    waiting = s.get_int(0) > 0;
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CHECK(waiting);
  other->commit();
  change.join();

  const Tenant eu = sys.tenants().get(kRoot, "eu");
  CHECK(eu.status == TenantStatus::disabled);
  CHECK(eu.settings == R"({"k":1})");
}

}  // namespace member::test
