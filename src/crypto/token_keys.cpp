#include "crypto/token_keys.hpp"

#include <botan/mem_ops.h>
#include <botan/sha2_32.h>
#include <botan/sodium.h>

#include <cstring>

#include "member/error.hpp"

namespace member::crypto {
namespace {

constexpr std::array<std::uint32_t, 8> kSha256Iv = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

/// The per-thread working state Botan's compression function wants: made
/// once per thread, so a MAC allocates nothing.
Botan::secure_vector<std::uint32_t>& working_state() {
  thread_local Botan::secure_vector<std::uint32_t> state(8);
  return state;
}

void load(Botan::secure_vector<std::uint32_t>& state, const std::array<std::uint32_t, 8>& from) {
  std::copy(from.begin(), from.end(), state.begin());
}

void store_be(std::uint8_t* out, const Botan::secure_vector<std::uint32_t>& state) {
  for (std::size_t i = 0; i < 8; ++i) {
    out[4 * i] = static_cast<std::uint8_t>(state[i] >> 24);
    out[4 * i + 1] = static_cast<std::uint8_t>(state[i] >> 16);
    out[4 * i + 2] = static_cast<std::uint8_t>(state[i] >> 8);
    out[4 * i + 3] = static_cast<std::uint8_t>(state[i]);
  }
}

/// Hashes the tail of a message (< 64 bytes) with SHA-256 padding, given the
/// total length hashed including everything compressed before.
void finish(Botan::secure_vector<std::uint32_t>& state, const std::uint8_t* tail,
            std::size_t tail_size, std::uint64_t total_bytes) {
  std::uint8_t block[128] = {};
  std::memcpy(block, tail, tail_size);
  block[tail_size] = 0x80;
  const std::size_t blocks = tail_size + 9 <= 64 ? 1 : 2;
  const std::uint64_t bits = total_bytes * 8;
  for (std::size_t i = 0; i < 8; ++i) {
    block[blocks * 64 - 1 - i] = static_cast<std::uint8_t>(bits >> (8 * i));
  }
  Botan::SHA_256::compress_digest(state, block, blocks);
}

std::array<std::uint32_t, 8> pad_state(const std::array<std::uint8_t, 64>& key, std::uint8_t pad) {
  std::array<std::uint8_t, 64> block;
  for (std::size_t i = 0; i < 64; ++i) block[i] = key[i] ^ pad;
  auto& state = working_state();
  load(state, kSha256Iv);
  Botan::SHA_256::compress_digest(state, block.data(), 1);
  Botan::secure_scrub_memory(block.data(), block.size());
  std::array<std::uint32_t, 8> out;
  std::copy(state.begin(), state.end(), out.begin());
  return out;
}

}  // namespace

HmacSha256::HmacSha256(std::span<const std::uint8_t> key) {
  std::array<std::uint8_t, 64> block{};
  if (key.size() > 64) {
    auto& state = working_state();
    load(state, kSha256Iv);
    const std::size_t full = key.size() / 64;
    Botan::SHA_256::compress_digest(state, key.data(), full);
    finish(state, key.data() + full * 64, key.size() - full * 64, key.size());
    store_be(block.data(), state);
  } else {
    std::memcpy(block.data(), key.data(), key.size());
  }
  inner_ = pad_state(block, 0x36);
  outer_ = pad_state(block, 0x5c);
  Botan::secure_scrub_memory(block.data(), block.size());
}

HmacSha256::~HmacSha256() {
  Botan::secure_scrub_memory(inner_.data(), sizeof inner_);
  Botan::secure_scrub_memory(outer_.data(), sizeof outer_);
}

std::array<std::uint8_t, 32> HmacSha256::mac(std::string_view message) const {
  const auto* data = reinterpret_cast<const std::uint8_t*>(message.data());
  auto& state = working_state();
  load(state, inner_);
  const std::size_t full = message.size() / 64;
  if (full > 0) Botan::SHA_256::compress_digest(state, data, full);
  finish(state, data + full * 64, message.size() - full * 64, 64 + message.size());
  std::array<std::uint8_t, 32> inner_digest;
  store_be(inner_digest.data(), state);
  load(state, outer_);
  finish(state, inner_digest.data(), inner_digest.size(), 64 + 32);
  std::array<std::uint8_t, 32> out;
  store_be(out.data(), state);
  return out;
}

Ed25519Key::Ed25519Key(std::span<const std::uint8_t, 32> seed) {
  if (Botan::Sodium::crypto_sign_ed25519_seed_keypair(public_.data(), secret_.data(),
                                                      seed.data()) != 0) {
    throw Error(Errc::key_error, "an Ed25519 key could not be made from the seed");
  }
}

Ed25519Key::~Ed25519Key() {
  Botan::secure_scrub_memory(secret_.data(), secret_.size());
}

std::array<std::uint8_t, 64> Ed25519Key::sign(std::string_view message) const {
  std::array<std::uint8_t, 64> signature;
  unsigned long long length = 0;
  Botan::Sodium::crypto_sign_ed25519_detached(signature.data(), &length,
                                              reinterpret_cast<const std::uint8_t*>(message.data()),
                                              message.size(), secret_.data());
  return signature;
}

bool Ed25519Key::verify(std::string_view message,
                        std::span<const std::uint8_t, 64> signature) const {
  return Botan::Sodium::crypto_sign_ed25519_verify_detached(
             signature.data(), reinterpret_cast<const std::uint8_t*>(message.data()),
             message.size(), public_.data()) == 0;
}

bool equal_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;  // lengths are public
  // Eight bytes at a time, differences OR-ed together and judged once at the
  // end: no branch or early exit depends on the bytes. (Botan's byte-wise
  // masked compare cost more than the rest of a token check's parsing.) The
  // empty asm keeps the compiler from reasoning about the running value.
  std::uint64_t diff = 0;
  std::size_t i = 0;
  for (; i + 8 <= a.size(); i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    diff |= x ^ y;
    asm volatile("" : "+r"(diff));
  }
  for (; i < a.size(); ++i) {
    diff |= static_cast<std::uint64_t>(a[i] ^ b[i]);
    asm volatile("" : "+r"(diff));
  }
  return diff == 0;
}

}  // namespace member::crypto
