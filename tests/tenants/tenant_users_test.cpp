// E1, E2 (seed 004 "/api/tenants/{tenant_id}/users" and ".../roles/batch"):
// listing a tenant's users and members, paged, and creating roles in a
// batch, all or none.
#include <algorithm>
#include <atomic>
#include <chrono>

#include "support/latch.hpp"
#include "tenants/tenant_helpers.hpp"

namespace member::test {
namespace {

std::vector<std::string> ids_of(const TenantUserList& list) {
  std::vector<std::string> out;
  for (const auto& u : list.users) out.push_back(u.user_id);
  return out;
}

TEST_CASE("E1 a tenant's users: its own and its members, oldest first, paged, with the total") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    add_tenant(sys, "eu");
    const Actor eu_admin = Actor::admin("eu-ops", "eu");
    CHECK(sys.tenants().users(eu_admin).users.empty());
    CHECK(sys.tenants().users(eu_admin).total == 0);

    const TimePoint alice_since = f.clock->now();
    f.clock->advance(std::chrono::minutes(1));
    const std::string bob = sys.accounts().register_user(Actor::anonymous(), with_username("bob"));
    f.clock->advance(std::chrono::minutes(1));
    const std::string carol =
        sys.accounts().register_user(Actor::anonymous("eu"), with_username("carol"));
    f.clock->advance(std::chrono::minutes(1));
    const TimePoint joined = f.clock->now();
    sys.tenants().assign_user_tenants(kRoot, f.alice, {"eu"});
    sys.accounts().set_status(kAdminA, bob, AccountStatus::disabled, "test");

    // Home tenant: alice, then bob; the member from "default" is not listed there twice.
    const auto home = sys.tenants().users(kAdminA);
    CHECK(home.total == 2);
    REQUIRE(ids_of(home) == std::vector<std::string>{f.alice, bob});
    CHECK(home.users[0].home_tenant == "default");
    CHECK(home.users[0].username == "alice");
    CHECK(home.users[0].since == alice_since);
    CHECK(home.users[0].status == AccountStatus::active);
    CHECK(home.users[1].status == AccountStatus::disabled);

    // "eu": carol (registered there), then alice (a member since `joined`).
    const auto eu = sys.tenants().users(eu_admin);
    CHECK(eu.total == 2);
    REQUIRE(ids_of(eu) == std::vector<std::string>{carol, f.alice});
    CHECK(eu.users[0].home_tenant == "eu");
    CHECK(eu.users[1].home_tenant == "default");
    CHECK(eu.users[1].username == "alice");
    CHECK(eu.users[1].since == joined);

    // Pages.
    const auto second = sys.tenants().users(eu_admin, {.limit = 1, .offset = 1});
    CHECK(second.total == 2);
    CHECK(ids_of(second) == std::vector<std::string>{f.alice});
    CHECK(sys.tenants().users(eu_admin, {.limit = 5, .offset = 2}).users.empty());

    // A super admin acting in the tenant, and the tenant's internal services.
    CHECK(sys.tenants().users(Actor::super_admin("root", "eu")).total == 2);
    CHECK(sys.tenants().users(Actor::service("crm", "eu")).total == 2);

    // Leaving the tenant removes the member from its list.
    sys.tenants().assign_user_tenants(kRoot, f.alice, {});
    CHECK(ids_of(sys.tenants().users(eu_admin)) == std::vector<std::string>{carol});
  });
}

TEST_CASE("E1 listing a tenant's users refuses members, anonymous callers and bad pages") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    for (const Actor& actor : {Actor::user(f.alice), Actor::anonymous()}) {
      CAPTURE(to_string(actor.kind));
      check_error([&] { sys.tenants().users(actor); }, Errc::permission_denied);
    }
    check_error([&] { sys.tenants().users(kAdminA, {.limit = 0}); }, Errc::invalid_argument,
                "page.limit");
    check_error([&] { sys.tenants().users(kAdminA, {.limit = 1001}); }, Errc::invalid_argument,
                "page.limit");
    check_error([&] { sys.tenants().users(Actor::admin("ops", "nowhere")); }, Errc::not_found,
                "tenant");
    // A member given a role holding the point may list.
    sys.roles().create_role(kAdminA, {.name = "directory"});
    sys.roles().grant_permissions(kAdminA, {{"directory", "tenants.users"}});
    sys.roles().assign_roles(kAdminA, {{f.alice, "directory"}});
    CHECK(sys.tenants().users(Actor::user(f.alice)).total == 1);
  });
}

TEST_CASE("E2 roles are created in a batch, all or none") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    const auto created = sys.roles().create_roles(
        kAdminA, {{.name = "support", .description = "customer support"}, {.name = "auditor"}});
    REQUIRE(created.size() == 2);
    CHECK(created[0].name == "support");
    CHECK(created[0].description == "customer support");
    CHECK_FALSE(created[1].builtin);
    CHECK(sys.roles().roles(kAdminA).size() == 7);
    CHECK(sys.audit().list(kAdminA, {.action = "role.create"}).size() == 2);

    // Any bad role refuses the whole batch; nothing is written.
    struct Bad {
      std::vector<Role> roles;
      Errc code;
      const char* field;
    };
    const std::vector<Bad> bad = {
        {{{.name = "sales"}, {.name = "support"}}, Errc::conflict, "roles[1].name"},
        {{{.name = "sales"}, {.name = "sales"}}, Errc::invalid_argument, "roles[1].name"},
        {{{.name = "sales"}, {.name = "admin"}}, Errc::invalid_argument, "roles[1].name"},
        {{{.name = "sales"}, {.name = "bad name"}}, Errc::invalid_argument, "roles[1].name"},
        {{{.name = "sales"}, {.name = "x", .description = std::string(501, 'd')}},
         Errc::invalid_argument,
         "roles[1].description"},
    };
    for (const Bad& b : bad) {
      CAPTURE(b.field);
      check_error([&] { sys.roles().create_roles(kAdminA, b.roles); }, b.code, b.field);
    }
    check_error([&] { sys.roles().create_roles(kAdminA, {}); }, Errc::invalid_argument, "roles");
    check_error([&] { sys.roles().create_roles(kAdminA, std::vector<Role>(1001, {.name = "r"})); },
                Errc::invalid_argument, "roles");
    for (const Actor& actor : {Actor::user(f.alice), Actor::anonymous(), Actor::service("svc")}) {
      CAPTURE(to_string(actor.kind));
      check_error([&] { sys.roles().create_roles(actor, {{.name = "sales"}}); },
                  Errc::permission_denied);
    }
    CHECK(sys.roles().roles(kAdminA).size() == 7);
    CHECK(sys.audit().list(kAdminA, {.action = "role.create"}).size() == 2);

    // Names are per tenant.
    add_tenant(sys, "eu");
    CHECK(sys.roles().create_roles(Actor::admin("ops", "eu"), {{.name = "support"}}).size() == 1);
  });
}

TEST_CASE("E2 concurrent role batches naming the same role: exactly one is written") {
  TempDir dir;
  System sys(file_options(dir));
  std::atomic<int> created{0};
  std::atomic<int> conflicts{0};
  race(4, [&](std::size_t i) {
    try {
      sys.roles().create_roles(kAdminA, {{.name = "own-" + std::to_string(i)}, {.name = "shared"}});
      ++created;
    } catch (const Error& e) {
      if (e.code() == Errc::conflict) ++conflicts;
    }
  });
  CHECK(created == 1);
  CHECK(conflicts == 3);
  const auto roles = sys.roles().roles(kAdminA);
  CHECK(roles.size() == 7);  // 5 built-in, "shared" and the winner's own role
  CHECK(std::count_if(roles.begin(), roles.end(),
                      [](const Role& r) { return r.name.starts_with("own-"); }) == 1);
}

}  // namespace
}  // namespace member::test
