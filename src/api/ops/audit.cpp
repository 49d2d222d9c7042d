// audit.* operations (member::AuditLog).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

struct PurgeRequest {
  std::uint32_t older_than_days = 0;
};
PurgeRequest decode_purge(Fields& f) {
  return {f.u32("older_than_days", 0)};
}

}  // namespace

void register_audit_operations(OperationTable& t) {
  t.add(
      "audit.list",
      "Audit entries of the actor's tenant, newest first, filtered by user_id and action. "
      "Staff see every entry; a user only the entries about themself.",
      R"({"kind": "admin", "id": "ops-anna"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "action": "account.register", "limit": 50, "offset": 0})",
      R"({"entries": [{"sequence": 1, "at": "2026-01-31T12:00:00.000Z", "actor_kind": "anonymous", "actor_id": "", "action": "account.register", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "detail": "{}"}]})",
      decode_audit_query, [](Host& h, const Actor& a, const AuditQuery& q) -> Json {
        return {{"entries", encode_list(h.system.audit().list(a, q))}};
      });
  t.add(
      "audit.logins",
      "Login-log entries of the actor's tenant (F3), newest first, from (inclusive) to "
      "(exclusive): one user's (the user themself or staff) or, with no user_id, everyone's "
      "(staff only). Errors: invalid_argument (user_id, limit, from/to reversed), "
      "permission_denied.",
      R"({"kind": "admin", "id": "ops-anna"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z", "limit": 50, "offset": 0})",
      R"({"logins": [{"at": "2026-01-31T12:00:00.000Z", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "outcome": "success", "device_id": "d-1", "platform": "ios", "ip": "203.0.113.9"}]})",
      decode_login_query, [](Host& h, const Actor& a, const LoginQuery& q) -> Json {
        return {{"logins", encode_list(h.system.audit().logins(a, q))}};
      });
  t.add("audit.purge_logins",
        "Retention (F3): deletes the tenant's login-log entries older than older_than_days "
        "(at least 1) and returns how many; audit entries are kept. Staff only. Errors: "
        "invalid_argument, permission_denied.",
        R"({"kind": "admin", "id": "ops-anna"})", R"({"older_than_days": 180})",
        R"({"deleted": 12})", decode_purge,
        [](Host& h, const Actor& a, const PurgeRequest& r) -> Json {
          return {{"deleted", h.system.audit().purge_logins(a, r.older_than_days)}};
        });
}

}  // namespace member::api
