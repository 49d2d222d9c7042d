// The actor rules across every account operation: anonymous may register and
// sign in; a user acts on themself only; staff act on any user of their
// tenant; nobody crosses tenants.
#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();

struct Two {
  System sys{memory_options()};
  std::string me, them;
  Two() {
    me = sys.accounts().register_user(kAnon, with_all("me_user", "me@example.com", ""));
    them = sys.accounts().register_user(kAnon, with_all("them_user", "them@example.com", ""));
  }
  Accounts& accounts() { return sys.accounts(); }
};

/// Every operation on `target` that needs access to it, as `actor`.
void expect_denied_everywhere(Two& t, const Actor& actor, const std::string& target,
                              Errc code = Errc::permission_denied) {
  auto& a = t.accounts();
  CAPTURE(to_string(actor.kind));
  CAPTURE(actor.tenant);
  check_error([&] { a.profile(actor, target); }, code);
  ProfileUpdate u;
  u.user_id = target;
  u.nickname = "intruder";
  check_error([&] { a.update_profile(actor, u); }, code);
  check_error(
      [&] {
        a.change_password(
            actor, {.user_id = target, .old_password = kPassword, .new_password = kOtherPassword});
      },
      code);
  check_error(
      [&] {
        a.change_identifier(
            actor, {.user_id = target, .kind = Identifier::username, .value = "taken_over"});
      },
      code);
  check_error([&] { a.withdraw(actor, target, kPassword); }, code);
  if (code == Errc::permission_denied) {
    check_error([&] { a.login_history(actor, target); }, code);
    check_error([&] { t.sys.audit().list(actor, {.user_id = target}); }, code);
  } else {
    // In another tenant the id names nobody: nothing of the user is listed.
    CHECK(a.login_history(actor, target).empty());
    CHECK(t.sys.audit().list(actor, {.user_id = target}).empty());
  }
}

void expect_untouched(Two& t, const std::string& target, const std::string& username) {
  const Profile p = t.accounts().profile(Actor::system(), target);
  CHECK(p.nickname.empty());
  CHECK(p.username == username);
  CHECK(p.status == AccountStatus::active);
  CHECK(can_sign_in(t.sys, username, kPassword));
}

}  // namespace

TEST_CASE("access: anonymous may register and sign in, and nothing else") {
  Two t;
  expect_denied_everywhere(t, kAnon, t.them);
  check_error([&] { t.accounts().set_status(kAnon, t.them, AccountStatus::disabled); },
              Errc::permission_denied);
  check_error([&] { t.accounts().register_batch(kAnon, std::vector<RegisterRequest>{}); },
              Errc::permission_denied);
  check_error([&] { t.sys.audit().list(kAnon, {}); }, Errc::permission_denied);
  expect_untouched(t, t.them, "them_user");
  CHECK(t.accounts().sign_in(kAnon, credentials("them_user")).user_id == t.them);
}

TEST_CASE("access: a user acts on their own account only") {
  Two t;
  expect_denied_everywhere(t, Actor::user(t.me), t.them);
  check_error([&] { t.accounts().set_status(Actor::user(t.me), t.them, AccountStatus::disabled); },
              Errc::permission_denied);
  check_error([&] { t.accounts().set_status(Actor::user(t.me), t.me, AccountStatus::active); },
              Errc::permission_denied);
  check_error([&] { t.accounts().register_user(Actor::user(t.me), with_username("another")); },
              Errc::permission_denied);
  check_error([&] { t.sys.audit().list(Actor::user(t.me), {}); }, Errc::permission_denied);
  expect_untouched(t, t.them, "them_user");

  // On themself, everything works.
  const Actor me = Actor::user(t.me);
  CHECK(t.accounts().profile(me, t.me).username == "me_user");
  ProfileUpdate u;
  u.user_id = t.me;
  u.nickname = "Me";
  CHECK(t.accounts().update_profile(me, u).nickname == "Me");
  CHECK(
      t.accounts()
          .change_identifier(me, {.user_id = t.me, .kind = Identifier::username, .value = "me_too"})
          .username == "me_too");
  t.accounts().change_password(
      me, {.user_id = t.me, .old_password = kPassword, .new_password = kOtherPassword});
  CHECK(t.accounts().login_history(me, t.me).empty());
  CHECK_FALSE(t.sys.audit().list(me, {.user_id = t.me}).empty());
  t.accounts().withdraw(me, t.me, kOtherPassword);
  CHECK(t.accounts().profile(me, t.me).status == AccountStatus::withdrawn);
}

TEST_CASE("access: a user actor with an empty id may do nothing on accounts") {
  Two t;
  const Actor nobody = Actor::user("");
  expect_denied_everywhere(t, nobody, t.them);
  check_error([&] { t.accounts().profile(nobody, ""); }, Errc::invalid_argument, "user_id");
  expect_untouched(t, t.them, "them_user");
}

TEST_CASE("access: admin, service and system act on any user of their tenant") {
  Two t;
  int n = 0;
  for (const Actor& staff : {Actor::admin("ops"), Actor::service("crm"), Actor::system()}) {
    CAPTURE(to_string(staff.kind));
    auto& a = t.accounts();
    CHECK(a.profile(staff, t.them).user_id == t.them);
    ProfileUpdate u;
    u.user_id = t.them;
    u.region = "region-" + std::to_string(n);
    CHECK(a.update_profile(staff, u).region == *u.region);
    const std::string name = "renamed_" + std::to_string(n++);
    CHECK(
        a.change_identifier(staff, {.user_id = t.them, .kind = Identifier::username, .value = name})
            .username == name);
    a.set_status(staff, t.them, AccountStatus::disabled);
    a.set_status(staff, t.them, AccountStatus::active);
    CHECK_NOTHROW(a.login_history(staff, t.them));
    CHECK_FALSE(t.sys.audit().list(staff, {.user_id = t.them}).empty());
    CHECK_FALSE(t.sys.audit().list(staff, {}).empty());
  }
}

TEST_CASE("access: nobody crosses tenants") {
  Two t;
  t.sys.tenants().create(Actor::system(), {.id = "tenant-b", .name = "B"});
  t.accounts().sign_in(kAnon, credentials("them_user"));  // so there is a log to leak
  REQUIRE(t.accounts().login_history(Actor::system(), t.them).size() == 1);
  for (const Actor& foreign : {Actor::admin("ops", "tenant-b"), Actor::system("tenant-b"),
                               Actor::user(t.them, "tenant-b")}) {
    expect_denied_everywhere(t, foreign, t.them, Errc::not_found);
  }
  check_error(
      [&] {
        t.accounts().set_status(Actor::admin("ops", "tenant-b"), t.them, AccountStatus::disabled);
      },
      Errc::not_found);
  // The foreign tenant's audit view does not include this tenant's entries.
  CHECK(t.sys.audit().list(Actor::system("tenant-b"), {}).empty());
  // Sign-in in another tenant does not find this tenant's users.
  const Error e =
      caught([&] { t.accounts().sign_in(Actor::anonymous("tenant-b"), credentials("them_user")); });
  CHECK(e.code() != Errc::ok);
  expect_untouched(t, t.them, "them_user");
}

TEST_CASE("access: a malformed tenant is invalid_argument naming \"tenant\"") {
  Two t;
  for (const std::string tenant : {"", "bad tenant", "t/../x", "ten'ant"}) {
    CAPTURE(tenant);
    check_error([&] { t.accounts().profile(Actor::admin("ops", tenant), t.them); },
                Errc::invalid_argument, "tenant");
    check_error([&] { t.accounts().sign_in(Actor::anonymous(tenant), credentials("them_user")); },
                Errc::invalid_argument, "tenant");
    check_error([&] { t.sys.audit().list(Actor::system(tenant), {}); }, Errc::invalid_argument,
                "tenant");
  }
}

}  // namespace member::test
