// PostgreSQL for tests: the throwaway server ./scripts/test starts exports
// its connection string as MEMBER_TEST_POSTGRES. Each call below gives a
// fresh, empty schema on it, so tests never see each other's data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace member::test {

/// The server's connection string, or nothing when PostgreSQL tests must be
/// skipped (then a visible message says so).
std::optional<std::string> postgres_server();

/// A connection string for a new empty schema (search_path set to it).
std::string fresh_postgres_schema(const std::string& server);

/// Waits until another backend waits for a lock that the backend `pid`
/// holds; false if none does within 10 seconds. For tests that hold a row
/// in one connection and must know a library call is queued behind it.
bool wait_for_lock_waiter(const std::string& conninfo, std::int64_t pid);

}  // namespace member::test
