// verifications.* operations (member::Verifications): real-name and bank
// card checks reviewed by staff. Numbers are answered masked, except by
// payment_account (internal callers only).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kAdmin = R"({"kind": "admin", "id": "ops-anna"})";
constexpr const char* kService = R"({"kind": "service", "id": "payouts"})";
constexpr const char* kPendingCard =
    R"({"verification_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7db1", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9",
 "kind": "bank_card", "status": "pending", "masked_number": "6222********7894", "name": "Zhang San",
 "bank_name": "ICBC", "card_type": "debit", "review_note": "", "reviewer": "",
 "submitted_at": "2026-01-31T12:00:00.000Z", "decided_at": null})";
constexpr const char* kApprovedName =
    R"({"verification_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7db0", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9",
 "kind": "real_name", "status": "approved", "masked_number": "1101**********002X", "name": "Zhang San",
 "bank_name": "", "card_type": "", "review_note": "documents match", "reviewer": "ops-anna",
 "submitted_at": "2026-01-31T12:00:00.000Z", "decided_at": "2026-01-31T12:05:00.000Z"})";

struct VerificationRequest {
  std::string user_id;
  std::string verification_id;
};
VerificationRequest decode_verification_request(Fields& f) {
  VerificationRequest r;
  r.user_id = f.str("user_id");
  r.verification_id = f.str("verification_id");
  return r;
}

}  // namespace

void register_verifications_operations(OperationTable& t) {
  t.add(
      "verifications.submit_real_name",
      "Submits a real-name check (A10): the name and the 18-character resident ID number; "
      "the answer shows the number masked. Errors: invalid_argument naming the field "
      "(id_number for a bad format, check character or birth date; never the value), "
      "permission_denied, not_found, failed_precondition (account not active, or a real-name "
      "check already pending).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "real_name": "Zhang San", "id_number": "11010519491231002X"})",
      R"({"verification_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7db0", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9",
 "kind": "real_name", "status": "pending", "masked_number": "1101**********002X", "name": "Zhang San",
 "bank_name": "", "card_type": "", "review_note": "", "reviewer": "",
 "submitted_at": "2026-01-31T12:00:00.000Z", "decided_at": null})",
      decode_real_name, [](Host& h, const Actor& a, const RealNameRequest& r) -> Json {
        return encode(h.system.verifications().submit_real_name(a, r));
      });
  t.add(
      "verifications.submit_bank_card",
      "Submits a bank card check: 12-19 digits passing the Luhn check (spaces and '-' "
      "ignored), bank, holder and card type. Errors: as verifications.submit_real_name, "
      "card_number for a bad number.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "card_number": "6222 0212 3456 7894", "bank_name": "ICBC", "holder_name": "Zhang San", "card_type": "debit"})",
      kPendingCard, decode_bank_card,
      [](Host& h, const Actor& a, const BankCardRequest& r) -> Json {
        return encode(h.system.verifications().submit_bank_card(a, r));
      });
  t.add(
      "verifications.decide",
      "Approves or rejects a pending check (staff only; review_note required to reject); the "
      "user's verified flag of its kind follows. Errors: invalid_argument, "
      "permission_denied, not_found, failed_precondition (already decided).",
      kAdmin,
      R"({"verification_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7db0", "status": "approved", "review_note": "documents match"})",
      kApprovedName, decode_verification_decision,
      [](Host& h, const Actor& a, const VerificationDecision& d) -> Json {
        return encode(h.system.verifications().decide(a, d));
      });
  t.add(
      "verifications.get",
      "One check of the user, number masked. Errors: invalid_argument, permission_denied, "
      "not_found.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "verification_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7db0"})",
      kApprovedName, decode_verification_request,
      [](Host& h, const Actor& a, const VerificationRequest& r) -> Json {
        return encode(h.system.verifications().get(a, r.user_id, r.verification_id));
      });
  t.add("verifications.list",
        "The user's checks, newest first, numbers masked. Errors: invalid_argument, "
        "permission_denied, not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
        std::string(R"({"verifications": [)") + kPendingCard + ", " + kApprovedName + "]}",
        decode_user_request, [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"verifications", encode_list(h.system.verifications().list(a, r.user_id))}};
        });
  t.add("verifications.flags",
        "The user's verified flags, each following the latest decision of its kind. Errors: "
        "invalid_argument, permission_denied, not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
        R"({"real_name": true, "bank_card": false})", decode_user_request,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return encode(h.system.verifications().flags(a, r.user_id));
        });
  t.add("verifications.payment_account",
        "The full number of the user's most recently approved bank card, for paying out. "
        "Internal callers only (service or system actor; anyone else, admins included, gets "
        "permission_denied). Errors: invalid_argument, not_found (no approved card). Audited.",
        kService, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
        R"({"card_number": "6222021234567894"})", decode_user_request,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"card_number", h.system.verifications().payment_account(a, r.user_id)}};
        });
}

}  // namespace member::api
