// HMAC-SHA256 for signed messages (order webhooks), hex, and a constant-time
// comparison.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace member::crypto {

/// HMAC-SHA256 of `data` under `key` (32 bytes).
std::vector<std::uint8_t> hmac_sha256(std::string_view key, std::string_view data);

/// Lower-case hex.
std::string to_hex(std::span<const std::uint8_t> bytes);

/// The bytes of an even-length hex string (either case), or nothing when it
/// is not one.
std::optional<std::vector<std::uint8_t>> from_hex(std::string_view hex);

/// True when `a` and `b` are equal; the time taken does not depend on where
/// they differ (only on their lengths).
bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace member::crypto
