#include "sessions/revocation.hpp"

#include <mutex>

#include "audit/record.hpp"
#include "core/time.hpp"

namespace member::detail {

void RevocationList::add(const std::vector<std::string>& ids, std::int64_t now_ms) {
  if (ids.empty()) return;
  std::unique_lock lock(mutex_);
  std::erase_if(revoked_, [&](const auto& entry) { return entry.second + keep_ms_ < now_ms; });
  for (const std::string& id : ids) revoked_[id] = now_ms;
  any_.store(true, std::memory_order_release);
}

bool RevocationList::contains(std::string_view id) const {
  if (!any_.load(std::memory_order_acquire)) return false;
  std::shared_lock lock(mutex_);
  return revoked_.find(id) != revoked_.end();
}

std::vector<std::string> revoke_sessions(storage::Transaction& tx, const Context& context,
                                         const Actor& actor, const std::string& user_id,
                                         std::string_view reason,
                                         const SessionSelection& selection) {
  auto ids =
      tx.sessions().revoke_by_user(actor.tenant, user_id, selection.device_id, selection.except_id,
                                   to_ms(context.now()), std::string(reason));
  if (!ids.empty()) {
    nlohmann::json detail = {{"reason", reason}, {"sessions", ids.size()}};
    if (!selection.device_id.empty()) detail["device_id"] = selection.device_id;
    if (!selection.except_id.empty()) detail["kept"] = selection.except_id;
    record_audit(tx, context, actor, "session.revoke", user_id, detail);
  }
  return ids;
}

void remember_revoked(const Context& context, const std::vector<std::string>& ids) {
  if (context.revocations) context.revocations->add(ids, to_ms(context.now()));
}

}  // namespace member::detail
