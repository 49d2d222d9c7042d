// E2, E3: roles and permission points per tenant, assignments, effective
// permissions, check(), the built-in roles of the seed-001 caller levels, and
// permission points replacing the staff-only rule in every module.
#include <algorithm>
#include <atomic>

#include "support/latch.hpp"
#include "tenants/tenant_helpers.hpp"

namespace member::test {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

TEST_CASE("E2 roles and permission points are created and listed per tenant") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    add_tenant(sys, "shop");
    const Role support =
        sys.roles().create_role(kAdminA, {.name = "support", .description = "customer support"});
    CHECK_FALSE(support.builtin);
    sys.roles().create_permission(kAdminA, {.name = "reports.export", .description = "export"});

    const auto roles = sys.roles().roles(kAdminA);
    REQUIRE(roles.size() == 6);
    CHECK(roles[0].name == "public");
    CHECK(roles[0].permissions.empty());
    CHECK(roles[2].name == "admin");
    CHECK(contains(roles[2].permissions, "points.adjust"));
    CHECK(contains(roles[2].permissions, "reports.export"));  // every point of the tenant
    CHECK_FALSE(contains(roles[2].permissions, "tenants.manage"));
    CHECK_FALSE(contains(roles[2].permissions, "verifications.payment_account"));
    CHECK(roles[3].name == "internal");
    CHECK_FALSE(contains(roles[3].permissions, "loyalty.configure"));
    CHECK(contains(roles[4].permissions, "tenants.manage"));
    CHECK(roles[5].name == "support");
    CHECK(sys.roles().roles(kAdminA, {.limit = 2, .offset = 5}).size() == 1);

    const auto points = sys.roles().permissions(kAdminA, {.limit = 1000});
    CHECK(std::count_if(points.begin(), points.end(), [](const PermissionPoint& p) {
            return p.name == "tenants.manage" && p.global;
          }) == 1);
    CHECK(points.back().name == "reports.export");
    CHECK_FALSE(points.back().builtin);

    // Another tenant sees none of them.
    const Actor shop_admin = Actor::admin("ops", "shop");
    CHECK(sys.roles().roles(shop_admin).size() == 5);
    CHECK(sys.roles().permissions(shop_admin, {.limit = 1000}).size() == points.size() - 1);
    sys.roles().create_role(shop_admin, {.name = "support"});  // names are per tenant

    // Bad input, duplicates, reserved names.
    check_error([&] { sys.roles().create_role(kAdminA, {.name = ""}); }, Errc::invalid_argument,
                "name");
    check_error([&] { sys.roles().create_role(kAdminA, {.name = "admin"}); },
                Errc::invalid_argument, "name");
    check_error([&] { sys.roles().create_role(kAdminA, {.name = "support"}); }, Errc::conflict,
                "name");
    check_error(
        [&] {
          sys.roles().create_role(kAdminA, {.name = "x", .description = std::string(501, 'd')});
        },
        Errc::invalid_argument, "description");
    check_error([&] { sys.roles().create_permission(kAdminA, {.name = "Reports.Export"}); },
                Errc::invalid_argument, "name");
    check_error([&] { sys.roles().create_permission(kAdminA, {.name = "nodot"}); },
                Errc::invalid_argument, "name");
    check_error([&] { sys.roles().create_permission(kAdminA, {.name = "points.adjust"}); },
                Errc::invalid_argument, "name");
    check_error([&] { sys.roles().create_permission(kAdminA, {.name = "reports.export"}); },
                Errc::conflict, "name");
    check_error([&] { sys.roles().roles(kAdminA, {.limit = 1001}); }, Errc::invalid_argument,
                "page.limit");

    // Members, anonymous callers and services do not manage roles.
    for (const Actor& actor : {Actor::user(f.alice), Actor::anonymous(), Actor::service("svc")}) {
      CAPTURE(to_string(actor.kind));
      check_error([&] { sys.roles().create_role(actor, {.name = "x"}); }, Errc::permission_denied);
      check_error([&] { sys.roles().create_permission(actor, {.name = "x.y"}); },
                  Errc::permission_denied);
      check_error(
          [&] {
            sys.roles().assign_roles(actor, {{f.alice, "support"}});
          },
          Errc::permission_denied);
      check_error(
          [&] {
            sys.roles().grant_permissions(actor, {{"support", "points.earn"}});
          },
          Errc::permission_denied);
    }
    check_error([&] { sys.roles().roles(Actor::user(f.alice)); }, Errc::permission_denied);
    CHECK(sys.roles().roles(Actor::service("svc")).size() == 6);  // internal reads roles
    CHECK(sys.audit().list(kAdminA, {.action = "role.create"}).size() == 1);
    CHECK(sys.audit().list(kAdminA, {.action = "permission.create"}).size() == 1);
  });
}

TEST_CASE("E2 roles are assigned and permissions granted in batches, all or none") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    const std::string bob = sys.accounts().register_user(Actor::anonymous(), with_username("bob"));
    sys.roles().create_role(kAdminA, {.name = "support"});
    sys.roles().create_role(kAdminA, {.name = "finance"});
    sys.roles().create_permission(kAdminA, {.name = "reports.export"});

    const Actor alice = Actor::user(f.alice);
    CHECK_FALSE(sys.roles().check(alice, "accounts.set_status"));
    sys.roles().grant_permissions(kAdminA, {{"support", "accounts.set_status"},
                                            {"support", "reports.export"},
                                            {"finance", "points.adjust"},
                                            {"support", "reports.export"}});
    sys.roles().assign_roles(kAdminA, {{f.alice, "support"}, {bob, "finance"}, {bob, "support"}});
    // The cache was invalidated by the change: seen at once.
    CHECK(sys.roles().check(alice, "accounts.set_status"));
    CHECK(sys.roles().check(alice, "reports.export"));
    CHECK_FALSE(sys.roles().check(alice, "points.adjust"));
    CHECK_FALSE(sys.roles().check(alice, "unknown.point"));
    CHECK(sys.roles().user_roles(alice, f.alice) == std::vector<std::string>{"member", "support"});
    CHECK(sys.roles().user_roles(kAdminA, bob) ==
          std::vector<std::string>{"member", "finance", "support"});
    CHECK(sys.roles().user_permissions(kAdminA, bob) ==
          std::vector<std::string>{"accounts.set_status", "points.adjust", "reports.export"});
    check_error([&] { sys.roles().user_roles(alice, bob); }, Errc::permission_denied);
    check_error([&] { sys.roles().user_permissions(alice, bob); }, Errc::permission_denied);

    // The built-in admin role may be given to a user: every tenant point.
    sys.roles().assign_roles(kAdminA, {{bob, "admin"}});
    CHECK(sys.roles().check(Actor::user(bob), "loyalty.configure"));
    CHECK_FALSE(sys.roles().check(Actor::user(bob), "tenants.manage"));
    CHECK(contains(sys.roles().user_permissions(kAdminA, bob), "catalog.manage"));

    // A batch with one bad item changes nothing.
    const std::string carl =
        sys.accounts().register_user(Actor::anonymous(), with_username("carl"));
    check_error(
        [&] {
          sys.roles().assign_roles(kAdminA, {{carl, "support"}, {carl, "nope"}});
        },
        Errc::not_found, "assignments[1].role");
    CHECK(sys.roles().user_roles(kAdminA, carl) == std::vector<std::string>{"member"});
    check_error(
        [&] {
          sys.roles().grant_permissions(kAdminA,
                                        {{"finance", "catalog.manage"}, {"finance", "nope.nope"}});
        },
        Errc::not_found, "grants[1].permission");
    CHECK_FALSE(contains(sys.roles().user_permissions(kAdminA, bob), "nope.nope"));
    CHECK_FALSE(sys.roles().check(Actor::user(carl), "catalog.manage"));

    // Bad input.
    check_error([&] { sys.roles().assign_roles(kAdminA, {}); }, Errc::invalid_argument,
                "assignments");
    check_error(
        [&] {
          sys.roles().assign_roles(kAdminA, {{"bad", "support"}});
        },
        Errc::invalid_argument, "assignments[0].user_id");
    check_error(
        [&] {
          sys.roles().assign_roles(kAdminA, {{carl, "super_admin"}});
        },
        Errc::invalid_argument, "assignments[0].role");
    check_error(
        [&] {
          sys.roles().assign_roles(kAdminA, {{carl, "member"}});
        },
        Errc::invalid_argument, "assignments[0].role");
    check_error(
        [&] {
          sys.roles().grant_permissions(kAdminA, {{"admin", "points.earn"}});
        },
        Errc::invalid_argument, "grants[0].role");
    check_error(
        [&] {
          sys.roles().grant_permissions(kAdminA, {{"support", "tenants.manage"}});
        },
        Errc::invalid_argument, "grants[0].permission");
    check_error(
        [&] {
          sys.roles().grant_permissions(kAdminA, {{"ghost", "points.earn"}});
        },
        Errc::not_found, "grants[0].role");
    check_error([&] { sys.roles().grant_permissions(kAdminA, std::vector<PermissionGrant>(1001)); },
                Errc::invalid_argument, "grants");
    check_error([&] { sys.roles().check(alice, "Bad Point"); }, Errc::invalid_argument,
                "permission");
    check_error([&] { sys.roles().user_roles(kAdminA, "nope"); }, Errc::invalid_argument,
                "user_id");

    // Every change is audited.
    CHECK(sys.audit().list(kAdminA, {.action = "role.assign"}).size() == 4);
    CHECK(sys.audit().list(kAdminA, {.action = "role.grant"}).size() == 4);
  });
}

TEST_CASE("E3 built-in roles follow the seed-001 caller levels and the super admin") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    add_tenant(sys, "shop");
    const Actor service = Actor::service("orders");
    CHECK(sys.roles().check(kAdminA, "points.adjust"));
    CHECK(sys.roles().check(kAdminA, "loyalty.configure"));
    CHECK_FALSE(sys.roles().check(kAdminA, "verifications.payment_account"));
    CHECK_FALSE(sys.roles().check(kAdminA, "tenants.manage"));
    CHECK(sys.roles().check(service, "points.earn"));
    CHECK(sys.roles().check(service, "verifications.payment_account"));
    CHECK_FALSE(sys.roles().check(service, "loyalty.configure"));
    CHECK_FALSE(sys.roles().check(service, "roles.manage"));
    CHECK_FALSE(sys.roles().check(Actor::user(f.alice), "points.earn"));
    CHECK_FALSE(sys.roles().check(Actor::anonymous(), "catalog.manage"));
    CHECK(sys.roles().check(Actor::system(), "tenants.manage"));
    CHECK(sys.roles().check(Actor::system(), "verifications.payment_account"));
    // The super admin holds every tenant's points and manages tenants.
    const Actor root_in_shop = Actor::super_admin("root", "shop");
    CHECK(sys.roles().check(root_in_shop, "tenants.manage"));
    CHECK(sys.roles().check(root_in_shop, "catalog.manage"));
    sys.catalog().put(root_in_shop,
                      {.item_id = "mug", .name = "Mug", .points_cost = 5, .stock = 1});
    CHECK(sys.catalog().get(Actor::anonymous("shop"), "mug").stock == 1);
    // A tenant admin acts only in their tenant: their actor names it.
    const Actor shop_admin = Actor::admin("ops", "shop");
    check_error([&] { sys.accounts().profile(shop_admin, f.alice); }, Errc::not_found, "user_id");
    check_error(
        [&] {
          sys.roles().assign_roles(shop_admin, {{f.alice, "admin"}});
        },
        Errc::not_found, "assignments[0].user_id");
  });
}

TEST_CASE("E2 a member with a role holding the point runs an admin operation") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    const std::string bob = sys.accounts().register_user(Actor::anonymous(), with_username("bob"));
    const Actor alice = Actor::user(f.alice);
    check_error([&] { sys.accounts().set_status(alice, bob, AccountStatus::disabled, "abuse"); },
                Errc::permission_denied);
    check_error(
        [&] {
          sys.points().earn(alice, {.user_id = bob, .amount = 5, .key = "k", .event_type = "X"});
        },
        Errc::permission_denied);
    sys.roles().create_role(kAdminA, {.name = "support"});
    sys.roles().grant_permissions(kAdminA, {{"support", "accounts.set_status"}});
    sys.roles().assign_roles(kAdminA, {{f.alice, "support"}});
    sys.accounts().set_status(alice, bob, AccountStatus::disabled, "abuse");
    CHECK(sys.accounts().profile(kAdminA, bob).status == AccountStatus::disabled);
    const auto audit =
        sys.audit().list(kAdminA, {.user_id = bob, .action = "account.status.change"});
    REQUIRE_FALSE(audit.empty());
    CHECK(audit[0].actor_id == f.alice);
    // Only the granted point: points stay refused.
    check_error(
        [&] {
          sys.points().earn(alice, {.user_id = bob, .amount = 5, .key = "k", .event_type = "X"});
        },
        Errc::permission_denied);
    // A disabled account's roles count for nothing.
    sys.accounts().set_status(kAdminA, f.alice, AccountStatus::disabled, "left");
    CHECK_FALSE(sys.roles().check(alice, "accounts.set_status"));
  });
}

TEST_CASE("E2 no one hands out a point they do not hold") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    const std::string bob = sys.accounts().register_user(Actor::anonymous(), with_username("bob"));
    sys.roles().create_role(kAdminA, {.name = "payments"});
    sys.roles().create_role(kAdminA, {.name = "delegate"});
    // A tenant admin holds no internal-only point: neither that point nor the
    // internal role is theirs to give.
    check_error(
        [&] {
          sys.roles().grant_permissions(kAdminA, {{"payments", "verifications.payment_account"}});
        },
        Errc::permission_denied, "grants[0].permission");
    check_error(
        [&] {
          sys.roles().assign_roles(kAdminA, {{f.alice, "delegate"}, {bob, "internal"}});
        },
        Errc::permission_denied, "assignments[1].role");
    CHECK(sys.roles().user_roles(kAdminA, f.alice) ==
          std::vector<std::string>{"member"});  // all or none
    CHECK_FALSE(sys.roles().check(Actor::user(bob), "verifications.payment_account"));
    // The system actor holds every point, so it may.
    sys.roles().grant_permissions(Actor::system(), {{"payments", "verifications.payment_account"}});
    sys.roles().assign_roles(Actor::system(), {{bob, "internal"}});
    CHECK(sys.roles().check(Actor::user(bob), "verifications.payment_account"));
    // ...and an admin may not assign a role that holds it.
    check_error(
        [&] {
          sys.roles().assign_roles(kAdminA, {{f.alice, "payments"}});
        },
        Errc::permission_denied, "assignments[0].role");

    // A member whose role holds roles.manage hands out only what they hold.
    sys.roles().grant_permissions(kAdminA,
                                  {{"delegate", "roles.manage"}, {"delegate", "points.earn"}});
    sys.roles().assign_roles(kAdminA, {{f.alice, "delegate"}});
    const Actor alice = Actor::user(f.alice);
    sys.roles().create_role(alice, {.name = "earner"});
    sys.roles().grant_permissions(alice, {{"earner", "points.earn"}});
    check_error(
        [&] {
          sys.roles().grant_permissions(alice, {{"earner", "accounts.set_status"}});
        },
        Errc::permission_denied, "grants[0].permission");
    check_error(
        [&] {
          sys.roles().assign_roles(alice, {{f.alice, "admin"}});
        },
        Errc::permission_denied, "assignments[0].role");
    const std::string carl =
        sys.accounts().register_user(Actor::anonymous(), with_username("carl"));
    sys.roles().assign_roles(alice, {{carl, "earner"}});
    CHECK(sys.roles().check(Actor::user(carl), "points.earn"));
    CHECK_FALSE(sys.roles().check(Actor::user(carl), "accounts.set_status"));
  });
}

TEST_CASE("E2 a member's roles in another tenant count only while the home account is active") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    add_tenant(sys, "eu");
    const Actor eu_admin = Actor::admin("ops", "eu");
    sys.tenants().assign_user_tenants(kRoot, f.alice, {"eu"});
    sys.roles().assign_roles(eu_admin, {{f.alice, "admin"}});
    const Actor alice_in_eu = Actor::user(f.alice, "eu");
    CHECK(sys.roles().check(alice_in_eu, "accounts.set_status"));  // cached now
    for (const auto status : {AccountStatus::disabled, AccountStatus::blacklisted}) {
      sys.accounts().set_status(kAdminA, f.alice, status, "left");
      CHECK_FALSE(sys.roles().check(alice_in_eu, "accounts.set_status"));
      sys.accounts().set_status(kAdminA, f.alice, AccountStatus::active);
      CHECK(sys.roles().check(alice_in_eu, "accounts.set_status"));
    }
    sys.accounts().withdraw(Actor::user(f.alice), f.alice, kPassword);
    CHECK_FALSE(sys.roles().check(alice_in_eu, "accounts.set_status"));
  });
}

TEST_CASE("E2 permission checks are shared by threads and invalidated on change") {
  TempDir dir;
  System sys(file_options(dir));
  const std::string bob = sys.accounts().register_user(Actor::anonymous(), with_username("bob"));
  sys.roles().create_role(kAdminA, {.name = "support"});
  sys.roles().assign_roles(kAdminA, {{bob, "support"}});
  std::atomic<int> allowed{0};
  race(4, [&](std::size_t i) {
    for (int k = 0; k < 50; ++k) {
      if (i == 0 && k == 25)
        sys.roles().grant_permissions(kAdminA, {{"support", "catalog.manage"}});
      if (sys.roles().check(Actor::user(bob), "catalog.manage")) ++allowed;
    }
  });
  CHECK(allowed > 0);
  CHECK(sys.roles().check(Actor::user(bob), "catalog.manage"));
}

}  // namespace
}  // namespace member::test
