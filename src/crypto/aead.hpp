// Authenticated encryption of small values: AES-256-GCM with a random 96-bit
// nonce and associated data that binds a ciphertext to where it belongs
// (table, column, tenant, row), so a value copied to another row or column no
// longer decrypts.
//
// Format: 0x01 | nonce (12) | ciphertext | tag (16).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "crypto/secret_key.hpp"

namespace member::crypto {

using Bytes = std::vector<std::uint8_t>;

Bytes seal(const SecretKey& key, std::span<const std::uint8_t> plaintext,
           std::string_view associated_data);
inline Bytes seal(const SecretKey& key, std::string_view plaintext,
                  std::string_view associated_data) {
  return seal(key,
              std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(plaintext.data()),
                                            plaintext.size()),
              associated_data);
}

/// Decrypts and authenticates; throws Errc::key_error when the value was
/// altered, moved, or sealed under another key.
Bytes open(const SecretKey& key, std::span<const std::uint8_t> sealed,
           std::string_view associated_data);

}  // namespace member::crypto
