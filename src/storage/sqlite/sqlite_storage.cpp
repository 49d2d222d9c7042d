// The SQLite backend: the shared SQL storage over SQLite connections. One
// writer connection (SQLite allows one writer at a time; BEGIN IMMEDIATE plus
// busy_timeout orders writers of other processes) and a pool of reader
// connections that read WAL snapshots in parallel. An in-memory database is a
// single connection that serves both.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "member/storage.hpp"
#include "storage/sql/sql_storage.hpp"
#include "storage/sqlite/sqlite_connection.hpp"

namespace member::storage {
namespace {

/// Creates a new database file readable by its owner only (0600); SQLite
/// gives the -wal and -shm files the same mode. An existing file is left as is.
void create_private_file(const std::string& path) {
  const auto parent = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  if (ec) throw Error(Errc::storage, "cannot create the database directory");
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
  } else if (errno != EEXIST) {
    throw Error(Errc::storage, "cannot create the database file");
  }
}

}  // namespace

std::shared_ptr<Storage> open_sqlite(const SqliteOptions& options) {
  if (options.path.empty()) {
    throw Error(Errc::invalid_argument, "database: is empty", "database");
  }
  const bool in_memory = options.path == ":memory:";
  if (!in_memory) create_private_file(options.path);
  auto connect = [options] { return sqlite::open_connection(options); };
  auto writer = std::make_shared<sql::ConnectionPool>(connect, 1);
  if (in_memory || options.readers == 0) return sql::make_sql_storage(writer, writer);
  auto readers = std::make_shared<sql::ConnectionPool>(connect, options.readers);
  return sql::make_sql_storage(writer, readers);
}

}  // namespace member::storage
