// E1: tenants (create, read, list, update, delete, import, export),
// memberships, and the refusal of calls in unknown or disabled tenants.
#include <SQLiteCpp/SQLiteCpp.h>

#include "tenants/tenant_helpers.hpp"

namespace member::test {
namespace {

TEST_CASE("E1 tenants are created, read, listed with filters and updated") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    const Tenant eu = sys.tenants().create(
        kRoot, {.id = "shop-eu", .name = "Shop Europe", .settings = R"({"currency": "EUR"})"});
    CHECK(eu.status == TenantStatus::active);
    CHECK(eu.settings == R"({"currency":"EUR"})");
    CHECK(eu.created_at == f.clock->now());
    add_tenant(sys, "shop-us", TenantStatus::disabled);
    add_tenant(sys, "b2b");

    CHECK(sys.tenants().get(kRoot, "shop-eu").name == "Shop Europe");
    // Staff of a tenant read their own tenant, not others.
    CHECK(sys.tenants().get(Actor::admin("eu-ops", "shop-eu"), "shop-eu").id == "shop-eu");
    check_error([&] { sys.tenants().get(Actor::admin("eu-ops", "shop-eu"), "b2b"); },
                Errc::permission_denied);
    check_error([&] { sys.tenants().get(kRoot, "nope"); }, Errc::not_found, "id");

    const auto all = sys.tenants().list(kRoot);
    REQUIRE(all.size() == 4);
    CHECK(all[0].id == "b2b");
    CHECK(all[1].id == "default");
    CHECK(sys.tenants().list(kRoot, {.name_contains = "SHOP"}).size() == 2);
    CHECK(sys.tenants().list(kRoot, {.name_contains = "%"}).empty());
    CHECK(sys.tenants().list(kRoot, {.status = TenantStatus::disabled}).at(0).id == "shop-us");
    CHECK(sys.tenants().list(kRoot, {.page = {.limit = 1, .offset = 1}}).at(0).id == "default");

    f.clock->advance(std::chrono::seconds(10));
    const Tenant renamed =
        sys.tenants().update(kRoot, {.id = "shop-eu", .name = "Shop EU", .settings = "{}"});
    CHECK(renamed.name == "Shop EU");
    CHECK(renamed.settings == "{}");
    CHECK(renamed.updated_at == f.clock->now());
    CHECK(renamed.created_at == eu.created_at);
    // Tenant management is recorded in the system (default) tenant's chain.
    const auto audit = sys.audit().list(Actor::system(), {.action = "tenant.update"});
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].detail.find("shop-eu") != std::string::npos);
    CHECK(audit[0].actor_kind == ActorKind::super_admin);
    CHECK(sys.audit().verify(Actor::system()).intact);
  });
}

TEST_CASE("E1 tenant calls refuse bad input and actors without tenants.manage") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    check_error([&] { sys.tenants().create(kRoot, {.id = "", .name = "x"}); },
                Errc::invalid_argument, "id");
    check_error([&] { sys.tenants().create(kRoot, {.id = "a b", .name = "x"}); },
                Errc::invalid_argument, "id");
    check_error([&] { sys.tenants().create(kRoot, {.id = "ok", .name = ""}); },
                Errc::invalid_argument, "name");
    check_error([&] { sys.tenants().create(kRoot, {.id = "ok", .name = "x", .settings = "[1]"}); },
                Errc::invalid_argument, "settings");
    check_error(
        [&] {
          sys.tenants().create(kRoot, {.id = "ok",
                                       .name = "x",
                                       .settings = R"({"a": ")" + std::string(17000, 'x') + "\"}"});
        },
        Errc::invalid_argument, "settings");
    check_error(
        [&] {
          sys.tenants().create(kRoot,
                               {.id = "ok", .name = "x", .status = static_cast<TenantStatus>(7)});
        },
        Errc::invalid_argument, "status");
    check_error([&] { sys.tenants().create(kRoot, {.id = "default", .name = "again"}); },
                Errc::conflict, "id");
    check_error([&] { sys.tenants().list(kRoot, {.page = {.limit = 0}}); }, Errc::invalid_argument,
                "page.limit");
    check_error([&] { sys.tenants().update(kRoot, {.id = "nope", .name = "x"}); }, Errc::not_found,
                "id");
    check_error([&] { sys.tenants().update(kRoot, {.id = "default", .name = ""}); },
                Errc::invalid_argument, "name");
    check_error(
        [&] { sys.tenants().update(kRoot, {.id = "default", .status = TenantStatus::disabled}); },
        Errc::failed_precondition, "status");
    check_error([&] { sys.tenants().remove(kRoot, "default", true); }, Errc::failed_precondition,
                "id");
    check_error([&] { sys.tenants().remove(kRoot, "nope"); }, Errc::not_found, "id");

    // Tenant admins, services and users manage no tenants.
    for (const Actor& actor :
         {Actor::admin("ops"), Actor::service("svc"), Actor::user(f.alice), Actor::anonymous()}) {
      CAPTURE(to_string(actor.kind));
      check_error([&] { sys.tenants().create(actor, {.id = "x", .name = "x"}); },
                  Errc::permission_denied);
      check_error([&] { sys.tenants().list(actor); }, Errc::permission_denied);
      check_error([&] { sys.tenants().update(actor, {.id = "default", .name = "x"}); },
                  Errc::permission_denied);
      check_error([&] { sys.tenants().remove(actor, "default"); }, Errc::permission_denied);
      check_error([&] { sys.tenants().import_lines(actor, "{}"); }, Errc::permission_denied);
      check_error([&] { sys.tenants().export_lines(actor); }, Errc::permission_denied);
      check_error([&] { sys.tenants().assign_user_tenants(actor, f.alice, {}); },
                  Errc::permission_denied);
    }
    CHECK(sys.tenants().list(Actor::system()).size() == 1);
  });
}

TEST_CASE("E1 calls in an unknown or a disabled tenant are refused") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    add_tenant(sys, "shop");
    const std::string bob =
        sys.accounts().register_user(Actor::anonymous("shop"), with_username("bob"));
    sys.points().earn(Actor::admin("ops", "shop"),
                      {.user_id = bob, .amount = 10, .key = "k1", .event_type = "PURCHASE"});
    const auto signed_in =
        sys.sessions().sign_in(Actor::anonymous("shop"), {.credentials = credentials("bob")});
    CHECK(sys.sessions().verify(signed_in.tokens.access_token).tenant == "shop");
    sys.tenants().update(kRoot, {.id = "shop", .status = TenantStatus::disabled});

    // Its access tokens are refused too (F1 verification).
    check_error([&] { sys.sessions().verify(signed_in.tokens.access_token); },
                Errc::unauthenticated);
    const Actor anonymous = Actor::anonymous("shop");
    check_error([&] { sys.accounts().sign_in(anonymous, credentials("bob")); },
                Errc::failed_precondition, "tenant");
    check_error([&] { sys.accounts().register_user(anonymous, with_username("carl")); },
                Errc::failed_precondition, "tenant");
    check_error([&] { sys.accounts().profile(Actor::user(bob, "shop"), bob); },
                Errc::failed_precondition, "tenant");
    check_error(
        [&] {
          sys.points().earn(Actor::admin("ops", "shop"),
                            {.user_id = bob, .amount = 10, .key = "k2", .event_type = "PURCHASE"});
        },
        Errc::failed_precondition, "tenant");
    check_error([&] { sys.points().summary(Actor::user(bob, "shop"), bob); },
                Errc::failed_precondition, "tenant");
    // The tenant's data is kept; enabling it again restores service.
    sys.tenants().update(kRoot, {.id = "shop", .status = TenantStatus::active});
    CHECK(sys.points().summary(Actor::user(bob, "shop"), bob).available == 10);

    check_error([&] { sys.accounts().sign_in(Actor::anonymous("nope"), credentials("bob")); },
                Errc::not_found, "tenant");
    check_error([&] { sys.accounts().profile(Actor::admin("ops", "nope"), bob); }, Errc::not_found,
                "tenant");
    check_error([&] { sys.catalog().list(Actor::anonymous("nope")); }, Errc::not_found, "tenant");
  });
}

/// Rows of `tenant` in every table of the SQLite file that has a tenant column.
std::int64_t rows_of_tenant(const std::string& path, const std::string& tenant) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement tables(db,
                           "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p "
                           "WHERE m.type = 'table' AND p.name = 'tenant'");
  std::int64_t rows = 0;
  while (tables.executeStep()) {
    SQLite::Statement count(
        db, "SELECT count(*) FROM " + tables.getColumn(0).getString() + " WHERE tenant = ?");
    count.bind(1, tenant);
    count.executeStep();
    rows += count.getColumn(0).getInt64();
  }
  SQLite::Statement row(db, "SELECT count(*) FROM tenants WHERE id = ?");
  row.bind(1, tenant);
  row.executeStep();
  return rows + row.getColumn(0).getInt64();
}

TEST_CASE("E1 a tenant with users is deleted only by force, which removes all its data") {
  TempDir dir;
  for (const Backend& backend : backends(dir)) {
    CAPTURE(backend.name);
    SessionFixture f(backend.options());
    System& sys = *f.sys;
    add_tenant(sys, "shop");
    add_tenant(sys, "other");
    const Actor admin = Actor::admin("ops", "shop");
    const std::string bob =
        sys.accounts().register_user(Actor::anonymous("shop"), with_username("bob"));
    sys.points().earn(admin, {.user_id = bob, .amount = 10, .key = "k1", .event_type = "PURCHASE"});
    sys.catalog().put(admin, {.item_id = "mug", .name = "Mug", .points_cost = 5, .stock = 1});
    sys.roles().create_role(admin, {.name = "support"});
    sys.roles().assign_roles(admin, {{bob, "support"}});
    sys.tenants().assign_user_tenants(Actor::super_admin("root", "shop"), bob, {"other"});
    sys.sessions().sign_in(Actor::anonymous("shop"), {.credentials = credentials("bob")});

    check_error([&] { sys.tenants().remove(kRoot, "shop"); }, Errc::failed_precondition, "force");
    CHECK(sys.tenants().get(kRoot, "shop").id == "shop");
    const std::uint64_t removed = sys.tenants().remove(kRoot, "shop", true);
    CHECK(removed >= 8);
    check_error([&] { sys.tenants().get(kRoot, "shop"); }, Errc::not_found, "id");
    check_error([&] { sys.accounts().profile(admin, bob); }, Errc::not_found, "tenant");
    // Its user's membership elsewhere went too; the other tenant is intact.
    CHECK(sys.tenants().get(kRoot, "other").id == "other");
    check_error([&] { sys.roles().user_roles(Actor::admin("ops", "other"), bob); }, Errc::not_found,
                "user_id");
    if (backend.name == "sqlite") CHECK(rows_of_tenant(dir.file("member.db"), "shop") == 0);
    // A new tenant with the same id starts empty, with a fresh audit chain.
    add_tenant(sys, "shop");
    CHECK(sys.audit().list(admin, {}).empty());
    CHECK(sys.catalog().list(admin, true).empty());
    CHECK(sys.audit().verify(admin).intact);
    // The deletion is in the system tenant's audit, whose chain still verifies.
    const auto deleted = sys.audit().list(Actor::system(), {.action = "tenant.delete"});
    REQUIRE(deleted.size() == 1);
    CHECK(deleted[0].detail.find("\"force\":true") != std::string::npos);
    CHECK(sys.audit().verify(Actor::system()).intact);
    // An empty tenant needs no force; one whose only users are members from
    // other tenants does.
    add_tenant(sys, "empty");
    CHECK(sys.tenants().remove(kRoot, "empty") == 1);
    add_tenant(sys, "club");
    sys.tenants().assign_user_tenants(kRoot, f.alice, {"club"});
    check_error([&] { sys.tenants().remove(kRoot, "club"); }, Errc::failed_precondition, "force");
    CHECK(sys.tenants().remove(kRoot, "club", true) >= 2);
    CHECK(sys.tenants().user_tenants(Actor::user(f.alice), f.alice) ==
          std::vector<std::string>{"default"});
  }
}

TEST_CASE("E1 tenants are imported and exported as JSON lines, line by line") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    add_tenant(sys, "taken");
    const std::string lines =
        "{\"id\": \"t1\", \"name\": \"One\", \"settings\": {\"lang\": \"en\"}}\n"
        "\n"
        "not json\n"
        "{\"id\": \"taken\", \"name\": \"Dup\"}\r\n"
        "{\"id\": \"t2\", \"name\": \"Two\", \"status\": \"disabled\"}\n"
        "{\"id\": \"t3\", \"name\": \"\"}\n"
        "{\"id\": \"t4\", \"name\": \"Four\", \"colour\": \"red\"}\n"
        "[1, 2]";
    const auto results = sys.tenants().import_lines(kRoot, lines);
    REQUIRE(results.size() == 7);
    CHECK(results[0].code == Errc::ok);
    CHECK(results[0].id == "t1");
    CHECK(results[1].line == 3);
    CHECK(results[1].code == Errc::invalid_argument);
    CHECK(results[2].code == Errc::conflict);
    CHECK(results[2].field == "id");
    CHECK(results[3].code == Errc::ok);
    CHECK(results[4].field == "name");
    CHECK(results[5].field == "colour");
    CHECK(results[6].code == Errc::invalid_argument);
    CHECK(sys.tenants().get(kRoot, "t2").status == TenantStatus::disabled);
    CHECK(sys.tenants().get(kRoot, "t1").settings == R"({"lang":"en"})");

    const std::string exported = sys.tenants().export_lines(kRoot);
    CHECK(std::count(exported.begin(), exported.end(), '\n') == 4);
    CHECK(exported.find("\"id\":\"t1\"") != std::string::npos);
    CHECK(sys.tenants().export_lines(kRoot, {.status = TenantStatus::disabled}).find("t1") ==
          std::string::npos);
    // An export imports into another database unchanged.
    TempDir other;
    System copy(file_options(other));
    for (const auto& r : copy.tenants().import_lines(kRoot, exported)) {
      CHECK((r.code == Errc::ok || r.id == "default"));
    }
    CHECK(copy.tenants().get(kRoot, "t2").status == TenantStatus::disabled);
    // At most 10,000 tenants a call; blank lines (an export's last line
    // end) do not count.
    std::string many;
    for (int i = 0; i < 10000; ++i) many += "x\n";
    CHECK(sys.tenants().import_lines(kRoot, many + "\n\n").size() == 10000);
    check_error([&] { sys.tenants().import_lines(kRoot, many + "x"); }, Errc::invalid_argument,
                "lines");
    // Deep nesting is refused before anything recurses over it.
    const std::string deep =
        "{\"id\": \"deep\", \"name\": \"Deep\", \"settings\": " + std::string(100000, '[') +
        std::string(100000, ']') + "}";
    const auto refused = sys.tenants().import_lines(kRoot, deep);
    REQUIRE(refused.size() == 1);
    CHECK(refused[0].code == Errc::invalid_argument);
    CHECK(refused[0].field == "line");
    check_error([&] { sys.tenants().get(kRoot, "deep"); }, Errc::not_found, "id");
  });
}

TEST_CASE("E1 users belong to further tenants and act there with their roles") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    add_tenant(sys, "eu");
    add_tenant(sys, "us");
    const Actor root = Actor::super_admin("root");
    CHECK(sys.tenants().user_tenants(Actor::user(f.alice), f.alice) ==
          std::vector<std::string>{"default"});
    CHECK(sys.tenants().assign_user_tenants(root, f.alice, {"us", "eu"}) ==
          std::vector<std::string>{"eu", "us"});
    CHECK(sys.tenants().user_tenants(Actor::user(f.alice), f.alice) ==
          std::vector<std::string>{"default", "eu", "us"});
    CHECK(sys.tenants().user_tenants(Actor::admin("ops"), f.alice).size() == 3);
    const std::string bob = sys.accounts().register_user(Actor::anonymous(), with_username("bob"));
    check_error([&] { sys.tenants().user_tenants(Actor::user(bob), f.alice); },
                Errc::permission_denied);

    // In "eu" alice acts with the roles given to her there.
    const Actor eu_admin = Actor::admin("eu-ops", "eu");
    const Actor alice_in_eu = Actor::user(f.alice, "eu");
    CHECK_FALSE(sys.roles().check(alice_in_eu, "catalog.manage"));
    sys.roles().create_role(eu_admin, {.name = "merch"});
    sys.roles().grant_permissions(eu_admin, {{"merch", "catalog.manage"}});
    sys.roles().assign_roles(eu_admin, {{f.alice, "merch"}});
    CHECK(sys.roles().check(alice_in_eu, "catalog.manage"));
    sys.catalog().put(alice_in_eu, {.item_id = "mug", .name = "Mug", .points_cost = 5, .stock = 1});
    CHECK(sys.catalog().get(Actor::anonymous("eu"), "mug").name == "Mug");
    check_error([&] { sys.catalog().get(Actor::anonymous(), "mug"); }, Errc::not_found);
    // Her role in "eu" gives her nothing at home.
    CHECK_FALSE(sys.roles().check(Actor::user(f.alice), "catalog.manage"));

    // Leaving "eu" drops her roles there.
    CHECK(sys.tenants().assign_user_tenants(root, f.alice, {"us"}) ==
          std::vector<std::string>{"us"});
    CHECK_FALSE(sys.roles().check(alice_in_eu, "catalog.manage"));
    check_error([&] { sys.roles().user_roles(eu_admin, f.alice); }, Errc::not_found, "user_id");

    check_error([&] { sys.tenants().assign_user_tenants(root, f.alice, {"default"}); },
                Errc::invalid_argument, "tenants[0]");
    check_error(
        [&] {
          sys.tenants().assign_user_tenants(root, f.alice, {"eu", "eu"});
        },
        Errc::invalid_argument, "tenants[1]");
    check_error(
        [&] {
          sys.tenants().assign_user_tenants(root, f.alice, {"eu", "nope"});
        },
        Errc::not_found, "tenants[1]");
    check_error([&] { sys.tenants().assign_user_tenants(root, f.alice, {"bad id"}); },
                Errc::invalid_argument, "tenants[0]");
    check_error([&] { sys.tenants().assign_user_tenants(root, "nope", {"eu"}); },
                Errc::invalid_argument, "user_id");
    const std::string ghost =
        sys.accounts().register_user(Actor::anonymous("us"), with_username("ghost"));
    check_error([&] { sys.tenants().assign_user_tenants(root, ghost, {"eu"}); }, Errc::not_found,
                "user_id");
    CHECK(sys.audit().list(Actor::system(), {.action = "tenant.members"}).size() == 2);
  });
}

TEST_CASE("E1 a member's roles elsewhere count only while their home tenant is active") {
  on_each_backend([](SessionFixture& f) {
    System& sys = *f.sys;
    add_tenant(sys, "home");
    const std::string u =
        sys.accounts().register_user(Actor::anonymous("home"), with_username("visitor"));
    sys.tenants().assign_user_tenants(Actor::super_admin("root", "home"), u, {"default"});
    sys.roles().assign_roles(kAdminA, {{u, "admin"}});
    const Actor u_here = Actor::user(u);
    CHECK(sys.roles().check(u_here, "points.adjust"));
    sys.tenants().update(kRoot, {.id = "home", .status = TenantStatus::disabled});
    CHECK_FALSE(sys.roles().check(u_here, "points.adjust"));
    sys.tenants().update(kRoot, {.id = "home", .status = TenantStatus::active});
    CHECK(sys.roles().check(u_here, "points.adjust"));
  });
}

TEST_CASE("E1 tenant checks are cached: no query on the hot path, other processes after the TTL") {
  TempDir dir;
  auto clock = std::make_shared<ManualClock>(session_start());
  Options o = file_options(dir, clock);
  auto counting = std::make_shared<CountingStorage>(
      storage::open_sqlite({.path = dir.file("member.db"), .durability = Durability::normal}));
  o.storage = counting;
  o.key_file = dir.file("member.db.key");
  System one(o);
  const std::string bob = one.accounts().register_user(Actor::anonymous(), with_username("bob"));
  const Actor admin = Actor::admin("ops");
  one.points().earn(admin, {.user_id = bob, .amount = 1, .key = "warm", .event_type = "PURCHASE"});
  const int before = counting->count;
  for (int i = 0; i < 20; ++i) {
    one.points().earn(
        admin,
        {.user_id = bob, .amount = 1, .key = "k" + std::to_string(i), .event_type = "PURCHASE"});
  }
  // One transaction per earn: the tenant and permission checks cost none.
  CHECK(counting->count - before == 20);

  // A second System on the same file stands for another process.
  add_tenant(one, "shop");
  System two(file_options(dir, clock));
  const Actor shop_admin = Actor::admin("ops", "shop");
  CHECK(two.catalog().list(shop_admin).empty());  // cached as active in "two"
  one.tenants().update(kRoot, {.id = "shop", .status = TenantStatus::disabled});
  check_error([&] { one.catalog().list(shop_admin); }, Errc::failed_precondition, "tenant");
  CHECK(two.catalog().list(shop_admin).empty());  // not yet seen by the other process
  clock->advance(kAccessCacheTtl);
  check_error([&] { two.catalog().list(shop_admin); }, Errc::failed_precondition, "tenant");
}

}  // namespace
}  // namespace member::test
