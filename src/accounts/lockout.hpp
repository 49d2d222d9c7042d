// The sign-in lockout schedule (A4) as pure functions: no I/O, no clock.
#pragma once

#include <cstdint>

#include "member/policy.hpp"
#include "member/storage.hpp"

namespace member::detail {

struct LockState {
  std::uint32_t failures = 0;  ///< consecutive failures since the last lock or success
  std::uint32_t lockouts = 0;  ///< locks since the last success
  std::int64_t locked_until_ms = 0;
};

bool is_locked(const LockState& state, std::int64_t now_ms) noexcept;

/// The lock period for the `lockout`-th lock (1-based): base * growth^(n-1),
/// capped at max_lock.
std::int64_t lock_period_ms(const LockoutPolicy& policy, std::uint32_t lockout) noexcept;

/// The state after a failed attempt at `now_ms`: one more failure, and a new
/// lock (failures back to 0) when that makes max_failures.
LockState after_failure(const LockoutPolicy& policy, LockState state, std::int64_t now_ms) noexcept;

/// A success clears everything.
inline LockState after_success() noexcept {
  return {};
}

/// The lock state a user row carries, and storing one back into it.
inline LockState lock_state(const storage::UserRow& row) noexcept {
  return {row.failed_sign_ins, row.lockouts, row.locked_until_ms};
}
inline void set_lock_state(storage::UserRow& row, const LockState& state) noexcept {
  row.failed_sign_ins = state.failures;
  row.lockouts = state.lockouts;
  row.locked_until_ms = state.locked_until_ms;
}

/// The same for the throttle row of an identifier no account has.
inline LockState lock_state(const storage::SignInThrottleRow& row) noexcept {
  return {row.failures, row.lockouts, row.locked_until_ms};
}
inline void set_lock_state(storage::SignInThrottleRow& row, const LockState& state) noexcept {
  row.failures = state.failures;
  row.lockouts = state.lockouts;
  row.locked_until_ms = state.locked_until_ms;
}

}  // namespace member::detail
