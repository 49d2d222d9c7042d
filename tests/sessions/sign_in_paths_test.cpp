// F1 with B3 and C2: every sign-in path ends in a session, and the access
// token carries the member's level as it is when the token is issued.
#include <doctest/doctest.h>

#include "member/loyalty.hpp"
#include "sessions/session_helpers.hpp"

namespace member::test {
namespace {

using std::chrono::minutes;

IdentitySessionSignInRequest github_sign_in(const std::string& subject) {
  IdentitySessionSignInRequest r;
  r.identity = {.provider = "github",
                .subject = subject,
                .union_id = {},
                .device_id = "laptop-7",
                .platform = "linux",
                .ip = "198.51.100.9"};
  r.device_type = "browser";
  r.device_name = "Alice's laptop";
  r.app_version = "web-2";
  return r;
}

TEST_CASE("F1 B3: an identity sign-in opens a session on its device; refused ones open none") {
  on_each_backend([](SessionFixture& f) {
    f.sys->identities().bind(Actor::user(f.alice),
                             {.user_id = f.alice, .provider = "github", .subject = "gh-1001"});
    const SessionSignIn in =
        f.sessions().sign_in_with_identity(kAnonymous, github_sign_in("gh-1001"));
    CHECK(in.account.user_id == f.alice);
    const AccessClaims claims = f.sessions().verify(in.tokens.access_token);
    CHECK(claims.subject == f.alice);
    CHECK(claims.session_id == in.tokens.session_id);
    CHECK(f.refreshes(in.tokens.refresh_token));
    const auto devices = f.sessions().devices(Actor::user(f.alice), f.alice);
    REQUIRE(devices.size() == 1);
    CHECK(devices[0].device_id == "laptop-7");
    CHECK(devices[0].platform == "linux");

    // An unknown identity, a disabled account and bad device fields open nothing.
    check_error([&] { f.sessions().sign_in_with_identity(kAnonymous, github_sign_in("gh-404")); },
                Errc::unauthenticated);
    auto bad_device = github_sign_in("gh-1001");
    bad_device.device_type = std::string(40, 'x');
    check_error([&] { f.sessions().sign_in_with_identity(kAnonymous, bad_device); },
                Errc::invalid_argument, "device_type");
    f.sys->accounts().set_status(kStaff, f.alice, AccountStatus::disabled, "test");
    CHECK_THROWS_AS(f.sessions().sign_in_with_identity(kAnonymous, github_sign_in("gh-1001")),
                    Error);
    CHECK(f.sessions().devices(kStaff, f.alice).empty());  // disabling revoked the one session
  });
}

TEST_CASE("F1 C2: the level claim is the member's level; a refresh after a change carries it") {
  on_each_backend([](SessionFixture& f) {
    const TokenPair first = f.sign_in().tokens;
    CHECK(f.sessions().verify(first.access_token).level == "BASIC");
    CHECK(split(first.access_token).payload.find(R"("level":"BASIC")") != std::string::npos);

    f.sys->loyalty().set_level(kStaff, {.user_id = f.alice, .level_code = "GOLD", .reason = "VIP"});
    // Tokens already issued keep the level they were issued with ...
    CHECK(f.sessions().verify(first.access_token).level == "BASIC");
    // ... and the next one tells the new level.
    f.clock->advance(minutes(5));
    const TokenPair second = f.sessions().refresh(kAnonymous, first.refresh_token);
    CHECK(f.sessions().verify(second.access_token).level == "GOLD");
    CHECK(f.sessions().verify(f.sign_in("alice", "tablet-2", "tablet").tokens.access_token).level ==
          "GOLD");
  });
}

}  // namespace
}  // namespace member::test
