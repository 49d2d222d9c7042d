// B3 third-party identities: check, bind (by session, staff or password),
// union id lookup across apps, unbind, identity sign-in; B4 access.
#include <doctest/doctest.h>

#include <atomic>
#include <functional>

#include "bindings/helpers.hpp"
#include "support/latch.hpp"

namespace member::test {
namespace {

BindIdentityRequest wechat(const std::string& user, const std::string& openid,
                           const std::string& unionid = {}) {
  BindIdentityRequest r;
  r.user_id = user;
  r.provider = "wechat";
  r.subject = openid;
  r.union_id = unionid;
  return r;
}

IdentitySignInRequest signin(const std::string& provider, const std::string& subject,
                             const std::string& unionid = {}) {
  return {.provider = provider,
          .subject = subject,
          .union_id = unionid,
          .device_id = "dev-1",
          .platform = "miniapp",
          .ip = "10.0.0.7"};
}

const Actor kAnon = Actor::anonymous();

}  // namespace

BACKEND_TEST(b3_check_bind_list, "B3 identity: check, bind with the session, list") {
  Identities& ids = f.sys->identities();
  CHECK_FALSE(ids.check(kAnon, "wechat", "o-alice-app1").registered);
  BindIdentityRequest r = wechat(f.alice, "o-alice-app1", "u-alice");
  r.nickname = "小艾";
  r.avatar_url = "https://img.example.com/a.png";
  const Identity bound = ids.bind(f.as_alice(), r);
  CHECK(bound.nickname == "小艾");
  CHECK(bound.bound_at == f.clock->now());

  const IdentityStatus anon_view = ids.check(kAnon, "wechat", "o-alice-app1");
  CHECK(anon_view.registered);
  CHECK(anon_view.user_id.empty());  // anonymous callers learn only that it is taken
  CHECK(ids.check(kAdmin, "wechat", "o-alice-app1").user_id == f.alice);
  CHECK(ids.check(f.as_alice(), "wechat", "o-alice-app1").user_id == f.alice);
  CHECK(ids.check(f.as_bob(), "wechat", "o-alice-app1").user_id.empty());
  // Another provider with the same subject is another identity.
  CHECK_FALSE(ids.check(kAnon, "qq", "o-alice-app1").registered);

  ids.bind(kAdmin, BindIdentityRequest{.user_id = f.alice,
                                       .provider = "https://login.example.com/oidc",
                                       .subject = "248289761001"});
  const auto list = ids.list(f.as_alice(), f.alice);
  REQUIRE(list.size() == 2);
  CHECK(list[0].provider == "wechat");
  CHECK(list[0].union_id == "u-alice");
  CHECK(list[0].avatar_url == "https://img.example.com/a.png");
  CHECK(list[1].provider == "https://login.example.com/oidc");
  CHECK(ids.list(f.as_bob(), f.bob).empty());
  const auto audit = audit_of(*f.sys, f.alice, "identity.bind");
  REQUIRE(audit.size() == 2);
  CHECK(audit[1].actor_id == f.alice);
  CHECK(audit[0].actor_id == kAdmin.id);
  CHECK(audit[1].detail.find("o-alice") == std::string::npos);  // no subject in the trail
}

BACKEND_TEST(b3_union_id, "B3 identity: a union id finds the user across apps and stays theirs") {
  Identities& ids = f.sys->identities();
  ids.bind(f.as_alice(), wechat(f.alice, "o-app1", "u-shared"));
  // The same person in another app: new openid, same unionid.
  const auto other_app = ids.check(kAdmin, "wechat", "o-app2", "u-shared");
  CHECK(other_app.registered);
  CHECK(other_app.user_id == f.alice);
  CHECK_FALSE(ids.check(kAdmin, "wechat", "o-app2").registered);  // without the union id: unknown
  CHECK_FALSE(ids.check(kAdmin, "alipay", "o-app2", "u-shared").registered);
  CHECK(ids.sign_in(kAnon, signin("wechat", "o-app2", "u-shared")).user_id == f.alice);
  // The second app's openid binds to Alice, never to anybody else.
  ids.bind(f.as_alice(), wechat(f.alice, "o-app2", "u-shared"));
  check_error([&] { ids.bind(f.as_bob(), wechat(f.bob, "o-app3", "u-shared")); }, Errc::conflict,
              "union_id");
  CHECK(ids.list(kAdmin, f.bob).empty());
  CHECK(ids.list(kAdmin, f.alice).size() == 2);
  // Once Alice has unbound every identity with it, the union id is free.
  ids.unbind(f.as_alice(), f.alice, "wechat", "o-app1");
  check_error([&] { ids.bind(f.as_bob(), wechat(f.bob, "o-app3", "u-shared")); }, Errc::conflict,
              "union_id");
  ids.unbind(f.as_alice(), f.alice, "wechat", "o-app2");
  CHECK(ids.bind(f.as_bob(), wechat(f.bob, "o-app3", "u-shared")).user_id == f.bob);
  CHECK(ids.check(kAdmin, "wechat", "o-app9", "u-shared").user_id == f.bob);
}

BACKEND_TEST(b3_one_user_per_identity, "B3 identity: one identity belongs to one user") {
  Identities& ids = f.sys->identities();
  ids.bind(f.as_alice(), wechat(f.alice, "o-1"));
  // Again for Alice: the same binding, nothing recorded twice.
  CHECK(ids.bind(kAdmin, wechat(f.alice, "o-1")).user_id == f.alice);
  CHECK(f.audit_count(f.alice, "identity.bind") == 1);
  check_error([&] { ids.bind(f.as_bob(), wechat(f.bob, "o-1")); }, Errc::conflict, "subject");
  check_error([&] { ids.bind(kAdmin, wechat(f.bob, "o-1")); }, Errc::conflict, "subject");
  CHECK(ids.list(kAdmin, f.bob).empty());
}

BACKEND_TEST(b3_bind_with_password, "B3 identity: an anonymous bind needs the account's password") {
  Identities& ids = f.sys->identities();
  BindIdentityRequest r = wechat({}, "o-pw");
  r.identifier = "alice";
  r.password = kOtherPassword;
  check_error([&] { ids.bind(kAnon, r); }, Errc::unauthenticated);
  CHECK_FALSE(ids.check(kAnon, "wechat", "o-pw").registered);
  r.password = kPassword;
  const Identity bound = ids.bind(kAnon, r);
  CHECK(bound.user_id == f.alice);
  const auto audit = audit_of(*f.sys, f.alice, "identity.bind");
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].actor_kind == ActorKind::user);
  // Both password checks are sign-in attempts in the login log.
  const auto log = f.sys->accounts().login_history(kAdmin, f.alice);
  CHECK(count_outcome(log, SignInOutcome::wrong_password) == 1);
  CHECK(count_outcome(log, SignInOutcome::success) == 1);
  // An anonymous actor cannot name the account instead.
  BindIdentityRequest by_id = wechat(f.bob, "o-anon");
  check_error([&] { ids.bind(kAnon, by_id); }, Errc::permission_denied);
  // And a signed-in actor does not pass a password.
  BindIdentityRequest with_pw = wechat(f.bob, "o-pw2");
  with_pw.identifier = "bob";
  with_pw.password = kPassword;
  check_error([&] { ids.bind(f.as_bob(), with_pw); }, Errc::invalid_argument, "identifier");
  // Repeated wrong passwords lock the account like any sign-in.
  r = wechat({}, "o-lock");
  r.identifier = "bob";
  r.password = kOtherPassword;
  for (int i = 0; i < 5; ++i) check_error([&] { ids.bind(kAnon, r); }, Errc::unauthenticated);
  r.password = kPassword;
  check_error([&] { ids.bind(kAnon, r); }, Errc::locked);
  CHECK(ids.list(kAdmin, f.bob).empty());
}

BACKEND_TEST(b3_unbind, "B3 identity: unbind, never the account's last way in") {
  Identities& ids = f.sys->identities();
  ids.bind(f.as_alice(), wechat(f.alice, "o-1"));
  ids.bind(f.as_alice(), wechat(f.alice, "o-2"));
  check_error([&] { ids.unbind(f.as_bob(), f.alice, "wechat", "o-1"); }, Errc::permission_denied);
  check_error([&] { ids.unbind(f.as_bob(), f.bob, "wechat", "o-1"); }, Errc::not_found, "subject");
  ids.unbind(f.as_alice(), f.alice, "wechat", "o-1");
  CHECK_FALSE(ids.check(kAnon, "wechat", "o-1").registered);
  // Alice still has her password: her last identity may go too.
  ids.unbind(kAdmin, f.alice, "wechat", "o-2");
  CHECK(ids.list(kAdmin, f.alice).empty());
  check_error([&] { ids.unbind(kAdmin, f.alice, "wechat", "o-2"); }, Errc::not_found, "subject");
  CHECK(f.audit_count(f.alice, "identity.unbind") == 2);

  // An account registered through an identity has no password: its only
  // identity cannot be unbound until it gets a second one.
  const std::string carol = ids.register_user(kAnon, {.provider = "github", .subject = "gh-77"});
  CHECK(ids.sign_in(kAnon, signin("github", "gh-77")).user_id == carol);
  check_error([&] { ids.unbind(Actor::user(carol), carol, "github", "gh-77"); },
              Errc::failed_precondition);
  ids.bind(Actor::user(carol), wechat(carol, "o-carol"));
  ids.unbind(Actor::user(carol), carol, "github", "gh-77");
  check_error([&] { ids.unbind(Actor::user(carol), carol, "wechat", "o-carol"); },
              Errc::failed_precondition);
  CHECK(ids.list(kAdmin, carol).size() == 1);
}

BACKEND_TEST(b3_register, "B3 identity: register an account with an identity") {
  Identities& ids = f.sys->identities();
  const std::string id = ids.register_user(kAnon, {.provider = "wechat",
                                                   .subject = "o-new",
                                                   .union_id = "u-new",
                                                   .nickname = "Newbie",
                                                   .avatar_url = "https://img.example.com/n.png"});
  const Profile p = f.sys->accounts().profile(Actor::user(id), id);
  CHECK(p.nickname == "Newbie");
  CHECK(p.avatar_url == "https://img.example.com/n.png");
  CHECK(p.username.empty());
  CHECK(p.user_type == "MEMBER");
  CHECK(ids.check(kAdmin, "wechat", "o-new").user_id == id);
  CHECK(f.audit_count(id, "account.register") == 1);
  CHECK(f.audit_count(id, "identity.bind") == 1);
  // A registered identity cannot register again, nor can its union id.
  check_error([&] { ids.register_user(kAnon, {.provider = "wechat", .subject = "o-new"}); },
              Errc::conflict, "subject");
  check_error(
      [&] {
        ids.register_user(kAnon, {.provider = "wechat", .subject = "o-other", .union_id = "u-new"});
      },
      Errc::conflict, "union_id");
  check_error([&] { ids.register_user(f.as_alice(), {.provider = "qq", .subject = "q-1"}); },
              Errc::permission_denied);
  check_error(
      [&] { ids.register_user(kAnon, {.provider = "qq", .subject = "q-1", .user_type = "X"}); },
      Errc::invalid_argument, "user_type");
}

BACKEND_TEST(b3_sign_in, "B3 identity: sign in, logged, refused for blocked, disabled, locked") {
  Identities& ids = f.sys->identities();
  ids.bind(f.as_alice(), wechat(f.alice, "o-a"));
  const SignInResult ok = ids.sign_in(kAnon, signin("wechat", "o-a"));
  CHECK(ok.user_id == f.alice);
  CHECK(ok.username == "alice");
  check_error([&] { ids.sign_in(kAnon, signin("wechat", "o-unknown")); }, Errc::unauthenticated);
  check_error([&] { ids.sign_in(kAnon, signin("facebook", "o-a")); }, Errc::invalid_argument,
              "provider");

  // Locked by failed password sign-ins: refused with the retry time.
  for (int i = 0; i < 5; ++i) {
    CHECK_FALSE(can_sign_in(*f.sys, "alice", kOtherPassword));
  }
  const Error locked = caught([&] { ids.sign_in(kAnon, signin("wechat", "o-a")); });
  CHECK(locked.code() == Errc::locked);
  CHECK(locked.retry_at().has_value());
  f.clock->advance(std::chrono::minutes(16));
  CHECK(ids.sign_in(kAnon, signin("wechat", "o-a")).user_id == f.alice);

  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::disabled);
  check_error([&] { ids.sign_in(kAnon, signin("wechat", "o-a")); }, Errc::unauthenticated);
  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::blacklisted, "fraud");
  check_error([&] { ids.sign_in(kAnon, signin("wechat", "o-a")); }, Errc::unauthenticated);
  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::active);
  CHECK(ids.sign_in(kAnon, signin("wechat", "o-a")).user_id == f.alice);

  const auto log = f.sys->accounts().login_history(kAdmin, f.alice);
  CHECK(count_outcome(log, SignInOutcome::locked) == 1);
  CHECK(count_outcome(log, SignInOutcome::disabled) == 1);
  CHECK(count_outcome(log, SignInOutcome::blacklisted) == 1);
  CHECK(count_outcome(log, SignInOutcome::success) == 3);
  CHECK(log.front().device_id == "dev-1");
  CHECK(log.front().platform == "miniapp");
  CHECK(log.front().ip == "10.0.0.7");
  check_error([&] { ids.sign_in(Actor::anonymous("no-such-tenant"), signin("wechat", "o-a")); },
              Errc::not_found, "tenant");
  // A withdrawn account is refused too, and binds nothing more.
  f.sys->accounts().withdraw(f.as_alice(), f.alice, kPassword);
  check_error([&] { ids.sign_in(kAnon, signin("wechat", "o-a")); }, Errc::unauthenticated);
  CHECK(count_outcome(f.sys->accounts().login_history(kAdmin, f.alice), SignInOutcome::withdrawn) ==
        1);
  check_error([&] { ids.bind(kAdmin, wechat(f.alice, "o-b")); }, Errc::failed_precondition);
  check_error([&] { ids.unbind(kAdmin, f.alice, "wechat", "o-a"); }, Errc::failed_precondition);
}

BACKEND_TEST(b3_bad_input, "B3 identity: bad input names the field") {
  Identities& ids = f.sys->identities();
  const auto bad = [&](BindIdentityRequest r, const std::string& field) {
    check_error([&] { ids.bind(kAdmin, r); }, Errc::invalid_argument, field);
  };
  auto r = wechat(f.alice, "o-1");
  r.provider = "";
  bad(r, "provider");
  r.provider = "WeChat";
  bad(r, "provider");
  r.provider = "http://insecure.example.com";
  bad(r, "provider");
  r.provider = "https://" + std::string(250, 'a') + ".com";
  bad(r, "provider");
  r = wechat(f.alice, "");
  bad(r, "subject");
  r = wechat(f.alice, std::string(256, 's'));
  bad(r, "subject");
  r = wechat(f.alice, "o\n1");
  bad(r, "subject");
  r = wechat(f.alice, "o-1", std::string(256, 'u'));
  bad(r, "union_id");
  r = wechat(f.alice, "o-1");
  r.nickname = std::string(201, 'n');
  bad(r, "nickname");
  r = wechat(f.alice, "o-1");
  r.avatar_url = "ftp://x";
  bad(r, "avatar_url");
  check_error([&] { ids.check(kAnon, "wechat", ""); }, Errc::invalid_argument, "subject");
  CHECK(ids.list(kAdmin, f.alice).empty());
}

namespace {

/// What eight threads saw binding at once, alternately for Alice and Bob.
struct RaceCount {
  int bound = 0;
  int conflicts = 0;  ///< conflicts naming `field`
  int other = 0;
};

RaceCount race_binds(
    Fixture& f, const std::string& field,
    const std::function<BindIdentityRequest(const std::string&, std::size_t)>& request) {
  std::atomic<int> bound{0};
  std::atomic<int> conflicts{0};
  std::atomic<int> other{0};
  race(8, [&](std::size_t i) {
    const std::string& user = i % 2 ? f.alice : f.bob;
    try {
      f.sys->identities().bind(Actor::user(user), request(user, i));
      ++bound;
    } catch (const Error& e) {
      (e.code() == Errc::conflict && e.field() == field ? conflicts : other)++;
    }
  });
  return {bound, conflicts, other};
}

}  // namespace

BACKEND_TEST(b3_concurrent_binds,
             "B3 identity: concurrent binds of one identity make one binding") {
  Identities& ids = f.sys->identities();
  const RaceCount n = race_binds(f, "subject", [](const std::string& user, std::size_t) {
    return wechat(user, "o-contested");
  });
  CHECK(n.other == 0);
  CHECK(n.bound + n.conflicts == 8);
  const auto holder = ids.check(kAdmin, "wechat", "o-contested").user_id;
  REQUIRE_FALSE(holder.empty());
  CHECK(n.bound == 4);  // the holder's four binds succeed (one new, three idempotent)
  CHECK(ids.list(kAdmin, holder).size() == 1);
  CHECK(ids.list(kAdmin, holder == f.alice ? f.bob : f.alice).empty());
  CHECK(f.audit_count(holder, "identity.bind") == 1);
}

BACKEND_TEST(b3_concurrent_union,
             "B3 identity: concurrent binds of one union id: one user gets it") {
  Identities& ids = f.sys->identities();
  const RaceCount n = race_binds(f, "union_id", [](const std::string& user, std::size_t i) {
    return wechat(user, "o-app" + std::to_string(i), "u-contested");
  });
  CHECK(n.other == 0);
  CHECK(n.bound == 4);
  CHECK(n.conflicts == 4);
  const auto alices = ids.list(kAdmin, f.alice).size();
  const auto bobs = ids.list(kAdmin, f.bob).size();
  CHECK(alices + bobs == 4);
  CHECK((alices == 0 || bobs == 0));
}

}  // namespace member::test
