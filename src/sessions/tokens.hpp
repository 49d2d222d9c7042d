// Access tokens (F1): JWTs signed with HS256 or Ed25519, several keys by
// kid. Immutable after construction; verify() is thread-safe and allocation-
// free (base64url decoding and claim parsing work in stack buffers and write
// into the caller's AccessClaims).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/token_keys.hpp"
#include "member/policy.hpp"
#include "member/sessions.hpp"
#include "member/storage.hpp"

namespace member::crypto {
class Keyring;
}

namespace member::detail {

class TokenCodec {
 public:
  struct Key {
    std::string kid;
    std::vector<std::uint8_t> secret;  ///< HS256 secret or Ed25519 seed
  };

  /// `keys` must be valid for `policy.algorithm` (see make_token_codec).
  TokenCodec(const SessionPolicy& policy, const std::vector<Key>& keys);

  /// A signed token carrying `claims` (key_id is ignored: the first key signs).
  std::string sign(const AccessClaims& claims) const;

  /// Checks everything but revocation and fills `out`; throws
  /// Errc::unauthenticated with the reason.
  void verify(std::string_view token, AccessClaims& out, std::int64_t now_s) const;

  std::vector<PublicTokenKey> public_keys() const;

 private:
  struct Slot {
    std::string kid;
    std::string header;  ///< the encoded header member writes with this key
    std::optional<crypto::HmacSha256> hmac;
    std::optional<crypto::Ed25519Key> ed25519;
  };
  const Slot* find(std::string_view kid) const;
  /// Checks a header member did not write verbatim; returns its kid.
  std::string_view read_header(std::string_view header64) const;

  TokenAlgorithm algorithm_;
  std::string issuer_;
  std::string audience_;
  std::int64_t leeway_s_;
  std::vector<Slot> slots_;
};

/// The codec for `policy`: its keys checked (Errc::invalid_argument, field
/// "sessions"), or, when it names none, the key kept wrapped in the database
/// (made on first use).
TokenCodec make_token_codec(const SessionPolicy& policy, storage::Storage& storage,
                            const crypto::Keyring& keyring);

}  // namespace member::detail
