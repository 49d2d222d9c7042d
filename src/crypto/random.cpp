#include "crypto/random.hpp"

#include <botan/chacha_rng.h>
#include <botan/system_rng.h>

namespace member::crypto {

void random_bytes(std::span<std::uint8_t> out) {
  Botan::system_rng().randomize(out.data(), out.size());
}

namespace {

/// Uniform symbols by rejection sampling, drawing bytes from `fill`.
template <class Fill>
std::string uniform_string(std::string_view alphabet, std::size_t length, Fill fill) {
  const unsigned limit = 256 - (256 % alphabet.size());
  std::string out;
  out.reserve(length);
  std::uint8_t buffer[64];
  while (out.size() < length) {
    fill(buffer, sizeof buffer);
    for (std::uint8_t b : buffer) {
      if (b < limit && out.size() < length) out.push_back(alphabet[b % alphabet.size()]);
    }
  }
  return out;
}

}  // namespace

std::string random_string(std::string_view alphabet, std::size_t length) {
  return uniform_string(alphabet, length, [](std::uint8_t* p, std::size_t n) {
    Botan::system_rng().randomize(p, n);
  });
}

std::string fast_random_string(std::string_view alphabet, std::size_t length) {
  thread_local Botan::ChaCha_RNG rng(Botan::system_rng(), 1024 * 1024);
  return uniform_string(alphabet, length,
                        [](std::uint8_t* p, std::size_t n) { rng.randomize(p, n); });
}

}  // namespace member::crypto
