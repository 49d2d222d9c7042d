// The SQLite backend: one writer connection behind a mutex (SQLite allows one
// writer at a time anyway; BEGIN IMMEDIATE plus busy_timeout orders writers
// of other processes), and a pool of reader connections that read WAL
// snapshots in parallel. An in-memory database has a single connection that
// serves both.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <vector>

#include "member/storage.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/migrations.hpp"
#include "storage/sqlite/stores.hpp"

namespace member::storage {

UserStore::~UserStore() = default;
LoginLogStore::~LoginLogStore() = default;
AuditStore::~AuditStore() = default;
KeyStore::~KeyStore() = default;
TenantStore::~TenantStore() = default;
Transaction::~Transaction() = default;
Storage::~Storage() = default;

int sqlite_schema_version() noexcept {
  return sqlite::latest_schema_version();
}

namespace sqlite {
namespace {

/// Creates a new database file readable by its owner only (0600); SQLite
/// gives the -wal and -shm files the same mode. An existing file is left as is.
void create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    throw Error(Errc::storage, "cannot create the database file");
  }
}

/// A transaction on one connection. `release` hands the connection back.
class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SQLite::Database& db, bool write, std::function<void()> release)
      : db_(db),
        release_(std::move(release)),
        users_(db),
        logins_(db),
        audit_(db),
        keys_(db),
        tenants_(db) {
    try {
      guarded([&] { db_.exec(write ? "BEGIN IMMEDIATE" : "BEGIN"); });
    } catch (...) {
      release_();
      throw;
    }
  }

  ~SqliteTransaction() override {
    if (!done_) {
      try {
        db_.exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
        // Nothing to roll back (SQLite already did after an error).
      }
    }
    release_();
  }

  void commit() override {
    guarded([&] { db_.exec("COMMIT"); });
    done_ = true;
  }

  UserStore& users() override { return users_; }
  LoginLogStore& logins() override { return logins_; }
  AuditStore& audit() override { return audit_; }
  KeyStore& keys() override { return keys_; }
  TenantStore& tenants() override { return tenants_; }

 private:
  SQLite::Database& db_;
  std::function<void()> release_;
  bool done_ = false;
  SqliteUserStore users_;
  SqliteLoginLogStore logins_;
  SqliteAuditStore audit_;
  SqliteKeyStore keys_;
  SqliteTenantStore tenants_;
};

class SqliteStorage final : public Storage {
 public:
  explicit SqliteStorage(const SqliteOptions& options)
      : options_(options), in_memory_(options.path == ":memory:") {
    if (options.path.empty()) {
      throw Error(Errc::invalid_argument, "database: is empty", "database");
    }
    if (!in_memory_) {
      const auto parent = std::filesystem::path(options.path).parent_path();
      std::error_code ec;
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
      if (ec) throw Error(Errc::storage, "cannot create the database directory");
      create_private_file(options.path);
    }
    writer_ = open_connection(options);
    migrate(*writer_);
  }

  std::unique_ptr<Transaction> write() override {
    std::unique_lock lock(writer_mutex_);
    auto* mutex = lock.release();
    return std::make_unique<SqliteTransaction>(*writer_, true, [mutex] { mutex->unlock(); });
  }

  std::unique_ptr<Transaction> read() override {
    if (in_memory_ || options_.readers == 0) {
      std::unique_lock lock(writer_mutex_);
      auto* mutex = lock.release();
      return std::make_unique<SqliteTransaction>(*writer_, false, [mutex] { mutex->unlock(); });
    }
    SQLite::Database* reader = acquire_reader();
    return std::make_unique<SqliteTransaction>(*reader, false,
                                               [this, reader] { release_reader(reader); });
  }

 private:
  SQLite::Database* acquire_reader() {
    std::unique_lock lock(pool_mutex_);
    pool_ready_.wait(lock, [&] { return !idle_.empty() || readers_.size() < options_.readers; });
    if (!idle_.empty()) {
      SQLite::Database* reader = idle_.back();
      idle_.pop_back();
      return reader;
    }
    readers_.push_back(open_connection(options_));
    return readers_.back().get();
  }

  void release_reader(SQLite::Database* reader) {
    {
      std::lock_guard lock(pool_mutex_);
      idle_.push_back(reader);
    }
    pool_ready_.notify_one();
  }

  SqliteOptions options_;
  bool in_memory_;
  std::mutex writer_mutex_;
  std::unique_ptr<SQLite::Database> writer_;
  std::mutex pool_mutex_;
  std::condition_variable pool_ready_;
  std::vector<std::unique_ptr<SQLite::Database>> readers_;
  std::vector<SQLite::Database*> idle_;
};

}  // namespace
}  // namespace sqlite

std::shared_ptr<Storage> open_sqlite(const SqliteOptions& options) {
  return std::make_shared<sqlite::SqliteStorage>(options);
}

}  // namespace member::storage
