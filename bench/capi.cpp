// capi: points earns per second through the C ABI — the typed fast path
// (member_points_earn) and the named JSON operation (member_call
// "points.earn") — and from the Python and Go bindings, each as a ratio to
// the same earn through the C++ API in the same run.
//
// Every side earns into its own SQLite file with the same options
// (durability normal, so the commit's fsync does not hide the call's cost),
// one fresh idempotency key per earn. C ABI and C++ are interleaved slice by
// slice (measure.hpp); Python and Go run as child processes between two C++
// phases, and their ratio is to the mean of those two phases.
// Token verification joins when the sessions module lands.
#include <stdio.h>
#include <stdlib.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

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
  const member::bench::Schedule schedule{
      .rounds = args.full ? 9u : 5u,
      .slices = args.full ? 20u : 10u,
      .per_slice = member::bench::iterations_for(std::chrono::duration<double>(0.05), warm, 20)};
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
  const double py_before = cpp_phase();
  const double python = child_rate("/usr/bin/python3 " MEMBER_SOURCE_DIR "/bench/capi_python.py " +
                                   db + "-py.db " + std::to_string(child_earns));
  const double py_after = cpp_phase();
  const std::string libdir =
      std::string(MEMBER_C_LIBRARY_PATH).substr(0, std::string(MEMBER_C_LIBRARY_PATH).rfind('/'));
  const std::string go = "cd " MEMBER_SOURCE_DIR
                         "/bindings/go && GOFLAGS=-mod=mod GOPROXY=off "
                         "GOCACHE=" +
                         libdir + "/../go-cache CGO_LDFLAGS=-L" + libdir +
                         " LD_LIBRARY_PATH=" + libdir + " MEMBER_BENCH_DB=" + db +
                         "-go.db MEMBER_BENCH_EARNS=" + std::to_string(child_earns) +
                         " go test -count=1 -run TestBenchEarnRate -v . 2>&1";
  const double go_before = cpp_phase();
  const double golang = child_rate(go);
  const double go_after = cpp_phase();
  const double py_base = (py_before + py_after) / 2;
  const double go_base = (go_before + go_after) / 2;
  std::printf("python typed earn: %.0f/s (C++ %.0f/s)  go typed earn: %.0f/s (C++ %.0f/s)\n",
              python, py_base, golang, go_base);
  if (python == 0) std::printf("python: did not run (see bench/capi_python.py)\n");
  if (golang == 0) std::printf("go: did not run (golang-go installed? see bindings/go)\n");

  member::bench::print_ratio("capi_typed_vs_cpp", typed.ratio(), 0.9);
  member::bench::print_ratio("capi_call_vs_cpp", call.ratio(), 0.5);
  member::bench::print_ratio("python_vs_cpp", py_base > 0 ? python / py_base : 0, 0);
  member::bench::print_ratio("go_vs_cpp", go_base > 0 ? golang / go_base : 0, 0);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "capi: %s\n", e.what());
  return 1;
}
