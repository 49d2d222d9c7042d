// member-server's request limits (examples/server/rate_limiter.hpp): which
// addresses count as one anonymous caller, and the one-minute windows, on a
// manual clock.
#include <doctest/doctest.h>

#include <memory>

#include "member/clock.hpp"
#include "rate_limiter.hpp"

namespace member::server {

TEST_CASE("server: an anonymous caller is its IPv4 address or its IPv6 /64") {
  CHECK(client_key("203.0.113.7") == "addr:203.0.113.7");
  CHECK(client_key("::ffff:203.0.113.7") == "addr:203.0.113.7");
  CHECK(client_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd") == "addr:2001:db8:1:2::/64");
  CHECK(client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff::9"));
  CHECK(client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1"));
  CHECK(client_key("::1") == "addr:::/64");
  CHECK(client_key("fe80::1%eth0") == "addr:fe80::1%eth0");  // not an address inet_pton reads
  CHECK(client_key("") == "addr:");
}

TEST_CASE("server: addresses of one /64 share a window, which ends after a minute") {
  const auto clock = std::make_shared<ManualClock>();
  RateLimiter limiter(clock);
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(limiter.admit(client_key("2001:db8::" + std::to_string(i + 1)), 3));
  }
  const auto wait = limiter.admit(client_key("2001:db8::99"), 3);
  REQUIRE(wait);
  CHECK(*wait == 60);
  CHECK_FALSE(limiter.admit(client_key("2001:db8:0:1::1"), 3));  // the next /64
  clock->advance(std::chrono::seconds(45));
  CHECK(limiter.admit(client_key("2001:db8::5"), 3) == 15);
  clock->advance(std::chrono::seconds(15));
  CHECK_FALSE(limiter.admit(client_key("2001:db8::5"), 3));
  CHECK_FALSE(limiter.admit("anything", 0));  // 0: unlimited
}

}  // namespace member::server
