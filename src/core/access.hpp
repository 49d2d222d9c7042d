// Access checks shared by every service: the one place that turns an Actor
// into "allowed" or Errc::permission_denied.
#pragma once

#include <string_view>

#include "member/actor.hpp"

namespace member::detail {

/// Throws permission_denied unless the actor may act for `user_id`.
void require_access(const Actor& actor, std::string_view user_id);

/// Throws permission_denied unless the actor is admin, service or system.
void require_staff(const Actor& actor);

/// Throws invalid_argument unless the actor names a plausible tenant.
void require_tenant(const Actor& actor);

}  // namespace member::detail
