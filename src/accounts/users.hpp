// Reading accounts inside a transaction, shared by the account operations.
#pragma once

#include <string>

#include "core/context.hpp"
#include "core/time.hpp"
#include "member/accounts.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// The actor's access to `user_id` checked, the row loaded; throws
/// permission_denied, invalid_argument or not_found.
storage::UserRow load_user(storage::Transaction& tx, const Actor& actor,
                           const std::string& user_id);

/// The row with its personal data decrypted, as the public Profile.
Profile to_profile(const Context& context, const storage::UserRow& row);

/// Loads the user in a write transaction, lets `change(tx, row)` modify the
/// row (and record audit entries), stamps updated_at, stores it and commits.
/// Returns the row as stored.
template <class Change>
storage::UserRow update_user(const Context& context, const Actor& actor, const std::string& user_id,
                             Change&& change);

/// Throws unauthenticated unless `password` is the user's current password.
/// Costs one password hash verification; call it outside transactions.
void verify_password(const Context& context, const storage::UserRow& row,
                     const std::string& password);

/// Throws unauthenticated when the password hash changed since `seen` was read.
void ensure_password_unchanged(const storage::UserRow& seen, const storage::UserRow& current);

template <class Change>
storage::UserRow update_user(const Context& context, const Actor& actor, const std::string& user_id,
                             Change&& change) {
  auto tx = context.storage->write();
  storage::UserRow row = load_user(*tx, actor, user_id);
  change(*tx, row);
  row.updated_at_ms = to_ms(context.now());
  tx->users().update(row);
  tx->commit();
  return row;
}

}  // namespace member::detail
