// A10 identity checks: submit, review, verified flags, masking, the internal
// payment account lookup, access and bad input.
#include <doctest/doctest.h>

#include "bindings/helpers.hpp"

namespace member::test {
namespace {

RealNameRequest real_name(const std::string& user, const std::string& id = kResidentId) {
  return {.user_id = user, .real_name = "张三", .id_number = id};
}

BankCardRequest bank_card(const std::string& user, const std::string& number = kCard) {
  return {.user_id = user,
          .card_number = number,
          .bank_name = "中国工商银行",
          .holder_name = "张三",
          .card_type = "储蓄卡"};
}

VerificationDecision approve(const std::string& id) {
  return {.verification_id = id, .status = VerificationStatus::approved, .review_note = "ok"};
}

VerificationDecision reject(const std::string& id, const std::string& note = "name mismatch") {
  return {.verification_id = id, .status = VerificationStatus::rejected, .review_note = note};
}

}  // namespace

BACKEND_TEST(a10_real_name, "A10 real name: pending, approved, flag follows") {
  Verifications& v = f.sys->verifications();
  const Verification sent = v.submit_real_name(f.as_alice(), real_name(f.alice));
  CHECK(sent.status == VerificationStatus::pending);
  CHECK(sent.kind == VerificationKind::real_name);
  CHECK(sent.masked_number == "1101**********002X");
  CHECK(sent.name == "张三");
  CHECK_FALSE(sent.decided_at.has_value());
  CHECK_FALSE(v.flags(f.as_alice(), f.alice).real_name);
  // One pending request of a kind at a time.
  check_error([&] { v.submit_real_name(f.as_alice(), real_name(f.alice)); },
              Errc::failed_precondition);
  f.clock->advance(std::chrono::hours(2));
  const Verification decided = v.decide(kAdmin, approve(sent.verification_id));
  CHECK(decided.status == VerificationStatus::approved);
  CHECK(decided.reviewer == kAdmin.id);
  CHECK(decided.review_note == "ok");
  CHECK(decided.decided_at == f.clock->now());
  CHECK(v.flags(f.as_alice(), f.alice).real_name);
  CHECK_FALSE(v.flags(f.as_alice(), f.alice).bank_card);
  // Decided once: never again.
  check_error([&] { v.decide(kAdmin, reject(sent.verification_id)); }, Errc::failed_precondition);
  const auto list = v.list(f.as_alice(), f.alice);
  REQUIRE(list.size() == 1);
  CHECK(list[0].status == VerificationStatus::approved);
  CHECK(v.get(f.as_alice(), f.alice, sent.verification_id).masked_number == sent.masked_number);
  CHECK(f.audit_count(f.alice, "verification.submit") == 1);
  const auto audit = audit_of(*f.sys, f.alice, "verification.decide");
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].actor_id == kAdmin.id);
  CHECK(audit[0].detail.find("approved") != std::string::npos);
  CHECK(audit[0].detail.find("1101") == std::string::npos);
}

BACKEND_TEST(a10_bank_card,
             "A10 bank card: rejection, resubmission, flags follow the latest decision") {
  Verifications& v = f.sys->verifications();
  const Verification first = v.submit_bank_card(f.as_alice(), bank_card(f.alice));
  CHECK(first.masked_number == "6226********0006");
  CHECK(first.bank_name == "中国工商银行");
  CHECK(first.card_type == "储蓄卡");
  check_error([&] { v.decide(kAdmin, reject(first.verification_id, "")); }, Errc::invalid_argument,
              "review_note");
  const Verification rejected = v.decide(kAdmin, reject(first.verification_id));
  CHECK(rejected.status == VerificationStatus::rejected);
  CHECK(rejected.review_note == "name mismatch");
  CHECK_FALSE(v.flags(f.as_alice(), f.alice).bank_card);
  // After a rejection the user may submit again.
  f.clock->advance(std::chrono::minutes(1));
  const Verification second = v.submit_bank_card(f.as_alice(), bank_card(f.alice, kOtherCard));
  v.decide(kService, approve(second.verification_id));
  CHECK(v.flags(f.as_alice(), f.alice).bank_card);
  // A later rejection of a newer card turns the flag off again.
  f.clock->advance(std::chrono::minutes(1));
  const Verification third = v.submit_bank_card(f.as_alice(), bank_card(f.alice));
  CHECK(v.flags(f.as_alice(), f.alice).bank_card);  // pending changes nothing
  f.clock->advance(std::chrono::minutes(1));
  v.decide(kAdmin, reject(third.verification_id, "card closed"));
  CHECK_FALSE(v.flags(f.as_alice(), f.alice).bank_card);
  const auto list = v.list(f.as_alice(), f.alice);
  REQUIRE(list.size() == 3);
  CHECK(list[0].verification_id == third.verification_id);  // newest first
}

BACKEND_TEST(a10_payment_account, "A10 payment account: full number for internal callers only") {
  Verifications& v = f.sys->verifications();
  check_error([&] { v.payment_account(kService, f.alice); }, Errc::not_found);
  const Verification card =
      v.submit_bank_card(f.as_alice(), bank_card(f.alice, "6226 0900 0000 0006"));
  check_error([&] { v.payment_account(kService, f.alice); }, Errc::not_found);  // still pending
  v.decide(kAdmin, approve(card.verification_id));
  CHECK(v.payment_account(kService, f.alice) == kCard);
  CHECK(v.payment_account(Actor::system(), f.alice) == kCard);
  check_error([&] { v.payment_account(kAdmin, f.alice); }, Errc::permission_denied);
  check_error([&] { v.payment_account(f.as_alice(), f.alice); }, Errc::permission_denied);
  check_error([&] { v.payment_account(Actor::anonymous(), f.alice); }, Errc::permission_denied);
  // The most recently approved card is the one paid to.
  f.clock->advance(std::chrono::minutes(1));
  const Verification newer = v.submit_bank_card(f.as_alice(), bank_card(f.alice, kOtherCard));
  f.clock->advance(std::chrono::minutes(1));
  v.decide(kAdmin, approve(newer.verification_id));
  CHECK(v.payment_account(kService, f.alice) == kOtherCard);
  CHECK(f.audit_count(f.alice, "verification.payment_account.read") == 3);
  // Every other read is masked.
  for (const auto& item : v.list(kAdmin, f.alice)) {
    CHECK(item.masked_number.find("****") != std::string::npos);
  }
}

BACKEND_TEST(a10_access_and_bad_input, "A10: access rules and bad input") {
  Verifications& v = f.sys->verifications();
  const Verification mine = v.submit_real_name(f.as_alice(), real_name(f.alice));
  const auto denied = [](auto&& op) { check_error(op, Errc::permission_denied); };
  denied([&] { v.submit_real_name(f.as_bob(), real_name(f.alice)); });
  denied([&] { v.list(f.as_bob(), f.alice); });
  denied([&] { v.get(f.as_bob(), f.alice, mine.verification_id); });
  denied([&] { v.flags(f.as_bob(), f.alice); });
  // Users never decide, not even on their own requests.
  denied([&] { v.decide(f.as_alice(), approve(mine.verification_id)); });
  check_error([&] { v.get(f.as_bob(), f.bob, mine.verification_id); }, Errc::not_found);
  check_error([&] { v.decide(kAdmin, approve("ver_nope")); }, Errc::not_found, "verification_id");
  check_error([&] { v.decide(Actor::admin("op", "elsewhere"), approve(mine.verification_id)); },
              Errc::not_found);
  check_error(
      [&] {
        v.decide(kAdmin,
                 {.verification_id = mine.verification_id, .status = VerificationStatus::pending});
      },
      Errc::invalid_argument, "status");

  const auto bad = [&](auto&& op, const std::string& field) {
    check_error(op, Errc::invalid_argument, field);
  };
  bad([&] { v.submit_real_name(f.as_bob(), real_name(f.bob, "370123199001011234")); }, "id_number");
  bad([&] { v.submit_real_name(f.as_bob(), {.user_id = f.bob, .id_number = kResidentId}); },
      "real_name");
  bad([&] { v.submit_bank_card(f.as_bob(), bank_card(f.bob, "6226090000000001")); }, "card_number");
  auto card = bank_card(f.bob);
  card.bank_name.clear();
  bad([&] { v.submit_bank_card(f.as_bob(), card); }, "bank_name");
  card = bank_card(f.bob);
  card.holder_name.clear();
  bad([&] { v.submit_bank_card(f.as_bob(), card); }, "holder_name");
  card = bank_card(f.bob);
  card.card_type = std::string(33, 't');
  bad([&] { v.submit_bank_card(f.as_bob(), card); }, "card_type");
  CHECK(v.list(kAdmin, f.bob).empty());
  // A blocked or disabled account cannot submit.
  f.sys->accounts().set_status(kAdmin, f.bob, AccountStatus::disabled);
  check_error([&] { v.submit_bank_card(f.as_bob(), bank_card(f.bob)); }, Errc::failed_precondition);
}

}  // namespace member::test
