// core/ids and crypto/random: public user ids (A1, seed 002: UUID + 4 characters).
#include <algorithm>
#include <array>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/ids.hpp"
#include "crypto/random.hpp"
#include "support/fixtures.hpp"

using namespace member::detail;

namespace {

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}
bool is_suffix_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
}

}  // namespace

TEST_CASE("A1 user id: a version 4 UUID followed by 4 characters from [0-9a-z]") {
  for (int round = 0; round < 200; ++round) {
    const std::string id = new_user_id();
    INFO("id: " << id);
    REQUIRE(id.size() == 40);
    for (std::size_t i = 0; i < 36; ++i) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        CHECK(id[i] == '-');
      } else {
        CHECK(is_lower_hex(id[i]));
      }
    }
    CHECK(id[14] == '4');                                                    // version 4
    CHECK(std::string_view("89ab").find(id[19]) != std::string_view::npos);  // RFC 4122 variant
    for (std::size_t i = 36; i < 40; ++i) CHECK(is_suffix_char(id[i]));
    CHECK(is_user_id(id));
  }
}

TEST_CASE("A1 user id: 10000 ids are unique, and so are their UUID parts") {
  std::unordered_set<std::string> ids;
  std::unordered_set<std::string> uuids;
  std::set<char> suffix_chars;
  for (int i = 0; i < 10000; ++i) {
    const std::string id = new_user_id();
    ids.insert(id);
    uuids.insert(id.substr(0, 36));
    suffix_chars.insert(id.begin() + 36, id.end());
  }
  CHECK(ids.size() == 10000);
  CHECK(uuids.size() == 10000);
  // 40000 suffix characters drawn from 36 symbols: every symbol shows up.
  CHECK(suffix_chars.size() == 36);
}

TEST_CASE("A1 user id: is_user_id rejects every variation of the shape") {
  const std::string id = new_user_id();
  REQUIRE(is_user_id(id));
  CHECK(is_user_id("1b4e28ba-2fa1-4d2e-883f-0016d3cca427k3x9"));

  CHECK_FALSE(is_user_id(""));
  CHECK_FALSE(is_user_id(id.substr(0, 36)));  // a bare UUID
  CHECK_FALSE(is_user_id(id.substr(0, 39)));  // one short
  CHECK_FALSE(is_user_id(id + "a"));          // one long
  CHECK_FALSE(is_user_id(" " + id.substr(1)));
  CHECK_FALSE(is_user_id(id.substr(0, 39) + " "));
  CHECK_FALSE(is_user_id("1B4E28BA-2FA1-4D2E-883F-0016D3CCA427k3x9"));  // upper-case hex
  CHECK_FALSE(is_user_id("1b4e28ba-2fa1-4d2e-883f-0016d3cca427K3X9"));  // upper-case suffix
  CHECK_FALSE(is_user_id("1b4e28ba2fa1-4d2e-883f-0016d3cca427k3x9a"));  // dash moved
  CHECK_FALSE(is_user_id("1b4e28ba-2fa14d2e-883f-0016d3cca427k3x9a"));
  CHECK_FALSE(is_user_id("1b4e28ba-2fa1-4d2e-883f-0016d3cca42-k3x9"));  // dash in hex part
  CHECK_FALSE(is_user_id("1b4e28ba-2fa1-4d2e-883f-0016d3cca427k3-9"));  // dash in suffix
  CHECK_FALSE(is_user_id("1b4e28ba_2fa1_4d2e_883f_0016d3cca427k3x9"));
  CHECK_FALSE(is_user_id("1b4e28ga-2fa1-4d2e-883f-0016d3cca427k3x9"));  // 'g' is not hex
  CHECK_FALSE(is_user_id("1b4e28ba-2fa1-4d2e-883f-0016d3cca427k3x_"));
  CHECK_FALSE(is_user_id("{b4e28ba-2fa1-4d2e-883f-0016d3cca427}3x9"));
  CHECK_FALSE(is_user_id(std::string("1b4e28ba-2fa1-4d2e-883f-0016d3cca427k3x\0", 40)));
  CHECK_FALSE(is_user_id("1b4e28ba-2fa1-4d2e-883f-0016d3cca427k3\xC3\xA9"));
  CHECK_FALSE(is_user_id("' OR '1'='1' --                        "));

  // Every single-character substitution with a character outside the shape fails.
  for (std::size_t i = 0; i < id.size(); ++i) {
    std::string changed = id;
    changed[i] = (i == 8 || i == 13 || i == 18 || i == 23) ? 'a' : '-';
    INFO("position " << i);
    CHECK_FALSE(is_user_id(changed));
  }
}

TEST_CASE("random: random_string draws only from its alphabet and covers it") {
  using member::crypto::random_string;
  CHECK(random_string("abc", 0).empty());
  const std::string one = random_string("x", 50);
  CHECK(one == std::string(50, 'x'));
  const std::string digits = random_string("0123456789", 2000);
  CHECK(digits.size() == 2000);
  CHECK(std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }));
  CHECK(std::set<char>(digits.begin(), digits.end()).size() == 10);
  CHECK(random_string("0123456789abcdef", 32) != random_string("0123456789abcdef", 32));
}

TEST_CASE("random: random_bytes fills the whole buffer with fresh bytes") {
  std::array<std::uint8_t, 64> a{};
  std::array<std::uint8_t, 64> b{};
  member::crypto::random_bytes(a);
  member::crypto::random_bytes(b);
  CHECK(a != b);
  // 64 random bytes: the chance that the last 16 stay all zero is 2^-128.
  CHECK(std::any_of(a.end() - 16, a.end(), [](std::uint8_t v) { return v != 0; }));
}
