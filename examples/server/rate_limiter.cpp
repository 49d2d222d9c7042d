#include "rate_limiter.hpp"

namespace member::server {

namespace {
// Above this many callers, windows that have ended are dropped so the map
// stays as large as the callers of the last minute.
constexpr std::size_t kPruneAbove = 10000;
}  // namespace

RateLimiter::RateLimiter(std::shared_ptr<const Clock> clock) : clock_(std::move(clock)) {}

std::optional<long long> RateLimiter::admit(const std::string& key, std::uint32_t per_minute) {
  if (per_minute == 0) return std::nullopt;
  const TimePoint now = clock_->now();
  std::lock_guard lock(mutex_);
  if (windows_.size() > kPruneAbove) forget_expired(now);
  Window& w = windows_[key];
  if (w.count == 0 || now >= w.start + kWindow || now < w.start) w = {now, 0};
  if (w.count < per_minute) {
    ++w.count;
    return std::nullopt;
  }
  const auto left = std::chrono::ceil<std::chrono::seconds>(w.start + kWindow - now).count();
  return left > 0 ? left : 1;
}

void RateLimiter::forget_expired(TimePoint now) {
  std::erase_if(windows_, [now](const auto& entry) { return now >= entry.second.start + kWindow; });
}

}  // namespace member::server
