#include "rate_limiter.hpp"

#include <arpa/inet.h>

#include <algorithm>

namespace member::server {

std::string client_key(std::string_view remote_addr) {
  const std::string addr(remote_addr);
  in6_addr v6{};
  if (inet_pton(AF_INET6, addr.c_str(), &v6) != 1) return "addr:" + addr;
  char text[INET6_ADDRSTRLEN] = {};
  if (IN6_IS_ADDR_V4MAPPED(&v6)) {
    inet_ntop(AF_INET, v6.s6_addr + 12, text, sizeof text);
    return "addr:" + std::string(text);
  }
  std::fill(v6.s6_addr + 8, v6.s6_addr + 16, std::uint8_t{0});
  inet_ntop(AF_INET6, &v6, text, sizeof text);
  return "addr:" + std::string(text) + "/64";
}

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
