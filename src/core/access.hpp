// Access checks shared by every service: the one place that turns an Actor
// into "allowed" or Errc::permission_denied, and refuses calls in a tenant
// that does not exist or is disabled (through the System's AccessCache, so a
// check costs no query when warm).
//
// Pass `tx` whenever the caller holds a transaction: a cache miss then reads
// through it (an in-memory database has a single connection).
#pragma once

#include <string_view>

#include "member/actor.hpp"
#include "member/storage.hpp"

namespace member::detail {

struct Context;

/// Throws invalid_argument unless the actor names a plausible tenant,
/// not_found when the tenant does not exist, failed_precondition when it is
/// disabled.
void require_tenant(const Context& context, const Actor& actor, storage::Transaction* tx = nullptr);

/// The tenant checks, then permission_denied unless the actor may act for
/// `user_id` (the user themself, or staff of the tenant).
void require_access(const Context& context, const Actor& actor, std::string_view user_id,
                    storage::Transaction* tx = nullptr);

/// True when the actor holds the permission point in its tenant (built-in
/// roles by kind, and for user actors the roles assigned to them). Does not
/// check the tenant; `permission` need not be built in.
bool holds_permission(const Context& context, const Actor& actor, std::string_view permission,
                      storage::Transaction* tx = nullptr);

/// The tenant checks, then permission_denied naming the point unless the
/// actor holds `permission`.
void require_permission(const Context& context, const Actor& actor, std::string_view permission,
                        storage::Transaction* tx = nullptr);

}  // namespace member::detail
