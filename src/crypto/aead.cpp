#include "crypto/aead.hpp"

#include <botan/aead.h>
#include <botan/exceptn.h>

#include <memory>

#include "crypto/random.hpp"
#include "member/error.hpp"

namespace member::crypto {
namespace {

constexpr std::uint8_t kFormat = 1;
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;

std::unique_ptr<Botan::AEAD_Mode> make_mode(const SecretKey& key, Botan::Cipher_Dir direction,
                                            std::string_view associated_data) {
  auto mode = Botan::AEAD_Mode::create_or_throw("AES-256/GCM", direction);
  mode->set_key(key.bytes().data(), key.bytes().size());
  mode->set_associated_data(reinterpret_cast<const std::uint8_t*>(associated_data.data()),
                            associated_data.size());
  return mode;
}

}  // namespace

Bytes seal(const SecretKey& key, std::span<const std::uint8_t> plaintext,
           std::string_view associated_data) {
  auto mode = make_mode(key, Botan::ENCRYPTION, associated_data);
  std::uint8_t nonce[kNonceSize];
  random_bytes(nonce);
  mode->start(nonce, kNonceSize);
  Botan::secure_vector<std::uint8_t> buffer(plaintext.begin(), plaintext.end());
  mode->finish(buffer);
  Bytes out;
  out.reserve(1 + kNonceSize + buffer.size());
  out.push_back(kFormat);
  out.insert(out.end(), nonce, nonce + kNonceSize);
  out.insert(out.end(), buffer.begin(), buffer.end());
  return out;
}

Bytes open(const SecretKey& key, std::span<const std::uint8_t> sealed,
           std::string_view associated_data) {
  if (sealed.size() < 1 + kNonceSize + kTagSize || sealed[0] != kFormat) {
    throw Error(Errc::key_error, "an encrypted value is malformed");
  }
  auto mode = make_mode(key, Botan::DECRYPTION, associated_data);
  mode->start(sealed.data() + 1, kNonceSize);
  Botan::secure_vector<std::uint8_t> buffer(sealed.begin() + 1 + kNonceSize, sealed.end());
  try {
    mode->finish(buffer);
  } catch (const Botan::Invalid_Authentication_Tag&) {
    throw Error(Errc::key_error, "an encrypted value failed authentication");
  }
  return Bytes(buffer.begin(), buffer.end());
}

}  // namespace member::crypto
