// The keys of verification codes (A6): a keyed hash for the codes and an
// encryption key for the outbox, both derived from one random key stored in
// the database wrapped by the master key.
#pragma once

#include "core/context.hpp"
#include "crypto/blind_index.hpp"
#include "crypto/secret_key.hpp"

namespace member::detail {

struct CodeKeys {
  crypto::BlindIndex code_hash;  ///< HMAC-SHA256 of a code with what it is bound to
  crypto::SecretKey outbox;      ///< AES-256-GCM key of outbox entries
};

/// Loads the stored key (creating it on first use) and derives the two.
/// Throws key_error when the stored key does not unwrap.
CodeKeys load_code_keys(const Context& context);

}  // namespace member::detail
