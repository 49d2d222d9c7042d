#include "storage/postgres/postgres_connection.hpp"

#include <libpq-fe.h>

#include <cctype>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/sql/unique_violation.hpp"

namespace member::storage::postgres {
namespace {

// Type oids from PostgreSQL's pg_type.
constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;

constexpr sql::Dialect kDialect{
    .lock_rows = " FOR UPDATE",
    .lock_row_values = " FOR NO KEY UPDATE",
    .int_type = "BIGINT",
    .blob_type = "BYTEA",
    .serial_key = "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY",
};

/// An arbitrary constant naming member's migration lock among advisory locks.
constexpr long long kMigrationLock = 0x6d656d6265720001;  // "member" + 1

struct ResultDeleter {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

/// Numbered parameters ?1, ?2 ... become $1, $2 ...
std::string to_dollar_parameters(std::string_view sql) {
  std::string out(sql);
  for (std::size_t i = 0; i + 1 < out.size(); ++i) {
    if (out[i] == '?' && std::isdigit(static_cast<unsigned char>(out[i + 1]))) out[i] = '$';
  }
  return out;
}

int count_parameters(std::string_view sql) {
  int highest = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] != '?') continue;
    int n = 0;
    std::size_t j = i + 1;
    while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) {
      n = n * 10 + (sql[j++] - '0');
    }
    highest = std::max(highest, n);
  }
  return highest;
}

std::int64_t read_big_endian(const char* p, int size) {
  std::uint64_t v = 0;
  for (int i = 0; i < size; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  // Sign-extend values narrower than 64 bits.
  if (size < 8 && size > 0 && (static_cast<unsigned char>(p[0]) & 0x80)) {
    v |= ~std::uint64_t{0} << (8 * size);
  }
  return static_cast<std::int64_t>(v);
}

class PgConnection;

class PgStatement final : public sql::Statement {
 public:
  PgStatement(PgConnection& connection, std::string name, std::string text, int parameters)
      : connection_(connection),
        name_(std::move(name)),
        text_(std::move(text)),
        values_(static_cast<std::size_t>(parameters)),
        binary_(static_cast<std::size_t>(parameters), 0) {}

  void reset() {
    result_.reset();
    row_ = -1;
    deferred_ = false;
    ahead_ = false;
    for (auto& v : values_) v.reset();
  }

  bool needs_prepare() const { return !prepared_ && !preparing_; }
  /// Sends the statement's preparation.
  bool send_prepare() {
    preparing_ = PQsendPrepare(handle(), name_.c_str(), text_.c_str(), 0, nullptr) == 1;
    return preparing_;
  }
  /// The server's answer to send_prepare(): a skipped or failed preparation
  /// is sent again by the next run.
  void prepared(bool ok) {
    preparing_ = false;
    prepared_ = ok;
  }

  /// Sends the statement with its parameters (libpq copies them).
  bool send() {
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (std::size_t i = 0; i < values_.size(); ++i) {
      values[i] = values_[i] ? values_[i]->data() : nullptr;
      lengths[i] = values_[i] ? static_cast<int>(values_[i]->size()) : 0;
    }
    return PQsendQueryPrepared(handle(), name_.c_str(), static_cast<int>(values.size()),
                               values.data(), lengths.data(), binary_.data(),
                               /*binary results*/ 1) == 1;
  }

  /// Takes the result of the statement's run.
  void take(Result result) {
    const char* affected = PQcmdTuples(result.get());
    changes_ = affected && *affected ? std::stoll(affected) : 0;
    result_ = std::move(result);
  }

  void bind_null(int index) override { slot(index).reset(); }
  void bind(int index, std::int64_t value) override { set(index, std::to_string(value), false); }
  void bind(int index, std::string_view text) override { set(index, std::string(text), false); }
  void bind(int index, std::span<const std::uint8_t> blob) override {
    set(index, std::string(blob.begin(), blob.end()), true);
  }

  bool step() override;
  void run_deferred() override;
  void run_ahead() override;
  std::int64_t changes() override;

  bool is_null(int column) override { return PQgetisnull(result_.get(), row_, column) != 0; }
  std::int64_t get_int(int column) override {
    const char* p = PQgetvalue(result_.get(), row_, column);
    const int size = PQgetlength(result_.get(), row_, column);
    switch (PQftype(result_.get(), column)) {
      case kInt8Oid:
      case kInt4Oid:
      case kInt2Oid:
      case kBoolOid:
        return read_big_endian(p, size);
      default:
        throw Error(Errc::internal, "a column is not an integer");
    }
  }
  std::string get_text(int column) override {
    return std::string(PQgetvalue(result_.get(), row_, column),
                       static_cast<std::size_t>(PQgetlength(result_.get(), row_, column)));
  }
  Bytes get_blob(int column) override {
    const auto* p = reinterpret_cast<const std::uint8_t*>(PQgetvalue(result_.get(), row_, column));
    return Bytes(p, p + PQgetlength(result_.get(), row_, column));
  }

 private:
  std::optional<std::string>& slot(int index) {
    if (index < 1 || index > static_cast<int>(values_.size())) {
      throw Error(Errc::internal, "statement parameter out of range");
    }
    return values_[static_cast<std::size_t>(index - 1)];
  }
  void set(int index, std::string value, bool binary) {
    slot(index) = std::move(value);
    binary_[static_cast<std::size_t>(index - 1)] = binary ? 1 : 0;
  }

  PgConnection& connection_;
  std::string name_;
  std::string text_;  ///< with $n parameters
  bool prepared_ = false;
  bool preparing_ = false;
  std::vector<std::optional<std::string>> values_;
  std::vector<int> binary_;
  PGconn* handle() const;

  Result result_;
  int row_ = -1;
  std::int64_t changes_ = 0;
  bool deferred_ = false;  ///< run_deferred(): nobody reads the outcome
  bool ahead_ = false;     ///< run_ahead(): queued, changes() waits for it
};

class PgConnection final : public sql::Connection {
 public:
  explicit PgConnection(const PostgresOptions& options)
      : conn_(PQconnectdb(options.conninfo.c_str())) {
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      // libpq's message may name the host and user; it never holds the password.
      const std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      conn_ = nullptr;
      throw Error(Errc::storage, "cannot connect to PostgreSQL: " + trim(why));
    }
    // The library never writes to stderr: drop the server's notices.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    exec("SET client_encoding = 'UTF8'");
    exec("SET lock_timeout = " + std::to_string(options.busy_timeout.count()));
  }

  ~PgConnection() override { PQfinish(conn_); }

  const sql::Dialect& dialect() const override { return kDialect; }

  void exec(std::string_view sql) override {
    sync();
    check(Result(PQexec(conn_, std::string(sql).c_str())));
  }

  sql::Statement& prepare(std::string_view sql) override {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      std::string name("m");  // not "m" + ...: g++ 12 -O3 warns falsely (-Wrestrict)
      name += std::to_string(statements_.size() + 1);
      // Prepared on the server with its first run, in the same round trip.
      it = statements_
               .emplace(std::string(sql),
                        std::make_unique<PgStatement>(*this, name, to_dollar_parameters(sql),
                                                      count_parameters(sql)))
               .first;
    } else {
      it->second->reset();
    }
    return *it->second;
  }

  void begin(sql::TransactionKind kind) override {
    // Writes lock the rows they read (Dialect::lock_rows), so READ COMMITTED
    // is enough for them; reads see one snapshot. BEGIN travels with the
    // transaction's first statement.
    defer(kind == sql::TransactionKind::write ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                              : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  }

  void commit() override {
    defer("COMMIT");  // with the deferred writes: one round trip
    sync();
    release_results();
  }

  void rollback() noexcept override {
    release_results();
    if (broken()) return;
    try {
      sync();
    } catch (const Error&) {
      // The failure that brought us here, or one a deferred write raised:
      // either way the transaction is rolled back below.
    }
    if (broken()) return;
    Result r(PQexec(conn_, "ROLLBACK"));
  }

  /// Queues `statement` (already bound) to run with the next round trip.
  void defer(PgStatement& statement) {
    enter_pipeline();
    if (statement.needs_prepare()) {
      if (!statement.send_prepare()) throw lost("cannot prepare a statement");
      queued_.push_back({&statement, true});
    }
    if (!statement.send()) throw lost("cannot send a statement");
    queued_.push_back({&statement, false});
  }

  /// Sends `statement` with everything queued before it and waits for all of
  /// it: one round trip. Throws the first error any of them raised.
  void run_now(PgStatement& statement) {
    defer(statement);
    sync();
  }

  /// Sends everything queued and waits for it (a run_ahead() statement's
  /// changes() when nothing has sent it yet).
  void wait_for_queued() { sync(); }

  void lock_for_migration() override {
    exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
  }

  bool broken() const noexcept override { return PQstatus(conn_) != CONNECTION_OK; }

  /// Throws the member::Error for a failed result.
  PGresult* check(Result result) {
    const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
      last_ = std::move(result);
      return last_.get();
    }
    throw translate(result.get());
  }

  PGconn* handle() const { return conn_; }

 private:
  static std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    return s;
  }

  Error translate(const PGresult* result) const {
    if (broken()) return Error(Errc::storage, "the PostgreSQL connection was lost");
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state ? state : "";
    if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") {
      return Error(Errc::busy, "the database is busy; try again");
    }
    if (sqlstate == "23505") {
      const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
      return sql::unique_violation(constraint ? constraint : "");
    }
    return Error(Errc::storage, "database error (SQLSTATE " + sqlstate + ")");
  }

  void release_results() noexcept {
    for (auto& [sql, statement] : statements_) statement->reset();
    last_.reset();
  }

  Error lost(std::string_view what) const {
    return Error(Errc::storage, std::string(what) + ": the PostgreSQL connection failed");
  }

  void enter_pipeline() {
    if (pipelined_) return;
    if (PQenterPipelineMode(conn_) != 1) throw lost("cannot enter pipeline mode");
    pipelined_ = true;
  }

  /// Queues a command without parameters or results.
  void defer(const char* command) {
    enter_pipeline();
    if (PQsendQueryParams(conn_, command, 0, nullptr, nullptr, nullptr, nullptr, 1) != 1) {
      throw lost("cannot send a command");
    }
    queued_.push_back({nullptr, false});
  }

  /// Ends the pipeline: waits for the result of everything queued, hands
  /// each statement its result, and leaves pipeline mode. Throws the first
  /// error (everything after it was skipped by the server).
  void sync() {
    if (!pipelined_) return;
    std::optional<Error> failure;
    if (PQpipelineSync(conn_) != 1) failure = lost("cannot send a pipeline");
    for (const auto& [statement, preparation] : queued_) {
      if (failure && broken()) break;
      Result result(PQgetResult(conn_));
      const auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
      const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
      if (preparation) {
        statement->prepared(ok);
      } else if (ok && statement != nullptr) {
        statement->take(std::move(result));
      }
      if (!ok && !failure) {
        failure = status == PGRES_PIPELINE_ABORTED ? lost("a pipelined statement was skipped")
                                                   : translate(result.get());
      }
      while (Result extra{PQgetResult(conn_)}) {
        // The end of this statement's results (a NULL) has not come yet.
      }
    }
    queued_.clear();
    if (!broken()) {
      // The pipeline's end marker, then back to ordinary execution.
      for (Result marker{PQgetResult(conn_)}; marker; marker.reset(PQgetResult(conn_))) {
        if (PQresultStatus(marker.get()) == PGRES_PIPELINE_SYNC) break;
      }
      PQexitPipelineMode(conn_);
    }
    pipelined_ = false;
    if (failure) throw *failure;
  }

  PGconn* conn_;
  Result last_;
  bool pipelined_ = false;
  /// What the pipeline waits for, in order: a statement's preparation or
  /// run, or a command (no statement).
  struct Queued {
    PgStatement* statement;
    bool preparation;
  };
  std::vector<Queued> queued_;
  std::map<std::string, std::unique_ptr<PgStatement>, std::less<>> statements_;
};

bool PgStatement::step() {
  if (row_ < 0 && !result_) {
    if (ahead_) {
      connection_.wait_for_queued();
    } else {
      deferred_ = false;
      connection_.run_now(*this);
    }
  }
  ++row_;
  return row_ < PQntuples(result_.get());
}

void PgStatement::run_deferred() {
  connection_.defer(*this);
  deferred_ = true;
}

void PgStatement::run_ahead() {
  connection_.defer(*this);
  ahead_ = true;
}

std::int64_t PgStatement::changes() {
  if (deferred_) throw Error(Errc::internal, "changes() of a deferred statement");
  if (ahead_ && !result_) connection_.wait_for_queued();
  return changes_;
}

PGconn* PgStatement::handle() const {
  return connection_.handle();
}

}  // namespace

std::unique_ptr<sql::Connection> open_connection(const PostgresOptions& options) {
  return std::make_unique<PgConnection>(options);
}

}  // namespace member::storage::postgres
