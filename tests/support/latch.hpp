// A start line for racing threads: each thread arrives and waits until all
// have arrived; race() runs a function on threads released together. Same contract as
// std::latch::arrive_and_wait, built on a mutex and condition variable because g++ 12's std::latch
// (atomic wait) can lose a wake-up and hang.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

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

/// Runs `f(i)` on `n` threads released together, and waits for them.
template <class F>
void race(std::size_t n, F f) {
  Latch start(static_cast<std::ptrdiff_t>(n));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      f(i);
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace member::test
