// A4: lockout after consecutive failures, driven by a ManualClock.
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <utility>

#include "accounts/account_helpers.hpp"
#include "support/latch.hpp"
#include "support/trap_clock.hpp"

namespace member::test {
namespace {

using namespace std::chrono_literals;
using std::chrono::minutes;
const Actor kAnon = Actor::anonymous();

void fail_once(System& sys, const std::string& identifier = "lock_user") {
  check_error([&] { sys.accounts().sign_in(kAnon, credentials(identifier, kOtherPassword)); },
              Errc::unauthenticated);
}

/// Signs in with the right password and expects Errc::locked; returns retry_at.
TimePoint expect_locked(System& sys, const std::string& identifier = "lock_user",
                        const std::string& password = kPassword) {
  const Error e = caught([&] { sys.accounts().sign_in(kAnon, credentials(identifier, password)); });
  CHECK_MESSAGE(e.code() == Errc::locked,
                "got " << to_string(e.code()) << ": " << std::string(e.what()));
  REQUIRE(e.retry_at().has_value());
  return *e.retry_at();
}

/// `failures` wrong passwords in a row, then the lock period they caused.
std::chrono::system_clock::duration lock_out(System& sys, ManualClock& clock,
                                             std::uint32_t failures = 5) {
  for (std::uint32_t i = 0; i < failures; ++i) fail_once(sys);
  const TimePoint locked_at = clock.now();
  const TimePoint retry_at = expect_locked(sys);
  clock.set(retry_at);  // wait out the lock without signing in
  return retry_at - locked_at;
}

struct Locked {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  System sys;
  std::string id;
  explicit Locked(Options o) : sys(with_clock(std::move(o), clock)) {
    id = sys.accounts().register_user(kAnon,
                                      with_all("lock_user", "lock@example.com", "13800138000"));
  }
  static Options with_clock(Options o, std::shared_ptr<ManualClock> c) {
    o.clock = std::move(c);
    return o;
  }
  Profile profile() { return sys.accounts().profile(Actor::system(), id); }
};

/// A file database with one user, seen by two Systems on a TrapClock:
/// `sys` runs the operation under test; `other` acts from the clock's hook,
/// as another process would, and gives up at once when `sys` holds the
/// write lock.
struct RacedFile {
  TempDir dir;
  std::shared_ptr<TrapClock> clock = std::make_shared<TrapClock>();
  System sys{file_options(dir, clock)};
  System other{impatient(file_options(dir, clock))};
  std::string id;
  explicit RacedFile(const std::string& username)
      : id(sys.accounts().register_user(kAnon, with_username(username))) {}
  static Options impatient(Options o) {
    o.busy_timeout = 20ms;
    return o;
  }
};

}  // namespace

TEST_CASE("A4 lockout: five consecutive failures lock the account for 15 minutes") {
  Locked t(memory_options());
  for (std::uint32_t i = 1; i <= 4; ++i) {
    fail_once(t.sys);
    CHECK(t.profile().failed_sign_ins == i);
    CHECK_FALSE(t.profile().locked_until.has_value());
  }
  t.clock->advance(3min);  // consecutive, not within a window
  // The fifth failure still gets the generic error; it is what locks.
  fail_once(t.sys);
  const TimePoint locked_at = t.clock->now();
  REQUIRE(t.profile().locked_until.has_value());
  CHECK(*t.profile().locked_until == locked_at + 15min);

  // Even the right password is refused, with the retry time.
  CHECK(expect_locked(t.sys) == locked_at + 15min);
  CHECK(expect_locked(t.sys, "lock@example.com") == locked_at + 15min);
  // Wrong passwords during the lock neither extend it nor count.
  CHECK(expect_locked(t.sys, "lock_user", kOtherPassword) == locked_at + 15min);

  t.clock->advance(15min - 1s);
  CHECK(expect_locked(t.sys) == locked_at + 15min);

  t.clock->advance(1s);
  CHECK(t.sys.accounts().sign_in(kAnon, credentials("lock_user")).user_id == t.id);
  const Profile after = t.profile();
  CHECK(after.failed_sign_ins == 0);
  CHECK_FALSE(after.locked_until.has_value());

  const auto history = t.sys.accounts().login_history(Actor::system(), t.id);
  REQUIRE(history.size() == 10);
  CHECK(history[0].outcome == SignInOutcome::success);
  for (std::size_t i = 1; i <= 4; ++i) CHECK(history[i].outcome == SignInOutcome::locked);
  for (std::size_t i = 5; i < 10; ++i) CHECK(history[i].outcome == SignInOutcome::wrong_password);
}

TEST_CASE("A4 A5: wrong passwords in re-authentication count for the lockout too") {
  Locked t(memory_options());
  const Actor self = Actor::user(t.id);
  const auto change = [&](const std::string& old_password) {
    t.sys.accounts().change_password(
        self, {.user_id = t.id, .old_password = old_password, .new_password = kOtherPassword});
  };
  // A stolen session cannot guess the password faster than sign-in can.
  for (std::uint32_t i = 1; i <= 2; ++i) {
    check_error([&] { change("wrong-old-password"); }, Errc::unauthenticated);
    CHECK(t.profile().failed_sign_ins == i);
  }
  check_error([&] { t.sys.accounts().withdraw(self, t.id, "wrong-password!"); },
              Errc::unauthenticated);
  check_error([&] { t.sys.privacy().erase(self, {.user_id = t.id, .password = "wrong-pass"}); },
              Errc::unauthenticated);
  CHECK(t.profile().failed_sign_ins == 4);
  fail_once(t.sys);  // sign-in shares the counter: the fifth locks
  const TimePoint locked_at = t.clock->now();
  REQUIRE(t.profile().locked_until.has_value());
  CHECK(audit_of(t.sys, t.id, "account.lock").size() == 1);

  // While locked, even the right password is refused with the retry time,
  // and the account is left as it was.
  for (const auto& attempt : std::vector<std::function<void()>>{
           [&] { change(kPassword); }, [&] { t.sys.accounts().withdraw(self, t.id, kPassword); },
           [&] { t.sys.privacy().erase(self, {.user_id = t.id, .password = kPassword}); }}) {
    const Error e = caught(attempt);
    CHECK(e.code() == Errc::locked);
    REQUIRE(e.retry_at().has_value());
    CHECK(*e.retry_at() == locked_at + 15min);
  }
  CHECK(t.profile().status == AccountStatus::active);
  CHECK(expect_locked(t.sys) == locked_at + 15min);

  t.clock->set(locked_at + 15min);
  change(kPassword);
  CHECK(can_sign_in(t.sys, "lock_user", kOtherPassword));
  CHECK(t.profile().failed_sign_ins == 0);
}

TEST_CASE("A4 A11: a right password cannot slip through while wrong ones lock the account") {
  // Five wrong sign-ins run at each clock reading of a withdrawal in turn.
  // Whenever they lock the account before the withdrawal writes, the
  // withdrawal must be refused, even though it checked the password first.
  for (int reading = 1; reading <= 16; ++reading) {
    CAPTURE(reading);
    RacedFile f("lock_user");
    System& sys = f.sys;
    System& guesser = f.other;  // gives up when the withdrawal holds the write lock
    const std::string& id = f.id;
    const auto& clock = f.clock;
    bool locked_by_guesses = false;
    clock->hook = [&] {
      if (guesser.accounts().profile(Actor::system(), id).status != AccountStatus::active) return;
      for (int i = 0; i < 5; ++i) {
        const Error e = caught(
            [&] { guesser.accounts().sign_in(kAnon, credentials("lock_user", kOtherPassword)); });
        if (e.code() != Errc::unauthenticated) return;
      }
      locked_by_guesses = true;
    };
    clock->armed = reading;
    bool withdrew = true;
    try {
      sys.accounts().withdraw(Actor::user(id), id, kPassword);
    } catch (const Error& e) {
      CHECK_MESSAGE(e.code() == Errc::locked, "got " << to_string(e.code()));
      withdrew = false;
    }
    CHECK_FALSE((withdrew && locked_by_guesses));
  }
}

TEST_CASE("A12 A3: a sign-in that overlaps an erasure writes nothing naming the erased user") {
  // The erasure (from another System on the file, as another process would)
  // runs at each clock reading of a sign-in in turn; whenever it lands, no
  // login record may name the user afterwards.
  int erasures = 0;
  for (int reading = 1; reading <= 12; ++reading) {
    CAPTURE(reading);
    RacedFile f("gone_soon");
    const std::string& id = f.id;
    bool erased = false;
    f.clock->hook = [&] {
      try {
        f.other.privacy().erase(Actor::system(), {.user_id = id});
        erased = true;
      } catch (const Error&) {
        // busy: the sign-in holds the write lock at this reading
      }
    };
    f.clock->armed = reading;
    try {
      f.sys.accounts().sign_in(kAnon, credentials("gone_soon", kPassword));
    } catch (const Error&) {
      // refused: the account is gone
    }
    if (!erased) continue;
    ++erasures;
    CHECK(raw_int(f.dir.file("member.db"),
                  "SELECT count(*) FROM login_log WHERE user_id = '" + id + "'") == 0);
  }
  CHECK(erasures > 0);
}

TEST_CASE("A5 F1: a session sign-in that overlaps a password change leaves no session behind it") {
  // The change (from another System on the file) runs at each clock reading
  // of a session sign-in in turn. A change that lands after the sign-in
  // checked the password must end the session it opens, or come first and
  // refuse it: the old password never leaves a live session.
  int changes = 0;
  for (int reading = 1; reading <= 16; ++reading) {
    CAPTURE(reading);
    RacedFile f("moving_on");
    bool changed = false;
    f.clock->hook = [&] {
      try {
        f.other.accounts().change_password(Actor::user(f.id), {.user_id = f.id,
                                                               .old_password = kPassword,
                                                               .new_password = kOtherPassword,
                                                               .current_session_id = {}});
        changed = true;
      } catch (const Error&) {
        // busy: the sign-in holds the write lock at this reading
      }
    };
    f.clock->armed = reading;
    std::optional<SessionSignIn> signed_in;
    try {
      SessionSignInRequest r;
      r.credentials = credentials("moving_on", kPassword);
      r.credentials.device_id = "phone-1";
      signed_in = f.sys.sessions().sign_in(kAnon, r);
    } catch (const Error& e) {
      CHECK(e.code() == Errc::unauthenticated);  // the change came first
    }
    if (!changed) continue;
    ++changes;
    CHECK(f.sys.sessions().devices(Actor::system(), f.id).empty());
    if (signed_in) {
      check_error([&] { f.sys.sessions().refresh(kAnon, signed_in->tokens.refresh_token, ""); },
                  Errc::unauthenticated);
    }
  }
  CHECK(changes > 0);
}

TEST_CASE("A3 A4: unknown, malformed and disabled identifiers lock like an account") {
  Locked t(memory_options());
  const std::string disabled = t.sys.accounts().register_user(kAnon, with_username("gone_user"));
  t.sys.accounts().set_status(Actor::system(), disabled, AccountStatus::disabled, "left");
  const std::vector<std::string> identifiers = {"lock_user", "nobody@example.com", "13700137000",
                                                "not an identifier!", "gone_user"};
  for (int i = 0; i < 4; ++i) {
    for (const auto& identifier : identifiers) fail_once(t.sys, identifier);
  }
  t.clock->advance(1min);
  for (const auto& identifier : identifiers) fail_once(t.sys, identifier);  // the fifth locks
  const TimePoint locked_at = t.clock->now();
  const Error known =
      caught([&] { t.sys.accounts().sign_in(kAnon, credentials("lock_user", kPassword)); });
  for (const auto& identifier : identifiers) {
    CAPTURE(identifier);
    const Error e =
        caught([&] { t.sys.accounts().sign_in(kAnon, credentials(identifier, kPassword)); });
    CHECK(e.code() == Errc::locked);
    CHECK(std::string(e.what()) == known.what());
    REQUIRE(e.retry_at().has_value());
    CHECK(*e.retry_at() == locked_at + 15min);
  }
  // A code sign-in at the unknown mobile shares its lock, as an account's does.
  const Error by_code = caught([&] {
    t.sys.codes().sign_in(
        kAnon, {.channel = CodeChannel::sms, .destination = "137 0013 7000", .code = "123456"});
  });
  CHECK(by_code.code() == Errc::locked);

  // The lock ends alike, and the next lock is longer alike (A4's schedule).
  t.clock->set(locked_at + 15min);
  for (int i = 0; i < 5; ++i) fail_once(t.sys, "nobody@example.com");
  CHECK(*caught([&] {
           t.sys.accounts().sign_in(kAnon, credentials("nobody@example.com"));
         }).retry_at() == t.clock->now() + 30min);
  // Wrong codes at an unknown destination count too.
  for (int i = 0; i < 5; ++i) {
    CHECK(caught([&] {
            t.sys.codes().sign_in(kAnon, {.channel = CodeChannel::email,
                                          .destination = "ghost@example.com",
                                          .code = "123456"});
          }).code() == Errc::unauthenticated);
  }
  CHECK(caught([&] { t.sys.accounts().sign_in(kAnon, credentials("ghost@example.com")); }).code() ==
        Errc::locked);
}

TEST_CASE("A4 lockout: a successful sign-in resets the failure counter") {
  Locked t(memory_options());
  for (int i = 0; i < 4; ++i) fail_once(t.sys);
  CHECK(t.profile().failed_sign_ins == 4);
  t.sys.accounts().sign_in(kAnon, credentials("lock_user"));
  CHECK(t.profile().failed_sign_ins == 0);
  for (int i = 0; i < 4; ++i) fail_once(t.sys);
  CHECK(t.profile().failed_sign_ins == 4);
  CHECK_FALSE(t.profile().locked_until.has_value());
  CHECK(t.sys.accounts().sign_in(kAnon, credentials("lock_user")).user_id == t.id);
}

TEST_CASE("A4 lockout: a repeated lockout lasts longer, up to Options.lockout.max_lock") {
  Options o = memory_options();
  o.lockout.max_lock = 1h;
  Locked t(o);
  CHECK(lock_out(t.sys, *t.clock) == 15min);
  CHECK(lock_out(t.sys, *t.clock) == 30min);
  CHECK(lock_out(t.sys, *t.clock) == 60min);
  CHECK(lock_out(t.sys, *t.clock) == 60min);
  // A success clears the lockout history too.
  t.sys.accounts().sign_in(kAnon, credentials("lock_user"));
  CHECK(lock_out(t.sys, *t.clock) == 15min);
  CHECK(lock_out(t.sys, *t.clock) == 30min);
}

TEST_CASE("A4 lockout: by default the period doubles up to 24 hours") {
  Locked t(memory_options());
  const std::vector<minutes> expected = {15min,  30min,  60min,   120min, 240min,
                                         480min, 960min, 1440min, 1440min};
  for (const auto& period : expected) {
    CAPTURE(period.count());
    CHECK(lock_out(t.sys, *t.clock) == period);
  }
}

TEST_CASE("A4 lockout: a custom LockoutPolicy is honoured") {
  Options o = memory_options();
  o.lockout = {.max_failures = 3,
               .base_lock = std::chrono::minutes(1),
               .growth = 3,
               .max_lock = std::chrono::minutes(5)};
  Locked t(o);
  for (int i = 0; i < 2; ++i) fail_once(t.sys);
  CHECK(t.sys.accounts().sign_in(kAnon, credentials("lock_user")).user_id == t.id);
  CHECK(lock_out(t.sys, *t.clock, 3) == 1min);
  CHECK(lock_out(t.sys, *t.clock, 3) == 3min);
  CHECK(lock_out(t.sys, *t.clock, 3) == 5min);
  CHECK(lock_out(t.sys, *t.clock, 3) == 5min);

  Options single = memory_options();
  single.lockout = {.max_failures = 1,
                    .base_lock = std::chrono::seconds(30),
                    .growth = 1,
                    .max_lock = std::chrono::hours(1)};
  Locked s(single);
  CHECK(lock_out(s.sys, *s.clock, 1) == 30s);
  CHECK(lock_out(s.sys, *s.clock, 1) == 30s);
}

TEST_CASE("A4 lockout: invalid lockout policies are rejected when opening") {
  const auto bad = [](LockoutPolicy policy) {
    Options o = memory_options();
    o.lockout = policy;
    check_error([&] { System sys(o); }, Errc::invalid_argument, "lockout");
  };
  bad({.max_failures = 0});
  bad({.base_lock = std::chrono::seconds(0)});
  bad({.growth = 0});
  bad({.base_lock = std::chrono::hours(2), .max_lock = std::chrono::hours(1)});
  bad({.growth = 101});
  bad({.max_lock = std::chrono::hours(24 * 367)});
  bad({.max_lock = std::chrono::seconds::max()});
  // The widest accepted policy still computes sane lock times.
  Options wide = memory_options();
  wide.lockout = {.max_failures = 1,
                  .base_lock = std::chrono::seconds(1),
                  .growth = 100,
                  .max_lock = std::chrono::hours(24 * 366)};
  Locked t(wide);
  CHECK(lock_out(t.sys, *t.clock, 1) == 1s);
  CHECK(lock_out(t.sys, *t.clock, 1) == 100s);
  CHECK(lock_out(t.sys, *t.clock, 1) == 10000s);
  CHECK(lock_out(t.sys, *t.clock, 1) == 1000000s);
  CHECK(lock_out(t.sys, *t.clock, 1) == std::chrono::hours(24 * 366));
  for (int i = 0; i < 40; ++i) lock_out(t.sys, *t.clock, 1);
  CHECK(lock_out(t.sys, *t.clock, 1) == std::chrono::hours(24 * 366));
}

TEST_CASE("A4 lockout: username, email and mobile attempts share one counter") {
  Locked t(memory_options());
  fail_once(t.sys, "lock_user");
  fail_once(t.sys, "LOCK@example.com");
  fail_once(t.sys, "13800138000");
  fail_once(t.sys, "+86 138 0013 8000");
  CHECK(t.profile().failed_sign_ins == 4);
  fail_once(t.sys, "lock@example.com");
  const TimePoint until = t.clock->now() + 15min;
  for (const std::string identifier : {"lock_user", "lock@example.com", "+8613800138000"}) {
    CAPTURE(identifier);
    CHECK(expect_locked(t.sys, identifier) == until);
  }
}

TEST_CASE("A4 lockout: one account's failures do not lock another") {
  Locked t(memory_options());
  const auto other = t.sys.accounts().register_user(kAnon, with_username("bystander"));
  for (int i = 0; i < 5; ++i) fail_once(t.sys);
  expect_locked(t.sys);
  CHECK(t.sys.accounts().sign_in(kAnon, credentials("bystander")).user_id == other);
  // Failures on identifiers that match nobody lock that identifier only.
  for (int i = 0; i < 5; ++i) fail_once(t.sys, "ghost_user");
  CHECK(t.sys.accounts().sign_in(kAnon, credentials("bystander")).user_id == other);
}

TEST_CASE("A4 lockout: locking writes an account.lock audit entry") {
  Locked t(memory_options());
  CHECK(audit_of(t.sys, t.id, "account.lock").empty());
  for (int i = 0; i < 4; ++i) fail_once(t.sys);
  CHECK(audit_of(t.sys, t.id, "account.lock").empty());
  fail_once(t.sys);
  const TimePoint until = t.clock->now() + 15min;
  auto entries = audit_of(t.sys, t.id, "account.lock");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].user_id == t.id);
  CHECK(entries[0].at == t.clock->now());
  CHECK(entries[0].actor_kind == ActorKind::anonymous);
  const auto detail = nlohmann::json::parse(entries[0].detail);
  CHECK(detail.at("lockout") == 1);
  CHECK(detail.at("locked_until_ms") ==
        std::chrono::duration_cast<std::chrono::milliseconds>(until.time_since_epoch()).count());
  // Refused attempts while locked do not add entries.
  expect_locked(t.sys);
  CHECK(audit_of(t.sys, t.id, "account.lock").size() == 1);

  t.clock->set(until);
  lock_out(t.sys, *t.clock);
  entries = audit_of(t.sys, t.id, "account.lock");
  REQUIRE(entries.size() == 2);
  CHECK(nlohmann::json::parse(entries[0].detail).at("lockout") == 2);
}

TEST_CASE("A4 lockout: 16 concurrent wrong sign-ins are counted exactly") {
  TempDir dir;
  Options o = file_options(dir);
  o.lockout.max_failures = 1000;
  Locked t(o);
  constexpr std::size_t kThreads = 16;
  std::vector<Errc> codes(kThreads, Errc::ok);
  Latch start(static_cast<std::ptrdiff_t>(kThreads));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        t.sys.accounts().sign_in(
            kAnon, credentials(i % 2 ? "lock_user" : "lock@example.com", kOtherPassword));
      } catch (const Error& e) {
        codes[i] = e.code();
      }
    });
  }
  for (auto& th : threads) th.join();
  for (Errc code : codes) CHECK(code == Errc::unauthenticated);
  CHECK(t.profile().failed_sign_ins == kThreads);
  const auto history = t.sys.accounts().login_history(Actor::system(), t.id, {.limit = 100});
  CHECK(history.size() == kThreads);
  CHECK(count_outcome(history, SignInOutcome::wrong_password) == kThreads);
}

TEST_CASE("A4 lockout: 12 concurrent wrong sign-ins leave the account locked, consistently") {
  TempDir dir;
  Locked t(file_options(dir));
  constexpr std::size_t kThreads = 12;
  std::vector<Errc> codes(kThreads, Errc::ok);
  Latch start(static_cast<std::ptrdiff_t>(kThreads));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        t.sys.accounts().sign_in(kAnon, credentials("lock_user", kOtherPassword));
      } catch (const Error& e) {
        codes[i] = e.code();
      }
    });
  }
  for (auto& th : threads) th.join();

  const TimePoint until = t.clock->now() + 15min;
  std::size_t unauthenticated = 0, locked = 0;
  for (Errc code : codes) {
    unauthenticated += code == Errc::unauthenticated;
    locked += code == Errc::locked;
  }
  // Five failures made the lock; every later attempt met it.
  CHECK(unauthenticated == 5);
  CHECK(locked == kThreads - 5);
  const Profile p = t.profile();
  REQUIRE(p.locked_until.has_value());
  CHECK(*p.locked_until == until);
  CHECK(audit_of(t.sys, t.id, "account.lock").size() == 1);
  const auto history = t.sys.accounts().login_history(Actor::system(), t.id, {.limit = 100});
  CHECK(history.size() == kThreads);
  CHECK(count_outcome(history, SignInOutcome::wrong_password) == 5);
  CHECK(count_outcome(history, SignInOutcome::locked) == kThreads - 5);
  CHECK(expect_locked(t.sys) == until);
  t.clock->set(until);
  CHECK(t.sys.accounts().sign_in(kAnon, credentials("lock_user")).user_id == t.id);
}

}  // namespace member::test
