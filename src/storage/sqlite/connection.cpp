#include "storage/sqlite/connection.hpp"

#include <sqlite3.h>

#include <string_view>
#include <thread>

namespace member::storage::sqlite {
namespace {

/// Switching a new file to WAL takes an exclusive lock without consulting the
/// busy handler, so when several processes create the same database at once
/// the losers see SQLITE_BUSY at once: retry until the busy timeout.
void enable_wal(SQLite::Database& db, std::chrono::milliseconds busy_timeout) {
  const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
  while (true) {
    try {
      db.exec("PRAGMA journal_mode=WAL");
      return;
    } catch (const SQLite::Exception& e) {
      if (e.getErrorCode() != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

std::unique_ptr<SQLite::Database> open_connection(const SqliteOptions& options) {
  return guarded([&] {
    auto db = std::make_unique<SQLite::Database>(
        options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
        static_cast<int>(options.busy_timeout.count()));
    if (options.path != ":memory:") enable_wal(*db, options.busy_timeout);
    db->exec(options.durability == Durability::full ? "PRAGMA synchronous=FULL"
                                                    : "PRAGMA synchronous=NORMAL");
    db->exec("PRAGMA foreign_keys=ON");
    return db;
  });
}

Error translate(const SQLite::Exception& e) {
  const int code = e.getErrorCode();
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return Error(Errc::busy, "the database is busy; try again");
  }
  if (e.getExtendedErrorCode() == SQLITE_CONSTRAINT_UNIQUE ||
      e.getExtendedErrorCode() == SQLITE_CONSTRAINT_PRIMARYKEY) {
    const std::string_view what = e.what();
    for (const auto& [column, field] :
         {std::pair{"username_key", "username"}, std::pair{"email_index", "email"},
          std::pair{"mobile_index", "mobile"}}) {
      if (what.find(column) != std::string_view::npos) {
        return Error(Errc::conflict, std::string(field) + ": is already taken", field);
      }
    }
    return Error(Errc::conflict, "the record already exists");
  }
  return Error(Errc::storage, std::string("database error: ") + e.getErrorStr());
}

}  // namespace member::storage::sqlite
