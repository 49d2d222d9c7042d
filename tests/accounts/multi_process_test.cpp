// Several processes sharing one database, as several application servers
// would: four processes hammer the same accounts with sign-ins and points
// operations, on one SQLite file and on one PostgreSQL database. No attempt
// may be lost or counted twice, no balance may go negative, and the ledger's
// totals must be conserved.
#include <fstream>

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

/// Each process: per round, one wrong sign-in on "alpha" and on "beta", one
/// correct sign-in on "gamma", an earn of 10 points for gamma and a spend of
/// 25 (which may find too little). Exit status 0 when every answer was right;
/// the spends that succeeded are written to `spent_file`.
int hammer(const Options& options, int process, const std::string& gamma,
           const std::string& spent_file) {
  System sys(options);
  const Actor shop = Actor::service("shop");
  int wrong_answers = 0;
  int spent = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::string key = std::to_string(process) + "-" + std::to_string(round);
    const auto earned = sys.points().earn(shop, {.user_id = gamma, .amount = 10, .key = "e" + key});
    wrong_answers += earned.available < 0;
    try {
      const auto used = sys.points().use(shop, {.user_id = gamma, .amount = 25, .key = "u" + key});
      wrong_answers += used.available < 0;
      ++spent;
    } catch (const Error& e) {
      wrong_answers += e.code() != Errc::insufficient_points;
    }
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
  std::ofstream(spent_file) << spent;
  return wrong_answers == 0 ? 0 : 1;
}

void check_shared_database(Options options, const TempDir& scratch) {
  options.lockout.max_failures = 1000;  // count, never lock
  std::string alpha, beta, gamma;
  {
    System sys(options);
    alpha = sys.accounts().register_user(kAnon, with_username("alpha"));
    beta = sys.accounts().register_user(kAnon, with_username("beta"));
    gamma = sys.accounts().register_user(kAnon, with_username("gamma"));
  }  // no connection may be open when the processes fork

  const auto spent_file = [&](int process) {
    return scratch.file("spent-" + std::to_string(process));
  };
  const auto statuses = run_processes(kProcesses, [&](int process) {
    return hammer(options, process, gamma, spent_file(process));
  });
  for (int status : statuses) CHECK(status == 0);
  int spends = 0;
  for (int process = 0; process < kProcesses; ++process) {
    int n = 0;
    std::ifstream(spent_file(process)) >> n;
    spends += n;
  }

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

  // Points: every earn and every successful spend counted once, none lost.
  const auto summary = sys.points().summary(staff, gamma);
  CHECK(summary.available == 10 * kProcesses * kRounds - 25 * spends);
  CHECK(summary.available >= 0);
  const auto journal = sys.points().history(staff, {.user_id = gamma, .page = {.limit = 1}});
  CHECK(journal.total == kProcesses * kRounds + spends);
  CHECK(journal.earned - journal.spent == summary.total);
}

TEST_CASE("P4 four processes on one SQLite file: every sign-in attempt counted exactly once") {
  TempDir dir;
  check_shared_database(file_options(dir), dir);
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
  TempDir scratch;
  check_shared_database(options, scratch);
}
#endif

}  // namespace
}  // namespace member::test
