// Opening a SQLite connection the way member needs it, and turning SQLiteCpp
// exceptions into member::Error. SQLiteCpp is included only under
// src/storage/sqlite/.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "member/error.hpp"
#include "member/storage.hpp"

namespace member::storage::sqlite {

/// Opens the database read-write (creating it), with WAL for files, foreign
/// keys on, the busy timeout, and `synchronous` per the durability asked for.
std::unique_ptr<SQLite::Database> open_connection(const SqliteOptions& options);

/// The member::Error for a SQLite failure: busy, conflict naming the unique
/// field, or storage.
Error translate(const SQLite::Exception& e);

/// Runs `f`, translating SQLite exceptions.
template <class F>
decltype(auto) guarded(F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const SQLite::Exception& e) {
    throw translate(e);
  }
}

}  // namespace member::storage::sqlite
