#include "storage/sql/connection_pool.hpp"

namespace member::storage::sql {

Lease::~Lease() {
  if (connection_) pool_->release(std::move(connection_));
}

ConnectionPool::ConnectionPool(Factory factory, std::uint32_t max_size)
    : factory_(std::move(factory)), max_size_(max_size < 1 ? 1 : max_size) {}

Lease ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [&] { return !idle_.empty() || open_ < max_size_; });
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return Lease(*this, std::move(connection));
  }
  ++open_;  // reserve the slot, then connect without holding the lock
  lock.unlock();
  try {
    return Lease(*this, factory_());
  } catch (...) {
    lock.lock();
    --open_;
    returned_.notify_one();
    throw;
  }
}

void ConnectionPool::release(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    if (connection->broken()) {
      --open_;
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  returned_.notify_one();
}

}  // namespace member::storage::sql
