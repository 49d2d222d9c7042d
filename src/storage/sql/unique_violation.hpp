// What a unique violation means to the caller, for every SQL driver: the
// request field whose value is already taken.
#pragma once

#include <string_view>

#include "member/error.hpp"

namespace member::storage::sql {

/// Errc::conflict for a unique violation, naming the field when `where` (the
/// engine's constraint name or message) names one of the unique columns:
/// username, email, mobile, or a ledger request's idempotency key.
Error unique_violation(std::string_view where);

}  // namespace member::storage::sql
