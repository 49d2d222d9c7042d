#include "support/postgres.hpp"

#include <doctest/doctest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace member::test {

std::optional<std::string> postgres_server() {
  const char* server = std::getenv("MEMBER_TEST_POSTGRES");
  if (server == nullptr || *server == '\0') {
    MESSAGE("PostgreSQL tests SKIPPED: MEMBER_TEST_POSTGRES is not set (./scripts/test sets it)");
    return std::nullopt;
  }
  return std::string(server);
}

std::string fresh_postgres_schema(const std::string& server) {
  static std::atomic<int> counter{0};
  const std::string schema = "t_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
  PGconn* conn = PQconnectdb(server.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string why = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("cannot connect to the test PostgreSQL: " + why);
  }
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  PGresult* r = PQexec(
      conn, ("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema).c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  PQclear(r);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("cannot create schema " + schema);
  const char separator = server.find('?') == std::string::npos ? '?' : '&';
  if (server.starts_with("postgres")) {
    return server + separator + "options=-csearch_path%3D" + schema;
  }
  return server + " options='-csearch_path=" + schema + "'";
}

bool wait_for_lock_waiter(const std::string& conninfo, std::int64_t pid) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    PQfinish(conn);
    throw std::runtime_error("cannot connect to the test PostgreSQL");
  }
  const std::string text = std::to_string(pid);
  const char* values[] = {text.c_str()};
  bool waiting = false;
  for (int i = 0; i < 2000 && !waiting; ++i) {
    PGresult* r = PQexecParams(
        conn, "SELECT count(*) FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))", 1,
        nullptr, values, nullptr, nullptr, 0);
    waiting = PQresultStatus(r) == PGRES_TUPLES_OK && std::string(PQgetvalue(r, 0, 0)) != "0";
    PQclear(r);
    if (!waiting) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  PQfinish(conn);
  return waiting;
}

}  // namespace member::test
