#include "crypto/keyring.hpp"

#include <algorithm>

#include "member/error.hpp"

namespace member::crypto {
namespace {
constexpr std::uint8_t kFormat = 1;
constexpr std::size_t kIdSize = 8;
}  // namespace

Keyring::Keyring(SecretKey current, std::vector<SecretKey> previous)
    : current_(std::move(current)), previous_(std::move(previous)) {}

Bytes Keyring::wrap(const SecretKey& key, std::string_view purpose) const {
  const auto id = current_.id();
  const Bytes sealed = seal(current_, key.bytes(), purpose);
  Bytes out;
  out.reserve(1 + kIdSize + sealed.size());
  out.push_back(kFormat);
  out.insert(out.end(), id.begin(), id.end());
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

SecretKey Keyring::unwrap(std::span<const std::uint8_t> wrapped, std::string_view purpose) const {
  if (wrapped.size() <= 1 + kIdSize || wrapped[0] != kFormat) {
    throw Error(Errc::key_error, "a wrapped key is malformed");
  }
  const SecretKey* master = find(wrapped.subspan(1, kIdSize));
  if (master == nullptr) {
    throw Error(Errc::key_error, "the master key does not match this database");
  }
  const Bytes key = open(*master, wrapped.subspan(1 + kIdSize), purpose);
  return SecretKey(key);
}

const SecretKey* Keyring::find(std::span<const std::uint8_t> id) const {
  auto matches = [&](const SecretKey& key) {
    const auto candidate = key.id();
    return std::equal(candidate.begin(), candidate.end(), id.begin(), id.end());
  };
  if (matches(current_)) return &current_;
  for (const SecretKey& key : previous_) {
    if (matches(key)) return &key;
  }
  return nullptr;
}

}  // namespace member::crypto
