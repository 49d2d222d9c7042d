#include "accounts/activity.hpp"

#include "member/accounts.hpp"

namespace member::detail {

void require_active(const storage::UserRow& user) {
  if (static_cast<AccountStatus>(user.status) != AccountStatus::active) {
    throw Error(Errc::failed_precondition,
                "the account is " +
                    std::string(to_string(static_cast<AccountStatus>(user.status))) +
                    " and cannot take part in this activity");
  }
}

}  // namespace member::detail
