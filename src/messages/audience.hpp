// Which roles a user holds, for messages sent to a role (G1). The one place
// that answers it: the built-in role "member" of every account and the roles
// assigned to the user in their tenant (E2).
#pragma once

#include <string>
#include <vector>

#include "member/storage.hpp"

namespace member::detail {

/// The role codes of the user, for the audience of role messages.
std::vector<std::string> roles_of(storage::Transaction& tx, const storage::UserRow& user);

}  // namespace member::detail
