// Several processes sharing one database, as several application servers
// would: four processes hammer the same accounts with sign-ins, on one SQLite
// file and on one PostgreSQL database. No attempt may be lost or counted
// twice.
#include "accounts/account_helpers.hpp"
#include "support/processes.hpp"
#ifdef MEMBER_TEST_WITH_POSTGRES
#include "support/postgres.hpp"
#endif

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();
constexpr int kProcesses = 4;
constexpr int kRounds = 10;

/// Each process: per round, one wrong sign-in on "alpha" and on "beta", and
/// one correct sign-in on "gamma". Exit status 0 when every answer was right.
int hammer(const Options& options) {
  System sys(options);
  int wrong_answers = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (const char* victim : {"alpha", "beta"}) {
      try {
        sys.accounts().sign_in(kAnon, credentials(victim, "not the password"));
        ++wrong_answers;
      } catch (const Error& e) {
        wrong_answers += e.code() != Errc::unauthenticated;
      }
    }
    wrong_answers += sys.accounts().sign_in(kAnon, credentials("gamma")).username != "gamma";
  }
  return wrong_answers == 0 ? 0 : 1;
}

void check_shared_database(Options options) {
  options.lockout.max_failures = 1000;  // count, never lock
  std::string alpha, beta, gamma;
  {
    System sys(options);
    alpha = sys.accounts().register_user(kAnon, with_username("alpha"));
    beta = sys.accounts().register_user(kAnon, with_username("beta"));
    gamma = sys.accounts().register_user(kAnon, with_username("gamma"));
  }  // no connection may be open when the processes fork

  const auto statuses = run_processes(kProcesses, [&](int) { return hammer(options); });
  for (int status : statuses) CHECK(status == 0);

  System sys(options);
  const Actor staff = Actor::system();
  constexpr std::uint32_t kExpected = kProcesses * kRounds;
  CHECK(sys.accounts().profile(staff, alpha).failed_sign_ins == kExpected);
  CHECK(sys.accounts().profile(staff, beta).failed_sign_ins == kExpected);
  CHECK(sys.accounts().profile(staff, gamma).failed_sign_ins == 0);
  const auto history = [&](const std::string& id) {
    return sys.accounts().login_history(staff, id, {.limit = 1000});
  };
  CHECK(history(alpha).size() == kExpected);
  CHECK(history(beta).size() == kExpected);
  const auto gamma_log = history(gamma);
  CHECK(gamma_log.size() == kExpected);
  for (const auto& record : gamma_log) CHECK(record.outcome == SignInOutcome::success);
}

TEST_CASE("P4 four processes on one SQLite file: every sign-in attempt counted exactly once") {
  TempDir dir;
  check_shared_database(file_options(dir));
}

#ifdef MEMBER_TEST_WITH_POSTGRES
TEST_CASE("P4 four processes on one PostgreSQL database: every attempt counted exactly once") {
  const auto server = postgres_server();
  if (!server) return;
  Options options;
  options.database = fresh_postgres_schema(*server);
  options.master_key = kTestMasterKey;
  options.password_hashing = cheap_hashing();
  options.pool_size = 2;
  check_shared_database(options);
}
#endif

}  // namespace
}  // namespace member::test
