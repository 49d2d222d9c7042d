#include "storage/sqlite/sqlite_connection.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <string>
#include <string_view>
#include <thread>

namespace member::storage::sqlite {
namespace {

/// The member::Error for a SQLite failure: busy, conflict naming the unique
/// field, or storage.
Error translate(const SQLite::Exception& e) {
  const int code = e.getErrorCode();
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return Error(Errc::busy, "the database is busy; try again");
  }
  const int extended = e.getExtendedErrorCode();
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
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

template <class F>
decltype(auto) guarded(F&& f) {
  try {
    return std::forward<F>(f)();
  } catch (const SQLite::Exception& e) {
    throw translate(e);
  }
}

constexpr sql::Dialect kDialect{
    .lock_rows = "",  // a write transaction (BEGIN IMMEDIATE) already excludes other writers
    .int_type = "INTEGER",
    .blob_type = "BLOB",
    .serial_key = "INTEGER PRIMARY KEY",
};

class SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(SQLite::Database& db, const std::string& sql)
      : db_(db), statement_(guarded([&] { return SQLite::Statement(db, sql); })) {}

  /// Ready to bind and run again. Never throws: SQLite reports the previous
  /// run's error again on reset, and that error was already handled.
  void reset() noexcept {
    try {
      statement_.reset();
    } catch (const SQLite::Exception&) {
    }
    statement_.clearBindings();
    ran_ = false;
  }

  void bind_null(int index) override {
    guarded([&] { statement_.bind(index); });
  }
  void bind(int index, std::int64_t value) override {
    guarded([&] { statement_.bind(index, value); });
  }
  void bind(int index, std::string_view text) override {
    guarded([&] { statement_.bind(index, std::string(text)); });
  }
  void bind(int index, std::span<const std::uint8_t> blob) override {
    // An empty span may have no data pointer, which SQLite would bind as
    // NULL; bind an empty blob, as PostgreSQL does.
    static constexpr std::uint8_t kNone = 0;
    const void* data = blob.empty() ? &kNone : blob.data();
    guarded([&] { statement_.bind(index, data, static_cast<int>(blob.size())); });
  }

  bool step() override {
    return guarded([&] {
      const bool row = statement_.executeStep();
      if (!ran_) changes_ = row ? 0 : db_.getChanges();
      ran_ = true;
      return row;
    });
  }
  std::int64_t changes() override { return changes_; }

  bool is_null(int column) override { return statement_.getColumn(column).isNull(); }
  std::int64_t get_int(int column) override { return statement_.getColumn(column).getInt64(); }
  std::string get_text(int column) override { return statement_.getColumn(column).getString(); }
  Bytes get_blob(int column) override {
    const SQLite::Column c = statement_.getColumn(column);
    const auto* p = static_cast<const std::uint8_t*>(c.getBlob());
    return Bytes(p, p + c.getBytes());
  }

 private:
  SQLite::Database& db_;
  SQLite::Statement statement_;
  bool ran_ = false;
  std::int64_t changes_ = 0;
};

class SqliteConnection final : public sql::Connection {
 public:
  explicit SqliteConnection(const SqliteOptions& options)
      : db_(guarded([&] {
          return SQLite::Database(
              options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
              static_cast<int>(options.busy_timeout.count()));
        })) {
    guarded([&] {
      if (options.path != ":memory:") enable_wal(options.busy_timeout);
      db_.exec(options.durability == Durability::full ? "PRAGMA synchronous=FULL"
                                                      : "PRAGMA synchronous=NORMAL");
      db_.exec("PRAGMA foreign_keys=ON");
      // Deleted and overwritten content is zeroed, so erased personal data
      // (A12) leaves nothing in free pages or free space of a page.
      db_.exec("PRAGMA secure_delete=ON");
    });
  }

  const sql::Dialect& dialect() const override { return kDialect; }

  void exec(std::string_view sql) override {
    guarded([&] { db_.exec(std::string(sql)); });
  }

  sql::Statement& prepare(std::string_view sql) override {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_
               .emplace(std::string(sql), std::make_unique<SqliteStatement>(db_, std::string(sql)))
               .first;
    } else {
      it->second->reset();
    }
    return *it->second;
  }

  void begin(sql::TransactionKind kind) override {
    exec(kind == sql::TransactionKind::write ? "BEGIN IMMEDIATE" : "BEGIN");
  }

  void commit() override {
    reset_statements();  // a statement left mid-result would keep the snapshot open
    exec("COMMIT");
  }

  void rollback() noexcept override {
    reset_statements();
    try {
      db_.exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
      // SQLite already rolled back after the error that brought us here.
    }
  }

  void lock_for_migration() override {}  // BEGIN IMMEDIATE holds the write lock

  /// Copies the WAL into the database and truncates it to zero bytes, so
  /// page images from before an erasure are gone from the -wal file too.
  void reclaim_free_space() override {
    bool busy = false;
    guarded([&] {
      SQLite::Statement checkpoint(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
      busy = checkpoint.executeStep() && checkpoint.getColumn(0).getInt() != 0;
    });
    if (busy) {
      throw Error(Errc::busy, "a reader kept the write-ahead log from being emptied; try again");
    }
  }

 private:
  /// Switching a new file to WAL takes an exclusive lock without consulting
  /// the busy handler, so when several processes create the same database at
  /// once the losers see SQLITE_BUSY at once: retry until the busy timeout.
  void enable_wal(std::chrono::milliseconds busy_timeout) {
    const auto deadline = std::chrono::steady_clock::now() + busy_timeout;
    while (true) {
      try {
        db_.exec("PRAGMA journal_mode=WAL");
        return;
      } catch (const SQLite::Exception& e) {
        if (e.getErrorCode() != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline) {
          throw;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  void reset_statements() noexcept {
    for (auto& [sql, statement] : statements_) statement->reset();
  }

  SQLite::Database db_;
  std::map<std::string, std::unique_ptr<SqliteStatement>, std::less<>> statements_;
};

}  // namespace

std::unique_ptr<sql::Connection> open_connection(const SqliteOptions& options) {
  return std::make_unique<SqliteConnection>(options);
}

}  // namespace member::storage::sqlite
