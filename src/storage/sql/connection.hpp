// The small SQL interface member's stores are written against, so one set of
// queries serves every SQL engine. A driver (SQLite, PostgreSQL) implements
// Connection and Statement and says how its dialect differs.
//
// Queries use numbered parameters ?1, ?2, ... (a driver rewrites them if its
// engine spells them otherwise). Drivers throw member::Error, never their own
// exceptions: a unique violation is Errc::conflict naming the field, a lock
// timeout Errc::busy, anything else Errc::storage.
//
// A Connection and its statements are used by one thread at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "member/error.hpp"
#include "member/storage.hpp"

namespace member::storage::sql {

/// A prepared statement. Bind parameters (1-based), then step() through the
/// rows; the first step() executes it. Columns are 0-based.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual void bind_null(int index) = 0;
  virtual void bind(int index, std::int64_t value) = 0;
  virtual void bind(int index, std::string_view text) = 0;
  virtual void bind(int index, std::span<const std::uint8_t> blob) = 0;

  /// Runs the statement (first call) or advances; true while a row is there.
  virtual bool step() = 0;
  /// Rows changed by the statement (after it ran).
  virtual std::int64_t changes() = 0;
  /// Runs a write whose outcome nobody reads (no rows, no changes()). A
  /// driver may send it later, with the next statement that needs an answer
  /// or with the commit, to save round trips to a server; an error it raises
  /// then surfaces from that later call and fails the transaction, as any
  /// error does. By default it runs at once.
  virtual void run_deferred() { step(); }
  /// Runs a write (no rows) whose changes() is read later, or a query whose
  /// rows step() reads later. A driver may send it with the next statement
  /// that needs an answer, so both take one round trip; changes() or step()
  /// then waits for it. By default it runs at once; a driver that runs a
  /// query at once must still leave its first row to the caller's step()
  /// (SQLite runs it at that step() instead, so queued queries must be
  /// stepped in the order they were queued).
  virtual void run_ahead() { step(); }

  virtual bool is_null(int column) = 0;
  virtual std::int64_t get_int(int column) = 0;
  virtual std::string get_text(int column) = 0;
  virtual Bytes get_blob(int column) = 0;

  void bind(int index, const std::string& text) { bind(index, std::string_view(text)); }
  void bind(int index, const char* text) { bind(index, std::string_view(text)); }
  void bind(int index, const Bytes& blob) { bind(index, std::span<const std::uint8_t>(blob)); }
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, std::uint32_t value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, bool value) { bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  /// Binds `values` to ?1, ?2, ... in order.
  template <class... Values>
  void bind_all(const Values&... values) {
    int index = 0;
    (bind(++index, values), ...);
  }
  /// Binds NULL for an empty value: optional identifiers are NULL, not "".
  void bind_or_null(int index, const std::string& text) {
    text.empty() ? bind_null(index) : bind(index, text);
  }
  void bind_or_null(int index, const Bytes& blob) {
    blob.empty() ? bind_null(index) : bind(index, blob);
  }
  std::string get_text_or_empty(int column) {
    return is_null(column) ? std::string() : get_text(column);
  }
  Bytes get_blob_or_empty(int column) { return is_null(column) ? Bytes() : get_blob(column); }
};

/// How an engine's SQL differs, for the few places where it does.
struct Dialect {
  /// Appended to a SELECT in a write transaction to lock the rows it reads
  /// (" FOR UPDATE"), or empty where the write transaction is already
  /// exclusive (SQLite).
  std::string_view lock_rows;
  /// The same for a row whose columns, not its key, are about to change:
  /// rows that refer to it may still be inserted meanwhile (PostgreSQL's
  /// FOR NO KEY UPDATE; a plain FOR UPDATE would also wait for them).
  std::string_view lock_row_values;
  /// Column types and the auto-increment key, substituted into the schema:
  /// {int} {blob} {serial}.
  std::string_view int_type;
  std::string_view blob_type;
  std::string_view serial_key;
};

enum class TransactionKind { read, write };

class Connection {
 public:
  virtual ~Connection() = default;

  virtual const Dialect& dialect() const = 0;

  /// Runs one or more statements without parameters or results.
  virtual void exec(std::string_view sql) = 0;

  /// The prepared statement for `sql`, cached on this connection and reset
  /// (bindings cleared) for a new use.
  virtual Statement& prepare(std::string_view sql) = 0;

  /// Starts a transaction: a read sees one consistent snapshot; a write is
  /// isolated from every other write to the rows it reads through
  /// Dialect::lock_rows.
  virtual void begin(TransactionKind kind) = 0;
  virtual void commit() = 0;
  /// Never throws: rolling back after a failure must not hide the failure.
  virtual void rollback() noexcept = 0;

  /// True when the connection can no longer be used (its server went away);
  /// the pool then drops it.
  virtual bool broken() const noexcept { return false; }

  /// Serialises schema migration across processes, inside the current
  /// transaction (PostgreSQL: an advisory lock; SQLite: the write lock it holds).
  virtual void lock_for_migration() = 0;

  /// Outside a transaction: makes deleted rows unrecoverable from the
  /// engine's files (Storage::reclaim_free_space). By default nothing.
  virtual void reclaim_free_space() {}
};

}  // namespace member::storage::sql
