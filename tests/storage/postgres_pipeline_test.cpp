// P4: the PostgreSQL driver sends deferred writes (Statement::run_deferred)
// with the next statement that needs an answer or with the commit. These
// tests pin what that must never change: a transaction reads its own
// deferred writes, a deferred write's error fails the transaction (at the
// latest at commit) and leaves the connection usable, and nothing of a failed
// transaction is kept.
#include <doctest/doctest.h>

#include "storage/postgres/postgres_connection.hpp"
#include "support/fixtures.hpp"
#include "support/postgres.hpp"

namespace member::test {
namespace {

using storage::sql::Connection;
using storage::sql::TransactionKind;

std::unique_ptr<Connection> connect(const std::string& server) {
  auto db = storage::postgres::open_connection({.conninfo = fresh_postgres_schema(server)});
  db->exec("CREATE TABLE t (k TEXT PRIMARY KEY, v BIGINT NOT NULL)");
  return db;
}

void insert_later(Connection& db, const std::string& k, std::int64_t v) {
  auto& s = db.prepare("INSERT INTO t (k, v) VALUES (?1, ?2)");
  s.bind_all(k, v);
  s.run_deferred();
}

std::int64_t count_rows(Connection& db) {
  db.begin(TransactionKind::read);
  auto& s = db.prepare("SELECT count(*) FROM t");
  REQUIRE(s.step());
  const std::int64_t n = s.get_int(0);
  db.commit();
  return n;
}

TEST_CASE("P4 postgres pipeline: a transaction reads its own deferred writes") {
  const auto server = postgres_server();
  if (!server) return;
  auto db = connect(*server);
  db->begin(TransactionKind::write);
  insert_later(*db, "a", 1);
  insert_later(*db, "b", 2);
  auto& sum = db->prepare("SELECT CAST(sum(v) AS BIGINT) FROM t");
  REQUIRE(sum.step());
  CHECK(sum.get_int(0) == 3);
  insert_later(*db, "c", 4);
  db->commit();
  CHECK(count_rows(*db) == 3);
}

TEST_CASE("P4 postgres pipeline: a deferred write's error fails the commit and keeps nothing") {
  const auto server = postgres_server();
  if (!server) return;
  auto db = connect(*server);
  db->begin(TransactionKind::write);
  insert_later(*db, "a", 1);
  insert_later(*db, "a", 2);  // violates the primary key, found out at commit
  insert_later(*db, "b", 3);
  check_error([&] { db->commit(); }, Errc::conflict);
  db->rollback();
  CHECK(count_rows(*db) == 0);

  // The connection goes on working, deferred writes and all.
  db->begin(TransactionKind::write);
  insert_later(*db, "a", 1);
  db->commit();
  CHECK(count_rows(*db) == 1);
}

TEST_CASE("P4 postgres pipeline: a deferred write's error surfaces at the next read") {
  const auto server = postgres_server();
  if (!server) return;
  auto db = connect(*server);
  db->begin(TransactionKind::write);
  insert_later(*db, "a", 1);
  insert_later(*db, "a", 2);
  auto& read = db->prepare("SELECT count(*) FROM t");
  check_error([&] { read.step(); }, Errc::conflict);
  db->rollback();
  CHECK(count_rows(*db) == 0);
}

TEST_CASE("P4 postgres pipeline: a rollback drops deferred writes never sent for an answer") {
  const auto server = postgres_server();
  if (!server) return;
  auto db = connect(*server);
  db->begin(TransactionKind::write);
  insert_later(*db, "a", 1);
  db->rollback();
  CHECK(count_rows(*db) == 0);
}

TEST_CASE("P4 postgres pipeline: asking a deferred write how many rows it changed is a bug") {
  const auto server = postgres_server();
  if (!server) return;
  auto db = connect(*server);
  db->begin(TransactionKind::write);
  auto& s = db->prepare("INSERT INTO t (k, v) VALUES (?1, ?2)");
  s.bind_all("a", 1);
  s.run_deferred();
  check_error([&] { (void)s.changes(); }, Errc::internal);
  db->rollback();
}

}  // namespace
}  // namespace member::test
