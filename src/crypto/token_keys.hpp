// The signatures behind access tokens (F1): HMAC-SHA256 and Ed25519. Botan
// stays behind this header. Both classes are immutable after construction and
// safe to use from any number of threads.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace member::crypto {

/// HMAC-SHA256 with the key's inner and outer pad states computed once, so a
/// MAC costs only the message's blocks plus one, and allocates nothing.
class HmacSha256 {
 public:
  /// `key`: at least 32 bytes (shorter keys are refused by the caller).
  explicit HmacSha256(std::span<const std::uint8_t> key);
  ~HmacSha256();
  HmacSha256(const HmacSha256&) = default;
  HmacSha256& operator=(const HmacSha256&) = default;

  /// The MAC of `message`.
  std::array<std::uint8_t, 32> mac(std::string_view message) const;

 private:
  std::array<std::uint32_t, 8> inner_{};
  std::array<std::uint32_t, 8> outer_{};
};

/// An Ed25519 key pair made from a 32-byte seed (the private key).
class Ed25519Key {
 public:
  explicit Ed25519Key(std::span<const std::uint8_t, 32> seed);
  ~Ed25519Key();
  Ed25519Key(const Ed25519Key&) = default;
  Ed25519Key& operator=(const Ed25519Key&) = default;

  const std::array<std::uint8_t, 32>& public_key() const { return public_; }
  std::array<std::uint8_t, 64> sign(std::string_view message) const;
  /// True when `signature` is this key's signature of `message`.
  bool verify(std::string_view message, std::span<const std::uint8_t, 64> signature) const;

 private:
  std::array<std::uint8_t, 32> public_{};
  std::array<std::uint8_t, 64> secret_{};
};

/// Constant-time equality of two equally long byte strings.
bool equal_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace member::crypto
