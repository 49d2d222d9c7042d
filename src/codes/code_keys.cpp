#include "codes/code_keys.hpp"

#include <string>

#include "crypto/hmac.hpp"

namespace member::detail {
namespace {

constexpr std::string_view kStoredKey = "verification_codes";

/// A sub-key of `key` for one use: HMAC-SHA256(key, purpose).
crypto::SecretKey derive(const crypto::SecretKey& key, std::string_view purpose) {
  const auto bytes = key.bytes();
  const std::string raw(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return crypto::SecretKey(crypto::hmac_sha256(raw, purpose));
}

crypto::SecretKey stored_key(const Context& context) {
  if (auto wrapped = context.storage->read()->keys().get(std::string(kStoredKey))) {
    return context.keyring->unwrap(*wrapped, kStoredKey);
  }
  auto tx = context.storage->write();
  if (auto wrapped = tx->keys().get(std::string(kStoredKey))) {  // another process won
    return context.keyring->unwrap(*wrapped, kStoredKey);
  }
  crypto::SecretKey key = crypto::SecretKey::generate();
  tx->keys().put(std::string(kStoredKey), context.keyring->wrap(key, kStoredKey));
  tx->commit();
  return key;
}

}  // namespace

CodeKeys load_code_keys(const Context& context) {
  const crypto::SecretKey key = stored_key(context);
  return {crypto::BlindIndex(derive(key, "member code hash v1")),
          derive(key, "member code outbox v1")};
}

}  // namespace member::detail
