// The one rule on who may take part in activity (points, bindings, joining
// events ...): only an active account. Disabled, blacklisted, blocked (D1)
// and withdrawn accounts are refused.
#pragma once

#include <string>

#include "core/context.hpp"
#include "member/accounts.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Throws failed_precondition unless the account is active.
void require_active(const storage::UserRow& user);
/// The same rule for a status read on its own (storage::UserRow::status).
void require_active(int status);

/// The login-log outcome of a sign-in by an account in this status: success
/// for an active account, the reason for refusing it otherwise.
SignInOutcome sign_in_outcome(AccountStatus status) noexcept;

/// Where a sign-in attempt came from, as the login log records it.
struct SignInOrigin {
  std::string device_id;
  std::string platform;
  std::string ip;
};

/// Appends one sign-in attempt to the login log in `tx`: its outcome and
/// the account it concerned (none when `user` is null), at the current time.
void log_sign_in(storage::Transaction& tx, const Context& context, const std::string& tenant,
                 const storage::UserRow* user, SignInOutcome outcome, const SignInOrigin& origin);

}  // namespace member::detail
