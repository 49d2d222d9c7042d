// Identity checks (A10): submit, decide, read, and the internal payment
// account lookup (seed 002).
#include <chrono>
#include <nlohmann/json.hpp>

#include "accounts/owner.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/sealed_field.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "crypto/random.hpp"
#include "member/verification.hpp"
#include "verification/numbers.hpp"

namespace member {
namespace {

constexpr std::string_view kDataColumn = "verifications.data";
constexpr std::string_view kIdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

/// What is sealed: the full number and the names.
struct Sealed {
  std::string number;
  std::string name;
  std::string bank_name;
  std::string card_type;
};

detail::FieldPlace place(const storage::VerificationRow& row) {
  return {row.tenant, kDataColumn, row.verification_id};
}

Sealed open_data(const crypto::SecretKey& key, const storage::VerificationRow& row) {
  const auto j = nlohmann::json::parse(detail::open_field(key, place(row), row.data));
  return {j.at("number").get<std::string>(), j.at("name").get<std::string>(),
          j.at("bank_name").get<std::string>(), j.at("card_type").get<std::string>()};
}

Verification to_verification(const crypto::SecretKey& key, const storage::VerificationRow& row) {
  const Sealed data = open_data(key, row);
  Verification v{.verification_id = row.verification_id,
                 .user_id = row.user_id,
                 .kind = static_cast<VerificationKind>(row.kind),
                 .status = static_cast<VerificationStatus>(row.status),
                 .masked_number = detail::mask_number(data.number),
                 .name = data.name,
                 .bank_name = data.bank_name,
                 .card_type = data.card_type,
                 .review_note = row.review_note,
                 .reviewer = row.reviewer,
                 .submitted_at = detail::from_ms(row.submitted_at_ms)};
  if (row.decided_at_ms != 0) v.decided_at = detail::from_ms(row.decided_at_ms);
  return v;
}

/// The latest decided request of `kind` (the rows come newest first).
const storage::VerificationRow* latest_decision(const std::vector<storage::VerificationRow>& rows,
                                                VerificationKind kind, bool approved_only = false) {
  const storage::VerificationRow* latest = nullptr;
  for (const auto& row : rows) {
    if (row.kind != static_cast<int>(kind) || row.decided_at_ms == 0) continue;
    if (approved_only && row.status != static_cast<int>(VerificationStatus::approved)) continue;
    if (!latest || row.decided_at_ms > latest->decided_at_ms) latest = &row;
  }
  return latest;
}

/// Stores a new pending request of the user, unless one of its kind is
/// already pending.
Verification submit(const detail::Context& context, const Actor& actor, const std::string& user_id,
                    VerificationKind kind, const Sealed& data) {
  auto tx = context.storage->write();
  const storage::UserRow user = detail::load_active_owner(context, *tx, actor, user_id);
  for (const auto& row : tx->verifications().of_user(actor.tenant, user.id)) {
    if (row.kind == static_cast<int>(kind) &&
        row.status == static_cast<int>(VerificationStatus::pending)) {
      throw Error(Errc::failed_precondition,
                  "a " + std::string(to_string(kind)) + " verification is already pending");
    }
  }
  const crypto::SecretKey key = detail::data_key(context, user);
  storage::VerificationRow row{.tenant = actor.tenant,
                               .verification_id = "ver_" + crypto::random_string(kIdAlphabet, 20),
                               .user_id = user.id,
                               .kind = static_cast<int>(kind),
                               .status = static_cast<int>(VerificationStatus::pending),
                               .submitted_at_ms = detail::to_ms(context.now())};
  const nlohmann::json sealed = {{"number", data.number},
                                 {"name", data.name},
                                 {"bank_name", data.bank_name},
                                 {"card_type", data.card_type}};
  row.data = detail::seal_field(key, place(row), sealed.dump());
  tx->verifications().insert(row);
  detail::record_audit(*tx, context, actor, "verification.submit", user.id,
                       {{"verification_id", row.verification_id}, {"kind", to_string(kind)}});
  tx->commit();
  return to_verification(key, row);
}

}  // namespace

std::string_view to_string(VerificationKind kind) noexcept {
  switch (kind) {
    case VerificationKind::real_name:
      return "real_name";
    case VerificationKind::bank_card:
      return "bank_card";
  }
  return "unknown";
}

std::string_view to_string(VerificationStatus status) noexcept {
  switch (status) {
    case VerificationStatus::pending:
      return "pending";
    case VerificationStatus::approved:
      return "approved";
    case VerificationStatus::rejected:
      return "rejected";
  }
  return "unknown";
}

Verification Verifications::submit_real_name(const Actor& actor, const RealNameRequest& r) {
  detail::validate_required_text("real_name", r.real_name, 100);
  const auto today = std::chrono::floor<std::chrono::days>(context_.now());
  const std::string number = detail::normalize_resident_id("id_number", r.id_number, today);
  return submit(context_, actor, r.user_id, VerificationKind::real_name,
                {.number = number, .name = r.real_name});
}

Verification Verifications::submit_bank_card(const Actor& actor, const BankCardRequest& r) {
  const std::string number = detail::normalize_bank_card("card_number", r.card_number);
  detail::validate_required_text("bank_name", r.bank_name, 100);
  detail::validate_required_text("holder_name", r.holder_name, 100);
  detail::validate_required_text("card_type", r.card_type, 32);
  return submit(context_, actor, r.user_id, VerificationKind::bank_card,
                {.number = number,
                 .name = r.holder_name,
                 .bank_name = r.bank_name,
                 .card_type = r.card_type});
}

Verification Verifications::decide(const Actor& actor, const VerificationDecision& d) {
  detail::require_permission(context_, actor, "verifications.decide");
  detail::validate_token("verification_id", d.verification_id, 64);
  if (d.status != VerificationStatus::approved && d.status != VerificationStatus::rejected) {
    throw Error(Errc::invalid_argument, "status: must be approved or rejected", "status");
  }
  detail::validate_text("review_note", d.review_note, 500, true);
  if (d.status == VerificationStatus::rejected && d.review_note.empty()) {
    throw Error(Errc::invalid_argument, "review_note: is required to reject", "review_note");
  }
  auto tx = context_.storage->write();
  auto row = tx->verifications().find(actor.tenant, d.verification_id);
  if (!row) throw Error(Errc::not_found, "verification not found", "verification_id");
  // Locks the user's row: decisions and submissions of one user take turns.
  const auto user = tx->users().find_by_id(actor.tenant, row->user_id);
  if (!user) throw Error(Errc::not_found, "user not found", "user_id");
  row = tx->verifications().find(actor.tenant, d.verification_id);
  if (row->status != static_cast<int>(VerificationStatus::pending)) {
    throw Error(Errc::failed_precondition, "the verification was already decided",
                "verification_id");
  }
  row->status = static_cast<int>(d.status);
  row->review_note = d.review_note;
  row->reviewer = actor.id;
  row->decided_at_ms = detail::to_ms(context_.now());
  tx->verifications().update(*row);
  detail::record_audit(*tx, context_, actor, "verification.decide", row->user_id,
                       {{"verification_id", row->verification_id},
                        {"kind", to_string(static_cast<VerificationKind>(row->kind))},
                        {"status", to_string(d.status)}});
  tx->commit();
  return to_verification(detail::data_key(context_, *user), *row);
}

Verification Verifications::get(const Actor& actor, const std::string& user_id,
                                const std::string& verification_id) {
  detail::validate_token("verification_id", verification_id, 64);
  auto tx = context_.storage->read();
  const storage::UserRow user = detail::load_user(context_, *tx, actor, user_id);
  const auto row = tx->verifications().find(actor.tenant, verification_id);
  if (!row || row->user_id != user.id) {
    throw Error(Errc::not_found, "verification not found", "verification_id");
  }
  return to_verification(detail::data_key(context_, user), *row);
}

std::vector<Verification> Verifications::list(const Actor& actor, const std::string& user_id) {
  return detail::read_owned(
      context_, actor, user_id,
      [&](storage::Transaction& tx, const storage::UserRow& user) {
        return tx.verifications().of_user(actor.tenant, user.id);
      },
      to_verification);
}

VerifiedFlags Verifications::flags(const Actor& actor, const std::string& user_id) {
  auto tx = context_.storage->read();
  const storage::UserRow user = detail::load_user(context_, *tx, actor, user_id);
  const auto rows = tx->verifications().of_user(actor.tenant, user.id);
  const auto approved = [&](VerificationKind kind) {
    const auto* latest = latest_decision(rows, kind);
    return latest && latest->status == static_cast<int>(VerificationStatus::approved);
  };
  return {.real_name = approved(VerificationKind::real_name),
          .bank_card = approved(VerificationKind::bank_card)};
}

std::string Verifications::payment_account(const Actor& actor, const std::string& user_id) {
  detail::require_permission(context_, actor, "verifications.payment_account");
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_user_checked(*tx, actor, user_id);
  const auto rows = tx->verifications().of_user(actor.tenant, user.id);
  const auto* card = latest_decision(rows, VerificationKind::bank_card, true);
  if (!card) throw Error(Errc::not_found, "the user has no approved bank card", "user_id");
  std::string number = open_data(detail::data_key(context_, user), *card).number;
  detail::record_audit(*tx, context_, actor, "verification.payment_account.read", user.id,
                       {{"verification_id", card->verification_id}});
  tx->commit();
  return number;
}

}  // namespace member
