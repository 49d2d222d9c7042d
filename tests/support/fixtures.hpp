// Shared test helpers: throwaway database directories, cheap password hashing
// and a manual clock. Tests use real SQLite files; nothing is mocked.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "member/member.hpp"

namespace member::test {

/// A fresh directory under the test's working directory, removed on exit.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

/// Argon2id cheap enough for tests under sanitizers (never use in production).
inline PasswordHashing cheap_hashing() {
  return {.memory_kib = 64, .iterations = 1, .parallelism = 1};
}

/// A 64-hex-digit master key for tests.
inline const std::string kTestMasterKey =
    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// Options for a file database in `dir` with cheap hashing and `clock`.
inline Options file_options(const TempDir& dir, std::shared_ptr<const Clock> clock = nullptr) {
  Options o;
  o.database = dir.file("member.db");
  o.password_hashing = cheap_hashing();
  o.clock = std::move(clock);
  return o;
}

/// Options for a private in-memory database with cheap hashing.
inline Options memory_options(std::shared_ptr<const Clock> clock = nullptr) {
  Options o;
  o.database = ":memory:";
  o.password_hashing = cheap_hashing();
  o.clock = std::move(clock);
  return o;
}

/// Runs `f` and checks it throws member::Error with `code` (and `field`, when given).
template <class F>
void check_error(F&& f, Errc code, const std::string& field = {}) {
  try {
    f();
    FAIL("expected member::Error " << to_string(code));
  } catch (const Error& e) {
    CHECK_MESSAGE(e.code() == code,
                  "got " << std::string(to_string(e.code())) << ": " << std::string(e.what()));
    if (!field.empty()) CHECK(e.field() == field);
  }
}

}  // namespace member::test
