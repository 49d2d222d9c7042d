// Raw SQL on a PostgreSQL test schema, for the audit-chain tamper tests.
#include <libpq-fe.h>

#include <memory>
#include <stdexcept>

#include "sessions/audit_chain_helpers.hpp"

namespace member::test {

void postgres_exec(const std::string& conninfo, const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) throw std::runtime_error("cannot connect");
  std::unique_ptr<PGresult, decltype(&PQclear)> result(PQexec(conn.get(), sql.c_str()), &PQclear);
  const auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    throw std::runtime_error(PQerrorMessage(conn.get()));
  }
}

}  // namespace member::test
