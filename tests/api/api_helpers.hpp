// Helpers shared by the operation-table tests.
#pragma once

#include "api/operations.hpp"
#include "support/fixtures.hpp"

namespace member::api {

/// JSON options of a file database in `dir` with a fake clock at
/// 2026-01-31T12:00:00Z and cheap password hashing.
inline Json test_options(const test::TempDir& dir) {
  return {{"database", dir.file("member.db")},
          {"master_key", test::kTestMasterKey},
          {"fake_clock", "2026-01-31T12:00:00Z"},
          {"password_hashing", {{"memory_kib", 64}, {"iterations", 1}, {"parallelism", 1}}}};
}

}  // namespace member::api
