// A11: account status (disable, enable, blacklist) and withdrawal.
#include <nlohmann/json.hpp>

#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();
const Actor kAdmin = Actor::admin("ops-1");

struct Member {
  System sys{memory_options()};
  std::string id;
  Member() {
    id = sys.accounts().register_user(kAnon,
                                      with_all("status_user", "status@example.com", "13800138000"));
  }
  Accounts& accounts() { return sys.accounts(); }
  Profile profile() { return accounts().profile(Actor::system(), id); }
  /// The generic sign-in error (here for an identifier nobody has).
  Error reference_error() {
    return caught([&] { accounts().sign_in(kAnon, credentials("nobody_at_all")); });
  }
};

/// Sign-in with the right password via every identifier must fail exactly
/// like a wrong password does.
void expect_refused_generically(Member& m) {
  const Error reference = m.reference_error();
  for (const std::string identifier : {"status_user", "status@example.com", "13800138000"}) {
    CAPTURE(identifier);
    const Error e = caught([&] { m.accounts().sign_in(kAnon, credentials(identifier)); });
    CHECK(e.code() == Errc::unauthenticated);
    CHECK(std::string(e.what()) == reference.what());
    CHECK(e.field() == reference.field());
    CHECK_FALSE(e.retry_at().has_value());
  }
}

}  // namespace

TEST_CASE("A11 status: a disabled account cannot sign in; the caller sees the generic error") {
  Member m;
  m.accounts().set_status(kAdmin, m.id, AccountStatus::disabled, "chargeback review");
  const Profile p = m.profile();
  CHECK(p.status == AccountStatus::disabled);
  CHECK(p.status_reason == "chargeback review");
  expect_refused_generically(m);
  // A wrong password on a disabled account is the same answer too.
  const Error wrong =
      caught([&] { m.accounts().sign_in(kAnon, credentials("status_user", kOtherPassword)); });
  CHECK(wrong.code() == Errc::unauthenticated);

  // The real reason is in the login log...
  const auto history = m.accounts().login_history(kAdmin, m.id);
  REQUIRE(history.size() == 4);
  for (const auto& record : history) CHECK(record.outcome == SignInOutcome::disabled);
  // ...and the change in the audit trail.
  const auto entries = audit_of(m.sys, m.id, "account.status.change");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].actor_kind == ActorKind::admin);
  CHECK(entries[0].actor_id == "ops-1");
  const auto detail = nlohmann::json::parse(entries[0].detail);
  CHECK(detail.at("from") == "active");
  CHECK(detail.at("to") == "disabled");
}

TEST_CASE("A11 status: enabling a disabled account lets it sign in again") {
  Member m;
  m.accounts().set_status(kAdmin, m.id, AccountStatus::disabled);
  CHECK_FALSE(can_sign_in(m.sys, "status_user"));
  m.accounts().set_status(kAdmin, m.id, AccountStatus::active);
  CHECK(m.profile().status == AccountStatus::active);
  CHECK(m.profile().status_reason.empty());
  CHECK(m.accounts().sign_in(kAnon, credentials("status_user")).user_id == m.id);
  const auto entries = audit_of(m.sys, m.id, "account.status.change");
  REQUIRE(entries.size() == 2);
  CHECK(nlohmann::json::parse(entries[0].detail).at("to") == "active");
  CHECK(nlohmann::json::parse(entries[0].detail).at("from") == "disabled");
}

TEST_CASE("A11 status: blacklisting needs a reason; a blacklisted account cannot sign in") {
  Member m;
  check_error([&] { m.accounts().set_status(kAdmin, m.id, AccountStatus::blacklisted); },
              Errc::invalid_argument, "reason");
  check_error([&] { m.accounts().set_status(kAdmin, m.id, AccountStatus::blacklisted, ""); },
              Errc::invalid_argument, "reason");
  CHECK(m.profile().status == AccountStatus::active);

  m.accounts().set_status(kAdmin, m.id, AccountStatus::blacklisted, "fraud ring #42");
  CHECK(m.profile().status == AccountStatus::blacklisted);
  CHECK(m.profile().status_reason == "fraud ring #42");
  expect_refused_generically(m);
  const auto history = m.accounts().login_history(kAdmin, m.id);
  REQUIRE_FALSE(history.empty());
  CHECK(history[0].outcome == SignInOutcome::blacklisted);

  // Staff may lift it.
  m.accounts().set_status(Actor::service("moderation"), m.id, AccountStatus::active);
  CHECK(can_sign_in(m.sys, "status_user"));
}

TEST_CASE("A11 status: a bad reason or status is invalid_argument") {
  Member m;
  check_error(
      [&] {
        m.accounts().set_status(kAdmin, m.id, AccountStatus::disabled, std::string(501, 'r'));
      },
      Errc::invalid_argument, "reason");
  check_error(
      [&] {
        m.accounts().set_status(kAdmin, m.id, AccountStatus::disabled, std::string("a\0b", 3));
      },
      Errc::invalid_argument, "reason");
  check_error([&] { m.accounts().set_status(kAdmin, m.id, AccountStatus::disabled, "bad \xFF"); },
              Errc::invalid_argument, "reason");
  // Withdrawal and blocking have their own paths.
  check_error([&] { m.accounts().set_status(kAdmin, m.id, AccountStatus::withdrawn); },
              Errc::invalid_argument, "status");
  check_error([&] { m.accounts().set_status(kAdmin, m.id, AccountStatus::blocked, "spam"); },
              Errc::invalid_argument, "status");
  check_error([&] { m.accounts().set_status(kAdmin, m.id, static_cast<AccountStatus>(9)); },
              Errc::invalid_argument, "status");
  CHECK(m.profile().status == AccountStatus::active);
  CHECK(can_sign_in(m.sys, "status_user"));
}

TEST_CASE("A11 status: only staff may set a status") {
  Member m;
  check_error([&] { m.accounts().set_status(Actor::user(m.id), m.id, AccountStatus::disabled); },
              Errc::permission_denied);
  check_error([&] { m.accounts().set_status(kAnon, m.id, AccountStatus::disabled); },
              Errc::permission_denied);
  CHECK(m.profile().status == AccountStatus::active);
  check_error(
      [&] {
        m.accounts().set_status(kAdmin, "00000000-0000-4000-8000-000000000000abcd",
                                AccountStatus::disabled);
      },
      Errc::not_found);
  check_error([&] { m.accounts().set_status(kAdmin, "status_user", AccountStatus::disabled); },
              Errc::invalid_argument, "user_id");
  check_error(
      [&] {
        m.accounts().set_status(Actor::admin("ops", "elsewhere"), m.id, AccountStatus::disabled);
      },
      Errc::not_found);
}

TEST_CASE("A11 withdraw: needs the password; afterwards sign-in is refused generically") {
  Member m;
  check_error([&] { m.accounts().withdraw(Actor::user(m.id), m.id, kOtherPassword); },
              Errc::unauthenticated);
  check_error([&] { m.accounts().withdraw(Actor::user(m.id), m.id, ""); }, Errc::invalid_argument,
              "password");
  CHECK(m.profile().status == AccountStatus::active);
  CHECK(can_sign_in(m.sys, "status_user"));

  m.accounts().withdraw(Actor::user(m.id), m.id, kPassword);
  CHECK(m.profile().status == AccountStatus::withdrawn);
  expect_refused_generically(m);
  const auto history = m.accounts().login_history(kAdmin, m.id);
  REQUIRE(history.size() >= 3);
  for (std::size_t i = 0; i < 3; ++i) CHECK(history[i].outcome == SignInOutcome::withdrawn);

  const auto entries = audit_of(m.sys, m.id, "account.withdraw");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].actor_kind == ActorKind::user);
  CHECK(entries[0].actor_id == m.id);
}

TEST_CASE("A11 withdraw: it is final") {
  Member m;
  m.accounts().withdraw(Actor::user(m.id), m.id, kPassword);
  check_error([&] { m.accounts().withdraw(Actor::user(m.id), m.id, kPassword); },
              Errc::failed_precondition);
  for (AccountStatus s : {AccountStatus::active, AccountStatus::disabled}) {
    CAPTURE(to_string(s));
    check_error([&] { m.accounts().set_status(kAdmin, m.id, s); }, Errc::failed_precondition);
  }
  check_error([&] { m.accounts().set_status(kAdmin, m.id, AccountStatus::blacklisted, "why"); },
              Errc::failed_precondition);
  CHECK(m.profile().status == AccountStatus::withdrawn);
  CHECK(audit_of(m.sys, m.id, "account.status.change").empty());
  CHECK_FALSE(can_sign_in(m.sys, "status_user"));
}

TEST_CASE("A11 withdraw: the identifiers stay reserved") {
  Member m;
  m.accounts().withdraw(Actor::user(m.id), m.id, kPassword);
  check_error([&] { m.accounts().register_user(kAnon, with_username("status_user")); },
              Errc::conflict, "username");
  check_error([&] { m.accounts().register_user(kAnon, with_email("STATUS@example.com")); },
              Errc::conflict, "email");
  check_error([&] { m.accounts().register_user(kAnon, with_mobile("+8613800138000")); },
              Errc::conflict, "mobile");
}

TEST_CASE("A11 withdraw: only the user themself or staff, and always with the password") {
  Member m;
  const auto other = m.accounts().register_user(kAnon, with_username("other_member"));
  check_error([&] { m.accounts().withdraw(Actor::user(other), m.id, kPassword); },
              Errc::permission_denied);
  check_error([&] { m.accounts().withdraw(kAnon, m.id, kPassword); }, Errc::permission_denied);
  check_error([&] { m.accounts().withdraw(kAdmin, m.id, kOtherPassword); }, Errc::unauthenticated);
  CHECK(m.profile().status == AccountStatus::active);
  m.accounts().withdraw(kAdmin, m.id, kPassword);
  CHECK(m.profile().status == AccountStatus::withdrawn);
}

}  // namespace member::test
