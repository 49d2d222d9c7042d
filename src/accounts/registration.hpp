// The two halves of a registration (A1), for paths that register inside a
// transaction of their own (registration by code, A6).
#pragma once

#include "core/context.hpp"
#include "member/accounts.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Validates the request, hashes the password and encrypts the personal
/// data: the slow work, done before any transaction. Throws invalid_argument
/// naming the field, permission_denied for staff-only fields.
storage::UserRow prepare_user(const Context& context, const Actor& actor, const RegisterRequest& r);

/// Inserts a prepared user in `tx` (not committed) after checking the tenant
/// (not_found) and that its identifiers are free (conflict naming the
/// field). Audit: "account.register".
void insert_user(storage::Transaction& tx, const Context& context, const Actor& actor,
                 const storage::UserRow& row, bool imported_hash);

}  // namespace member::detail
