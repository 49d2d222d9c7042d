// A start line for racing threads: each thread arrives and waits until all
// have arrived. Same contract as std::latch::arrive_and_wait, built on a
// mutex and condition variable because g++ 12's std::latch (atomic wait)
// can lose a wake-up and hang.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace member::test {

class Latch {
 public:
  explicit Latch(std::ptrdiff_t count) : remaining_(count) {}

  void arrive_and_wait() {
    std::unique_lock lock(mutex_);
    if (--remaining_ <= 0) {
      all_arrived_.notify_all();
      return;
    }
    all_arrived_.wait(lock, [&] { return remaining_ <= 0; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable all_arrived_;
  std::ptrdiff_t remaining_;
};

}  // namespace member::test
