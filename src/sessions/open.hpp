// Opening a session: the step every sign-in path ends with (password, code,
// third-party identity). Sign-in paths authenticate the user their own way
// and then call open_session().
#pragma once

#include <string>
#include <string_view>

#include "core/context.hpp"
#include "member/actor.hpp"
#include "member/sessions.hpp"

namespace member::detail {

/// Opens a session of `user_id` (in actor.tenant) on `device` and issues its
/// tokens, in one write transaction. `method` says how the user signed in
/// ("password", "code", "identity:github" ...). Throws invalid_argument for
/// bad device fields, not_found for an unknown user and failed_precondition
/// when the account is not active (require_active). Audit: "session.open".
TokenPair open_session(const Context& context, const Actor& actor, const std::string& user_id,
                       const DeviceInfo& device, std::string_view method);

}  // namespace member::detail
