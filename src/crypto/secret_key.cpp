#include "crypto/secret_key.hpp"

#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/mem_ops.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "crypto/random.hpp"
#include "member/error.hpp"

namespace member::crypto {

SecretKey::SecretKey(std::span<const std::uint8_t> bytes) {
  if (bytes.size() != kSize) throw Error(Errc::key_error, "a key must be 32 bytes");
  std::copy(bytes.begin(), bytes.end(), bytes_.begin());
}

SecretKey::~SecretKey() {
  Botan::secure_scrub_memory(bytes_.data(), bytes_.size());
}

SecretKey SecretKey::generate() {
  SecretKey key;
  random_bytes(key.bytes_);
  return key;
}

SecretKey SecretKey::from_hex(std::string_view hex, std::string_view what) {
  const bool well_formed =
      hex.size() == 2 * kSize && std::all_of(hex.begin(), hex.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
      });
  if (!well_formed) {
    throw Error(Errc::key_error, std::string(what) + " must be 64 hex digits (32 bytes)");
  }
  const auto decoded = Botan::hex_decode_locked(std::string(hex));
  return SecretKey(std::span<const std::uint8_t>(decoded.data(), decoded.size()));
}

std::array<std::uint8_t, 8> SecretKey::id() const {
  auto sha = Botan::HashFunction::create_or_throw("SHA-256");
  static constexpr std::string_view kLabel = "member key id v1";
  sha->update(reinterpret_cast<const std::uint8_t*>(kLabel.data()), kLabel.size());
  sha->update(bytes_.data(), bytes_.size());
  const auto digest = sha->final();
  std::array<std::uint8_t, 8> out{};
  std::copy_n(digest.begin(), out.size(), out.begin());
  return out;
}

}  // namespace member::crypto
