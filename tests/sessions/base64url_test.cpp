// F1: the allocation-free base64url codec JWTs are read with.
#include <array>

#include "sessions/session_helpers.hpp"

namespace member::test {

TEST_CASE("F1 base64url: round trip of every length, RFC 4648 vectors") {
  CHECK(detail::base64url_encode("") == "");
  CHECK(detail::base64url_encode("f") == "Zg");
  CHECK(detail::base64url_encode("fo") == "Zm8");
  CHECK(detail::base64url_encode("foo") == "Zm9v");
  CHECK(detail::base64url_encode("foobar") == "Zm9vYmFy");
  const std::array<std::uint8_t, 3> high = {0xfb, 0xff, 0xbf};
  CHECK(detail::base64url_encode(high) == "-_-_");
  std::string all;
  for (int i = 0; i < 256; ++i) all.push_back(static_cast<char>(i));
  for (std::size_t n = 0; n <= all.size(); ++n) {
    const std::string text = all.substr(0, n);
    const std::string encoded = detail::base64url_encode(text);
    CHECK(encoded.size() == (n * 4 + 2) / 3);
    CHECK(decode(encoded) == text);
  }
}

TEST_CASE(
    "F1 base64url: padding, foreign characters, non-canonical tails and overflow are refused") {
  std::array<std::uint8_t, 16> out;
  // "Zh" and "Zm9" carry bits past the last byte: "f" is only "Zg", "fo" only "Zm8".
  for (const char* bad : {"Zg==", "Zm9v=", "Zm9+", "Zm9/", "Zm 9", "Z", "Zm9vY", "Zh", "Zm9"}) {
    CAPTURE(bad);
    CHECK_FALSE(detail::base64url_decode(bad, out).has_value());
  }
  CHECK(detail::base64url_decode("Zg", out) == 1u);
  CHECK(detail::base64url_decode("Zm8", out) == 2u);
  CHECK_FALSE(detail::base64url_decode("Zm8", std::span(out.data(), 1)).has_value());
  CHECK(detail::base64url_decode("Zm8", std::span(out.data(), 2)) == 2u);
}

}  // namespace member::test
