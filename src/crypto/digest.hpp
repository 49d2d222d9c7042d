// Message digests for fingerprints (not for secrets).
#pragma once

#include <string>
#include <string_view>

namespace member::crypto {

/// SHA-256 of `data`, as 64 lower-case hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace member::crypto
