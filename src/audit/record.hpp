// Appending to the audit trail: the one function every service calls, inside
// the transaction of the change it records.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/context.hpp"
#include "member/accounts.hpp"
#include "member/actor.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Records that `actor` did `action` to `user_id`, with `detail` (a JSON
/// object that must not hold personal data or secrets).
void record_audit(storage::Transaction& tx, const Context& context, const Actor& actor,
                  std::string_view action, std::string_view user_id,
                  const nlohmann::json& detail = nlohmann::json::object());

/// A login-log row as the public record.
LoginRecord to_login_record(storage::LoginRow row);

}  // namespace member::detail
