// P4: the SQLite backend passes the conformance suite, on a file and in
// memory, and does what only SQLite has to: migrations, WAL, snapshots.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "storage/conformance.hpp"
#include "storage/sql/migrations.hpp"
#include "storage/sqlite/sqlite_connection.hpp"
#include "support/fixtures.hpp"

namespace member::test {
namespace {

TEST_CASE("P4 sqlite file database passes the storage conformance suite") {
  TempDir dir;
  int n = 0;
  check_storage_conformance([&] {
    return storage::open_sqlite({.path = dir.file("db" + std::to_string(n++) + ".sqlite")});
  });
}

TEST_CASE("P4 sqlite file database with Durability::normal passes the conformance suite") {
  TempDir dir;
  int n = 0;
  check_storage_conformance([&] {
    return storage::open_sqlite({.path = dir.file("n" + std::to_string(n++) + ".sqlite"),
                                 .durability = Durability::normal});
  });
}

TEST_CASE("P4 sqlite in-memory database passes the storage conformance suite") {
  check_storage_conformance([] { return storage::open_sqlite({.path = ":memory:"}); });
}

TEST_CASE("P4 sqlite: schema is migrated on open and recorded in schema_version") {
  TempDir dir;
  const std::string path = dir.file("m.db");
  storage::open_sqlite({.path = path});
  SQLite::Database raw(path);
  CHECK(raw.execAndGet("SELECT version FROM schema_version").getInt() == storage::schema_version());
  CHECK(raw.execAndGet("SELECT count(*) FROM schema_version").getInt() == 1);
  CHECK(raw.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(raw.execAndGet("SELECT id FROM tenants").getString() == "default");
  // Opening again applies nothing twice.
  storage::open_sqlite({.path = path});
  CHECK(raw.execAndGet("SELECT count(*) FROM tenants").getInt() == 1);
}

TEST_CASE("P4 sqlite: migration 11 links the journal an earlier release wrote into chains") {
  TempDir dir;
  const std::string path = dir.file("v10.db");
  {
    auto db = storage::sqlite::open_connection({.path = path});
    storage::sql::migrate(*db, 10);
  }
  {
    // As release 10 wrote them: no chain, an index on the user. Foreign
    // keys are off on this raw connection, so no user rows are needed.
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec(
        "INSERT INTO ledger_balances (tenant, user_id, asset, posted, frozen, due_at) VALUES "
        "('default', 'a', 0, 6, 0, 0), ('default', 'b', 0, 2, 0, 0), "
        "('default', 'a', 1, 4, 0, 0), ('default', 'c', 0, 0, 0, 0)");
    int seq = 0;
    for (const char* account : {"a0", "b0", "a0", "a1", "a0", "b0"}) {
      ++seq;
      raw.exec(std::string("INSERT INTO ledger_entries (tenant, entry_id, user_id, asset, kind, "
                           "amount, frozen_change, event_type, description, related_order, "
                           "related_data, hold_id, request_key, created_at, expires_at, "
                           "reversed_by) VALUES ('default', 'e") +
               std::to_string(seq) + "', '" + account[0] + "', " + account[1] + ", 0, " +
               std::to_string(seq) + ", 0, '', '', '', '', '', '', " + std::to_string(seq) +
               ", 0, '')");
    }
  }
  auto s = storage::open_sqlite({.path = path});
  auto tx = s->write();
  const auto ids = [&](const std::string& user, int asset) {
    std::string out;
    for (const auto& e :
         tx->ledger().list_entries({.tenant = "default", .user_id = user, .asset = asset}, 10, 0)) {
      out += e.entry_id + "<" + e.prev_entry_id + " ";
    }
    return out;
  };
  CHECK(ids("a", 0) == "e5<e3 e3<e1 e1< ");
  CHECK(ids("b", 0) == "e6<e2 e2< ");
  CHECK(ids("a", 1) == "e4< ");
  CHECK(ids("c", 0).empty());
  CHECK(tx->ledger().lock_balance("default", "a", 0).last_entry_id == "e5");
  CHECK(tx->ledger().lock_balance("default", "c", 0).last_entry_id.empty());
  SQLite::Database raw(path);
  CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'ledger_entries_user'")
            .getInt() == 0);
  // Migration 12: due accounts through their balance rows.
  CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'ledger_lots_due'")
            .getInt() == 0);
  CHECK(raw.execAndGet("SELECT count(*) FROM sqlite_master WHERE name = 'ledger_balances_due'")
            .getInt() == 1);
}

TEST_CASE("P4 sqlite: migration 13 sums the mirrored balances into per-level totals") {
  TempDir dir;
  const std::string path = dir.file("v12.db");
  {
    auto db = storage::sqlite::open_connection({.path = path});
    storage::sql::migrate(*db, 12);
  }
  {
    // As release 12 wrote them: every balance mirrored into a loyalty row,
    // except an erased member's (row removed, balance kept).
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec(
        "INSERT INTO ledger_balances (tenant, user_id, asset, posted, frozen, due_at) VALUES "
        "('default', 'a', 0, 6, 0, 0), ('default', 'b', 0, 2, 0, 0), "
        "('default', 'c', 0, 5, 0, 0), ('default', 'd', 0, 7, 0, 0), "
        "('default', 'a', 1, 400, 0, 0), ('t2', 'e', 0, 1, 0, 0)");
    raw.exec(
        "INSERT INTO loyalty_members (tenant, user_id, level_code, manual, total_spent, orders, "
        "level_since, last_active, points) VALUES "
        "('default', 'a', 'GOLD', 0, 10, 1, 0, 0, 6), ('default', 'b', 'GOLD', 0, 20, 1, 0, 0, 2), "
        "('default', 'c', '', 0, 0, 0, 0, 0, 5), ('t2', 'e', 'BASIC', 0, 0, 0, 0, 0, 1)");
  }
  auto s = storage::open_sqlite({.path = path});
  auto tx = s->read();
  std::string out;
  for (const auto& t : tx->loyalty().level_totals("default")) {
    out += "[" + t.level_code + "] " + std::to_string(t.members) + "/" + std::to_string(t.spent) +
           "/" + std::to_string(t.points) + " ";
  }
  CHECK(out == "[] 1/0/12 [GOLD] 2/30/8 ");
  CHECK(tx->loyalty().level_totals("t2").front().points == 1);
  SQLite::Database raw(path);
  CHECK(raw.execAndGet("SELECT count(*) FROM pragma_table_info('loyalty_members') "
                       "WHERE name = 'points'")
            .getInt() == 0);
}

TEST_CASE("P4 sqlite: a database from a newer member is refused") {
  TempDir dir;
  const std::string path = dir.file("new.db");
  storage::open_sqlite({.path = path});
  {
    SQLite::Database raw(path, SQLite::OPEN_READWRITE);
    raw.exec("UPDATE schema_version SET version = 999");
  }
  check_error([&] { storage::open_sqlite({.path = path}); }, Errc::schema_too_new);
}

TEST_CASE("P4 sqlite: foreign keys are enforced") {
  auto s = storage::open_sqlite({.path = ":memory:"});
  auto tx = s->write();
  storage::UserRow row;
  row.tenant = "no-such-tenant";
  row.id = "u1";
  row.profile = {1};
  row.data_key = {1};
  row.user_type = "MEMBER";
  row.password_hash = "x";
  check_error([&] { tx->users().insert(row); }, Errc::storage);
}

TEST_CASE("P4 sqlite: readers see a consistent snapshot while a writer commits") {
  TempDir dir;
  auto s = storage::open_sqlite({.path = dir.file("snap.db"), .readers = 2});
  {
    auto tx = s->write();
    tx->keys().put("k", {1});
    tx->commit();
  }
  auto reader = s->read();
  CHECK(*reader->keys().get("k") == storage::Bytes{1});
  {
    auto tx = s->write();
    tx->keys().put("k", {2});
    tx->commit();
  }
  CHECK(*reader->keys().get("k") == storage::Bytes{1});  // still the old snapshot
  reader.reset();
  CHECK(*s->read()->keys().get("k") == storage::Bytes{2});
}

TEST_CASE("P4 sqlite: two storages on one file serialise their writes") {
  TempDir dir;
  const std::string path = dir.file("shared.db");
  auto a = storage::open_sqlite({.path = path});
  auto b = storage::open_sqlite({.path = path});
  {
    auto tx = a->write();
    tx->keys().put("counter", {0});
    tx->commit();
  }
  auto bump = [](storage::Storage& s) {
    for (int i = 0; i < 50; ++i) {
      auto tx = s.write();
      auto value = *tx->keys().get("counter");
      value[0] = static_cast<std::uint8_t>(value[0] + 1);
      tx->keys().put("counter", value);
      tx->commit();
    }
  };
  std::thread ta([&] { bump(*a); });
  std::thread tb([&] { bump(*b); });
  ta.join();
  tb.join();
  CHECK((*a->read()->keys().get("counter"))[0] == 100);
}

TEST_CASE("P4 sqlite: an empty path is invalid") {
  check_error([] { storage::open_sqlite({.path = ""}); }, Errc::invalid_argument, "database");
}

}  // namespace
}  // namespace member::test

namespace member::test {
namespace {

TEST_CASE("P4 sqlite: a new database file is private to its owner") {
  namespace fs = std::filesystem;
  TempDir dir;
  const std::string path = dir.file("private/p.db");
  {
    auto s = storage::open_sqlite({.path = path});
    auto tx = s->write();
    tx->keys().put("k", {1});
    tx->commit();
    const auto others = fs::perms::group_all | fs::perms::others_all;
    CHECK((fs::status(path).permissions() & others) == fs::perms::none);
    CHECK((fs::status(path + "-wal").permissions() & others) == fs::perms::none);
  }
  // An existing file keeps the mode its owner gave it.
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
  storage::open_sqlite({.path = path});
  CHECK((fs::status(path).permissions() & fs::perms::group_read) == fs::perms::group_read);
}

}  // namespace
}  // namespace member::test
