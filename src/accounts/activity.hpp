// The one rule on who may take part in activity (points, bindings, joining
// events ...): only an active account. Disabled, blacklisted, blocked (D1)
// and withdrawn accounts are refused.
#pragma once

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

}  // namespace member::detail
