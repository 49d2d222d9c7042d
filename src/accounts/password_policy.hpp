// The password policy (A5) as a pure rule.
#pragma once

#include <string>
#include <string_view>

#include "member/policy.hpp"

namespace member::detail {

/// The form a password is hashed and checked in: NFC-normalised UTF-8, so
/// the same password typed on differently composing keyboards matches.
/// Throws invalid_argument (naming `field`) for invalid UTF-8, NUL or more
/// than 4096 bytes.
std::string normalize_password(std::string_view field, std::string_view password);

/// Throws invalid_argument naming `field` unless the normalised password
/// satisfies the policy. The message says which rule failed.
void check_password_policy(const PasswordPolicy& policy, std::string_view field,
                           std::string_view normalized);

/// True when the password is in the bundled list of common passwords
/// (compared case-insensitively).
bool is_common_password(std::string_view password);

}  // namespace member::detail
