// P4: the SQLite backend passes the conformance suite, on a file and in
// memory, and does what only SQLite has to: migrations, WAL, snapshots.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <thread>

#include "storage/conformance.hpp"
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
