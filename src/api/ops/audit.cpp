// audit.* operations (member::AuditLog).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

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
}

}  // namespace member::api
