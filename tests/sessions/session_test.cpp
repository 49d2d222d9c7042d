// F1, F2, A5, A11: refresh rotation with reuse detection, sign-out, the one
// revocation rule (status and password changes end every session), devices.
// Each case runs on SQLite and, when the test server is there, PostgreSQL.
#include "sessions/session_helpers.hpp"

namespace member::test {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

std::size_t audit_count(System& sys, const std::string& user, const std::string& action) {
  return audit_of(sys, user, action).size();
}

}  // namespace

TEST_CASE("F1 refresh: rotates; the new pair works and the used token is dead") {
  on_each_backend([](SessionFixture& f, const Backend&) {
    const TokenPair first = f.sign_in().tokens;
    f.clock->advance(minutes(90));
    const TokenPair second = f.sessions().refresh(kAnonymous, first.refresh_token, "198.51.100.4");
    CHECK(second.session_id == first.session_id);
    CHECK(second.refresh_token != first.refresh_token);
    CHECK(second.access_token != first.access_token);
    CHECK(second.access_expires_at == session_start() + minutes(90) + hours(2));
    CHECK(f.valid(second.access_token));
    CHECK(f.valid(first.access_token));  // still within its own 2 hours
    const auto devices = f.sessions().devices(Actor::user(f.alice), f.alice);
    REQUIRE(devices.size() == 1);
    CHECK(devices[0].ip == "198.51.100.4");
    CHECK(devices[0].last_active == session_start() + minutes(90));
    // The next rotation works from the new token.
    const TokenPair third = f.sessions().refresh(kAnonymous, second.refresh_token);
    CHECK(f.valid(third.access_token));
  });
}

TEST_CASE("F1 refresh: presenting a used token again revokes the whole session") {
  on_each_backend([](SessionFixture& f, const Backend& backend) {
    const TokenPair first = f.sign_in().tokens;
    const TokenPair other_session = f.sign_in("alice", "laptop-1", "browser").tokens;
    const TokenPair second = f.sessions().refresh(kAnonymous, first.refresh_token);
    CHECK_FALSE(f.refreshes(first.refresh_token));  // reuse
    // Every token of the session is dead now, the thief's and the owner's.
    CHECK_FALSE(f.refreshes(second.refresh_token));
    CHECK_FALSE(f.valid(second.access_token));
    CHECK_FALSE(f.valid(first.access_token));
    CHECK_FALSE(f.valid(second.access_token, {.check_session = true}));
    // Another session of the same user is not affected.
    CHECK(f.valid(other_session.access_token));
    CHECK(f.refreshes(other_session.refresh_token));
    CHECK(audit_count(*f.sys, f.alice, "session.refresh_reuse") == 1);
    // A second System on the same database (another process) sees it with check_session.
    if (backend.name == "sqlite") {
      SessionFixture other_process(backend.options(), false);
      CHECK(other_process.valid(other_session.access_token, {.check_session = true}));
      CHECK_FALSE(other_process.valid(second.access_token, {.check_session = true}));
    }
  });
}

TEST_CASE("F1 refresh: unknown, malformed, expired and other-tenant tokens are refused") {
  on_each_backend([](SessionFixture& f, const Backend&) {
    const TokenPair pair = f.sign_in().tokens;
    CHECK_FALSE(f.refreshes(""));
    CHECK_FALSE(f.refreshes("short"));
    CHECK_FALSE(f.refreshes(std::string(43, '*')));
    std::string unknown = pair.refresh_token;
    unknown[0] = unknown[0] == 'A' ? 'B' : 'A';
    CHECK_FALSE(f.refreshes(unknown));
    CHECK_FALSE(f.refreshes(pair.access_token));
    f.sys->tenants().create(Actor::system(), {.id = "other", .name = "Other"});
    check_error([&] { f.sessions().refresh(Actor::anonymous("other"), pair.refresh_token); },
                Errc::unauthenticated);
    check_error([&] { f.sessions().refresh(kAnonymous, pair.refresh_token, std::string(65, '1')); },
                Errc::invalid_argument, "ip");
    // None of that used the token up.
    f.clock->advance(hours(24 * 30) - std::chrono::seconds(1));
    const TokenPair next = f.sessions().refresh(kAnonymous, pair.refresh_token);
    f.clock->advance(hours(24 * 30));
    CHECK_FALSE(f.refreshes(next.refresh_token));  // expired
  });
}

TEST_CASE("F1 sign-out: revokes the session; its tokens and refresh are refused at once") {
  on_each_backend([](SessionFixture& f, const Backend&) {
    const TokenPair phone = f.sign_in().tokens;
    const TokenPair laptop = f.sign_in("alice", "laptop-1", "browser").tokens;
    f.sessions().sign_out(Actor::user(f.alice), phone.session_id);
    CHECK_FALSE(f.valid(phone.access_token));
    CHECK_FALSE(f.valid(phone.access_token, {.check_session = true}));
    CHECK_FALSE(f.refreshes(phone.refresh_token));
    CHECK(f.valid(laptop.access_token, {.check_session = true}));
    f.sessions().sign_out(Actor::user(f.alice), phone.session_id);  // again: nothing to do
    CHECK(audit_count(*f.sys, f.alice, "session.revoke") == 1);
    check_error([&] { f.sessions().sign_out(Actor::user(f.alice), "nope"); }, Errc::not_found,
                "session_id");
    check_error([&] { f.sessions().sign_out(Actor::user(f.alice), "bad id!"); },
                Errc::invalid_argument, "session_id");
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bob"));
    check_error([&] { f.sessions().sign_out(Actor::user(bob), laptop.session_id); },
                Errc::permission_denied);
    f.sessions().sign_out_all(kStaff, f.alice);
    CHECK_FALSE(f.valid(laptop.access_token));
    CHECK(f.sessions().devices(kStaff, f.alice).empty());
  });
}

TEST_CASE("F1 A11 A5: disable, blacklist, withdraw and a password change revoke every session") {
  on_each_backend([](SessionFixture& f, const Backend&) {
    auto& accounts = f.sys->accounts();
    const auto two_sessions = [&] {
      return std::pair{f.sign_in().tokens, f.sign_in("alice", "laptop-1", "browser").tokens};
    };
    const auto dead = [&](const std::pair<TokenPair, TokenPair>& s) {
      for (const TokenPair* p : {&s.first, &s.second}) {
        CHECK_FALSE(f.valid(p->access_token));
        CHECK_FALSE(f.valid(p->access_token, {.check_session = true}));
        CHECK_FALSE(f.refreshes(p->refresh_token));
      }
    };
    auto s = two_sessions();
    accounts.set_status(kStaff, f.alice, AccountStatus::disabled, "review");
    dead(s);
    // Enabling does not bring sessions back; a new sign-in does.
    accounts.set_status(kStaff, f.alice, AccountStatus::active);
    dead(s);
    s = two_sessions();
    accounts.set_status(kStaff, f.alice, AccountStatus::blacklisted, "fraud");
    dead(s);
    check_error([&] { f.sign_in(); }, Errc::unauthenticated);
    accounts.set_status(kStaff, f.alice, AccountStatus::active);

    s = two_sessions();
    accounts.change_password(
        Actor::user(f.alice),
        {.user_id = f.alice, .old_password = kPassword, .new_password = kOtherPassword});
    dead(s);
    CHECK(audit_of(*f.sys, f.alice, "session.revoke").front().detail.find("password changed") !=
          std::string::npos);

    SessionSignInRequest r;
    r.credentials = credentials("alice", kOtherPassword);
    const TokenPair last = f.sessions().sign_in(kAnonymous, r).tokens;
    accounts.withdraw(Actor::user(f.alice), f.alice, kOtherPassword);
    CHECK_FALSE(f.valid(last.access_token));
    CHECK_FALSE(f.refreshes(last.refresh_token));
    CHECK(f.sessions().devices(kStaff, f.alice).empty());
  });
}

TEST_CASE("A5: a password change keeps the session it is made from and ends the others") {
  on_each_backend([](SessionFixture& f, const Backend&) {
    const TokenPair phone = f.sign_in("alice", "phone-1", "phone").tokens;
    const TokenPair laptop = f.sign_in("alice", "laptop-1", "browser").tokens;
    const TokenPair tablet = f.sign_in("alice", "tablet-1", "tablet").tokens;
    const std::string current = f.sessions().verify(phone.access_token).session_id;
    f.sys->accounts().change_password(Actor::user(f.alice), {.user_id = f.alice,
                                                             .old_password = kPassword,
                                                             .new_password = kOtherPassword,
                                                             .current_session_id = current});
    CHECK(f.valid(phone.access_token, {.check_session = true}));
    for (const TokenPair* other : {&laptop, &tablet}) {
      CHECK_FALSE(f.valid(other->access_token));
      CHECK_FALSE(f.valid(other->access_token, {.check_session = true}));
      CHECK_FALSE(f.refreshes(other->refresh_token));
    }
    CHECK(f.refreshes(phone.refresh_token));
    const auto devices = f.sessions().devices(kStaff, f.alice);
    REQUIRE(devices.size() == 1);
    CHECK(devices[0].device_id == "phone-1");
    const auto revoke = audit_of(*f.sys, f.alice, "session.revoke");
    REQUIRE(!revoke.empty());
    CHECK(revoke.front().detail.find("\"sessions\":2") != std::string::npos);

    // Another user's session id keeps nothing of Alice's.
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bob"));
    const TokenPair bobs = f.sign_in("bob", "bob-phone", "phone").tokens;
    f.sys->accounts().change_password(
        Actor::user(f.alice),
        {.user_id = f.alice,
         .old_password = kOtherPassword,
         .new_password = kPassword,
         .current_session_id = f.sessions().verify(bobs.access_token).session_id});
    CHECK(f.sessions().devices(kStaff, f.alice).empty());
    CHECK(f.valid(bobs.access_token, {.check_session = true}));
    check_error(
        [&] {
          f.sys->accounts().change_password(Actor::user(f.alice),
                                            {.user_id = f.alice,
                                             .old_password = kPassword,
                                             .new_password = kOtherPassword,
                                             .current_session_id = std::string(65, 'x')});
        },
        Errc::invalid_argument, "current_session_id");
  });
}

TEST_CASE("F2 devices: each session records its device; list and sign one out") {
  on_each_backend([](SessionFixture& f, const Backend&) {
    const TokenPair phone1 = f.sign_in("alice", "phone-1", "phone").tokens;
    f.clock->advance(minutes(5));
    const TokenPair laptop = f.sign_in("alice", "laptop-1", "browser").tokens;
    f.clock->advance(minutes(5));
    const TokenPair phone2 = f.sign_in("alice", "phone-1", "phone").tokens;

    auto devices = f.sessions().devices(Actor::user(f.alice), f.alice);
    REQUIRE(devices.size() == 2);
    CHECK(devices[0].device_id == "phone-1");
    CHECK(devices[0].device_type == "phone");
    CHECK(devices[0].device_name == "Alice's phone");
    CHECK(devices[0].platform == "ios 17");
    CHECK(devices[0].app_version == "3.1.0");
    CHECK(devices[0].ip == "203.0.113.7");
    CHECK(devices[0].sessions == 2);
    CHECK(devices[0].first_seen == session_start());
    CHECK(devices[0].last_active == session_start() + minutes(10));
    CHECK(devices[1].device_id == "laptop-1");
    CHECK(devices[1].sessions == 1);

    // Refreshing makes the laptop the most recently active.
    f.clock->advance(minutes(5));
    f.sessions().refresh(kAnonymous, laptop.refresh_token);
    devices = f.sessions().devices(kStaff, f.alice);
    CHECK(devices[0].device_id == "laptop-1");

    f.sessions().sign_out_device(Actor::user(f.alice), f.alice, "phone-1");
    CHECK_FALSE(f.valid(phone1.access_token));
    CHECK_FALSE(f.valid(phone2.access_token));
    CHECK(f.valid(laptop.access_token));
    devices = f.sessions().devices(Actor::user(f.alice), f.alice);
    REQUIRE(devices.size() == 1);
    CHECK(devices[0].device_id == "laptop-1");
    const auto audit = audit_of(*f.sys, f.alice, "session.revoke");
    REQUIRE(audit.size() == 1);
    CHECK(audit[0].detail.find("phone-1") != std::string::npos);

    check_error([&] { f.sessions().sign_out_device(Actor::user(f.alice), f.alice, "phone-1"); },
                Errc::not_found, "device_id");
    check_error([&] { f.sessions().sign_out_device(Actor::user(f.alice), f.alice, ""); },
                Errc::invalid_argument, "device_id");
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bob"));
    check_error([&] { f.sessions().devices(Actor::user(bob), f.alice); }, Errc::permission_denied);
    check_error([&] { f.sessions().sign_out_device(Actor::user(bob), f.alice, "laptop-1"); },
                Errc::permission_denied);
    check_error([&] { f.sessions().devices(kStaff, "not-a-user-id"); }, Errc::invalid_argument,
                "user_id");
    // Expired sessions are not listed.
    f.clock->advance(hours(24 * 31));
    CHECK(f.sessions().devices(kStaff, f.alice).empty());
  });
}

TEST_CASE("F2 devices: a sign-in naming no device is a device of its own, signed out alone") {
  on_each_backend([](SessionFixture& f, const Backend&) {
    const SessionSignIn first = f.sign_in("alice", "", "browser");
    f.clock->advance(minutes(1));
    const SessionSignIn second = f.sign_in("alice", "", "browser");
    const auto first_id = f.sessions().verify(first.tokens.access_token).session_id;
    const auto second_id = f.sessions().verify(second.tokens.access_token).session_id;
    auto devices = f.sessions().devices(kStaff, f.alice);
    REQUIRE(devices.size() == 2);
    CHECK(devices[0].device_id == second_id);
    CHECK(devices[1].device_id == first_id);
    CHECK(devices[1].sessions == 1);
    f.sessions().sign_out_device(Actor::user(f.alice), f.alice, first_id);
    CHECK_FALSE(f.valid(first.tokens.access_token));
    CHECK(f.valid(second.tokens.access_token));
    devices = f.sessions().devices(kStaff, f.alice);
    REQUIRE(devices.size() == 1);
    CHECK(devices[0].device_id == second_id);
  });
}

TEST_CASE("F1 F2: a sign-in's device fields are validated; a failed sign-in opens nothing") {
  on_each_backend([](SessionFixture& f, const Backend&) {
    SessionSignInRequest r;
    r.credentials = credentials("alice");
    r.device_type = std::string(33, 'x');
    check_error([&] { f.sessions().sign_in(kAnonymous, r); }, Errc::invalid_argument,
                "device_type");
    r.device_type = "phone";
    r.app_version = "bad\x01";
    check_error([&] { f.sessions().sign_in(kAnonymous, r); }, Errc::invalid_argument,
                "app_version");
    r.app_version.clear();
    r.credentials.password = kOtherPassword;
    check_error([&] { f.sessions().sign_in(kAnonymous, r); }, Errc::unauthenticated);
    CHECK(f.sessions().devices(kStaff, f.alice).empty());
    CHECK(audit_count(*f.sys, f.alice, "session.open") == 0);
    f.sign_in();
    CHECK(audit_count(*f.sys, f.alice, "session.open") == 1);
  });
}

}  // namespace member::test
