#include "accounts/lockout.hpp"

#include <chrono>

namespace member::detail {

bool is_locked(const LockState& state, std::int64_t now_ms) noexcept {
  return state.locked_until_ms > now_ms;
}

std::int64_t lock_period_ms(const LockoutPolicy& policy, std::uint32_t lockout) noexcept {
  using std::chrono::milliseconds;
  const std::int64_t cap = std::chrono::duration_cast<milliseconds>(policy.max_lock).count();
  std::int64_t period = std::chrono::duration_cast<milliseconds>(policy.base_lock).count();
  for (std::uint32_t i = 1; i < lockout && period < cap; ++i) period *= policy.growth;
  return period < cap ? period : cap;
}

LockState after_failure(const LockoutPolicy& policy, LockState state,
                        std::int64_t now_ms) noexcept {
  state.failures += 1;
  if (state.failures >= policy.max_failures) {
    state.lockouts += 1;
    state.failures = 0;
    state.locked_until_ms = now_ms + lock_period_ms(policy, state.lockouts);
  }
  return state;
}

}  // namespace member::detail
