#include "messages/audience.hpp"

namespace member::detail {

std::vector<std::string> roles_of(storage::Transaction& tx, const storage::UserRow& user) {
  // Every account holds the built-in member role (seed 001's caller levels,
  // E3), and the roles assigned to it in its tenant (E2).
  std::vector<std::string> roles = tx.access().user_roles(user.tenant, user.id);
  roles.emplace_back("member");
  return roles;
}

}  // namespace member::detail
