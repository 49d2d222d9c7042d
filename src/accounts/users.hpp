// Reading accounts inside a transaction, shared by the account operations.
#pragma once

#include <string>
#include <vector>

#include "core/context.hpp"
#include "core/time.hpp"
#include "member/accounts.hpp"
#include "member/storage.hpp"
#include "sessions/revocation.hpp"
#include "tenants/access_cache.hpp"

namespace member::detail {

/// The actor's access to `user_id` checked, the row loaded; throws
/// permission_denied, invalid_argument or not_found.
storage::UserRow load_user(const Context& context, storage::Transaction& tx, const Actor& actor,
                           const std::string& user_id);

/// The user's row unless there is none or it is an erased user's tombstone
/// (A12: no data key), which no operation acts on or writes about again.
std::optional<storage::UserRow> find_live_user(storage::Transaction& tx, const std::string& tenant,
                                               const std::string& user_id);

/// The user `user_id` of the actor's tenant, for a caller that already
/// checked a permission point covering every user of the tenant: no
/// self-or-staff rule. Throws invalid_argument, not_found.
storage::UserRow load_user_checked(storage::Transaction& tx, const Actor& actor,
                                   const std::string& user_id);

/// The row with its personal data decrypted, as the public Profile.
Profile to_profile(const Context& context, const storage::UserRow& row);

/// How update_user() loads and stores the row.
struct UserChangeOptions {
  /// The caller checked a permission point covering every user of the
  /// tenant (load_user_checked), else the self-or-staff rule applies.
  bool permission_checked = false;
  /// The session the change is made from: a password change leaves it
  /// signed in (A5). Empty: none is kept.
  std::string current_session;
};

/// Loads the user in a write transaction, lets `change(tx, row)` modify the
/// row (and record audit entries), stamps updated_at, stores it and commits.
/// Returns the row as stored.
template <class Change>
storage::UserRow update_user(const Context& context, const Actor& actor, const std::string& user_id,
                             Change&& change, const UserChangeOptions& options = {});

/// Stores a changed user row in `tx`, stamping updated_at. The one place of
/// the session rule (F1, A5, A11): when the change took the account out of
/// `active`, every session of the user is revoked; when it changed the
/// password, every session but `current_session`.
/// Returns the revoked session ids: pass them to remember_revoked() once `tx`
/// has committed.
std::vector<std::string> store_user_change(storage::Transaction& tx, const Context& context,
                                           const Actor& actor, int status_before,
                                           const std::string& hash_before, storage::UserRow& row,
                                           const std::string& current_session = {});

/// Re-authentication of a signed-in user (A5, A11, A12): throws unless
/// `password` is the user's current password. The lockout of sign-in (A4)
/// applies: a locked account is Errc::locked with retry_at, before any
/// hashing; a wrong password is Errc::unauthenticated and counts as a failed
/// sign-in (it may lock the account). Costs one password hash verification
/// and, when wrong, one write transaction; call it outside transactions.
void verify_password(const Context& context, const Actor& actor, const storage::UserRow& row,
                     const std::string& password);

/// Counts one failed password or code check of `row` towards its lockout
/// (A4) and stores the row; records "account.lock" when it locks the account.
void count_failed_check(storage::Transaction& tx, const Context& context, const Actor& actor,
                        storage::UserRow& row);

/// After verify_password(`seen`), inside the write transaction that acts on
/// `current` (the row read again): throws locked when the account was locked
/// meanwhile (by concurrent wrong guesses, so that a right one among them
/// does not slip through), unauthenticated when the password hash changed.
void ensure_still_verified(const Context& context, const storage::UserRow& seen,
                           const storage::UserRow& current);

template <class Change>
storage::UserRow update_user(const Context& context, const Actor& actor, const std::string& user_id,
                             Change&& change, const UserChangeOptions& options) {
  auto tx = context.storage->write();
  storage::UserRow row = options.permission_checked ? load_user_checked(*tx, actor, user_id)
                                                    : load_user(context, *tx, actor, user_id);
  const int status_before = row.status;
  const std::string hash_before = row.password_hash;
  change(*tx, row);
  const auto revoked = store_user_change(*tx, context, actor, status_before, hash_before, row,
                                         options.current_session);
  tx->commit();
  remember_revoked(context, revoked);
  // Only an active account's roles count (AccessCache::grants).
  if (row.status != status_before) context.access->invalidate();
  return row;
}

}  // namespace member::detail
