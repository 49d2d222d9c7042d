#include "accounts/lockout.hpp"

#include <algorithm>
#include <chrono>
#include <limits>

namespace member::detail {

bool is_locked(const LockState& state, std::int64_t now_ms) noexcept {
  return state.locked_until_ms > now_ms;
}

namespace {

constexpr std::int64_t kForever = std::numeric_limits<std::int64_t>::max();

std::int64_t saturating_ms(std::chrono::seconds s) {
  if (s.count() <= 0) return 0;
  return s.count() > kForever / 1000 ? kForever : s.count() * 1000;
}

}  // namespace

std::int64_t lock_period_ms(const LockoutPolicy& policy, std::uint32_t lockout) noexcept {
  const std::int64_t cap = saturating_ms(policy.max_lock);
  std::int64_t period = std::min(saturating_ms(policy.base_lock), cap);
  const std::int64_t growth = std::max<std::int64_t>(policy.growth, 1);
  for (std::uint32_t i = 1; i < lockout && period < cap; ++i) {
    period = period > cap / growth ? cap : period * growth;
  }
  return period;
}

LockState after_failure(const LockoutPolicy& policy, LockState state,
                        std::int64_t now_ms) noexcept {
  state.failures += 1;
  if (state.failures >= policy.max_failures) {
    state.lockouts += 1;
    state.failures = 0;
    const std::int64_t period = lock_period_ms(policy, state.lockouts);
    state.locked_until_ms = period > kForever - now_ms ? kForever : now_ms + period;
  }
  return state;
}

}  // namespace member::detail
