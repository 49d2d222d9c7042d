// The source of time for every rule that depends on it (lockout, expiry, ...).
//
// member never reads the system clock directly: it asks the Clock given in
// member::Options. Tests and hosts that replay events pass a ManualClock and
// move it, instead of sleeping.
#pragma once

#include <atomic>
#include <chrono>

#include "member/export.hpp"

namespace member {

using TimePoint = std::chrono::system_clock::time_point;

/// A source of the current time. Implementations must be thread-safe.
class MEMBER_EXPORT Clock {
 public:
  virtual ~Clock();
  virtual TimePoint now() const = 0;
};

/// The real wall clock (std::chrono::system_clock). Thread-safe.
class MEMBER_EXPORT SystemClock final : public Clock {
 public:
  TimePoint now() const override;
};

/// A clock that only moves when told to. Thread-safe: advance() and set() may
/// race with now() from other threads.
class MEMBER_EXPORT ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{std::chrono::hours(24 * 365 * 56)});
  TimePoint now() const override;
  void set(TimePoint t);
  void advance(std::chrono::system_clock::duration d);

 private:
  std::atomic<std::chrono::system_clock::rep> ticks_;
};

}  // namespace member
