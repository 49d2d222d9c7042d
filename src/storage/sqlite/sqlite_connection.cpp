#include "storage/sqlite/sqlite_connection.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "storage/sql/unique_violation.hpp"

namespace member::storage::sqlite {
namespace {

/// The member::Error for a SQLite failure (primary and extended result code,
/// and SQLite's message): busy, conflict naming the unique field, or
/// storage.
Error translate(int code, int extended, std::string_view message) {
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    return Error(Errc::busy, "the database is busy; try again");
  }
  if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return sql::unique_violation(message);
  }
  return Error(Errc::storage, std::string("database error: ") + sqlite3_errstr(code));
}

Error translate(const SQLite::Exception& e) {
  return translate(e.getErrorCode(), e.getExtendedErrorCode(), e.what());
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
    .lock_row_values = "",
    .int_type = "INTEGER",
    .blob_type = "BLOB",
    .serial_key = "INTEGER PRIMARY KEY",
};

/// A prepared statement on SQLite's own API: it is on every hot path, so text
/// is bound with one copy (SQLite's) and columns are read directly.
class SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
    sqlite3_stmt* prepared = nullptr;
    check(sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                             SQLITE_PREPARE_PERSISTENT, &prepared, nullptr));
    statement_.reset(prepared);
  }

  /// Ready to bind and run again. Never throws: SQLite reports the previous
  /// run's error again on reset, and that error was already handled.
  void reset() noexcept {
    finish();
    sqlite3_clear_bindings(statement_.get());
  }

  /// Done with the current run, so it holds no snapshot; bindings stay.
  void finish() noexcept {
    sqlite3_reset(statement_.get());
    ran_ = done_ = false;
  }

  void bind_null(int index) override { check(sqlite3_bind_null(statement_.get(), index)); }
  void bind(int index, std::int64_t value) override {
    check(sqlite3_bind_int64(statement_.get(), index, value));
  }
  void bind(int index, std::string_view text) override {
    // An empty view may have no data pointer, which SQLite would bind as NULL.
    check(sqlite3_bind_text64(statement_.get(), index, text.empty() ? "" : text.data(), text.size(),
                              SQLITE_TRANSIENT, SQLITE_UTF8));
  }
  void bind(int index, std::span<const std::uint8_t> blob) override {
    // Likewise an empty blob, as PostgreSQL binds it, not NULL.
    static constexpr std::uint8_t kNone = 0;
    const void* data = blob.empty() ? &kNone : blob.data();
    check(sqlite3_bind_blob64(statement_.get(), index, data, blob.size(), SQLITE_TRANSIENT));
  }

  /// After the last row (or a write) it stays done until reset: SQLite
  /// would run the statement again.
  bool step() override {
    if (done_) return false;
    const int rc = sqlite3_step(statement_.get());
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) check(rc);
    if (!ran_) changes_ = rc == SQLITE_ROW ? 0 : sqlite3_changes64(db_);
    ran_ = true;
    done_ = rc == SQLITE_DONE;
    return !done_;
  }
  std::int64_t changes() override { return changes_; }
  /// A query (one with result columns) runs at its caller's first step().
  void run_ahead() override {
    if (sqlite3_column_count(statement_.get()) == 0) step();
  }

  /// Prepared since the connection last ended a transaction (its run may be
  /// open); kept by the connection.
  bool in_use = false;

  bool is_null(int column) override {
    return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
  }
  std::int64_t get_int(int column) override {
    return sqlite3_column_int64(statement_.get(), column);
  }
  std::string get_text(int column) override {
    const auto* p = sqlite3_column_text(statement_.get(), column);
    const int n = sqlite3_column_bytes(statement_.get(), column);
    return p == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(p), n);
  }
  Bytes get_blob(int column) override {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement_.get(), column));
    const int n = sqlite3_column_bytes(statement_.get(), column);
    return p == nullptr ? Bytes() : Bytes(p, p + n);
  }

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
  };

  void check(int rc) const {
    if (rc == SQLITE_OK) return;
    throw translate(rc & 0xff, sqlite3_extended_errcode(db_), sqlite3_errmsg(db_));
  }

  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalize> statement_;
  bool ran_ = false;
  bool done_ = false;
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
               .emplace(std::string(sql), std::make_unique<SqliteStatement>(db_.getHandle(), sql))
               .first;
    } else {
      it->second->reset();
    }
    SqliteStatement& statement = *it->second;
    if (!statement.in_use) {
      statement.in_use = true;
      in_use_.push_back(&statement);
    }
    return statement;
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

  /// Ends the runs of the statements prepared since the last commit or
  /// rollback, so none keeps a snapshot open (the others are not running).
  void reset_statements() noexcept {
    for (SqliteStatement* statement : in_use_) {
      statement->finish();
      statement->in_use = false;
    }
    in_use_.clear();
  }

  SQLite::Database db_;
  std::map<std::string, std::unique_ptr<SqliteStatement>, std::less<>> statements_;
  std::vector<SqliteStatement*> in_use_;
};

}  // namespace

std::unique_ptr<sql::Connection> open_connection(const SqliteOptions& options) {
  return std::make_unique<SqliteConnection>(options);
}

}  // namespace member::storage::sqlite
