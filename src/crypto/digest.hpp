// Message digests for fingerprints (not for secrets).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace member::crypto {

/// SHA-256 of `data`, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

/// SHA-256 of `data` (for hashing high-entropy tokens before storing them).
std::array<std::uint8_t, 32> sha256(std::string_view data);

}  // namespace member::crypto
