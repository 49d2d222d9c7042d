#include "member/clock.hpp"

namespace member {

Clock::~Clock() = default;

TimePoint SystemClock::now() const {
  return std::chrono::system_clock::now();
}

ManualClock::ManualClock(TimePoint start) : ticks_(start.time_since_epoch().count()) {}

TimePoint ManualClock::now() const {
  return TimePoint{std::chrono::system_clock::duration{ticks_.load(std::memory_order_acquire)}};
}

void ManualClock::set(TimePoint t) {
  ticks_.store(t.time_since_epoch().count(), std::memory_order_release);
}

void ManualClock::advance(std::chrono::system_clock::duration d) {
  ticks_.fetch_add(d.count(), std::memory_order_acq_rel);
}

}  // namespace member
