// The measurement harness every benchmark shares: run an operation on N
// threads for a fixed number of iterations and report operations per second;
// interleave "ours" and its baseline over several rounds and compare medians;
// print the figures and the judged `ratio ...` lines (DESIGN.md, Benchmarks).
//
// Header-only and dependency-free on purpose: a benchmark is one .cpp file
// plus this header.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <latch>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace member::bench {

using Clock = std::chrono::steady_clock;

/// Command-line options common to every benchmark.
struct Args {
  bool full = false;  ///< --full: more rounds and longer phases
};

inline Args parse_args(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--full") {
      args.full = true;
    } else {
      std::fprintf(stderr, "usage: %s [--full]\n", argv[0]);
      std::exit(2);
    }
  }
  return args;
}

/// The operation a phase runs: op(thread_index, iteration). It must throw on
/// a wrong result, so a benchmark never times something that failed.
using Operation = std::function<void(unsigned thread, std::uint64_t iteration)>;

/// Runs `op` `per_thread` times on each of `threads` threads, all released
/// together, and returns the total operations per second measured from the
/// release to the end of the slowest thread. An exception on any thread is
/// rethrown here.
inline double run_rate(unsigned threads, std::uint64_t per_thread, const Operation& op) {
  std::latch ready(static_cast<std::ptrdiff_t>(threads) + 1);
  std::latch go(1);
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      ready.count_down();
      go.wait();
      try {
        for (std::uint64_t i = 0; i < per_thread; ++i) op(t, i);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    });
  }
  ready.wait();
  const auto start = Clock::now();
  go.count_down();
  for (auto& w : workers) w.join();
  const std::chrono::duration<double> elapsed = Clock::now() - start;
  if (failure) std::rethrow_exception(failure);
  return static_cast<double>(threads * per_thread) / elapsed.count();
}

inline double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

/// Iterations per thread so that one phase lasts about `target`, given the
/// measured rate of one thread; never fewer than `at_least`.
inline std::uint64_t iterations_for(std::chrono::duration<double> target, double rate_per_thread,
                                    std::uint64_t at_least = 5) {
  const double n = std::ceil(target.count() * rate_per_thread);
  return std::max<std::uint64_t>(at_least, static_cast<std::uint64_t>(n));
}

/// The rates of "ours" and its baseline, one value per round.
struct Comparison {
  std::vector<double> ours;
  std::vector<double> baseline;
  double ours_median() const { return median(ours); }
  double baseline_median() const { return median(baseline); }
  double ratio() const {
    const double b = baseline_median();
    return b > 0 ? ours_median() / b : 0.0;
  }
};

/// Measures ours and the baseline in `rounds` interleaved rounds, alternating
/// which goes first so a drift in machine speed (other load, thermal) falls on
/// both equally. `label` names the pair in the per-round lines.
inline Comparison compare(const std::string& label, unsigned rounds, unsigned threads,
                          std::uint64_t per_thread, const Operation& ours,
                          const Operation& baseline) {
  Comparison c;
  for (unsigned r = 0; r < rounds; ++r) {
    double ours_rate = 0;
    double base_rate = 0;
    if (r % 2 == 0) {
      ours_rate = run_rate(threads, per_thread, ours);
      base_rate = run_rate(threads, per_thread, baseline);
    } else {
      base_rate = run_rate(threads, per_thread, baseline);
      ours_rate = run_rate(threads, per_thread, ours);
    }
    c.ours.push_back(ours_rate);
    c.baseline.push_back(base_rate);
    std::printf("  round %u/%u %s: ours %.2f/s  baseline %.2f/s  (%.3f)\n", r + 1, rounds,
                label.c_str(), ours_rate, base_rate, base_rate > 0 ? ours_rate / base_rate : 0.0);
    std::fflush(stdout);
  }
  return c;
}

/// One judged line, the last lines a benchmark prints:
///   ratio <metric> <value> target >= <target>
inline void print_ratio(std::string_view metric, double value, double target) {
  std::printf("ratio %.*s %.2f target >= %.2f\n", static_cast<int>(metric.size()), metric.data(),
              value, target);
}

}  // namespace member::bench
