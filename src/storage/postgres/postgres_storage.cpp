// The PostgreSQL backend: the shared SQL storage over one pool of libpq
// connections that serves reads and writes alike.
#include "member/storage.hpp"
#include "storage/postgres/postgres_connection.hpp"
#include "storage/sql/sql_storage.hpp"

namespace member::storage {

std::shared_ptr<Storage> open_postgres(const PostgresOptions& options) {
  if (options.conninfo.empty()) {
    throw Error(Errc::invalid_argument, "database: is empty", "database");
  }
  auto pool = std::make_shared<sql::ConnectionPool>(
      [options] { return postgres::open_connection(options); }, options.pool_size);
  return sql::make_sql_storage(pool, pool);
}

}  // namespace member::storage
