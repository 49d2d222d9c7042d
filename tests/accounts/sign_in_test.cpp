// A3: sign-in by username, email or mobile; one generic error; the login log.
#include <chrono>

#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

using namespace std::chrono_literals;
const Actor kAnon = Actor::anonymous();

SignInRequest from_device(std::string identifier, std::string password, std::string device,
                          std::string platform, std::string ip) {
  SignInRequest r = credentials(std::move(identifier), std::move(password));
  r.device_id = std::move(device);
  r.platform = std::move(platform);
  r.ip = std::move(ip);
  return r;
}

}  // namespace

TEST_CASE("A3 sign in: by username, email (any case) and mobile (both forms, with spaces)") {
  Options o = memory_options();
  o.user_types = {"MEMBER", "TAXI"};
  System sys(o);
  auto& accounts = sys.accounts();
  RegisterRequest r = with_all("Ann_Lee", "Ann.Lee@Example.com", "13800138000");
  r.user_type = "TAXI";
  const std::string id = accounts.register_user(kAnon, r);
  // Someone else, so that a lookup cannot get lucky.
  accounts.register_user(kAnon, with_all("Bob_Lee", "bob.lee@example.com", "13900139000"));

  for (const std::string identifier :
       {"Ann_Lee", "ann_lee", "ANN_LEE", "Ann.Lee@Example.com", "ann.lee@example.com",
        "ANN.LEE@EXAMPLE.COM", "13800138000", "+8613800138000", "138 0013 8000",
        "+86 138 0013 8000", "138-0013-8000", "+86-138-0013-8000"}) {
    CAPTURE(identifier);
    const SignInResult result = accounts.sign_in(kAnon, credentials(identifier));
    CHECK(result.user_id == id);
    CHECK(result.username == "Ann_Lee");
    CHECK(result.user_type == "TAXI");
    CHECK_FALSE(result.password_rehashed);
  }
  // A user without a username has an empty one in the result.
  const auto mobile_only = accounts.register_user(kAnon, with_mobile("13700137000"));
  const auto result = accounts.sign_in(kAnon, credentials("13700137000"));
  CHECK(result.user_id == mobile_only);
  CHECK(result.username.empty());
  CHECK(result.user_type == "MEMBER");
}

TEST_CASE("A3 sign in: wrong password and unknown identifier give the same error") {
  Options o = memory_options();
  o.lockout.max_failures = 100;  // this test is not about lockout
  System sys(o);
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_all("known_user", "known@example.com", "13800138000"));

  const Error reference =
      caught([&] { accounts.sign_in(kAnon, credentials("known_user", kOtherPassword)); });
  CHECK(reference.code() == Errc::unauthenticated);
  CHECK(reference.field().empty());
  CHECK_FALSE(reference.retry_at().has_value());

  const std::vector<SignInRequest> attempts = {
      credentials("known@example.com", kOtherPassword),
      credentials("13800138000", kOtherPassword),
      credentials("known_user", kPassword + " "),
      credentials("known_user", "TANGERINE-VOYAGE-42"),
      credentials("unknown_user"),
      credentials("unknown@example.com"),
      credentials("13999999999"),
      credentials("+4420794601234"),
      // Malformed identifiers cannot belong to anyone: the same answer.
      credentials("ab"),
      credentials("not-an-email@"),
      credentials("+0"),
      credentials("known_user'--"),
  };
  for (const auto& attempt : attempts) {
    CAPTURE(attempt.identifier);
    const Error e = caught([&] { accounts.sign_in(kAnon, attempt); });
    CHECK(e.code() == reference.code());
    CHECK(std::string(e.what()) == reference.what());
    CHECK(e.field() == reference.field());
    CHECK_FALSE(e.retry_at().has_value());
  }
  CHECK(can_sign_in(sys, "known_user"));
}

TEST_CASE("A3 sign in: every attempt is in the login log with device, platform, IP and outcome") {
  auto clock = std::make_shared<ManualClock>();
  System sys(memory_options(clock));
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, with_all("logged_user", "logged@example.com", ""));
  const auto other = accounts.register_user(kAnon, with_username("other_user"));

  const TimePoint t0 = clock->now();
  accounts.sign_in(kAnon, from_device("logged_user", kPassword, "dev-1", "ios", "203.0.113.7"));
  clock->advance(1min);
  const TimePoint t1 = clock->now();
  check_error(
      [&] {
        accounts.sign_in(kAnon, from_device("logged@example.com", kOtherPassword, "dev-2",
                                            "android", "2001:db8::1"));
      },
      Errc::unauthenticated);
  clock->advance(1min);
  const TimePoint t2 = clock->now();
  accounts.sign_in(kAnon, from_device("LOGGED@example.com", kPassword, "", "", ""));
  accounts.sign_in(kAnon, credentials("other_user"));

  const auto history = accounts.login_history(Actor::user(id), id);
  REQUIRE(history.size() == 3);
  // Newest first.
  CHECK(history[0].outcome == SignInOutcome::success);
  CHECK(history[0].at == t2);
  CHECK(history[0].device_id.empty());
  CHECK(history[0].platform.empty());
  CHECK(history[0].ip.empty());

  CHECK(history[1].outcome == SignInOutcome::wrong_password);
  CHECK(history[1].at == t1);
  CHECK(history[1].device_id == "dev-2");
  CHECK(history[1].platform == "android");
  CHECK(history[1].ip == "2001:db8::1");

  CHECK(history[2].outcome == SignInOutcome::success);
  CHECK(history[2].at == t0);
  CHECK(history[2].device_id == "dev-1");
  CHECK(history[2].platform == "ios");
  CHECK(history[2].ip == "203.0.113.7");
  for (const auto& record : history) CHECK(record.user_id == id);

  // Paging.
  const auto page = accounts.login_history(Actor::user(id), id, {.limit = 1, .offset = 1});
  REQUIRE(page.size() == 1);
  CHECK(page[0].outcome == SignInOutcome::wrong_password);
  CHECK(accounts.login_history(Actor::user(id), id, {.limit = 10, .offset = 3}).empty());
  check_error([&] { accounts.login_history(Actor::user(id), id, {.limit = 0}); },
              Errc::invalid_argument, "page.limit");
  check_error([&] { accounts.login_history(Actor::user(id), id, {.limit = 1001}); },
              Errc::invalid_argument, "page.limit");

  // The other user's log is theirs alone, and only they or staff may read it.
  CHECK(accounts.login_history(Actor::admin("ops"), other).size() == 1);
  check_error([&] { accounts.login_history(Actor::user(id), other); }, Errc::permission_denied);
  check_error([&] { accounts.login_history(kAnon, id); }, Errc::permission_denied);
  check_error([&] { accounts.login_history(Actor::system(), "not-a-user-id"); },
              Errc::invalid_argument, "user_id");
}

TEST_CASE("A3 sign in: unknown identifiers are logged with an empty user id") {
  TempDir dir;
  auto clock = std::make_shared<ManualClock>();
  System sys(file_options(dir, clock));
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_username("someone_real"));

  check_error(
      [&] {
        accounts.sign_in(
            kAnon, from_device("ghost@example.com", kPassword, "ghost-dev", "web", "198.51.100.4"));
      },
      Errc::unauthenticated);
  check_error([&] { accounts.sign_in(kAnon, from_device("ab", kPassword, "d2", "cli", "::1")); },
              Errc::unauthenticated);

  SQLite::Database db(dir.file("member.db"), SQLite::OPEN_READONLY);
  SQLite::Statement s(db,
                      "SELECT user_id, outcome, device_id, platform, ip, at, tenant FROM login_log "
                      "ORDER BY seq");
  REQUIRE(s.executeStep());
  CHECK(s.getColumn(0).getString().empty());
  CHECK(s.getColumn(1).getInt() == static_cast<int>(SignInOutcome::unknown_identifier));
  CHECK(s.getColumn(2).getString() == "ghost-dev");
  CHECK(s.getColumn(3).getString() == "web");
  CHECK(s.getColumn(4).getString() == "198.51.100.4");
  CHECK(s.getColumn(5).getInt64() ==
        std::chrono::duration_cast<std::chrono::milliseconds>(clock->now().time_since_epoch())
            .count());
  CHECK(s.getColumn(6).getString() == "default");
  REQUIRE(s.executeStep());
  CHECK(s.getColumn(0).getString().empty());
  CHECK(s.getColumn(1).getInt() == static_cast<int>(SignInOutcome::unknown_identifier));
  CHECK(s.getColumn(2).getString() == "d2");
  CHECK_FALSE(s.executeStep());

  // The identifier typed is not stored anywhere in the log.
  CHECK(raw_int(dir.file("member.db"),
                "SELECT COUNT(*) FROM login_log WHERE device_id LIKE '%ghost@%' OR "
                "platform LIKE '%ghost@%' OR ip LIKE '%ghost@%' OR user_id LIKE '%ghost@%'") == 0);
}

TEST_CASE("A3 sign in: an empty identifier or password is invalid_argument") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_username("empty_checks"));
  check_error([&] { accounts.sign_in(kAnon, credentials("", kPassword)); }, Errc::invalid_argument,
              "identifier");
  check_error([&] { accounts.sign_in(kAnon, credentials("empty_checks", "")); },
              Errc::invalid_argument, "password");
  std::string nul_password = kPassword;
  nul_password.push_back('\0');
  check_error([&] { accounts.sign_in(kAnon, credentials("empty_checks", nul_password)); },
              Errc::invalid_argument, "password");
  check_error([&] { accounts.sign_in(kAnon, credentials("empty_checks", "bad\xFF utf8")); },
              Errc::invalid_argument, "password");
}

TEST_CASE("A3 sign in: a malformed attempt is still logged, as invalid_request") {
  // "Every attempt is written to the login log", and SignInOutcome has a
  // value for exactly this case.
  TempDir dir;
  System sys(file_options(dir));
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, with_username("logged_anyway"));
  const std::string db = dir.file("member.db");
  const auto invalid_rows = [&] {
    return raw_int(db, "SELECT COUNT(*) FROM login_log WHERE outcome = " +
                           std::to_string(static_cast<int>(SignInOutcome::invalid_request)));
  };
  check_error(
      [&] {
        accounts.sign_in(kAnon, from_device("logged_anyway", "", "dev-9", "ios", "10.0.0.9"));
      },
      Errc::invalid_argument, "password");
  CHECK(invalid_rows() == 1);
  check_error(
      [&] { accounts.sign_in(kAnon, from_device("", kPassword, "dev-9", "ios", "10.0.0.9")); },
      Errc::invalid_argument, "identifier");
  CHECK(invalid_rows() == 2);
  CHECK(raw_int(db,
                "SELECT COUNT(*) FROM login_log WHERE device_id = 'dev-9' AND platform = 'ios' "
                "AND ip = '10.0.0.9'") == 2);
  // Malformed attempts do not count towards the lockout.
  CHECK(accounts.profile(Actor::system(), id).failed_sign_ins == 0);
}

TEST_CASE("A3 sign in: over-long or malformed device, platform and IP are rejected") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_username("device_checks"));
  const auto attempt = [&](std::string device, std::string platform, std::string ip) {
    accounts.sign_in(kAnon, from_device("device_checks", kPassword, std::move(device),
                                        std::move(platform), std::move(ip)));
  };
  check_error([&] { attempt(std::string(129, 'd'), "", ""); }, Errc::invalid_argument, "device_id");
  check_error([&] { attempt("", std::string(65, 'p'), ""); }, Errc::invalid_argument, "platform");
  check_error([&] { attempt("", "", std::string(65, '1')); }, Errc::invalid_argument, "ip");
  check_error([&] { attempt(std::string("dev\0ice", 7), "", ""); }, Errc::invalid_argument,
              "device_id");
  check_error([&] { attempt("", "ios\n", ""); }, Errc::invalid_argument, "platform");
  check_error([&] { attempt("", "", "1.2.3.4\xFF"); }, Errc::invalid_argument, "ip");
  // The limits themselves are fine, and SQL in them is just text.
  CHECK_NOTHROW(attempt(std::string(128, 'd'), std::string(64, 'p'), "'; DROP TABLE login_log;--"));
  const auto id = accounts.sign_in(kAnon, credentials("device_checks")).user_id;
  const auto history = accounts.login_history(Actor::user(id), id);
  REQUIRE(history.size() == 2);
  CHECK(history[1].ip == "'; DROP TABLE login_log;--");
}

TEST_CASE("A3 sign in: an actor of an unknown tenant cannot sign in anyone") {
  System sys(memory_options());
  sys.accounts().register_user(kAnon, with_username("tenant_user"));
  const Error e = caught([&] {
    sys.accounts().sign_in(Actor::anonymous("no-such-tenant"), credentials("tenant_user"));
  });
  // Either the generic sign-in failure or "no such tenant"; never a storage failure.
  CHECK_MESSAGE((e.code() == Errc::unauthenticated || e.code() == Errc::not_found),
                "got " << to_string(e.code()) << ": " << std::string(e.what()));
  check_error(
      [&] { sys.accounts().sign_in(Actor::anonymous("bad tenant"), credentials("tenant_user")); },
      Errc::invalid_argument, "tenant");
}

}  // namespace member::test
