// Personal data kept beside the account (bindings' display data, identity
// profiles, addresses, tags, identity-check numbers) is sealed under the
// owner's data key with associated data naming tenant, table.column and row,
// so a ciphertext moved to another row, column or tenant no longer opens,
// and erasing the user's key (A12) makes all of it unreadable.
#pragma once

#include <string>
#include <string_view>

#include "core/context.hpp"
#include "crypto/secret_key.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Where a sealed value lives: "table.column" and the row's key.
struct FieldPlace {
  std::string_view tenant;
  std::string_view column;  ///< "addresses.data", ...
  std::string_view row;     ///< the row's id within the tenant
};

/// Seals `text` (empty text gives empty bytes: nothing stored).
storage::Bytes seal_field(const crypto::SecretKey& key, const FieldPlace& place,
                          std::string_view text);

/// Opens what seal_field made (empty bytes give empty text). Throws
/// key_error when the value was altered or moved.
std::string open_field(const crypto::SecretKey& key, const FieldPlace& place,
                       const storage::Bytes& sealed);

}  // namespace member::detail
