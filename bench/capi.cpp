// capi: points earns and access-token verifications per second through the
// C ABI — the typed fast paths (member_points_earn, member_token_verify) and
// the named JSON operations (member_call "points.earn", "sessions.verify") —
// and from the Python and Go bindings, each as a ratio to the same call
// through the C++ API in the same run.
//
// Earns: every side earns into its own SQLite file with the same options
// (durability normal, so the commit's fsync does not hide the call's cost),
// one fresh idempotency key per earn. Verifications: every side verifies the
// HS256 access tokens of its own sign-ins (no database is read), C++ into a
// reused AccessClaims per thread. C ABI and C++ are interleaved slice by
// slice (measure.hpp); Python and Go run as child processes between two C++
// phases, and their ratio is to the mean of those two phases. Verification is
// pure computation, so its rates are per second of CPU time the caller
// received (thread CPU time; process CPU time in the Python and Go children,
// whose runtimes' own threads count against them): on a shared machine the
// wall clock mostly measures the neighbours. Wall-clock ratios are printed
// too.
//
// Ratio lines: capi_typed_vs_cpp, capi_call_vs_cpp, python_vs_cpp and
// go_vs_cpp for earns; the same names with _verify for verifications.
#include <stdio.h>
#include <stdlib.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "member.h"
#include "member/member.hpp"
#include "support/measure.hpp"
#include "support/temp_dir.hpp"

namespace {

using member::bench::Args;
using member::bench::Comparison;
using member::bench::Operation;
using member::bench::TempDir;

constexpr const char* kKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(what);
}

/// The last "rate <number>" line a child process prints, or 0 when it fails.
double child_rate(const std::string& command) {
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return 0;
  std::array<char, 512> line{};
  double rate = 0;
  while (std::fgets(line.data(), line.size(), pipe)) {
    double r = 0;
    if (std::sscanf(line.data(), "rate %lf", &r) == 1) rate = r;
  }
  return ::pclose(pipe) == 0 ? rate : 0;
}

/// Rounds of slices of about 0.05 s at the C++ side's `rate`.
member::bench::Schedule schedule_for(const Args& args, double rate, std::uint64_t at_least) {
  return {.rounds = args.full ? 9u : 5u,
          .slices = args.full ? 20u : 10u,
          .per_slice =
              member::bench::iterations_for(std::chrono::duration<double>(0.05), rate, at_least)};
}

/// The go test command that runs `test` with `variable`=`count` against the
/// database `db`, linking the libmember_c at MEMBER_C_LIBRARY_PATH.
std::string go_command(const std::string& test, const std::string& variable, std::uint64_t count,
                       const std::string& db) {
  const std::string library = MEMBER_C_LIBRARY_PATH;
  const std::string libdir = library.substr(0, library.rfind('/'));
  return "cd " MEMBER_SOURCE_DIR "/bindings/go && GOFLAGS=-mod=mod GOPROXY=off GOCACHE=" + libdir +
         "/../go-cache CGO_LDFLAGS=-L" + libdir + " LD_LIBRARY_PATH=" + libdir +
         " MEMBER_BENCH_DB=" + db + " " + variable + "=" + std::to_string(count) +
         " go test -count=1 -run " + test + " -v . 2>&1";
}

/// The Python and Go rates of `what` ("earn" or "verify"), each child run
/// between two C++ phases doing the same; their ratios are to the mean of
/// those two phases.
struct ChildRates {
  double python = 0, python_cpp = 0, go = 0, go_cpp = 0;
  double python_ratio() const { return python_cpp > 0 ? python / python_cpp : 0; }
  double go_ratio() const { return go_cpp > 0 ? go / go_cpp : 0; }
};

ChildRates run_children(const std::string& what, std::uint64_t count, const std::string& db,
                        const std::function<double()>& cpp_phase, const std::string& go_test,
                        const std::string& go_variable) {
  ChildRates r;
  const double py_before = cpp_phase();
  r.python = child_rate("/usr/bin/python3 " MEMBER_SOURCE_DIR "/bench/capi_python.py " + what +
                        " " + db + "-py-" + what + ".db " + std::to_string(count));
  r.python_cpp = (py_before + cpp_phase()) / 2;
  const double go_before = cpp_phase();
  r.go = child_rate(go_command(go_test, go_variable, count, db + "-go-" + what + ".db"));
  r.go_cpp = (go_before + cpp_phase()) / 2;
  std::printf("python %s: %.0f/s (C++ %.0f/s)  go %s: %.0f/s (C++ %.0f/s)\n", what.c_str(),
              r.python, r.python_cpp, what.c_str(), r.go, r.go_cpp);
  if (r.python == 0) std::printf("python: did not run (see bench/capi_python.py)\n");
  if (r.go == 0) std::printf("go: did not run (golang-go installed? see bindings/go)\n");
  return r;
}

/// A user signed in `sessions` times on the C++ side: their tokens.
std::vector<std::string> cpp_tokens(member::System& sys, const std::string& username,
                                    unsigned sessions, std::string& user_id) {
  const std::string password = "bench-Passw0rd-kq7Zr";
  user_id = sys.accounts().register_user(member::Actor::anonymous(),
                                         {.username = username, .password = password});
  std::vector<std::string> tokens;
  for (unsigned i = 0; i < sessions; ++i) {
    member::SessionSignInRequest r;
    r.credentials = {.identifier = username, .password = password};
    tokens.push_back(sys.sessions().sign_in(member::Actor::anonymous(), r).tokens.access_token);
  }
  return tokens;
}

/// Verifies tokens round-robin through the C++ API, claims into a reused
/// AccessClaims per thread (what a server does), checking the subject.
Operation cpp_verify(member::System& sys, const std::vector<std::string>& tokens,
                     const std::string& user_id) {
  return [&sys, &tokens, &user_id](unsigned, std::uint64_t i) {
    thread_local member::AccessClaims claims;
    sys.sessions().verify(tokens[i % tokens.size()], claims);
    check(claims.subject == user_id, "C++ verify returned another subject");
  };
}

}  // namespace

int main(int argc, char** argv) try {
  const Args args = member::bench::parse_args(argc, argv);
  const TempDir dir;
  const member::Actor service = member::Actor::service("bench");

  // C++ side.
  member::Options options;
  options.database = (dir.path() / "cpp.db").string();
  options.master_key = kKey;
  options.durability = member::Durability::normal;
  member::System cpp(options);
  const std::string cpp_user = cpp.accounts().register_user(
      member::Actor::anonymous(), {.username = "bench_cpp", .password = "bench-Passw0rd-kq7Zr"});

  // C ABI side.
  const std::string c_options = R"({"database": ")" + (dir.path() / "c.db").string() +
                                R"(", "master_key": ")" + kKey + R"(", "durability": "normal"})";
  member_system* sys = nullptr;
  check(member_system_open(c_options.data(), c_options.size(), &sys, nullptr) == MEMBER_OK,
        "member_system_open failed");
  const std::unique_ptr<member_system, decltype(&member_system_close)> closer(sys,
                                                                              member_system_close);
  const std::string reg = R"({"username": "bench_c", "password": "bench-Passw0rd-kq7Zr"})";
  char* out = nullptr;
  check(member_call(sys, "accounts.register", reg.data(), reg.size(), &out, nullptr) == MEMBER_OK,
        "register failed");
  const std::string response = out;
  member_free(out);
  const auto at = response.find("\"user_id\":\"") + 11;
  const std::string c_user = response.substr(at, response.find('"', at) - at);

  // A fresh key per earn on every side (the harness restarts its iteration
  // numbers each phase, and a reused key would be an idempotent replay).
  std::atomic<std::uint64_t> next_key{0};
  const auto fresh_key = [&](const char* side) {
    return side + std::to_string(next_key.fetch_add(1));
  };
  const Operation via_cpp = [&](unsigned, std::uint64_t) {
    const auto m =
        cpp.points().earn(service, {.user_id = cpp_user, .amount = 1, .key = fresh_key("cpp-")});
    check(m.amount == 1 && !m.replayed, "C++ earn failed");
  };
  const Operation via_typed = [&](unsigned, std::uint64_t) {
    std::int64_t available = 0;
    const std::string key = fresh_key("typed-");
    check(member_points_earn(sys, MEMBER_ACTOR_SERVICE, "bench", "default", c_user.c_str(), 1,
                             key.c_str(), &available, nullptr) == MEMBER_OK,
          "member_points_earn failed");
  };
  const Operation via_call = [&](unsigned, std::uint64_t i) {
    const std::string request = R"({"actor": {"kind": "service", "id": "bench"}, "user_id": ")" +
                                c_user + R"(", "amount": 1, "key": "call-)" + std::to_string(i) +
                                R"("})";
    char* reply = nullptr;
    check(member_call(sys, "points.earn", request.data(), request.size(), &reply, nullptr) ==
              MEMBER_OK,
          "member_call points.earn failed");
    member_free(reply);
  };

  std::printf("capi: points earns through the C ABI and the bindings vs the C++ API\n");
  std::printf("database: SQLite files in %s, durability normal\n", dir.path().c_str());
  member::bench::run_rate(1, 50, via_typed);
  member::bench::run_rate(1, 50, via_call);
  const double warm = member::bench::run_rate(1, 200, via_cpp);
  const member::bench::Schedule schedule = schedule_for(args, warm, 20);
  const Comparison typed = member::bench::compare("typed", 1, schedule, via_typed, via_cpp);
  const Comparison call = member::bench::compare("call", 1, schedule, via_call, via_cpp);
  std::printf("C++ earn: %.0f/s  typed C earn: %.0f/s  member_call earn: %.0f/s\n",
              typed.baseline_median(), typed.ours_median(), call.ours_median());

  // The bindings, as child processes, each between two C++ phases.
  const std::uint64_t child_earns = args.full ? 20000 : 3000;
  // A child opens a fresh database, registers a user, warms up with 50 earns
  // and times the rest; the C++ phases around it do exactly the same.
  unsigned phase = 0;
  const auto cpp_phase = [&] {
    member::Options fresh = options;
    fresh.database = (dir.path() / ("cpp-phase-" + std::to_string(++phase) + ".db")).string();
    member::System s(fresh);
    const std::string user =
        s.accounts().register_user(member::Actor::anonymous(),
                                   {.username = "bench_phase", .password = "bench-Passw0rd-kq7Zr"});
    const Operation earn = [&](unsigned, std::uint64_t) {
      check(s.points()
                    .earn(service, {.user_id = user, .amount = 1, .key = fresh_key("phase-")})
                    .amount == 1,
            "C++ earn failed");
    };
    member::bench::run_rate(1, 50, earn);
    return member::bench::run_rate(1, child_earns, earn);
  };
  ::setenv("MEMBER_C_LIBRARY", MEMBER_C_LIBRARY_PATH, 1);
  const std::string db = (dir.path() / "bindings").string();
  const ChildRates earn_children =
      run_children("earn", child_earns, db, cpp_phase, "TestBenchEarnRate", "MEMBER_BENCH_EARNS");

  // --- token verification -------------------------------------------------
  std::printf("capi: access-token verifications (HS256, no database) vs the C++ API\n");
  member::Options token_options = options;
  token_options.database = (dir.path() / "cpp-tokens.db").string();
  // Setup only: the sign-ins' hash is not what this measures.
  token_options.password_hashing = {.memory_kib = 64, .iterations = 1, .parallelism = 1};
  member::System cpp_tok(token_options);
  std::string cpp_tok_user;
  const std::vector<std::string> cpp_tok_tokens = cpp_tokens(cpp_tok, "bench_tok", 4, cpp_tok_user);
  const std::string c_tok_options =
      R"({"database": ")" + (dir.path() / "c-tokens.db").string() + R"(", "master_key": ")" + kKey +
      R"(", "durability": "normal", "password_hashing": {"memory_kib": 64, "iterations": 1, "parallelism": 1}})";
  member_system* tok = nullptr;
  check(member_system_open(c_tok_options.data(), c_tok_options.size(), &tok, nullptr) == MEMBER_OK,
        "member_system_open failed");
  const std::unique_ptr<member_system, decltype(&member_system_close)> tok_closer(
      tok, member_system_close);
  const std::string tok_reg = R"({"username": "bench_tok", "password": "bench-Passw0rd-kq7Zr"})";
  check(member_call(tok, "accounts.register", tok_reg.data(), tok_reg.size(), &out, nullptr) ==
            MEMBER_OK,
        "register failed");
  member_free(out);
  std::vector<std::string> c_tokens;
  std::vector<std::string> verify_requests;  // the JSON a host would send, made up front
  std::string c_tok_user;
  const std::string sign_in = R"({"identifier": "bench_tok", "password": "bench-Passw0rd-kq7Zr"})";
  for (int i = 0; i < 4; ++i) {
    check(member_call(tok, "sessions.sign_in", sign_in.data(), sign_in.size(), &out, nullptr) ==
              MEMBER_OK,
          "sessions.sign_in failed");
    const std::string signed_in = out;
    member_free(out);
    const auto field = [&](const std::string& name) {
      const auto from = signed_in.find("\"" + name + "\":\"") + name.size() + 4;
      return signed_in.substr(from, signed_in.find('"', from) - from);
    };
    c_tokens.push_back(field("access_token"));
    c_tok_user = field("user_id");
    verify_requests.push_back(R"({"token": ")" + c_tokens.back() + R"("})");
  }
  const Operation verify_cpp = cpp_verify(cpp_tok, cpp_tok_tokens, cpp_tok_user);
  const Operation verify_typed = [&](unsigned, std::uint64_t i) {
    const std::string& t = c_tokens[i % c_tokens.size()];
    member_token_claims* claims = nullptr;
    check(member_token_verify(tok, t.data(), t.size(), 0, &claims, nullptr) == MEMBER_OK,
          "member_token_verify failed");
    const bool same = std::string_view(claims->subject, claims->subject_len) == c_tok_user;
    member_token_claims_free(claims);
    check(same, "member_token_verify returned another subject");
  };
  const Operation verify_call = [&](unsigned, std::uint64_t i) {
    const std::string& request = verify_requests[i % verify_requests.size()];
    char* reply = nullptr;
    check(member_call(tok, "sessions.verify", request.data(), request.size(), &reply, nullptr) ==
              MEMBER_OK,
          "member_call sessions.verify failed");
    const bool same = std::strstr(reply, c_tok_user.c_str()) != nullptr;
    member_free(reply);
    check(same, "sessions.verify returned another subject");
  };
  member::bench::run_rate(1, 20000, verify_typed);
  member::bench::run_rate(1, 5000, verify_call);
  const double verify_warm = member::bench::run_rate(1, 20000, verify_cpp);
  const member::bench::Schedule verify_schedule = schedule_for(args, verify_warm, 20);
  const member::bench::CpuComparison typed_verify =
      member::bench::compare_cpu_time("typed verify", verify_schedule, verify_typed, verify_cpp);
  const member::bench::CpuComparison call_verify =
      member::bench::compare_cpu_time("call verify", verify_schedule, verify_call, verify_cpp);
  std::printf(
      "per second of CPU time: C++ verify %.0f/s  typed C verify %.0f/s  member_call verify "
      "%.0f/s (C++ %.0f/s)\n",
      typed_verify.cpu.baseline_median(), typed_verify.cpu.ours_median(),
      call_verify.cpu.ours_median(), call_verify.cpu.baseline_median());
  std::printf("wall clock ratios: typed %.2f  member_call %.2f\n", typed_verify.wall.ratio(),
              call_verify.wall.ratio());

  // The bindings' typed verification, as child processes between two C++
  // phases that do the same: fresh database, one sign-in, 1000 warm-up
  // verifications, then the timed ones of that one token (CPU time).
  const std::uint64_t child_verifies = args.full ? 1000000 : 200000;
  const auto cpp_verify_phase = [&] {
    member::Options fresh = token_options;
    fresh.database = (dir.path() / ("cpp-phase-" + std::to_string(++phase) + ".db")).string();
    member::System s(fresh);
    std::string user;
    const std::vector<std::string> tokens = cpp_tokens(s, "bench_phase", 1, user);
    const Operation verify = cpp_verify(s, tokens, user);
    for (std::uint64_t i = 0; i < 1000; ++i) verify(0, i);
    const double start = member::bench::thread_cpu_seconds();
    for (std::uint64_t i = 0; i < child_verifies; ++i) verify(0, i);
    return static_cast<double>(child_verifies) / (member::bench::thread_cpu_seconds() - start);
  };
  const ChildRates verify_children = run_children("verify", child_verifies, db, cpp_verify_phase,
                                                  "TestBenchVerifyRate", "MEMBER_BENCH_VERIFIES");

  member::bench::print_ratio("capi_typed_vs_cpp", typed.ratio(), 0.9);
  member::bench::print_ratio("capi_call_vs_cpp", call.ratio(), 0.5);
  member::bench::print_ratio("python_vs_cpp", earn_children.python_ratio(), 0);
  member::bench::print_ratio("go_vs_cpp", earn_children.go_ratio(), 0);
  member::bench::print_ratio("capi_typed_vs_cpp_verify", typed_verify.cpu.ratio(), 0.9);
  member::bench::print_ratio("capi_call_vs_cpp_verify", call_verify.cpu.ratio(), 0.5);
  member::bench::print_ratio("python_vs_cpp_verify", verify_children.python_ratio(), 0);
  member::bench::print_ratio("go_vs_cpp_verify", verify_children.go_ratio(), 0);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "capi: %s\n", e.what());
  return 1;
}
