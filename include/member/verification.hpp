// Identity checks (A10, seed 003): real-name verification (name + Chinese
// resident ID number) and bank card verification requests, reviewed by
// staff: pending -> approved or rejected, with a review note and reviewer.
//
// Obtain the service from member::System::verifications(); it is
// thread-safe. A user submits and reads their own requests; staff of the
// tenant read any and decide. Numbers and names are stored encrypted under
// the user's data key and only ever returned masked ("6226********0001"),
// except by payment_account(), the internal call of seed 002.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"

namespace member {

namespace detail {
struct Context;
}

enum class VerificationKind : int { real_name = 0, bank_card = 1 };
MEMBER_EXPORT std::string_view to_string(VerificationKind kind) noexcept;

enum class VerificationStatus : int { pending = 0, approved = 1, rejected = 2 };
MEMBER_EXPORT std::string_view to_string(VerificationStatus status) noexcept;

/// Real-name verification: the name on the ID card and its number.
struct RealNameRequest {
  std::string user_id;
  std::string real_name;  ///< 1-100 bytes
  /// An 18-character resident ID: 17 digits and a check character (0-9 or
  /// X), a known province code, a real birth date not in the future, and the
  /// right ISO 7064 MOD 11-2 check character.
  std::string id_number;
};

/// Bank card verification.
struct BankCardRequest {
  std::string user_id;
  /// 12-19 digits (spaces and '-' ignored) passing the Luhn check.
  std::string card_number;
  std::string bank_name;    ///< 1-100 bytes
  std::string holder_name;  ///< 1-100 bytes
  std::string card_type;    ///< e.g. "debit", "credit": 1-32 bytes
};

struct Verification {
  std::string verification_id;
  std::string user_id;
  VerificationKind kind = VerificationKind::real_name;
  VerificationStatus status = VerificationStatus::pending;
  std::string masked_number;  ///< first 4 and last 4 characters shown
  std::string name;           ///< the real name, or the card holder's name
  std::string bank_name;      ///< bank cards only
  std::string card_type;      ///< bank cards only
  std::string review_note;
  std::string reviewer;  ///< the deciding actor's id
  TimePoint submitted_at;
  std::optional<TimePoint> decided_at;
};

struct VerificationDecision {
  std::string verification_id;
  /// approved or rejected.
  VerificationStatus status = VerificationStatus::approved;
  /// Required when rejecting; at most 500 bytes.
  std::string review_note;
};

/// A user's verified flags: each follows the latest decision of its kind.
struct VerifiedFlags {
  bool real_name = false;
  bool bank_card = false;
};

class MEMBER_EXPORT Verifications {
 public:
  /// Submits a real-name verification request (pending). Throws
  /// invalid_argument naming the field ("id_number" for a bad number, check
  /// digit or birth date), permission_denied, not_found, failed_precondition
  /// (account not active, or a request of this kind is already pending).
  /// Audit: "verification.submit".
  Verification submit_real_name(const Actor& actor, const RealNameRequest& request);

  /// Submits a bank card verification request (pending); "card_number" is
  /// invalid_argument when it fails the Luhn check. Throws as
  /// submit_real_name. Audit: "verification.submit".
  Verification submit_bank_card(const Actor& actor, const BankCardRequest& request);

  /// Approves or rejects a pending request (admin, service or system only);
  /// the user's verified flag of its kind follows. Throws invalid_argument,
  /// permission_denied, not_found, failed_precondition (already decided).
  /// Audit: "verification.decide".
  Verification decide(const Actor& actor, const VerificationDecision& decision);

  /// One request of the user. Throws invalid_argument, permission_denied,
  /// not_found.
  Verification get(const Actor& actor, const std::string& user_id,
                   const std::string& verification_id);

  /// The user's requests, newest first.
  std::vector<Verification> list(const Actor& actor, const std::string& user_id);

  /// The user's verified flags.
  VerifiedFlags flags(const Actor& actor, const std::string& user_id);

  /// The full number of the user's most recently approved bank card, for
  /// paying out (seed 002 "bank account for payment"). Internal callers only:
  /// a service or system actor; anyone else, admins included, gets
  /// permission_denied. not_found when the user has no approved card.
  /// Audit: "verification.payment_account.read".
  std::string payment_account(const Actor& actor, const std::string& user_id);

 private:
  friend class System;
  explicit Verifications(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
