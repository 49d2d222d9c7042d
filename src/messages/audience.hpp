// Which roles a user holds, for messages sent to a role (G1). The one place
// that answers it: today every account holds the built-in role of its kind
// ("member"); when role-based access control is merged this asks it instead.
#pragma once

#include <string>
#include <vector>

#include "member/storage.hpp"

namespace member::detail {

/// The role codes of the user, for the audience of role messages.
std::vector<std::string> roles_of(storage::Transaction& tx, const storage::UserRow& user);

}  // namespace member::detail
