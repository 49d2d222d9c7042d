// Keyed blind indexes: HMAC-SHA256 over a normalised value, so the database
// can find and enforce uniqueness of an email or mobile without holding it in
// clear. Equal inputs give equal indexes (that is the point, and the leak: an
// observer of the database learns which rows share a value, nothing more).
#pragma once

#include <string_view>

#include "crypto/aead.hpp"
#include "crypto/secret_key.hpp"

namespace member::crypto {

class BlindIndex {
 public:
  explicit BlindIndex(SecretKey key) : key_(std::move(key)) {}

  /// The index of `normalized` as a value of `kind` ("email", "mobile") in `tenant`.
  Bytes compute(std::string_view tenant, std::string_view kind, std::string_view normalized) const;

 private:
  SecretKey key_;
};

}  // namespace member::crypto
