// A bounded pool of connections to one database, shared by threads. A lease
// returns its connection when destroyed; a connection that reports itself
// broken (its server went away) is dropped instead and replaced on demand.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sql/connection.hpp"

namespace member::storage::sql {

class ConnectionPool;

/// Exclusive use of one pooled connection.
class Lease {
 public:
  Lease(ConnectionPool& pool, std::unique_ptr<Connection> connection)
      : pool_(&pool), connection_(std::move(connection)) {}
  Lease(Lease&&) noexcept = default;
  Lease& operator=(Lease&&) noexcept = default;
  ~Lease();
  Connection& operator*() const { return *connection_; }
  Connection* operator->() const { return connection_.get(); }

 private:
  ConnectionPool* pool_;
  std::unique_ptr<Connection> connection_;
};

class ConnectionPool {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;

  /// At most `max_size` connections (>= 1), made by `factory` when needed.
  ConnectionPool(Factory factory, std::uint32_t max_size);

  /// Waits for a free connection, opening one while under the limit.
  Lease acquire();

 private:
  friend class Lease;
  void release(std::unique_ptr<Connection> connection);

  Factory factory_;
  std::uint32_t max_size_;
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::uint32_t open_ = 0;
};

}  // namespace member::storage::sql
