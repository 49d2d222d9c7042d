// The measurement harness every benchmark shares: run an operation on N
// threads for a fixed number of iterations and time it; interleave "ours" and
// its baseline slice by slice over several rounds and compare the medians of
// the rounds' rates; print the judged `ratio ...` lines (DESIGN.md,
// Benchmarks).
//
// Header-only and dependency-free on purpose: a benchmark is one .cpp file
// plus this header.
#pragma once

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
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

/// Holds threads until all have arrived and the starter opens it. (Not
/// std::latch: libstdc++ 12's latch can miss a wake-up and hang.)
class StartGate {
 public:
  explicit StartGate(unsigned expected) : expected_(expected) {}

  /// A worker: announce readiness, then wait for open().
  void arrive_and_wait() {
    std::unique_lock lock(mutex_);
    ++arrived_;
    changed_.notify_all();
    changed_.wait(lock, [&] { return open_; });
  }

  /// The starter: wait for every worker, then release them all.
  void open_when_ready() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return arrived_ == expected_; });
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  unsigned expected_;
  unsigned arrived_ = 0;
  bool open_ = false;
};

/// Runs `op` `per_thread` times on each of `threads` threads, all released
/// together, and returns the seconds from the release to the end of the
/// slowest thread. An exception on any thread is rethrown here.
/// `first_iteration` numbers the iterations, so successive calls can continue
/// a round-robin.
inline double run_timed(unsigned threads, std::uint64_t per_thread, const Operation& op,
                        std::uint64_t first_iteration = 0) {
  StartGate gate(threads);
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::vector<std::thread> workers;
  workers.reserve(threads);
  for (unsigned t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      gate.arrive_and_wait();
      try {
        for (std::uint64_t i = 0; i < per_thread; ++i) op(t, first_iteration + i);
      } catch (...) {
        const std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    });
  }
  gate.open_when_ready();
  const auto start = Clock::now();
  for (auto& w : workers) w.join();
  const std::chrono::duration<double> elapsed = Clock::now() - start;
  if (failure) std::rethrow_exception(failure);
  return elapsed.count();
}

/// Total operations per second of `op` run `per_thread` times on `threads`.
inline double run_rate(unsigned threads, std::uint64_t per_thread, const Operation& op) {
  return static_cast<double>(threads * per_thread) / run_timed(threads, per_thread, op);
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

/// How a comparison is sliced: `rounds` rounds (one rate per side each,
/// the median is reported), each made of `slices` alternating slices of
/// `per_slice` operations per thread per side.
struct Schedule {
  unsigned rounds = 5;
  unsigned slices = 10;
  std::uint64_t per_slice = 5;
};

/// Measures ours and the baseline interleaved at a fine grain: within a
/// round they alternate slice by slice (and which goes first alternates), so
/// a change in machine speed (other processes on a shared machine, thermal)
/// falls on both sides equally. A round's rate is its operations over its
/// summed slice times. `label` names the pair in the per-round lines.
inline Comparison compare(const std::string& label, unsigned threads, const Schedule& schedule,
                          const Operation& ours, const Operation& baseline) {
  Comparison c;
  std::uint64_t next = 0;
  for (unsigned r = 0; r < schedule.rounds; ++r) {
    double ours_seconds = 0;
    double base_seconds = 0;
    for (unsigned s = 0; s < schedule.slices; ++s) {
      if ((r + s) % 2 == 0) {
        ours_seconds += run_timed(threads, schedule.per_slice, ours, next);
        base_seconds += run_timed(threads, schedule.per_slice, baseline, next);
      } else {
        base_seconds += run_timed(threads, schedule.per_slice, baseline, next);
        ours_seconds += run_timed(threads, schedule.per_slice, ours, next);
      }
      next += schedule.per_slice;
    }
    const double ops = static_cast<double>(threads * schedule.slices * schedule.per_slice);
    const double ours_rate = ops / ours_seconds;
    const double base_rate = ops / base_seconds;
    c.ours.push_back(ours_rate);
    c.baseline.push_back(base_rate);
    std::printf("  round %u/%u %s: ours %.2f/s  baseline %.2f/s  (%.3f)\n", r + 1, schedule.rounds,
                label.c_str(), ours_rate, base_rate, ours_rate / base_rate);
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

/// Seconds of CPU time the calling thread has received
/// (CLOCK_THREAD_CPUTIME_ID): time it spent waiting for a core shared with
/// other processes is not counted.
inline double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// A one-thread comparison timed both ways: `cpu` in the thread's CPU time
/// (what one core does for it when it has the core alone), `wall` in wall
/// time.
struct CpuComparison {
  Comparison cpu;
  Comparison wall;
};

/// compare() for CPU-bound calls on one thread, run on the calling thread
/// with the same interleaving, each slice timed in thread CPU time as well as
/// wall time. On a shared machine the CPU-time ratio is the stable one: the
/// wall clock also counts the turns other processes take on the core.
inline CpuComparison compare_cpu_time(const std::string& label, const Schedule& schedule,
                                      const Operation& ours, const Operation& baseline) {
  CpuComparison c;
  std::uint64_t next = 0;
  const auto slice = [&](const Operation& op, double& cpu, double& wall) {
    const double cpu_start = thread_cpu_seconds();
    const auto wall_start = Clock::now();
    for (std::uint64_t i = 0; i < schedule.per_slice; ++i) op(0, next + i);
    wall += std::chrono::duration<double>(Clock::now() - wall_start).count();
    cpu += thread_cpu_seconds() - cpu_start;
  };
  for (unsigned r = 0; r < schedule.rounds; ++r) {
    double ours_cpu = 0, ours_wall = 0, base_cpu = 0, base_wall = 0;
    for (unsigned s = 0; s < schedule.slices; ++s) {
      if ((r + s) % 2 == 0) {
        slice(ours, ours_cpu, ours_wall);
        slice(baseline, base_cpu, base_wall);
      } else {
        slice(baseline, base_cpu, base_wall);
        slice(ours, ours_cpu, ours_wall);
      }
      next += schedule.per_slice;
    }
    const double ops = static_cast<double>(schedule.slices * schedule.per_slice);
    c.cpu.ours.push_back(ops / ours_cpu);
    c.cpu.baseline.push_back(ops / base_cpu);
    c.wall.ours.push_back(ops / ours_wall);
    c.wall.baseline.push_back(ops / base_wall);
    std::printf("  round %u/%u %s: CPU time ours %.2f/s baseline %.2f/s (%.3f); wall %.3f\n", r + 1,
                schedule.rounds, label.c_str(), c.cpu.ours.back(), c.cpu.baseline.back(),
                c.cpu.ours.back() / c.cpu.baseline.back(),
                c.wall.ours.back() / c.wall.baseline.back());
    std::fflush(stdout);
  }
  return c;
}

}  // namespace member::bench
