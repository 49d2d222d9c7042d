#include "audit/record.hpp"

#include "core/time.hpp"

namespace member::detail {

void record_audit(storage::Transaction& tx, const Context& context, const Actor& actor,
                  std::string_view action, std::string_view user_id, const nlohmann::json& detail) {
  tx.audit().append({.tenant = actor.tenant,
                     .sequence = 0,
                     .at_ms = to_ms(context.now()),
                     .actor_kind = static_cast<int>(actor.kind),
                     .actor_id = actor.id,
                     .action = std::string(action),
                     .user_id = std::string(user_id),
                     .detail = detail.dump()});
}

LoginRecord to_login_record(storage::LoginRow row) {
  return {.at = from_ms(row.at_ms),
          .user_id = std::move(row.user_id),
          .outcome = static_cast<SignInOutcome>(row.outcome),
          .device_id = std::move(row.device_id),
          .platform = std::move(row.platform),
          .ip = std::move(row.ip)};
}

}  // namespace member::detail
