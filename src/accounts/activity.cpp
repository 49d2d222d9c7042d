#include "accounts/activity.hpp"

#include "core/time.hpp"
#include "member/accounts.hpp"

namespace member::detail {

void require_active(const storage::UserRow& user) {
  require_active(user.status);
}

void require_active(int status) {
  if (static_cast<AccountStatus>(status) != AccountStatus::active) {
    throw Error(Errc::failed_precondition,
                "the account is " + std::string(to_string(static_cast<AccountStatus>(status))) +
                    " and cannot take part in this activity");
  }
}

SignInOutcome sign_in_outcome(AccountStatus status) noexcept {
  switch (status) {
    case AccountStatus::active:
      return SignInOutcome::success;
    case AccountStatus::disabled:
      return SignInOutcome::disabled;
    case AccountStatus::blacklisted:
      return SignInOutcome::blacklisted;
    case AccountStatus::blocked:
      return SignInOutcome::blocked;
    case AccountStatus::withdrawn:
      return SignInOutcome::withdrawn;
  }
  return SignInOutcome::disabled;
}

void log_sign_in(storage::Transaction& tx, const Context& context, const std::string& tenant,
                 const storage::UserRow* user, SignInOutcome outcome, const SignInOrigin& origin) {
  tx.logins().append({.tenant = tenant,
                      .at_ms = to_ms(context.now()),
                      .user_id = user ? user->id : std::string(),
                      .outcome = static_cast<int>(outcome),
                      .device_id = origin.device_id,
                      .platform = origin.platform,
                      .ip = origin.ip});
}

}  // namespace member::detail
