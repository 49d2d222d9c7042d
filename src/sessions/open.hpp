// Opening a session: the step every sign-in path ends with (password, code,
// third-party identity). Sign-in paths authenticate the user their own way
// and then call open_session().
#pragma once

#include <string>
#include <string_view>

#include "core/context.hpp"
#include "member/actor.hpp"
#include "member/sessions.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Opens a session of `user_id` (in actor.tenant) on `device` and issues its
/// tokens, in one write transaction. `method` says how the user signed in
/// ("password", "code", "identity:github" ...). Throws invalid_argument for
/// bad device fields, not_found for an unknown user and failed_precondition
/// when the account is not active (require_active). Audit: "session.open".
TokenPair open_session(const Context& context, const Actor& actor, const std::string& user_id,
                       const DeviceInfo& device, std::string_view method);

/// The same inside the caller's write transaction `tx` (which the caller
/// commits), for `user` as read in it: for sign-in paths that must open the
/// session in the transaction that authenticated the user.
TokenPair open_session(storage::Transaction& tx, const Context& context, const Actor& actor,
                       const storage::UserRow& user, const DeviceInfo& device,
                       std::string_view method);

/// Throws invalid_argument naming the first bad device field.
void validate_device(const DeviceInfo& device);

/// The device a sign-in request describes: `credentials` carry its id,
/// platform and address, `request` the rest. Validated.
template <class Credentials, class Request>
DeviceInfo device_of(const Credentials& credentials, const Request& request) {
  DeviceInfo device{.device_id = credentials.device_id,
                    .device_type = request.device_type,
                    .device_name = request.device_name,
                    .platform = credentials.platform,
                    .app_version = request.app_version,
                    .ip = credentials.ip};
  validate_device(device);
  return device;
}

}  // namespace member::detail
