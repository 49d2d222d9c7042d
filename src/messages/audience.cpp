#include "messages/audience.hpp"

namespace member::detail {

std::vector<std::string> roles_of(storage::Transaction& /*tx*/, const storage::UserRow& /*user*/) {
  // Every account is a member (seed 001's caller levels, E3); staff are not
  // accounts. RBAC (E2) replaces this with the user's assigned roles.
  return {"member"};
}

}  // namespace member::detail
