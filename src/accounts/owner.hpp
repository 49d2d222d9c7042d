// The account a user-owned record (binding, identity, address, tag, identity
// check) belongs to, loaded with the access rule every such record shares
// (B4): a user acts on their own records, an admin, internal service or the
// system on those of any user of their tenant; anyone else is refused.
#pragma once

#include <string>
#include <vector>

#include "accounts/personal_data.hpp"
#include "accounts/users.hpp"
#include "member/actor.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Checks the user id's form and the actor's access, loads the user and
/// requires the account to be active: the guard for every change. In a write
/// transaction the user row stays locked until it ends, which serialises
/// every change to the user's records. Throws invalid_argument,
/// permission_denied, not_found, failed_precondition. Reads use load_user.
storage::UserRow load_active_owner(const Context& context, storage::Transaction& tx,
                                   const Actor& actor, const std::string& user_id);

/// The user's records as the actor may see them: access checked and the
/// user loaded in a read transaction, then `convert(key, row)` under the
/// user's data key for every row `fetch(tx, user)` returns, in order.
template <class Fetch, class Convert>
auto read_owned(const Context& context, const Actor& actor, const std::string& user_id,
                Fetch&& fetch, Convert&& convert) {
  auto tx = context.storage->read();
  const storage::UserRow user = load_user(context, *tx, actor, user_id);
  const crypto::SecretKey key = data_key(context, user);
  std::vector<decltype(convert(key, *fetch(*tx, user).begin()))> out;
  for (const auto& row : fetch(*tx, user)) out.push_back(convert(key, row));
  return out;
}

}  // namespace member::detail
