// A7: changing username, email and mobile: uniqueness, verified flags,
// removal, and sign-in with the new identifier only.
#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();

Profile change(System& sys, const std::string& id, Identifier kind, std::string value,
               const Actor& actor) {
  return sys.accounts().change_identifier(actor,
                                          {.user_id = id, .kind = kind, .value = std::move(value)});
}

/// A username as its user changes it; an email or mobile as staff set it (a
/// user proves a new one of their own through Codes::change_contact).
Profile change(System& sys, const std::string& id, Identifier kind, std::string value) {
  const Actor actor = kind == Identifier::username ? Actor::user(id) : Actor::admin("support");
  return change(sys, id, kind, std::move(value), actor);
}

}  // namespace

TEST_CASE("A7 change_identifier: a new username signs in; the old one no longer does") {
  System sys(memory_options());
  const auto id = sys.accounts().register_user(kAnon, with_username("old_name"));
  const Profile p = change(sys, id, Identifier::username, "New_Name");
  CHECK(p.username == "New_Name");
  CHECK(sys.accounts().profile(Actor::user(id), id).username == "New_Name");
  CHECK(sys.accounts().sign_in(kAnon, credentials("new_name")).user_id == id);
  CHECK_FALSE(can_sign_in(sys, "old_name"));
  // The old name is free again.
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, with_username("old_name")));
}

TEST_CASE("A7 change_identifier: a new email signs in; the old one no longer does") {
  System sys(memory_options());
  const auto id = sys.accounts().register_user(kAnon, with_email("old@example.com"));
  const Profile p = change(sys, id, Identifier::email, "New.Address@Example.com");
  CHECK(p.email == "new.address@example.com");
  CHECK(sys.accounts().sign_in(kAnon, credentials("NEW.address@example.com")).user_id == id);
  CHECK_FALSE(can_sign_in(sys, "old@example.com"));
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, with_email("old@example.com")));
}

TEST_CASE("A7 change_identifier: a new mobile signs in in both forms; the old one no longer does") {
  System sys(memory_options());
  const auto id = sys.accounts().register_user(kAnon, with_mobile("13800138000"));
  const Profile p = change(sys, id, Identifier::mobile, "139 0013 9000");
  CHECK(p.mobile == "+8613900139000");
  CHECK(sys.accounts().sign_in(kAnon, credentials("13900139000")).user_id == id);
  CHECK(sys.accounts().sign_in(kAnon, credentials("+8613900139000")).user_id == id);
  CHECK_FALSE(can_sign_in(sys, "13800138000"));
  CHECK_FALSE(can_sign_in(sys, "+8613800138000"));
}

TEST_CASE("A7 change_identifier: a user's own new email or mobile needs proof; removal does not") {
  System sys(memory_options());
  const auto id =
      sys.accounts().register_user(kAnon, with_all("owner", "owner@example.com", "13800138000"));
  const Actor self = Actor::user(id);
  check_error([&] { change(sys, id, Identifier::email, "thief@example.com", self); },
              Errc::failed_precondition, "email");
  check_error([&] { change(sys, id, Identifier::mobile, "13900139000", self); },
              Errc::failed_precondition, "mobile");
  Profile p = sys.accounts().profile(self, id);
  CHECK(p.email == "owner@example.com");
  CHECK(p.mobile == "+8613800138000");
  CHECK(can_sign_in(sys, "owner@example.com"));
  CHECK_FALSE(can_sign_in(sys, "thief@example.com"));

  // Removing one's own mobile, or renaming oneself, needs nothing more.
  p = change(sys, id, Identifier::mobile, "", self);
  CHECK(p.mobile.empty());
  CHECK(change(sys, id, Identifier::username, "owner_two", self).username == "owner_two");
  // Staff set a contact directly; it starts unverified.
  p = change(sys, id, Identifier::email, "desk@example.com", Actor::admin("support"));
  CHECK(p.email == "desk@example.com");
  CHECK_FALSE(p.email_verified);
}

TEST_CASE("A7 change_identifier: a value held by another user is a conflict naming the field") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_all("holder", "holder@example.com", "13800138000"));
  const auto id =
      accounts.register_user(kAnon, with_all("mover", "mover@example.com", "13900139000"));

  check_error([&] { change(sys, id, Identifier::username, "HOLDER"); }, Errc::conflict, "username");
  check_error([&] { change(sys, id, Identifier::email, "Holder@Example.com"); }, Errc::conflict,
              "email");
  check_error([&] { change(sys, id, Identifier::mobile, "+8613800138000"); }, Errc::conflict,
              "mobile");
  check_error([&] { change(sys, id, Identifier::mobile, "138-0013-8000"); }, Errc::conflict,
              "mobile");

  const Profile p = accounts.profile(Actor::user(id), id);
  CHECK(p.username == "mover");
  CHECK(p.email == "mover@example.com");
  CHECK(p.mobile == "+8613900139000");
  CHECK(can_sign_in(sys, "mover"));
  CHECK(can_sign_in(sys, "mover@example.com"));
  CHECK(can_sign_in(sys, "13900139000"));

  // The user's own current value, in another case or form, is not a conflict.
  CHECK(change(sys, id, Identifier::username, "Mover").username == "Mover");
  CHECK(change(sys, id, Identifier::email, "MOVER@example.com").email == "mover@example.com");
  CHECK(change(sys, id, Identifier::mobile, "+86 139 0013 9000").mobile == "+8613900139000");
}

TEST_CASE("A7 change_identifier: changing a verified email or mobile resets its flag") {
  System sys(memory_options());
  RegisterRequest r = with_all("verified", "verified@example.com", "13800138000");
  r.email_verified = true;
  r.mobile_verified = true;
  const auto id = sys.accounts().register_user(Actor::admin("importer"), r);
  Profile p = sys.accounts().profile(Actor::user(id), id);
  REQUIRE(p.email_verified);
  REQUIRE(p.mobile_verified);

  p = change(sys, id, Identifier::username, "still_verified");
  CHECK(p.email_verified);
  CHECK(p.mobile_verified);

  p = change(sys, id, Identifier::email, "changed@example.com");
  CHECK_FALSE(p.email_verified);
  CHECK(p.mobile_verified);
  CHECK_FALSE(sys.accounts().profile(Actor::user(id), id).email_verified);

  p = change(sys, id, Identifier::mobile, "13900139000");
  CHECK_FALSE(p.mobile_verified);
  CHECK_FALSE(sys.accounts().profile(Actor::user(id), id).mobile_verified);
}

TEST_CASE("A7 change_identifier: removing the last identifier is failed_precondition") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id =
      accounts.register_user(kAnon, with_all("removable", "removable@example.com", "13800138000"));
  Profile p = change(sys, id, Identifier::username, "");
  CHECK(p.username.empty());
  CHECK_FALSE(can_sign_in(sys, "removable"));
  p = change(sys, id, Identifier::mobile, "");
  CHECK(p.mobile.empty());
  CHECK_FALSE(can_sign_in(sys, "13800138000"));

  check_error([&] { change(sys, id, Identifier::email, ""); }, Errc::failed_precondition);
  p = accounts.profile(Actor::user(id), id);
  CHECK(p.email == "removable@example.com");
  CHECK(can_sign_in(sys, "removable@example.com"));

  // A removed identifier can be taken by someone else; two accounts without
  // a username do not collide.
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("removable")));
  CHECK_NOTHROW(accounts.register_user(kAnon, with_mobile("13800138000")));
  const auto other = accounts.register_user(kAnon, with_all("other_one", "other@example.com", ""));
  CHECK_NOTHROW(change(sys, other, Identifier::username, ""));
}

TEST_CASE("A7 change_identifier: a malformed value is invalid_argument naming the field") {
  System sys(memory_options());
  const auto id =
      sys.accounts().register_user(kAnon, with_all("valid_name", "valid@example.com", ""));
  check_error([&] { change(sys, id, Identifier::username, "1bad"); }, Errc::invalid_argument,
              "username");
  check_error([&] { change(sys, id, Identifier::username, "Robert'); DROP TABLE users;--"); },
              Errc::invalid_argument, "username");
  check_error([&] { change(sys, id, Identifier::email, "no-at-sign"); }, Errc::invalid_argument,
              "email");
  check_error([&] { change(sys, id, Identifier::email, std::string("a\0@example.com", 14)); },
              Errc::invalid_argument, "email");
  check_error([&] { change(sys, id, Identifier::mobile, "12345"); }, Errc::invalid_argument,
              "mobile");
  check_error([&] { change(sys, id, Identifier::mobile, "1380013800\xFF"); },
              Errc::invalid_argument, "mobile");
  check_error([&] { change(sys, id, static_cast<Identifier>(7), "whatever"); },
              Errc::invalid_argument, "kind");
  const Profile p = sys.accounts().profile(Actor::user(id), id);
  CHECK(p.username == "valid_name");
  CHECK(p.email == "valid@example.com");
}

TEST_CASE("A7 change_identifier: only the user themself or staff; unknown or malformed ids") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto a = accounts.register_user(kAnon, with_username("ident_a"));
  const auto b = accounts.register_user(kAnon, with_username("ident_b"));
  check_error([&] { change(sys, b, Identifier::username, "stolen", Actor::user(a)); },
              Errc::permission_denied);
  check_error([&] { change(sys, b, Identifier::username, "stolen", kAnon); },
              Errc::permission_denied);
  CHECK(change(sys, b, Identifier::username, "by_admin", Actor::admin("ops")).username ==
        "by_admin");
  check_error(
      [&] {
        change(sys, "00000000-0000-4000-8000-000000000000abcd", Identifier::username, "ghost",
               Actor::admin("ops"));
      },
      Errc::not_found);
  check_error([&] { change(sys, "ident_a", Identifier::username, "ghost", Actor::admin("ops")); },
              Errc::invalid_argument, "user_id");
}

TEST_CASE("A7 change_identifier: audited per kind, without the values") {
  System sys(memory_options());
  const auto id = sys.accounts().register_user(kAnon, with_username("audited_name"));
  change(sys, id, Identifier::username, "renamed_user");
  change(sys, id, Identifier::email, "audited@example.com");
  change(sys, id, Identifier::mobile, "13800138000");
  for (const std::string action :
       {"account.username.change", "account.email.change", "account.mobile.change"}) {
    CAPTURE(action);
    const auto entries = audit_of(sys, id, action);
    REQUIRE(entries.size() == 1);
    // The user renamed themself; staff set the contacts.
    CHECK(entries[0].actor_kind ==
          (action == "account.username.change" ? ActorKind::user : ActorKind::admin));
    CHECK(entries[0].detail.find("renamed_user") == std::string::npos);
    CHECK(entries[0].detail.find("audited@example.com") == std::string::npos);
    CHECK(entries[0].detail.find("13800138000") == std::string::npos);
  }
}

}  // namespace member::test
