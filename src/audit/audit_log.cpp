#include "member/audit.hpp"

#include "core/access.hpp"
#include "core/context.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"

namespace member {

std::vector<AuditEntry> AuditLog::list(const Actor& actor, const AuditQuery& query) {
  if (actor.is_staff()) {
    detail::require_tenant(actor);
  } else {
    // A user may read the trail about themself only.
    detail::require_access(actor, query.user_id);
  }
  if (!query.user_id.empty()) detail::validate_user_id("user_id", query.user_id);
  detail::validate_text("action", query.action, 64);
  detail::validate_page(query.page);
  auto tx = context_.storage->read();
  std::vector<AuditEntry> entries;
  for (auto& row : tx->audit().list(actor.tenant, query.user_id, query.action, query.page.limit,
                                    query.page.offset)) {
    entries.push_back({.sequence = row.sequence,
                       .at = detail::from_ms(row.at_ms),
                       .actor_kind = static_cast<ActorKind>(row.actor_kind),
                       .actor_id = std::move(row.actor_id),
                       .action = std::move(row.action),
                       .user_id = std::move(row.user_id),
                       .detail = std::move(row.detail)});
  }
  return entries;
}

}  // namespace member
