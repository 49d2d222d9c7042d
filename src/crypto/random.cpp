#include "crypto/random.hpp"

#include <botan/system_rng.h>

namespace member::crypto {

void random_bytes(std::span<std::uint8_t> out) {
  Botan::system_rng().randomize(out.data(), out.size());
}

std::string random_string(std::string_view alphabet, std::size_t length) {
  // Rejection sampling keeps every symbol equally likely.
  const unsigned limit = 256 - (256 % alphabet.size());
  std::string out;
  out.reserve(length);
  std::uint8_t buffer[64];
  while (out.size() < length) {
    random_bytes(buffer);
    for (std::uint8_t b : buffer) {
      if (b < limit && out.size() < length) out.push_back(alphabet[b % alphabet.size()]);
    }
  }
  return out;
}

}  // namespace member::crypto
