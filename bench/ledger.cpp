// bench/ledger: points operations per second through member::System, against
// raw INSERT transactions on the same database engine, measured in the same
// run (issue 5 "Performance", issue 3 item 5).
//
// SQLite (a file in a fresh temp directory; the library's default pragmas:
// WAL, synchronous=FULL, foreign_keys=ON, busy_timeout):
//   single  ours: one points operation per call, alternating per user between
//           earn(10) and use(10), each with its own idempotency key, round-robin
//           over 1,000 registered users.
//           baseline: `BEGIN IMMEDIATE; INSERT one journal-shaped row; COMMIT`
//           with prepared statements, on another file in the same directory
//           with the same pragmas.
//   batch   ours: apply_batch() of 1,000 items, one per user: grants of 10, and
//           every fifth time a user comes round a deduction of 40.
//           baseline: 1,000 prepared single-row INSERTs in one transaction.
//   scale   (--full, or --scale-users/--scale-entries): generates 1,000,000
//           users and 10,000,000 journal entries (10 earned lots each) straight
//           into the library's tables, then measures `single` on 1,000 users
//           spread over that database against `single` on a new, empty
//           database with 1,000 users.
// PostgreSQL (when MEMBER_BENCH_POSTGRES holds a libpq URI; ./scripts/bench
// starts a throwaway server and sets it): `single` and `batch` through a
// System opened on the server, against the same raw INSERT transactions made
// with libpq on the same server, with 1 thread and with 4 (ours: 4 threads
// sharing one System, each with its own 1,000 users; baseline: 4 threads, each
// with its own connection). The users table is analyzed after the users are
// registered, as autovacuum would on a live server.
//
// Every operation checks its result. Ratio lines: ledger_single_vs_sqlite
// (>= 0.5), ledger_batch_vs_sqlite (>= 0.3), ledger_scale_vs_empty (>= 0.8),
// pg_ledger_single_vs_pg (>= 0.5), pg_ledger_batch_vs_pg (>= 0.3), and the
// same two with 4 threads (_4t).
//
//   ledger [--full] [--scale-users N] [--scale-entries N]
#include <sqlite3.h>
#include <stdlib.h>

#ifdef MEMBER_BENCH_WITH_POSTGRES
#include <libpq-fe.h>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "member/member.hpp"
#include "support/measure.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using member::bench::Clock;
using member::bench::Comparison;
using member::bench::Operation;
using member::bench::Schedule;

constexpr std::size_t kUsers = 1000;         ///< users per thread
constexpr std::size_t kBatchItems = 1000;    ///< items per apply_batch / rows per bulk insert
constexpr unsigned kPgThreads = 4;           ///< the multi-threaded PostgreSQL column
constexpr std::int64_t kAmount = 10;         ///< every earn, use and grant
constexpr std::uint8_t kGrantsPerCycle = 4;  ///< batch: grants before a deduction
constexpr std::uint64_t kFullScaleUsers = 1'000'000;
constexpr std::uint64_t kFullScaleEntries = 10'000'000;
/// The PostgreSQL master key: fixed, so a server given in MEMBER_BENCH_POSTGRES
/// can be used for several runs.
constexpr const char* kPgMasterKey =
    "6d656d6265722d62656e63682d6c65646765722d6d61737465722d6b65792121";

void check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// A short random hex tag: keys and usernames of this run never meet those of
/// an earlier run on the same PostgreSQL database.
std::string run_tag() {
  std::random_device rd;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", rd());
  return buf;
}

// --- command line -------------------------------------------------------------

struct Args {
  bool full = false;
  std::uint64_t scale_users = 0;  ///< 0: no scale phase
  std::uint64_t scale_entries = 0;
};

Args parse_args(int argc, char** argv) {
  Args args;
  auto number = [&](int& i) -> std::uint64_t {
    if (i + 1 >= argc) throw std::runtime_error(std::string(argv[i]) + " needs a number");
    const std::string text = argv[++i];
    std::size_t used = 0;
    const auto value = std::stoull(text, &used);
    if (used != text.size()) throw std::runtime_error("not a number: " + text);
    return value;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--full") {
      args.full = true;
    } else if (arg == "--scale-users") {
      args.scale_users = number(i);
    } else if (arg == "--scale-entries") {
      args.scale_entries = number(i);
    } else {
      std::fprintf(stderr, "usage: %s [--full] [--scale-users N] [--scale-entries N]\n", argv[0]);
      std::exit(2);
    }
  }
  if (args.full || args.scale_users != 0 || args.scale_entries != 0) {
    if (args.scale_users == 0) args.scale_users = kFullScaleUsers;
    if (args.scale_entries == 0) args.scale_entries = kFullScaleEntries;
    check(args.scale_users >= kUsers, "--scale-users: at least 1000");
  }
  return args;
}

// --- the temp directory ---------------------------------------------------------

using member::bench::TempDir;

// --- the workload: which user each operation goes to, and what it does ----------

/// The users of one database and what each has been given. Thread t of an
/// n-thread phase owns users [t * kUsers, (t + 1) * kUsers) and walks them
/// round-robin, so no two threads touch one user and a user's state is only
/// ever read and written by its owner.
///
/// Single operations alternate per user between earn(10) and use(10): the use
/// spends exactly the lot the earn made. Batches give each user 10 four times,
/// then take 40: every lot is 10 and every spend takes whole lots, oldest
/// first. Either way a user keeps few open lots, so what a spend loads does
/// not grow as a run goes on (the journal and the tables still do).
class Workload {
 public:
  Workload(std::vector<std::string> users, std::string key_prefix)
      : users_(std::move(users)),
        earned_(users_.size(), 0),
        grants_(users_.size(), 0),
        key_prefix_(std::move(key_prefix)) {
    assign(1);
  }

  /// Hands kUsers users to each of `threads` threads.
  void assign(unsigned threads) {
    check(threads * kUsers <= users_.size(), "not enough users for the threads");
    cursor_.assign(threads, 0);
  }

  const std::string& user(std::size_t index) const { return users_[index]; }

  /// One earn or use, checked.
  void single(member::Ledger& points, unsigned thread) {
    const std::size_t u = next_user(thread);
    const std::string key = next_key();
    if (earned_[u] == 0) {
      const member::Movement m = points.earn(actor(), {.user_id = users_[u],
                                                       .amount = kAmount,
                                                       .key = key,
                                                       .event_type = "PURCHASE",
                                                       .description = "bench earn"});
      check(m.kind == member::EntryKind::earn && m.amount == kAmount && !m.replayed,
            "earn: unexpected movement");
      earned_[u] = 1;
    } else {
      const member::Movement m = points.use(
          actor(),
          {.user_id = users_[u], .amount = kAmount, .key = key, .description = "bench use"});
      check(m.kind == member::EntryKind::use && m.amount == -kAmount && !m.replayed,
            "use: unexpected movement");
      earned_[u] = 0;
    }
  }

  /// One apply_batch of kBatchItems items, checked: every item applied.
  void batch(member::Ledger& points, unsigned thread) {
    member::BatchRequest request{.key = next_key(), .reason = "bench batch", .items = {}};
    request.items.reserve(kBatchItems);
    std::int64_t net = 0;
    for (std::size_t i = 0; i < kBatchItems; ++i) {
      const std::size_t u = next_user(thread);
      if (grants_[u] < kGrantsPerCycle) {
        request.items.push_back({users_[u], kAmount, "bench grant", "PURCHASE"});
        ++grants_[u];
        net += kAmount;
      } else {
        request.items.push_back({users_[u], -kGrantsPerCycle * kAmount, "bench deduction", ""});
        grants_[u] = 0;
        net -= kGrantsPerCycle * kAmount;
      }
    }
    const member::BatchOutcome out = points.apply_batch(actor(), request);
    check(out.succeeded == static_cast<std::int64_t>(kBatchItems) && out.failed == 0 &&
              out.amount == net && !out.replayed,
          "apply_batch: not every item was applied");
  }

  static const member::Actor& actor() {
    static const member::Actor actor = member::Actor::service("bench");
    return actor;
  }

 private:
  std::size_t next_user(unsigned thread) {
    return thread * kUsers + static_cast<std::size_t>(cursor_[thread]++ % kUsers);
  }
  std::string next_key() { return key_prefix_ + std::to_string(keys_.fetch_add(1)); }

  std::vector<std::string> users_;
  std::vector<std::uint8_t> earned_;  ///< single: 1 when the next operation is a use
  std::vector<std::uint8_t> grants_;  ///< batch: grants since the last deduction
  std::vector<std::uint64_t> cursor_;
  std::string key_prefix_;
  std::atomic<std::uint64_t> keys_{0};
};

/// `count` users registered through the library (cheap hashing), on `threads`
/// threads.
std::vector<std::string> register_users(member::System& sys, std::size_t count, unsigned threads,
                                        const std::string& tag) {
  std::vector<std::string> ids(count);
  const member::Actor visitor = member::Actor::anonymous();
  const std::size_t per_thread = count / threads;
  check(per_thread * threads == count, "users do not divide among the threads");
  member::bench::run_timed(threads, per_thread, [&](unsigned t, std::uint64_t i) {
    const std::size_t n = t * per_thread + static_cast<std::size_t>(i);
    ids[n] = sys.accounts().register_user(visitor, {.username = "b" + tag + "_" + std::to_string(n),
                                                    .password = "bench-Passw0rd-kq7Zr"});
  });
  return ids;
}

// --- the raw baselines -----------------------------------------------------------

/// A journal-shaped row for the raw baselines: 13 columns (text ids and
/// integers) plus the auto-increment key, like a row of ledger_entries.
struct RawRow {
  std::string entry_id;
  std::string user_id;
  std::string request_key;
  std::int64_t amount = 0;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

/// Rows for one baseline thread: numbered ids, keys unique by their prefix,
/// the thread's users round-robin.
class RawRows {
 public:
  RawRows(const Workload& users, unsigned thread, std::string prefix)
      : users_(users), first_user_(thread * kUsers), prefix_(std::move(prefix)) {}

  const RawRow& next() {
    char id[32];
    std::snprintf(id, sizeof id, "r%023" PRIu64, n_);
    row_.entry_id = id;
    row_.user_id = users_.user(first_user_ + static_cast<std::size_t>(n_ % kUsers));
    row_.request_key = prefix_ + std::to_string(n_);
    row_.amount = n_ % 2 == 0 ? kAmount : -kAmount;
    row_.created_at = now_ms();
    row_.expires_at = row_.amount > 0 ? row_.created_at + 730LL * 86'400'000 : 0;
    ++n_;
    return row_;
  }

 private:
  const Workload& users_;
  std::size_t first_user_;
  std::string prefix_;
  std::uint64_t n_ = 0;
  RawRow row_;
};

constexpr const char* kRawColumns =
    "tenant, entry_id, user_id, asset, kind, amount, frozen_change, event_type, description, "
    "related_order, request_key, created_at, expires_at";

/// A sqlite3 connection (the C API: nothing between the baseline and SQLite).
class Sqlite {
 public:
  explicit Sqlite(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
      const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close_v2(db_);
      throw std::runtime_error("sqlite3_open " + path + ": " + why);
    }
  }
  ~Sqlite() { sqlite3_close_v2(db_); }
  Sqlite(const Sqlite&) = delete;
  Sqlite& operator=(const Sqlite&) = delete;

  void exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      const std::string why = error ? error : sqlite3_errmsg(db_);
      sqlite3_free(error);
      throw std::runtime_error("sqlite: " + why + " in: " + sql.substr(0, 80));
    }
  }
  /// The first column of the first row of `sql`, as text.
  std::string text(const std::string& sql);
  sqlite3* get() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

/// A prepared statement; text and blob arguments must outlive the next run().
class Stmt {
 public:
  Stmt(Sqlite& db, const std::string& sql) : db_(db.get()) {
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) {
      throw std::runtime_error(std::string("sqlite prepare: ") + sqlite3_errmsg(db_));
    }
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::int64_t v) {
    return ok(sqlite3_bind_int64(stmt_, i, static_cast<sqlite3_int64>(v)));
  }
  Stmt& bind(int i, std::string_view v) {
    return ok(sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  Stmt& bind_blob(int i, const std::vector<std::uint8_t>& v) {
    return ok(sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC));
  }
  /// Steps; true while there is a row. Resets after the last row.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    sqlite3_reset(stmt_);
    if (rc != SQLITE_DONE) throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db_));
    return false;
  }
  /// Runs a statement that returns no rows.
  void run() { check(!step(), "sqlite: a statement returned rows"); }
  void reset() { sqlite3_reset(stmt_); }
  std::int64_t column_int(int c) { return sqlite3_column_int64(stmt_, c); }
  std::string column_text(int c) {
    const auto* p = sqlite3_column_text(stmt_, c);
    return p ? reinterpret_cast<const char*>(p) : "";
  }
  std::vector<std::uint8_t> column_blob(int c) {
    const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, c));
    return std::vector<std::uint8_t>(p, p + sqlite3_column_bytes(stmt_, c));
  }

 private:
  Stmt& ok(int rc) {
    if (rc != SQLITE_OK)
      throw std::runtime_error(std::string("sqlite bind: ") + sqlite3_errmsg(db_));
    return *this;
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

std::string Sqlite::text(const std::string& sql) {
  Stmt s(*this, sql);
  std::string value;
  if (s.step()) {
    value = s.column_text(0);
    s.reset();
  }
  return value;
}

/// Puts `db` in WAL mode and grows its WAL file to about 10 MB, then
/// checkpoints it. SQLite reuses a WAL file from its start after a checkpoint
/// (it never shrinks it: journal_size_limit is -1), and a commit that only
/// overwrites the file syncs much faster than one that makes it longer (about
/// 3x on this machine). Without this the first thousand or so commits of a
/// fresh database are slower than the rest, and a side measured in that phase
/// would be slower for a reason that has nothing to do with it. The WAL file
/// survives only while a connection to the database is open, so keep `db`
/// open until the library has opened its own.
void presize_wal(Sqlite& db) {
  check(db.text("PRAGMA journal_mode=WAL") == "wal", "sqlite: WAL refused");
  db.exec("CREATE TABLE bench_wal_filler (b BLOB)");
  db.exec("BEGIN");
  {
    Stmt fill(db, "INSERT INTO bench_wal_filler (b) VALUES (zeroblob(3500))");
    for (int i = 0; i < 2500; ++i) fill.run();  // a page each
  }
  db.exec("COMMIT");
  db.exec("DROP TABLE bench_wal_filler");
  db.text("PRAGMA wal_checkpoint");
}

/// Frames in the write-ahead log of `db_file` now: mxFrame of the wal-index
/// header, a native-order u32 at byte 16 of the -shm file
/// (https://www.sqlite.org/walformat.html).
std::uint32_t wal_frames(const fs::path& db_file) {
  std::ifstream shm(db_file.string() + "-shm", std::ios::binary);
  char header[48];
  shm.read(header, sizeof header);
  check(shm.good(), "cannot read the wal-index of " + db_file.string());
  std::uint32_t frames = 0;
  std::memcpy(&frames, header + 16, sizeof frames);
  return frames;
}

/// WAL pages (4 KiB frames) one call of `op` writes, averaged over `calls`
/// calls measured one at a time; a call during which the log restarted after
/// a checkpoint is measured again. Unlike a rate, this does not depend on the
/// machine: it counts the B-tree pages a transaction changed.
double wal_pages_per_call(const fs::path& db_file, const std::function<void()>& op,
                          unsigned calls) {
  std::uint64_t pages = 0;
  for (unsigned measured = 0, tries = 0; measured < calls; ++tries) {
    check(tries < calls * 4, "the WAL restarted on every try");
    const std::uint32_t before = wal_frames(db_file);
    op();
    const std::uint32_t after = wal_frames(db_file);
    if (after < before) continue;
    pages += after - before;
    ++measured;
  }
  return static_cast<double>(pages) / calls;
}

/// The SQLite baseline: single-row INSERT transactions, and bulk INSERTs in one
/// transaction, with prepared statements and the library's pragmas.
class RawSqlite {
 public:
  explicit RawSqlite(const std::string& path) : db_(path) {
    db_.exec("PRAGMA busy_timeout=10000");
    presize_wal(db_);
    db_.exec("PRAGMA synchronous=FULL");
    db_.exec("PRAGMA foreign_keys=ON");
    db_.exec(
        "CREATE TABLE raw_journal (seq INTEGER PRIMARY KEY, tenant TEXT NOT NULL, "
        "entry_id TEXT NOT NULL, user_id TEXT NOT NULL, asset INTEGER NOT NULL, "
        "kind INTEGER NOT NULL, amount INTEGER NOT NULL, frozen_change INTEGER NOT NULL, "
        "event_type TEXT NOT NULL, description TEXT NOT NULL, related_order TEXT NOT NULL, "
        "request_key TEXT NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)");
    begin_.emplace(db_, "BEGIN IMMEDIATE");
    commit_.emplace(db_, "COMMIT");
    insert_.emplace(db_, std::string("INSERT INTO raw_journal (") + kRawColumns +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  }

  std::string pragmas() {
    return "journal_mode=" + db_.text("PRAGMA journal_mode") +
           " synchronous=" + db_.text("PRAGMA synchronous") +
           " foreign_keys=" + db_.text("PRAGMA foreign_keys") +
           " busy_timeout=" + db_.text("PRAGMA busy_timeout");
  }

  void single(const RawRow& row) {
    begin_->run();
    insert(row);
    commit_->run();
  }

  void bulk(RawRows& rows, std::size_t count) {
    begin_->run();
    for (std::size_t i = 0; i < count; ++i) insert(rows.next());
    commit_->run();
  }

 private:
  void insert(const RawRow& r) {
    insert_->bind(1, std::string_view("default"))
        .bind(2, r.entry_id)
        .bind(3, r.user_id)
        .bind(4, std::int64_t{0})
        .bind(5, std::int64_t{r.amount > 0 ? 0 : 1})
        .bind(6, r.amount)
        .bind(7, std::int64_t{0})
        .bind(8, std::string_view(r.amount > 0 ? "PURCHASE" : ""))
        .bind(9, std::string_view("bench raw"))
        .bind(10, std::string_view(""))
        .bind(11, r.request_key)
        .bind(12, r.created_at)
        .bind(13, r.expires_at);
    insert_->run();
  }

  Sqlite db_;
  std::optional<Stmt> begin_;
  std::optional<Stmt> commit_;
  std::optional<Stmt> insert_;
};

// --- the scale generator ---------------------------------------------------------

/// A user id of the library's form (a UUID v4 and 4 characters of [0-9a-z]),
/// increasing with n so the generator appends to every index.
std::string scale_user_id(std::uint64_t n) {
  char id[48];
  std::snprintf(id, sizeof id, "%08" PRIx64 "-0000-4000-8000-%012" PRIx64 "scal", n >> 16,
                n & 0xffff);
  return id;
}

/// An entry (and lot) id of the library's form ("e" and 23 of [0-9a-z]),
/// increasing with n and spread over the id space like random ids are: the
/// first four characters are n's position in [0, total) in base 36.
std::string scale_entry_id(std::uint64_t n, std::uint64_t total) {
  static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::uint64_t spread = (n * (36ULL * 36 * 36 * 36)) / total;
  char id[32];
  id[0] = 'e';
  for (int i = 4; i >= 1; --i) {
    id[i] = kDigits[spread % 36];
    spread /= 36;
  }
  std::snprintf(id + 5, sizeof id - 5, "%019" PRIu64, n);
  return id;
}

/// "INSERT INTO <table> (<columns>) VALUES (<values>)", completed with an
/// empty value ('', 0 or x'') for every NOT NULL column without a default
/// that the generator does not name: a column a later migration adds does not
/// break the generator (it says which it filled).
std::string insert_sql(Sqlite& db, const std::string& table, std::string columns,
                       std::string values) {
  std::vector<std::string> known;
  for (std::size_t at = 0; at < columns.size();) {
    const std::size_t end = std::min(columns.find(',', at), columns.size());
    known.push_back(columns.substr(at, end - at));
    at = columns.find_first_not_of(' ', end + 1);
  }
  Stmt info(db,
            "SELECT name, upper(type), \"notnull\", dflt_value IS NOT NULL, pk "
            "FROM pragma_table_info('" +
                table + "')");
  while (info.step()) {
    const std::string name = info.column_text(0);
    const std::string type = info.column_text(1);
    const bool required =
        info.column_int(2) != 0 && info.column_int(3) == 0 && info.column_int(4) == 0;
    if (!required || std::find(known.begin(), known.end(), name) != known.end()) continue;
    columns += ", " + name;
    values += type == "INTEGER" ? ", 0" : type == "BLOB" ? ", x''" : ", ''";
    std::printf("  scale: %s.%s is new to the generator: set to its empty value\n", table.c_str(),
                name.c_str());
  }
  check(!known.empty(), "scale: " + table + " has no columns");
  return "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")";
}

/// Fills the SQLite database `db` (made by the library, which registered
/// `template_user` in it and is closed now) with `users` users and `entries`
/// journal entries: each user a copy of the template's row under a new id
/// (the bench only earns and uses, so the copied encrypted columns are never
/// opened), entries spread evenly, every entry an earn of 10 with its lot,
/// its idempotency key and its stored answer, and each user's balance equal to
/// the sum of its entries. Rows go in key order with the journal off, so every
/// index only grows at its end.
void generate_scale(Sqlite& db, const std::string& template_user, std::uint64_t users,
                    std::uint64_t entries) {
  check(db.text("PRAGMA journal_mode=OFF") == "off", "scale: cannot leave WAL (still open?)");
  db.exec("PRAGMA synchronous=OFF");
  db.exec("PRAGMA foreign_keys=OFF");
  db.exec("PRAGMA cache_size=-262144");  // 256 MiB

  std::vector<std::uint8_t> profile;
  std::vector<std::uint8_t> data_key;
  std::string user_type;
  std::string password_hash;
  std::int64_t created_at = 0;
  {
    Stmt read(db,
              "SELECT profile, data_key, user_type, password_hash, created_at FROM users "
              "WHERE tenant = 'default' AND id = ?1");
    read.bind(1, template_user);
    check(read.step(), "scale: the template user is missing");
    profile = read.column_blob(0);
    data_key = read.column_blob(1);
    user_type = read.column_text(2);
    password_hash = read.column_text(3);
    created_at = read.column_int(4);
    read.reset();
  }

  Stmt user(db, insert_sql(db, "users",
                           "tenant, id, profile, data_key, user_type, password_hash, status, "
                           "status_reason, email_verified, mobile_verified, failed_sign_ins, "
                           "lockouts, locked_until, created_at, updated_at",
                           "'default', ?1, ?2, ?3, ?4, ?5, 0, '', 0, 0, 0, 0, 0, ?6, ?6"));
  Stmt entry(db, insert_sql(db, "ledger_entries",
                            "tenant, entry_id, user_id, asset, kind, amount, frozen_change, "
                            "event_type, description, related_order, related_data, hold_id, "
                            "request_key, created_at, expires_at, prev_entry",
                            "'default', ?1, ?2, 0, 0, ?3, 0, 'PURCHASE', 'generated', ?4, '', "
                            "'', ?5, ?6, ?7, ?8"));
  Stmt lot(db, insert_sql(db, "ledger_lots",
                          "tenant, lot_id, user_id, asset, amount, remaining, frozen, expires_at, "
                          "created_at",
                          "'default', ?1, ?2, 0, ?3, ?3, 0, ?4, ?5"));
  Stmt request(db, insert_sql(db, "ledger_requests",
                              "tenant, asset, request_key, fingerprint, result, created_at",
                              "'default', 0, ?1, ?2, ?3, ?4"));
  Stmt balance(
      db, insert_sql(db, "ledger_balances", "tenant, user_id, asset, posted, frozen, last_entry",
                     "'default', ?1, 0, ?2, 0, ?3"));
  Stmt begin(db, "BEGIN");
  Stmt commit(db, "COMMIT");

  const std::int64_t now = now_ms();
  // Earned over the past year, one entry an hour apart per user; every lot
  // expires in a year, before anything the benchmark earns (24 months).
  const std::int64_t expires = now + 365LL * 86'400'000;
  const std::string fingerprint(64, 'f');
  const auto start = Clock::now();
  std::uint64_t next_entry = 0;
  std::uint64_t next_report = users / 10;
  begin.run();
  for (std::uint64_t u = 0; u < users; ++u) {
    const std::string id = scale_user_id(u);
    user.bind(1, id).bind_blob(2, profile).bind_blob(3, data_key);
    user.bind(4, user_type).bind(5, password_hash).bind(6, created_at);
    user.run();
    const std::uint64_t mine = entries / users + (u < entries % users ? 1 : 0);
    std::string prev_entry;  // the user's journal chain (see entry_chain.hpp)
    for (std::uint64_t j = 0; j < mine; ++j, ++next_entry) {
      const std::string entry_id = scale_entry_id(next_entry, entries);
      const std::string key = "order-" + std::to_string(next_entry);
      const std::int64_t at = now - static_cast<std::int64_t>(mine - j) * 3'600'000;
      const std::string result =
          "{\"amount\":10,\"available\":" + std::to_string(kAmount * static_cast<int>(j + 1)) +
          ",\"discount\":0,\"entry_id\":\"" + entry_id +
          "\",\"expires_at\":" + std::to_string(expires) +
          ",\"final_amount\":0,\"frozen\":0,\"frozen_change\":0,\"hold_id\":\"\",\"kind\":0,"
          "\"total\":" +
          std::to_string(kAmount * static_cast<int>(j + 1)) + "}";
      entry.bind(1, entry_id).bind(2, id).bind(3, kAmount).bind(4, key).bind(5, key);
      entry.bind(6, at).bind(7, expires).bind(8, prev_entry);
      entry.run();
      prev_entry = entry_id;
      lot.bind(1, entry_id).bind(2, id).bind(3, kAmount).bind(4, expires).bind(5, at);
      lot.run();
      request.bind(1, key).bind(2, fingerprint).bind(3, result).bind(4, at);
      request.run();
    }
    balance.bind(1, id).bind(2, kAmount * static_cast<std::int64_t>(mine)).bind(3, prev_entry);
    balance.run();
    if (u + 1 == next_report || u + 1 == users) {
      commit.run();
      std::printf("  scale: %" PRIu64 " users, %" PRIu64 " entries (%.0f s)\n", u + 1, next_entry,
                  seconds_since(start));
      std::fflush(stdout);
      next_report += users / 10;
      if (u + 1 < users) begin.run();
    }
  }
  check(next_entry == entries, "scale: generated a different number of entries");
  db.exec("PRAGMA synchronous=FULL");
  db.exec("PRAGMA foreign_keys=ON");
  presize_wal(db);
}

// --- PostgreSQL ------------------------------------------------------------------

#ifdef MEMBER_BENCH_WITH_POSTGRES

struct PgResultFree {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultFree>;

/// A libpq connection for the PostgreSQL baseline: single-row INSERT
/// transactions and bulk INSERTs in one transaction, with a prepared INSERT.
class RawPostgres {
 public:
  explicit RawPostgres(const std::string& uri) : conn_(PQconnectdb(uri.c_str())) {
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) {
      const std::string why = conn_ ? PQerrorMessage(conn_) : "out of memory";
      PQfinish(conn_);
      throw std::runtime_error("cannot connect to PostgreSQL: " + why);
    }
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~RawPostgres() { PQfinish(conn_); }
  RawPostgres(const RawPostgres&) = delete;
  RawPostgres& operator=(const RawPostgres&) = delete;

  void exec(const char* sql) {
    const PgResult r(PQexec(conn_, sql));
    ok(r.get(), sql);
  }
  std::string text(const char* sql) {
    const PgResult r(PQexec(conn_, sql));
    ok(r.get(), sql);
    return PQntuples(r.get()) > 0 ? PQgetvalue(r.get(), 0, 0) : "";
  }

  void create_table() {
    exec("DROP TABLE IF EXISTS bench_raw_journal");
    exec(
        "CREATE TABLE bench_raw_journal (seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
        "tenant TEXT NOT NULL, entry_id TEXT NOT NULL, user_id TEXT NOT NULL, "
        "asset BIGINT NOT NULL, kind BIGINT NOT NULL, amount BIGINT NOT NULL, "
        "frozen_change BIGINT NOT NULL, event_type TEXT NOT NULL, description TEXT NOT NULL, "
        "related_order TEXT NOT NULL, request_key TEXT NOT NULL, created_at BIGINT NOT NULL, "
        "expires_at BIGINT NOT NULL)");
  }

  void prepare() {
    const std::string sql = std::string("INSERT INTO bench_raw_journal (") + kRawColumns +
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
    const PgResult r(PQprepare(conn_, "raw_insert", sql.c_str(), 13, nullptr));
    ok(r.get(), "PREPARE raw_insert");
  }

  void single(const RawRow& row) {
    exec("BEGIN");
    insert(row);
    exec("COMMIT");
  }

  void bulk(RawRows& rows, std::size_t count) {
    exec("BEGIN");
    for (std::size_t i = 0; i < count; ++i) insert(rows.next());
    exec("COMMIT");
  }

 private:
  void ok(const PGresult* r, const char* what) {
    const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      throw std::runtime_error(std::string("PostgreSQL: ") + PQerrorMessage(conn_) + " in " + what);
    }
  }

  void insert(const RawRow& r) {
    const std::string kind = r.amount > 0 ? "0" : "1";
    const std::string amount = std::to_string(r.amount);
    const std::string created = std::to_string(r.created_at);
    const std::string expires = std::to_string(r.expires_at);
    const char* values[13] = {"default",
                              r.entry_id.c_str(),
                              r.user_id.c_str(),
                              "0",
                              kind.c_str(),
                              amount.c_str(),
                              "0",
                              r.amount > 0 ? "PURCHASE" : "",
                              "bench raw",
                              "",
                              r.request_key.c_str(),
                              created.c_str(),
                              expires.c_str()};
    const PgResult res(PQexecPrepared(conn_, "raw_insert", 13, values, nullptr, nullptr, 0));
    ok(res.get(), "INSERT");
  }

  PGconn* conn_;
};

#endif  // MEMBER_BENCH_WITH_POSTGRES

// --- measuring -------------------------------------------------------------------

struct Ratio {
  std::string metric;
  double value;
  double target;
};

/// One comparison: what it is called and how it is sliced.
struct Phase {
  const char* label;  ///< names the round lines
  const char* what;   ///< printed first
  unsigned threads = 1;
  std::uint64_t warm_ops = 200;  ///< warm-up operations per thread per side
  /// Operations of a batch (a transaction of 1000): slices of at least one,
  /// and with several threads half as many slices, to keep the run short.
  bool batch = false;
};

/// Warms both sides up, sizes the slices from the warm-up rates so that one
/// slice of each side lasts about 2 x 0.15 s (0.2 s with --full), and
/// compares them interleaved (measure.hpp).
Comparison measure(const member::bench::Args& args, const Phase& phase, const Operation& ours,
                   const Operation& baseline) {
  std::printf("%s: %s\n", phase.label, phase.what);
  const unsigned threads = phase.threads;
  const double ours_rate = member::bench::run_rate(threads, phase.warm_ops, ours) / threads;
  const double base_rate = member::bench::run_rate(threads, phase.warm_ops, baseline) / threads;
  const double per_op = (1.0 / ours_rate + 1.0 / base_rate) / 2.0;
  unsigned slices = args.full ? 12u : 8u;
  if (phase.batch && threads > 1) slices /= 2;
  const Schedule s{.rounds = args.full ? 9u : 5u,
                   .slices = slices,
                   .per_slice = member::bench::iterations_for(
                       std::chrono::duration<double>(args.full ? 0.2 : 0.15), 1.0 / per_op,
                       phase.batch ? 1 : 2)};
  std::printf(
      "  warm-up (per thread): ours %.1f/s, baseline %.1f/s; %u rounds of %u slices of "
      "%" PRIu64 " operations per thread per side\n",
      ours_rate, base_rate, s.rounds, s.slices, s.per_slice);
  std::fflush(stdout);
  return member::bench::compare(phase.label, threads, s, ours, baseline);
}

member::Options sqlite_options(const fs::path& file) {
  member::Options options;  // the defaults: WAL, Durability::full, ...
  options.database = file.string();
  options.password_hashing = {.memory_kib = 64, .iterations = 1, .parallelism = 1};
  return options;
}

/// A System on a new SQLite file whose WAL was presized first (presize_wal).
std::unique_ptr<member::System> open_sqlite_system(const fs::path& file) {
  Sqlite db(file.string());
  presize_wal(db);
  return std::make_unique<member::System>(sqlite_options(file));
}

}  // namespace

int main(int argc, char** argv) try {
  const Args args = parse_args(argc, argv);
  const member::bench::Args harness{.full = args.full};
  const std::string tag = run_tag();
  std::vector<Ratio> ratios;

  const TempDir dir;
  std::printf("ledger: points operations through member::System vs raw INSERT transactions\n");
  std::printf("temp dir: %s\n", dir.path().c_str());

  // ---- SQLite: single and batch --------------------------------------------------
  const std::unique_ptr<member::System> sys = open_sqlite_system(dir.path() / "member.db");
  auto start = Clock::now();
  Workload small(register_users(*sys, kUsers, 1, tag), "k" + tag + "-");
  std::printf("sqlite: %zu users registered in %.1f s\n", kUsers, seconds_since(start));
  RawSqlite raw((dir.path() / "raw.db").string());
  std::printf("sqlite: member.db and raw.db, both %s\n", raw.pragmas().c_str());
  RawRows raw_rows(small, 0, "raw-");

  const Operation sqlite_single = [&](unsigned t, std::uint64_t) {
    small.single(sys->points(), t);
  };
  const Operation raw_single = [&](unsigned, std::uint64_t) { raw.single(raw_rows.next()); };
  const Comparison single = measure(harness,
                                    {.label = "sqlite-single",
                                     .what = "one earn or use per transaction; raw: one INSERT "
                                             "per transaction"},
                                    sqlite_single, raw_single);

  const Operation sqlite_batch = [&](unsigned t, std::uint64_t) { small.batch(sys->points(), t); };
  const Operation raw_bulk = [&](unsigned, std::uint64_t) { raw.bulk(raw_rows, kBatchItems); };
  const Comparison batch = measure(harness,
                                   {.label = "sqlite-batch",
                                    .what = "1000 operations per transaction; raw: 1000 INSERTs "
                                            "per transaction (rates are transactions/s)",
                                    .warm_ops = 3,
                                    .batch = true},
                                   sqlite_batch, raw_bulk);

  std::printf("sqlite single: ledger %.0f ops/s (%.3f ms each), raw INSERT %.0f tx/s (%.3f ms)\n",
              single.ours_median(), 1e3 / single.ours_median(), single.baseline_median(),
              1e3 / single.baseline_median());
  std::printf(
      "sqlite batch: ledger %.0f ops/s, raw INSERT %.0f rows/s (%.1f ms vs %.1f ms per 1000)\n",
      batch.ours_median() * kBatchItems, batch.baseline_median() * kBatchItems,
      1e3 / batch.ours_median(), 1e3 / batch.baseline_median());
  std::fflush(stdout);
  {
    // Per single change: an earn and a use, alternately, as in the rounds.
    const double ours_single = wal_pages_per_call(
        dir.path() / "member.db", [&] { small.single(sys->points(), 0); }, 40);
    const double raw_tx = wal_pages_per_call(
        dir.path() / "raw.db", [&] { raw.single(raw_rows.next()); }, 40);
    const double ours_item =
        wal_pages_per_call(
            dir.path() / "member.db", [&] { small.batch(sys->points(), 0); }, 3) /
        kBatchItems;
    const double raw_row = wal_pages_per_call(
                               dir.path() / "raw.db", [&] { raw.bulk(raw_rows, kBatchItems); }, 3) /
                           kBatchItems;
    std::printf(
        "sqlite WAL pages: ledger %.1f per single change, %.2f per batch item; raw %.1f per "
        "INSERT transaction, %.2f per bulk row\n",
        ours_single, ours_item, raw_tx, raw_row);
  }
  ratios.push_back({"ledger_single_vs_sqlite", single.ratio(), 0.5});
  ratios.push_back({"ledger_batch_vs_sqlite", batch.ratio(), 0.3});

  // ---- SQLite at scale -------------------------------------------------------------
  if (args.scale_users != 0) {
    std::printf("scale: %" PRIu64 " users, %" PRIu64 " journal entries\n", args.scale_users,
                args.scale_entries);
    const fs::path file = dir.path() / "scale.db";
    std::string template_user;
    {
      member::System maker(sqlite_options(file));
      template_user = register_users(maker, 1, 1, tag + "t").front();
    }
    start = Clock::now();
    std::unique_ptr<member::System> big;
    {
      Sqlite db(file.string());
      generate_scale(db, template_user, args.scale_users, args.scale_entries);
      big = std::make_unique<member::System>(sqlite_options(file));
    }
    std::printf("scale: generated in %.0f s; scale.db %.2f GB\n", seconds_since(start),
                static_cast<double>(fs::file_size(file)) / 1e9);
    std::vector<std::string> spread;
    for (std::size_t i = 0; i < kUsers; ++i) {
      spread.push_back(scale_user_id(i * (args.scale_users / kUsers)));
    }
    Workload spread_users(std::move(spread), "k" + tag + "-");
    const Operation big_single = [&](unsigned t, std::uint64_t) {
      spread_users.single(big->points(), t);
    };
    // The empty side: a new database with just its 1,000 users.
    const std::unique_ptr<member::System> empty = open_sqlite_system(dir.path() / "empty.db");
    Workload empty_users(register_users(*empty, kUsers, 1, tag + "e"), "k" + tag + "-");
    const Operation empty_single = [&](unsigned t, std::uint64_t) {
      empty_users.single(empty->points(), t);
    };
    const Comparison scale =
        measure(harness,
                {.label = "scale-single",
                 .what = "one earn or use per transaction; ours: on the large database, "
                         "baseline: on an empty one (1000 users)"},
                big_single, empty_single);
    std::printf("scale single: large database %.0f ops/s, empty database %.0f ops/s\n",
                scale.ours_median(), scale.baseline_median());
    ratios.push_back({"ledger_scale_vs_empty", scale.ratio(), 0.8});
  }

  // ---- PostgreSQL -----------------------------------------------------------------
#ifdef MEMBER_BENCH_WITH_POSTGRES
  const char* pg_uri = std::getenv("MEMBER_BENCH_POSTGRES");
  if (pg_uri == nullptr || *pg_uri == '\0') {
    std::printf("postgres: skipped (MEMBER_BENCH_POSTGRES is not set; ./scripts/bench sets it)\n");
  } else {
    std::vector<std::unique_ptr<RawPostgres>> conns;
    for (unsigned t = 0; t < kPgThreads; ++t) {
      conns.push_back(std::make_unique<RawPostgres>(pg_uri));
    }
    std::printf("postgres: server %s, fsync=%s, synchronous_commit=%s, full_page_writes=%s\n",
                conns[0]->text("SHOW server_version").c_str(), conns[0]->text("SHOW fsync").c_str(),
                conns[0]->text("SHOW synchronous_commit").c_str(),
                conns[0]->text("SHOW full_page_writes").c_str());
    conns[0]->create_table();
    for (auto& c : conns) c->prepare();

    member::Options options;
    options.database = pg_uri;
    options.master_key = kPgMasterKey;
    options.pool_size = 8;
    options.password_hashing = {.memory_kib = 64, .iterations = 1, .parallelism = 1};
    member::System pg(options);
    start = Clock::now();
    Workload pg_users(register_users(pg, kUsers * kPgThreads, kPgThreads, tag + "p"),
                      "k" + tag + "p-");
    std::printf("postgres: %zu users registered in %.1f s; pool_size %u\n", kUsers * kPgThreads,
                seconds_since(start), options.pool_size);
    // What autovacuum does on a live server within a minute of those
    // inserts: without statistics PostgreSQL plans the batch's user lookups
    // (id IN (...)) badly, which no deployment with members would see.
    conns[0]->exec("ANALYZE users");
    std::printf("postgres: ANALYZE users (as autovacuum would after the registrations)\n");
    std::vector<RawRows> pg_rows;
    for (unsigned t = 0; t < kPgThreads; ++t) {
      pg_rows.emplace_back(pg_users, t, "raw-" + tag + "-" + std::to_string(t) + "-");
    }

    const Operation pg_single = [&](unsigned t, std::uint64_t) { pg_users.single(pg.points(), t); };
    const Operation pg_raw_single = [&](unsigned t, std::uint64_t) {
      conns[t]->single(pg_rows[t].next());
    };
    const Operation pg_batch = [&](unsigned t, std::uint64_t) { pg_users.batch(pg.points(), t); };
    const Operation pg_raw_bulk = [&](unsigned t, std::uint64_t) {
      conns[t]->bulk(pg_rows[t], kBatchItems);
    };

    pg_users.assign(1);
    const Comparison s1 = measure(
        harness, {.label = "pg-single-1t", .what = "one earn or use per transaction, 1 thread"},
        pg_single, pg_raw_single);
    const Comparison b1 =
        measure(harness,
                {.label = "pg-batch-1t",
                 .what = "1000 operations per transaction, 1 thread (rates are transactions/s)",
                 .warm_ops = 2,
                 .batch = true},
                pg_batch, pg_raw_bulk);
    pg_users.assign(kPgThreads);
    const Comparison s4 = measure(harness,
                                  {.label = "pg-single-4t",
                                   .what = "one earn or use per transaction, 4 threads",
                                   .threads = kPgThreads,
                                   .warm_ops = 100},
                                  pg_single, pg_raw_single);
    const Comparison b4 =
        measure(harness,
                {.label = "pg-batch-4t",
                 .what = "1000 operations per transaction, 4 threads (rates are transactions/s)",
                 .threads = kPgThreads,
                 .warm_ops = 1,
                 .batch = true},
                pg_batch, pg_raw_bulk);

    std::printf("postgres single 1t: ledger %.0f ops/s, raw INSERT %.0f tx/s\n", s1.ours_median(),
                s1.baseline_median());
    std::printf("postgres batch 1t: ledger %.0f ops/s, raw INSERT %.0f rows/s\n",
                b1.ours_median() * kBatchItems, b1.baseline_median() * kBatchItems);
    std::printf("postgres single 4t: ledger %.0f ops/s, raw INSERT %.0f tx/s\n", s4.ours_median(),
                s4.baseline_median());
    std::printf("postgres batch 4t: ledger %.0f ops/s, raw INSERT %.0f rows/s\n",
                b4.ours_median() * kBatchItems, b4.baseline_median() * kBatchItems);
    ratios.push_back({"pg_ledger_single_vs_pg", s1.ratio(), 0.5});
    ratios.push_back({"pg_ledger_batch_vs_pg", b1.ratio(), 0.3});
    ratios.push_back({"pg_ledger_single_vs_pg_4t", s4.ratio(), 0.5});
    ratios.push_back({"pg_ledger_batch_vs_pg_4t", b4.ratio(), 0.3});
    conns[0]->exec("DROP TABLE IF EXISTS bench_raw_journal");
  }
#else
  std::printf("postgres: skipped (built without MEMBER_WITH_POSTGRES)\n");
#endif

  for (const Ratio& r : ratios) member::bench::print_ratio(r.metric, r.value, r.target);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "ledger: %s\n", e.what());
  return 1;
}
