// Real processes for tests: fork children that start together, the way
// several application servers would hit one database.
#pragma once

#include <functional>
#include <vector>

namespace member::test {

/// Forks `count` children, releases them at once, and waits for them. Child i
/// runs body(i) and exits with its result (1 if it throws). Call it only when
/// the test holds no open database connection (children must open their own).
/// Returns the exit statuses, 128 + signal for a child killed by a signal.
std::vector<int> run_processes(int count, const std::function<int(int)>& body);

}  // namespace member::test
