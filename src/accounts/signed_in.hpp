// Sign-ins that do more in the transaction that accepts them. Sessions opens
// its session there, before that transaction commits, so that a change to
// the account made just after the check (a new password, a status change,
// an erasure) either waits for the session and ends it, or comes first and
// refuses the sign-in: no session outlives it. (Unbinding an identity ends
// no session; one that comes first refuses the identity's sign-in.)
#pragma once

#include <functional>

#include "core/context.hpp"
#include "member/accounts.hpp"
#include "member/identities.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Runs in the accepting write transaction, for the account as read in it.
using OnSignedIn = std::function<void(storage::Transaction& tx, const storage::UserRow& user)>;

/// Accounts::sign_in, with `on_signed_in` (may be empty) run on success.
SignInResult sign_in(const Context& context, const Actor& actor, const SignInRequest& request,
                     const OnSignedIn& on_signed_in);

/// Identities::sign_in, with `on_signed_in` (may be empty) run on success.
SignInResult sign_in_with_identity(const Context& context, const Actor& actor,
                                   const IdentitySignInRequest& request,
                                   const OnSignedIn& on_signed_in);

}  // namespace member::detail
