// The one rule on who may take part in activity (points, bindings, joining
// events ...): only an active account. Disabled, blacklisted, blocked (D1)
// and withdrawn accounts are refused.
#pragma once

#include "member/storage.hpp"

namespace member::detail {

/// Throws failed_precondition unless the account is active.
void require_active(const storage::UserRow& user);

}  // namespace member::detail
