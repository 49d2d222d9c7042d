// Per-caller request limits over fixed one-minute windows (seed 001: members
// 100/min, admins 1000/min, internal services unlimited). Time comes from the
// system's clock, so tests move a fake clock instead of sleeping.
//
// Thread-safe: every method may be called from any server thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "member/clock.hpp"

namespace member::server {

/// The limiter key of an anonymous caller: its address, as much of it as one
/// client is assumed to control. An IPv4 address counts whole (an
/// IPv4-mapped IPv6 address as that IPv4 address); an IPv6 address by its
/// /64 prefix, since one host is commonly given a whole /64 and counting its
/// addresses one by one would multiply its limit. Anything else counts as
/// the text it is.
std::string client_key(std::string_view remote_addr);

class RateLimiter {
 public:
  static constexpr std::chrono::seconds kWindow{60};

  explicit RateLimiter(std::shared_ptr<const Clock> clock);

  /// Counts one request of `key` against `per_minute` (0: unlimited). Returns
  /// nothing when it may proceed, or the whole seconds until its window ends
  /// (the Retry-After value, at least 1) when the limit is used up.
  std::optional<long long> admit(const std::string& key, std::uint32_t per_minute);

  /// The clock the windows are measured with.
  TimePoint now() const { return clock_->now(); }

 private:
  struct Window {
    TimePoint start;
    std::uint32_t count = 0;
  };
  void forget_expired(TimePoint now);

  std::shared_ptr<const Clock> clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;
};

}  // namespace member::server
