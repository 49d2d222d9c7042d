// Raw SQL on a test database behind the library's back, to tamper with the
// audit trail (F3) the way someone with database access could.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <string>

#include "sessions/session_helpers.hpp"

namespace member::test {

#ifdef MEMBER_TEST_WITH_POSTGRES
/// Runs `sql` on the PostgreSQL schema of `conninfo` (audit_chain_postgres.cpp).
void postgres_exec(const std::string& conninfo, const std::string& sql);
#endif

/// Runs `sql` on the backend's database.
inline void raw_exec(const Backend& backend, const std::string& sql) {
  const Options o = backend.options();
#ifdef MEMBER_TEST_WITH_POSTGRES
  if (backend.name == "postgres") {
    postgres_exec(o.database, sql);
    return;
  }
#endif
  SQLite::Database db(o.database, SQLite::OPEN_READWRITE);
  db.setBusyTimeout(10000);
  db.exec(sql);
}

}  // namespace member::test
