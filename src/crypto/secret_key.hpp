// A 256-bit symmetric key that wipes itself when destroyed.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace member::crypto {

class SecretKey {
 public:
  static constexpr std::size_t kSize = 32;

  SecretKey() = default;
  explicit SecretKey(std::span<const std::uint8_t> bytes);
  SecretKey(const SecretKey&) = default;
  SecretKey& operator=(const SecretKey&) = default;
  ~SecretKey();

  /// A fresh random key.
  static SecretKey generate();
  /// Parses 64 hex digits; throws Errc::key_error naming `what` otherwise.
  static SecretKey from_hex(std::string_view hex, std::string_view what);

  std::span<const std::uint8_t, kSize> bytes() const { return bytes_; }
  /// 8 bytes that identify the key without revealing it.
  std::array<std::uint8_t, 8> id() const;

 private:
  std::array<std::uint8_t, kSize> bytes_{};
};

}  // namespace member::crypto
