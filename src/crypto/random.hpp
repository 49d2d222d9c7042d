// The one source of randomness: the operating system's CSPRNG (getrandom).
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace member::crypto {

void random_bytes(std::span<std::uint8_t> out);

/// `length` characters drawn uniformly from `alphabet` (at most 256 symbols).
std::string random_string(std::string_view alphabet, std::size_t length);

/// The same from a per-thread ChaCha20 generator seeded by the operating
/// system: no system call per use. For identifiers on hot paths, never keys.
std::string fast_random_string(std::string_view alphabet, std::size_t length);

}  // namespace member::crypto
