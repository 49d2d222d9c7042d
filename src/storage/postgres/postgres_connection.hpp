// The PostgreSQL driver of the SQL layer, over libpq (included only under
// src/storage/postgres/).
#pragma once

#include <memory>

#include "member/storage.hpp"
#include "storage/sql/connection.hpp"

namespace member::storage::postgres {

/// Connects with the options' connection string, in UTF-8, with the busy
/// timeout as lock_timeout.
std::unique_ptr<sql::Connection> open_connection(const PostgresOptions& options);

}  // namespace member::storage::postgres
