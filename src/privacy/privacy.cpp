// Export and erasure of a user's personal data (A12), driven by the
// participants' list.
#include "member/privacy.hpp"

#include <algorithm>
#include <set>

#include "accounts/users.hpp"
#include "api/json.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "privacy/participant.hpp"
#include "sessions/revocation.hpp"

namespace member {

std::string Privacy::export_user(const Actor& actor, const std::string& user_id) {
  storage::UserRow user;
  {
    auto tx = context_.storage->write();
    user = detail::load_user(context_, *tx, actor, user_id);
    detail::record_audit(*tx, context_, actor, "privacy.export", user.id);
    tx->commit();
  }
  const detail::ExportScope scope{system_, context_, actor, user};
  nlohmann::json out = {{"user_id", user.id},
                        {"tenant", user.tenant},
                        {"exported_at", api::format_time(context_.now())}};
  for (const detail::Participant& p : detail::participants()) {
    out[std::string(p.name)] = p.export_part(scope);
  }
  return api::dump(out);
}

ErasureReport Privacy::erase(const Actor& actor, const EraseRequest& request) {
  // The user themself (with the password), or staff holding privacy.erase.
  const bool self = actor.kind == ActorKind::user && actor.id == request.user_id;
  if (self) {
    detail::require_access(context_, actor, request.user_id);
  } else {
    detail::require_permission(context_, actor, "privacy.erase");
  }
  std::optional<storage::UserRow> seen;
  if (self) {
    // Seed 004: a sensitive operation needs a second verification. The hash
    // is checked outside the transaction, then found unchanged inside it.
    seen = detail::load_user(context_, *context_.storage->read(), actor, request.user_id);
    detail::verify_password(context_, actor, *seen, request.password);
  }
  ErasureReport report{.user_id = request.user_id, .tables = {}};
  std::vector<std::string> revoked;
  {
    auto tx = context_.storage->write();
    storage::UserRow user = detail::load_user(context_, *tx, actor, request.user_id);
    if (seen) detail::ensure_still_verified(context_, *seen, user);
    const detail::ErasureScope scope{context_, *tx, actor, user, revoked};
    nlohmann::json counts = nlohmann::json::object();
    for (const detail::Participant& p : detail::participants()) {
      if (p.erase_step) p.erase_step(scope);
      for (const detail::CoveredTable& t : p.tables) {
        const std::string table(t.table);
        std::int64_t n = 0;
        if (t.treatment == detail::Treatment::removed) {
          n = tx->personal_data().remove_rows(user.tenant, table, user.id);
        } else if (t.treatment == detail::Treatment::cleared) {
          n = tx->personal_data().clear_rows(user.tenant, table, user.id);
        } else {
          continue;
        }
        // A table two treatments apply to (rows about the user, rows by
        // them) is counted once, with both.
        const auto counted = std::find_if(report.tables.begin(), report.tables.end(),
                                          [&](const auto& entry) { return entry.first == table; });
        if (counted == report.tables.end()) {
          report.tables.emplace_back(table, n);
        } else {
          counted->second += n;
        }
        counts[table] = counts.value(table, std::int64_t{0}) + n;
      }
    }
    detail::record_audit(*tx, context_, actor, "privacy.erase", user.id, {{"tables", counts}});
    tx->commit();
  }
  detail::remember_revoked(context_, revoked);
  context_.storage->reclaim_free_space();
  return report;
}

std::vector<std::string> Privacy::covered_tables() {
  std::set<std::string> seen;
  std::vector<std::string> out;
  for (const detail::Participant& p : detail::participants()) {
    for (const detail::CoveredTable& t : p.tables) {
      if (seen.insert(std::string(t.table)).second) out.emplace_back(t.table);
    }
  }
  return out;
}

}  // namespace member
