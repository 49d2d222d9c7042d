// E1 on PostgreSQL, where writers run side by side: a tenant change made
// while another is uncommitted waits for it and keeps it, instead of writing
// back the row as it read it (Tenants::update locks the tenant's row).
#include <doctest/doctest.h>

#include <thread>

#include "storage/postgres/postgres_connection.hpp"
#include "support/postgres.hpp"
#include "tenants/tenant_helpers.hpp"

namespace member::test {

TEST_CASE("E1 PostgreSQL: a tenant update waits for a concurrent change and keeps it") {
  TempDir dir;
  const auto postgres = postgres_options(dir);
  if (!postgres) return;
  const Options& o = *postgres;
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
  CHECK(wait_for_lock_waiter(o.database, other_pid));
  other->commit();
  change.join();

  const Tenant eu = sys.tenants().get(kRoot, "eu");
  CHECK(eu.status == TenantStatus::disabled);
  CHECK(eu.settings == R"({"k":1})");
}

}  // namespace member::test
