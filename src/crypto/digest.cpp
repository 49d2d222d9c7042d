#include "crypto/digest.hpp"

#include <botan/hash.h>
#include <botan/hex.h>

namespace member::crypto {

std::string sha256_hex(std::string_view data) {
  auto sha = Botan::HashFunction::create_or_throw("SHA-256");
  sha->update(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
  const auto digest = sha->final();
  return Botan::hex_encode(digest.data(), digest.size(), false);
}

std::array<std::uint8_t, 32> sha256(std::string_view data) {
  auto sha = Botan::HashFunction::create_or_throw("SHA-256");
  sha->update(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
  std::array<std::uint8_t, 32> out;
  sha->final(out.data());
  return out;
}

}  // namespace member::crypto
