// moderation.* operations (member::Moderation): reports and blocking (D1, D2).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kUser =
    R"({"kind": "user", "id": "0b7e5d6c-1a2b-4c3d-8e9f-001122334455ab12"})";
constexpr const char* kState =
    R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "report_count": 10, "last_report_at": "2026-01-31T12:00:00.000Z", "blocked": true, "unblock_possible_at": "2026-07-31T12:00:00.000Z"})";
constexpr const char* kUserRequest = R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";

struct ReportRequest {
  std::string user_id;
  std::string reason;
};
ReportRequest decode_report(Fields& f) {
  ReportRequest r;
  r.user_id = f.str("user_id");
  r.reason = f.str("reason");
  return r;
}

}  // namespace

void register_moderation_operations(OperationTable& t) {
  t.add("moderation.report",
        "Reports a user (by an active user other than them, or staff) and returns the new "
        "state; the report that brings the count to 10 blocks the user and ends their "
        "sessions. Errors: invalid_argument (user_id, reason: 1-500 characters), not_found, "
        "permission_denied, failed_precondition (an inactive reporter).",
        kUser,
        R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "reason": "spam in comments"})",
        kState, decode_report, [](Host& h, const Actor& a, const ReportRequest& r) -> Json {
          return encode(h.system.moderation().report(a, r.user_id, r.reason));
        });
  t.add(
      "moderation.request_unblock",
      "Unblocks a blocked user on their (or staff's) request once 6 months have passed "
      "since the latest report; the count goes down by one. Errors: failed_precondition "
      "(not blocked, or too early: retry_at), permission_denied, not_found.",
      R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})", kUserRequest,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "report_count": 9, "last_report_at": "2026-01-31T12:00:00.000Z", "blocked": false, "unblock_possible_at": null})",
      decode_user_request, [](Host& h, const Actor& a, const UserRequest& r) -> Json {
        return encode(h.system.moderation().request_unblock(a, r.user_id));
      });
  t.add("moderation.state",
        "The user's report count and block state (the user themself or staff). Errors: "
        "invalid_argument, permission_denied, not_found.",
        R"({"kind": "admin", "id": "ops-anna"})", kUserRequest, kState, decode_user_request,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return encode(h.system.moderation().state(a, r.user_id));
        });
}

}  // namespace member::api
