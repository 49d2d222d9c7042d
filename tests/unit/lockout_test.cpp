// accounts/lockout: the A4 schedule as pure functions.
#include <chrono>
#include <cstdint>
#include <limits>

#include "accounts/lockout.hpp"
#include "support/fixtures.hpp"

using namespace member;
using namespace member::detail;
using namespace std::chrono_literals;

namespace {
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kNow = 1'700'000'000'000;  // an arbitrary epoch time in ms
}  // namespace

TEST_CASE("A4 lockout: the defaults are 5 failures, 15 min growing x2, capped at 24 h") {
  const LockoutPolicy policy;
  CHECK(policy.max_failures == 5);
  CHECK(policy.base_lock == 15min);
  CHECK(policy.growth == 2);
  CHECK(policy.max_lock == 24h);
}

TEST_CASE("A4 lockout: is_locked compares locked_until with now (exclusive)") {
  CHECK_FALSE(is_locked(LockState{}, kNow));
  CHECK_FALSE(is_locked(LockState{}, 0));
  const LockState locked{.failures = 0, .lockouts = 1, .locked_until_ms = kNow + 1000};
  CHECK(is_locked(locked, kNow));
  CHECK(is_locked(locked, kNow + 999));
  CHECK_FALSE(is_locked(locked, kNow + 1000));  // the retry time itself is allowed
  CHECK_FALSE(is_locked(locked, kNow + 1001));
  CHECK(is_locked(locked, std::numeric_limits<std::int64_t>::min()));
}

TEST_CASE("A4 lockout: the period doubles per lockout and stops at the cap") {
  const LockoutPolicy policy;
  CHECK(lock_period_ms(policy, 1) == 15 * kMinute);
  CHECK(lock_period_ms(policy, 2) == 30 * kMinute);
  CHECK(lock_period_ms(policy, 3) == 60 * kMinute);
  CHECK(lock_period_ms(policy, 4) == 2 * kHour);
  CHECK(lock_period_ms(policy, 5) == 4 * kHour);
  CHECK(lock_period_ms(policy, 6) == 8 * kHour);
  CHECK(lock_period_ms(policy, 7) == 16 * kHour);
  CHECK(lock_period_ms(policy, 8) == 24 * kHour);  // 32 h capped
  CHECK(lock_period_ms(policy, 9) == 24 * kHour);
  CHECK(lock_period_ms(policy, 1000) == 24 * kHour);
  // Huge lockout counts neither overflow nor take long.
  CHECK(lock_period_ms(policy, std::numeric_limits<std::uint32_t>::max()) == 24 * kHour);
  // Lockout 0 is treated like the first.
  CHECK(lock_period_ms(policy, 0) == 15 * kMinute);
}

TEST_CASE("A4 lockout: custom growth, growth 1 and a base above the cap") {
  LockoutPolicy triple;
  triple.base_lock = 1min;
  triple.growth = 3;
  triple.max_lock = 10min;
  CHECK(lock_period_ms(triple, 1) == 1 * kMinute);
  CHECK(lock_period_ms(triple, 2) == 3 * kMinute);
  CHECK(lock_period_ms(triple, 3) == 9 * kMinute);
  CHECK(lock_period_ms(triple, 4) == 10 * kMinute);
  CHECK(lock_period_ms(triple, 50) == 10 * kMinute);

  LockoutPolicy flat;
  flat.growth = 1;
  CHECK(lock_period_ms(flat, 1) == 15 * kMinute);
  CHECK(lock_period_ms(flat, 7) == 15 * kMinute);

  LockoutPolicy capped;
  capped.base_lock = 2h;
  capped.max_lock = 1h;
  CHECK(lock_period_ms(capped, 1) == kHour);

  LockoutPolicy big_growth;
  big_growth.growth = std::numeric_limits<std::uint32_t>::max();
  CHECK(lock_period_ms(big_growth, 2) == 24 * kHour);
  CHECK(lock_period_ms(big_growth, 3) == 24 * kHour);
}

TEST_CASE("A4 lockout: N-1 failures count, the N-th locks for the base period") {
  const LockoutPolicy policy;
  LockState state;
  for (std::uint32_t i = 1; i < policy.max_failures; ++i) {
    state = after_failure(policy, state, kNow + i);
    CHECK(state.failures == i);
    CHECK(state.lockouts == 0);
    CHECK(state.locked_until_ms == 0);
    CHECK_FALSE(is_locked(state, kNow + i));
  }
  state = after_failure(policy, state, kNow);
  CHECK(state.failures == 0);  // the counter restarts after a lock
  CHECK(state.lockouts == 1);
  CHECK(state.locked_until_ms == kNow + 15 * kMinute);
  CHECK(is_locked(state, kNow));
  CHECK(is_locked(state, kNow + 15 * kMinute - 1));
  CHECK_FALSE(is_locked(state, kNow + 15 * kMinute));
}

TEST_CASE("A4 lockout: repeated lockouts grow until a success resets everything") {
  const LockoutPolicy policy;
  LockState state;
  std::int64_t now = kNow;
  const std::int64_t expected[] = {15 * kMinute, 30 * kMinute, 60 * kMinute, 2 * kHour};
  for (std::uint32_t lockout = 1; lockout <= 4; ++lockout) {
    for (std::uint32_t i = 0; i < policy.max_failures; ++i)
      state = after_failure(policy, state, now);
    CHECK(state.lockouts == lockout);
    CHECK(state.locked_until_ms == now + expected[lockout - 1]);
    now = state.locked_until_ms;  // try again once the lock expires
    CHECK_FALSE(is_locked(state, now));
  }
  state = after_success();
  CHECK(state.failures == 0);
  CHECK(state.lockouts == 0);
  CHECK(state.locked_until_ms == 0);
  CHECK_FALSE(is_locked(state, now));
  // After the reset the next lock is the base period again.
  for (std::uint32_t i = 0; i < policy.max_failures; ++i) state = after_failure(policy, state, now);
  CHECK(state.lockouts == 1);
  CHECK(state.locked_until_ms == now + 15 * kMinute);
}

TEST_CASE("A4 lockout: a success between failures restarts the count") {
  const LockoutPolicy policy;
  LockState state;
  for (int i = 0; i < 4; ++i) state = after_failure(policy, state, kNow);
  CHECK(state.failures == 4);
  state = after_success();
  for (int i = 0; i < 4; ++i) state = after_failure(policy, state, kNow);
  CHECK(state.failures == 4);
  CHECK_FALSE(is_locked(state, kNow));
}

TEST_CASE("A4 lockout: max_failures 1 locks on the first failure; other counts honoured") {
  LockoutPolicy one;
  one.max_failures = 1;
  const LockState first = after_failure(one, LockState{}, kNow);
  CHECK(first.lockouts == 1);
  CHECK(first.failures == 0);
  CHECK(is_locked(first, kNow));
  const LockState second = after_failure(one, first, first.locked_until_ms);
  CHECK(second.lockouts == 2);
  CHECK(second.locked_until_ms == first.locked_until_ms + 30 * kMinute);

  LockoutPolicy three;
  three.max_failures = 3;
  three.base_lock = 30s;
  LockState state;
  state = after_failure(three, state, kNow);
  state = after_failure(three, state, kNow);
  CHECK_FALSE(is_locked(state, kNow));
  state = after_failure(three, state, kNow);
  CHECK(state.locked_until_ms == kNow + 30'000);
}

TEST_CASE("A4 lockout: the functions are pure (input state untouched)") {
  const LockoutPolicy policy;
  const LockState before{.failures = 4, .lockouts = 2, .locked_until_ms = 5};
  const LockState after = after_failure(policy, before, kNow);
  CHECK(before.failures == 4);
  CHECK(before.lockouts == 2);
  CHECK(before.locked_until_ms == 5);
  CHECK(after.lockouts == 3);
  CHECK(after.locked_until_ms == kNow + 60 * kMinute);
}

TEST_CASE("A4 lockout: an effectively unlimited cap neither overflows nor unlocks") {
  // System accepts any max_lock >= base_lock, so "no cap" (seconds::max()) is
  // a legal policy: the period must saturate, never wrap negative.
  LockoutPolicy uncapped;
  uncapped.max_lock = std::chrono::seconds::max();
  CHECK(lock_period_ms(uncapped, 1) == 15 * kMinute);
  CHECK(lock_period_ms(uncapped, 10) == 15 * kMinute * 512);
  for (std::uint32_t lockout : {40u, 64u, 100u, 1000u}) {
    INFO("lockout " << lockout);
    CHECK(lock_period_ms(uncapped, lockout) >= lock_period_ms(uncapped, 10));
  }
  LockState state{.failures = 4, .lockouts = 99, .locked_until_ms = 0};
  state = after_failure(uncapped, state, kNow);
  CHECK(state.lockouts == 100);
  CHECK(state.locked_until_ms > kNow);
  CHECK(is_locked(state, kNow));
}
