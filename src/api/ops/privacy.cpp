// privacy.* operations (member::Privacy): export and erasure of a user's
// personal data (A12, seed 004 GDPR).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"
#include "api/privacy_examples.hpp"

namespace member::api {

void register_privacy_operations(OperationTable& t) {
  t.add("privacy.export",
        "Every record member keeps about the user as one JSON object, one member per part "
        "(account, login_log, sessions, bindings, identities, addresses, tags, verifications, "
        "tenants, codes, ledger, loyalty, messages, audit). The user themself or staff; audited. "
        "Errors: "
        "invalid_argument (user_id), permission_denied, not_found.",
        R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
        R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})", kExportExample,
        decode_user_request, [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return Json::parse(h.system.privacy().export_user(a, r.user_id));
        });
  t.add(
      "privacy.erase",
      "Erases the user: destroys their data key, deletes or empties every record of "
      "theirs, keeps ledger amounts and audit records under the id; returns the rows "
      "touched per table. Staff, or the user themself with their password. Errors: "
      "invalid_argument (user_id, password), permission_denied, not_found, "
      "unauthenticated (wrong password), busy.",
      R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "password": "tangerine-Voyage-42"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "tables": [{"table": "login_log", "rows": 4}, {"table": "addresses", "rows": 1}]})",
      decode_erase, [](Host& h, const Actor& a, const EraseRequest& r) -> Json {
        return encode(h.system.privacy().erase(a, r));
      });
}

}  // namespace member::api
