// The ledger invariants on PostgreSQL: a libpq connection reading the test's
// schema (the conninfo carries its search_path).
#ifdef MEMBER_TEST_WITH_POSTGRES
#include <libpq-fe.h>

#include <stdexcept>

#include "ledger/ledger_helpers.hpp"

namespace member::test {
namespace {

class PostgresProbe final : public SqlProbe {
 public:
  explicit PostgresProbe(const std::string& conninfo) : conn_(PQconnectdb(conninfo.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw std::runtime_error("cannot connect to the test PostgreSQL: " + why);
    }
  }
  ~PostgresProbe() override { PQfinish(conn_); }
  PostgresProbe(const PostgresProbe&) = delete;
  PostgresProbe& operator=(const PostgresProbe&) = delete;

  std::vector<std::vector<std::string>> rows(const std::string& sql) override {
    PGresult* r = PQexec(conn_, sql.c_str());
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
      const std::string why = PQresultErrorMessage(r);
      PQclear(r);
      throw std::runtime_error("probe query failed: " + why);
    }
    std::vector<std::vector<std::string>> out;
    for (int i = 0; i < PQntuples(r); ++i) {
      std::vector<std::string> row;
      for (int j = 0; j < PQnfields(r); ++j) row.emplace_back(PQgetvalue(r, i, j));
      out.push_back(std::move(row));
    }
    PQclear(r);
    return out;
  }

 private:
  PGconn* conn_;
};

}  // namespace

std::unique_ptr<SqlProbe> postgres_probe(const std::string& conninfo) {
  return std::make_unique<PostgresProbe>(conninfo);
}

}  // namespace member::test
#endif
