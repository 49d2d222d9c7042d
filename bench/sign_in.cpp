// bench/sign_in: sign-ins per second through member::System, against bare
// Argon2id verifications per second, both with the default (OWASP) cost
// m=19456 KiB, t=2, p=1, measured in the same run on one thread and on two.
//
// Ours: Accounts::sign_in() with correct passwords, round-robin over a few
// users registered first, on a SQLite file database in a fresh temp
// directory (WAL, synchronous=FULL: every attempt's login-log write is
// durable). Two threads share one System.
// Baseline: Botan::argon2_check_pwhash() of a hash with the same parameters;
// nothing else. Two threads each verify.
//
// Target: ours >= 0.95 x baseline, i.e. the library adds under 5% on top of
// the hash.
//
//   sign_in [--full]
#include <botan/argon2.h>
#include <botan/system_rng.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "member/member.hpp"
#include "support/measure.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using member::bench::Args;
using member::bench::Comparison;
using member::bench::Operation;

constexpr unsigned kUsers = 8;

using member::bench::TempDir;

struct User {
  std::string id;
  std::string identifier;  ///< what sign_in is given: username or email
  std::string password;
};

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

}  // namespace

int main(int argc, char** argv) try {
  const Args args = member::bench::parse_args(argc, argv);

  const TempDir dir;
  member::Options options;  // default hashing, lockout, policy: what a host gets
  options.database = (dir.path() / "member.db").string();
  const member::PasswordHashing cost = options.password_hashing;
  member::System sys(options);

  std::printf("sign_in: member::System sign-in vs bare Argon2id verification\n");
  std::printf("argon2id: m=%u KiB, t=%u, p=%u (Options defaults)\n", cost.memory_kib,
              cost.iterations, cost.parallelism);
  std::printf("database: %s (SQLite file, WAL)\n", options.database.c_str());

  // A few users; even ones sign in by username, odd ones by email.
  const member::Actor visitor = member::Actor::anonymous();
  std::vector<User> users;
  for (unsigned i = 0; i < kUsers; ++i) {
    const std::string username = "bench_user_" + std::to_string(i);
    const std::string email = "bench.user." + std::to_string(i) + "@example.com";
    const std::string password = "bench-Passw0rd-" + std::to_string(i) + "-kq7Zr";
    const std::string id = sys.accounts().register_user(
        visitor, {.username = username, .email = email, .password = password});
    users.push_back({id, i % 2 == 0 ? username : email, password});
  }

  const Operation ours = [&](unsigned thread, std::uint64_t i) {
    // Round-robin over every user; the second thread starts half-way round.
    const User& u = users[(i + thread * (kUsers / 2)) % kUsers];
    const auto result = sys.accounts().sign_in(visitor, {.identifier = u.identifier,
                                                         .password = u.password,
                                                         .device_id = "bench",
                                                         .platform = "bench",
                                                         .ip = "127.0.0.1"});
    check(result.user_id == u.id, "sign_in returned another user");
    check(!result.password_rehashed, "sign_in rehashed: stored hash is not the default cost");
  };

  // The baseline hash: same parameters, made by Botan directly.
  const std::string base_password = "bench-Passw0rd-base-kq7Zr";
  const std::string base_hash =
      Botan::argon2_generate_pwhash(base_password.data(), base_password.size(), Botan::system_rng(),
                                    cost.parallelism, cost.memory_kib, cost.iterations,
                                    /*Argon2id*/ 2);
  const std::string expected_prefix = "$argon2id$v=19$m=" + std::to_string(cost.memory_kib) +
                                      ",t=" + std::to_string(cost.iterations) +
                                      ",p=" + std::to_string(cost.parallelism) + "$";
  check(base_hash.starts_with(expected_prefix), "baseline hash has unexpected parameters");
  const Operation baseline = [&](unsigned, std::uint64_t) {
    check(Botan::argon2_check_pwhash(base_password.data(), base_password.size(), base_hash),
          "argon2 verification failed");
  };

  // Warm up both (page cache, allocator, reader connections) and size the
  // slices from the baseline's single-thread rate: each slice about 0.25 s,
  // ten slices per side per round.
  member::bench::run_rate(1, 2, ours);
  const double warm_rate = member::bench::run_rate(1, 3, baseline);
  member::bench::Schedule schedule{.rounds = args.full ? 9u : 5u,
                                   .slices = args.full ? 20u : 10u,
                                   .per_slice = member::bench::iterations_for(
                                       std::chrono::duration<double>(0.25), warm_rate, 2)};
  std::printf(
      "rounds: %u, each %u slices of %llu operations per thread per side, alternating "
      "(about %.1f s per side per round)\n",
      schedule.rounds, schedule.slices, static_cast<unsigned long long>(schedule.per_slice),
      static_cast<double>(schedule.slices * schedule.per_slice) / warm_rate);
  std::fflush(stdout);

  const Comparison one = member::bench::compare("1t", 1, schedule, ours, baseline);
  const Comparison two = member::bench::compare("2t", 2, schedule, ours, baseline);

  std::printf("sign_in 1t: %.1f/s  argon2id verify 1t: %.1f/s\n", one.ours_median(),
              one.baseline_median());
  std::printf("sign_in 2t: %.1f/s  argon2id verify 2t: %.1f/s\n", two.ours_median(),
              two.baseline_median());
  std::printf("added per sign-in 1t: %.2f ms (%.2f ms vs %.2f ms)\n",
              1e3 / one.ours_median() - 1e3 / one.baseline_median(), 1e3 / one.ours_median(),
              1e3 / one.baseline_median());
  member::bench::print_ratio("sign_in_vs_argon2", one.ratio(), 0.95);
  member::bench::print_ratio("sign_in_vs_argon2_2t", two.ratio(), 0.95);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "sign_in: %s\n", e.what());
  return 1;
}
