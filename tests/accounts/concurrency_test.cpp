// Concurrency on one file database: real threads sharing a System, two
// Systems (two connections) in one process, and two processes.

#include <atomic>
#include <functional>
#include <thread>

#include "accounts/account_helpers.hpp"
#include "support/latch.hpp"
#include "support/processes.hpp"

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();

struct Outcome {
  Errc code = Errc::ok;
  std::string field;
  std::string user_id;
};

/// Runs each request on its own thread, all released at once; request i goes
/// to system(i).
std::vector<Outcome> register_concurrently(const std::function<System&(std::size_t)>& system,
                                           const std::vector<RegisterRequest>& requests) {
  std::vector<Outcome> outcomes(requests.size());
  Latch start(static_cast<std::ptrdiff_t>(requests.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        outcomes[i].user_id = system(i).accounts().register_user(kAnon, requests[i]);
      } catch (const Error& e) {
        outcomes[i].code = e.code();
        outcomes[i].field = e.field();
      }
    });
  }
  for (auto& t : threads) t.join();
  return outcomes;
}

std::vector<Outcome> register_concurrently(System& sys,
                                           const std::vector<RegisterRequest>& requests) {
  return register_concurrently([&](std::size_t) -> System& { return sys; }, requests);
}

/// How many registrations succeeded; every other one must be a conflict on `field`.
std::size_t count_created(const std::vector<Outcome>& outcomes, const std::string& field) {
  std::size_t created = 0;
  for (const auto& o : outcomes) {
    if (o.code == Errc::ok) {
      ++created;
    } else {
      CHECK(o.code == Errc::conflict);
      CHECK(o.field == field);
    }
  }
  return created;
}

/// Forks one process per list of names; each opens its own System on
/// `options` and registers its names. Returns their exit statuses.
std::vector<int> run_children(const Options& options,
                              const std::vector<std::vector<std::string>>& names) {
  return run_processes(static_cast<int>(names.size()), [&](int i) {
    System sys(options);
    for (const auto& name : names[static_cast<std::size_t>(i)]) {
      sys.accounts().register_user(kAnon, with_all(name, name + "@proc.example.com", ""));
    }
    return 0;
  });
}

std::vector<std::vector<std::string>> process_names(int processes, int each) {
  std::vector<std::vector<std::string>> names(static_cast<std::size_t>(processes));
  for (int p = 0; p < processes; ++p) {
    for (int i = 0; i < each; ++i) {
      names[static_cast<std::size_t>(p)].push_back("proc" + std::to_string(p) + "_user" +
                                                   std::to_string(i));
    }
  }
  return names;
}

}  // namespace

TEST_CASE("concurrency: 8 threads registering the same email: exactly one succeeds") {
  TempDir dir;
  System sys(file_options(dir));
  std::vector<RegisterRequest> requests;
  for (int i = 0; i < 8; ++i) {
    // Same address in different cases; distinct usernames.
    requests.push_back(with_all("racer_" + std::to_string(i),
                                i % 2 ? "Race@Example.com" : "race@example.com", ""));
  }
  const auto outcomes = register_concurrently(sys, requests);
  CHECK(count_created(outcomes, "email") == 1);
  std::string winner;
  for (const auto& o : outcomes) {
    if (o.code == Errc::ok) winner = o.user_id;
  }
  CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == 1);
  CHECK(sys.accounts().sign_in(kAnon, credentials("race@example.com")).user_id == winner);
  CHECK(audit_of(sys, "", "account.register").size() == 1);
}

TEST_CASE("concurrency: 8 threads registering one mobile in different forms: exactly one wins") {
  TempDir dir;
  System sys(file_options(dir));
  const std::vector<std::string> forms = {"13800138000", "+8613800138000", "138 0013 8000",
                                          "+86-138-0013-8000"};
  std::vector<RegisterRequest> requests;
  for (std::size_t i = 0; i < 8; ++i) requests.push_back(with_mobile(forms[i % forms.size()]));
  const auto outcomes = register_concurrently(sys, requests);
  CHECK(count_created(outcomes, "mobile") == 1);
  CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == 1);
}

TEST_CASE("concurrency: threads registering distinct users on one System all succeed") {
  TempDir dir;
  System sys(file_options(dir));
  std::vector<RegisterRequest> requests;
  for (int i = 0; i < 12; ++i) {
    requests.push_back(with_all("distinct_" + std::to_string(i),
                                "distinct" + std::to_string(i) + "@example.com",
                                "1380000" + std::to_string(1000 + i)));
  }
  const auto outcomes = register_concurrently(sys, requests);
  for (const auto& o : outcomes) CHECK(o.code == Errc::ok);
  CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == 12);
  for (int i = 0; i < 12; ++i) {
    CHECK(can_sign_in(sys, "distinct" + std::to_string(i) + "@example.com"));
  }
}

TEST_CASE("concurrency: two Systems on the same file register distinct users concurrently") {
  TempDir dir;
  System first(file_options(dir));
  System second(file_options(dir));
  CHECK(first.key_source().kind == KeySource::Kind::key_file_created);
  CHECK(second.key_source().kind == KeySource::Kind::key_file_loaded);

  constexpr int kPerThread = 5;
  constexpr int kThreads = 4;  // two per System
  std::atomic<int> failures{0};
  Latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      System& sys = t % 2 ? second : first;
      start.arrive_and_wait();
      for (int i = 0; i < kPerThread; ++i) {
        const std::string name = "sys" + std::to_string(t) + "_user" + std::to_string(i);
        try {
          sys.accounts().register_user(kAnon, with_all(name, name + "@example.com", ""));
          // Interleave reads and sign-ins with the other connection's writes.
          sys.accounts().sign_in(kAnon, credentials(name));
        } catch (const Error&) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures.load() == 0);
  CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == kThreads * kPerThread);
  // Each System sees what the other wrote.
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      const std::string name = "sys" + std::to_string(t) + "_user" + std::to_string(i);
      CHECK(can_sign_in(first, name + "@example.com"));
      CHECK(can_sign_in(second, name));
    }
  }
  // Uniqueness holds across the two connections.
  first.accounts().register_user(kAnon, with_email("shared@example.com"));
  check_error([&] { second.accounts().register_user(kAnon, with_email("SHARED@example.com")); },
              Errc::conflict, "email");
}

TEST_CASE("concurrency: two Systems racing for the same email: exactly one succeeds") {
  TempDir dir;
  System first(file_options(dir));
  System second(file_options(dir));
  const std::vector<RegisterRequest> requests(8, with_email("both-systems@example.com"));
  const auto outcomes = register_concurrently(
      [&](std::size_t i) -> System& { return i % 2 ? second : first; }, requests);
  CHECK(count_created(outcomes, "email") == 1);
  CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == 1);
}

TEST_CASE("concurrency: two processes register on the same existing file database") {
  TempDir dir;
  // Create the database and its key file first; no connection is open at fork.
  { System sys(file_options(dir)); }
  const auto names = process_names(2, 5);
  const auto statuses = run_children(file_options(dir), names);
  for (int status : statuses) CHECK(status == 0);

  System sys(file_options(dir));
  CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == 10);
  for (const auto& list : names) {
    for (const auto& name : list) {
      CAPTURE(name);
      CHECK(can_sign_in(sys, name));
      CHECK(can_sign_in(sys, name + "@proc.example.com"));
    }
  }
}

TEST_CASE("concurrency: processes creating the same new database at once all succeed") {
  // The race is in the first moments of a new file, so it is run a few times.
  constexpr int kRounds = 16;
  constexpr int kProcesses = 3;
  int failed = 0;
  for (int round = 0; round < kRounds; ++round) {
    CAPTURE(round);
    TempDir dir;
    const auto names = process_names(kProcesses, 2);
    const auto statuses = run_children(file_options(dir), names);
    int failed_now = 0;
    for (int status : statuses) failed_now += status != 0;
    failed += failed_now;
    if (failed_now != 0) continue;  // reported below, once

    System sys(file_options(dir));
    CHECK(sys.key_source().kind == KeySource::Kind::key_file_loaded);
    CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == kProcesses * 2);
    for (const auto& list : names) {
      for (const auto& name : list) {
        CAPTURE(name);
        CHECK(can_sign_in(sys, name + "@proc.example.com"));
      }
    }
  }
  CHECK_MESSAGE(failed == 0, failed << " of " << kRounds * kProcesses
                                    << " processes failed to open the new database and register"
                                       " (see their messages on stderr)");
}

}  // namespace member::test
