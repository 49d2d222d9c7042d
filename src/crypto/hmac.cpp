#include "crypto/hmac.hpp"

#include <botan/hex.h>
#include <botan/mac.h>
#include <botan/mem_ops.h>

namespace member::crypto {

std::vector<std::uint8_t> hmac_sha256(std::string_view key, std::string_view data) {
  auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  mac->set_key(reinterpret_cast<const std::uint8_t*>(key.data()), key.size());
  mac->update(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
  const auto tag = mac->final();
  return {tag.begin(), tag.end()};
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  return Botan::hex_encode(bytes.data(), bytes.size(), false);
}

std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  try {
    const auto bytes = Botan::hex_decode(hex.data(), hex.size(), false);
    if (bytes.size() * 2 != hex.size()) return std::nullopt;
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  return a.size() == b.size() && Botan::constant_time_compare(a.data(), b.data(), a.size());
}

}  // namespace member::crypto
