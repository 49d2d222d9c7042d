// Base64url without padding (RFC 4648 section 5), as JWTs use it. Decoding
// writes into a caller's buffer and allocates nothing (token hot path).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace member::detail {

std::string base64url_encode(std::span<const std::uint8_t> bytes);
inline std::string base64url_encode(std::string_view text) {
  return base64url_encode(
      std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

/// The decoded size of `length` base64url characters (no padding).
constexpr std::size_t base64url_decoded_size(std::size_t length) {
  return length / 4 * 3 + (length % 4 == 0 ? 0 : length % 4 - 1);
}

/// Decodes `text` into `out` and returns the number of bytes written, or
/// nothing when `text` is not canonical unpadded base64url or does not fit.
std::optional<std::size_t> base64url_decode(std::string_view text, std::span<std::uint8_t> out);

}  // namespace member::detail
