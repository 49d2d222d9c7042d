// A clock that runs a hook inside one of its readings: a way to put another
// caller's work between two steps of an operation, without threads.
#pragma once

#include <functional>
#include <utility>

#include "member/clock.hpp"

namespace member::test {

/// Runs `hook` once, inside its `armed`-th reading. That reading returns the
/// time as it was before the hook (which may move `inner` on), as a caller
/// that read the time just before another caller's work would have seen it.
class TrapClock final : public Clock {
 public:
  TimePoint now() const override {
    const TimePoint read = inner.now();
    if (armed > 0 && --armed == 0 && hook) std::exchange(hook, nullptr)();
    return read;
  }
  mutable int armed = 0;
  mutable std::function<void()> hook;
  ManualClock inner;
};

}  // namespace member::test
