#include "core/ids.hpp"

#include <array>
#include <cstdint>

#include "crypto/random.hpp"

namespace member::detail {
namespace {
constexpr std::string_view kHex = "0123456789abcdef";
constexpr std::string_view kSuffixAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
constexpr std::size_t kUuidLength = 36;
constexpr std::size_t kSuffixLength = 4;
}  // namespace

std::string new_user_id() {
  std::array<std::uint8_t, 16> bytes{};
  crypto::random_bytes(bytes);
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant
  std::string id;
  id.reserve(kUuidLength + kSuffixLength);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0F]);
  }
  id += crypto::random_string(kSuffixAlphabet, kSuffixLength);
  return id;
}

bool is_user_id(std::string_view id) noexcept {
  if (id.size() != kUuidLength + kSuffixLength) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position) {
      if (c != '-') return false;
    } else if (i < kUuidLength) {
      if (kHex.find(c) == std::string_view::npos) return false;
    } else if (kSuffixAlphabet.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace member::detail
