#include "accounts/owner.hpp"

#include "accounts/activity.hpp"
#include "accounts/users.hpp"

namespace member::detail {

storage::UserRow load_active_owner(const Context& context, storage::Transaction& tx,
                                   const Actor& actor, const std::string& user_id) {
  storage::UserRow row = load_user(context, tx, actor, user_id);
  require_active(row);
  return row;
}

}  // namespace member::detail
