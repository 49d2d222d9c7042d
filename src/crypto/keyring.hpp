// The master key and the keys it wraps.
//
// Data keys (one per user, plus the blind-index key) are stored in the
// database wrapped by the master key: AES-256-GCM under the master key, with
// associated data naming what the key is for. The wrapped form starts with the
// master key's id, so after a rotation keys wrapped by a previous master key
// are still found and unwrapped.
//
// Format: 0x01 | master key id (8) | aead::seal(...)
#pragma once

#include <string_view>
#include <vector>

#include "crypto/aead.hpp"
#include "crypto/secret_key.hpp"

namespace member::crypto {

class Keyring {
 public:
  Keyring(SecretKey current, std::vector<SecretKey> previous);

  Bytes wrap(const SecretKey& key, std::string_view purpose) const;
  /// Throws Errc::key_error when no known master key wrapped it or it was altered.
  SecretKey unwrap(std::span<const std::uint8_t> wrapped, std::string_view purpose) const;

 private:
  const SecretKey* find(std::span<const std::uint8_t> id) const;

  SecretKey current_;
  std::vector<SecretKey> previous_;
};

}  // namespace member::crypto
