// Public ids. A user id is a random (version 4) UUID followed by four more
// random characters from [0-9a-z] (seed 002: "uuid + 4 characters", so that
// even a UUID collision cannot collide), 40 characters in all:
//   "1b4e28ba-2fa1-4d2e-883f-0016d3cca427k3x9"
#pragma once

#include <string>
#include <string_view>

namespace member::detail {

std::string new_user_id();
bool is_user_id(std::string_view id) noexcept;

}  // namespace member::detail
