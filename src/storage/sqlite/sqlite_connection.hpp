// The SQLite driver of the SQL layer, over SQLiteCpp (included only under
// src/storage/sqlite/).
#pragma once

#include <memory>

#include "member/storage.hpp"
#include "storage/sql/connection.hpp"

namespace member::storage::sqlite {

/// Opens the database read-write (creating it), with WAL for files, foreign
/// keys on, the busy timeout, and `synchronous` per the durability asked for.
std::unique_ptr<sql::Connection> open_connection(const SqliteOptions& options);

}  // namespace member::storage::sqlite
