// Helpers shared by the account tests: request builders, error capture and
// raw access to the SQLite file (to see what only the database can show).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "support/fixtures.hpp"

namespace member::test {

/// A password that satisfies the default policy.
inline const std::string kPassword = "tangerine-Voyage-42";
inline const std::string kOtherPassword = "marmalade-Orbit-97";

inline RegisterRequest with_username(std::string username, std::string password = kPassword) {
  RegisterRequest r;
  r.username = std::move(username);
  r.password = std::move(password);
  return r;
}

inline RegisterRequest with_email(std::string email, std::string password = kPassword) {
  RegisterRequest r;
  r.email = std::move(email);
  r.password = std::move(password);
  return r;
}

inline RegisterRequest with_mobile(std::string mobile, std::string password = kPassword) {
  RegisterRequest r;
  r.mobile = std::move(mobile);
  r.password = std::move(password);
  return r;
}

inline RegisterRequest with_all(std::string username, std::string email, std::string mobile,
                                std::string password = kPassword) {
  RegisterRequest r;
  r.username = std::move(username);
  r.email = std::move(email);
  r.mobile = std::move(mobile);
  r.password = std::move(password);
  return r;
}

inline SignInRequest credentials(std::string identifier, std::string password = kPassword) {
  SignInRequest r;
  r.identifier = std::move(identifier);
  r.password = std::move(password);
  return r;
}

/// Runs `f`, which must throw member::Error, and returns the error.
template <class F>
Error caught(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("expected a member::Error");
  return Error(Errc::internal, "unreachable");
}

/// True when `f` succeeds; false when it throws unauthenticated (anything
/// else is reported as a failure).
template <class F>
bool succeeds(F&& f) {
  try {
    f();
    return true;
  } catch (const Error& e) {
    CHECK_MESSAGE(e.code() == Errc::unauthenticated, "got " << to_string(e.code()));
    return false;
  }
}

inline bool can_sign_in(System& sys, const std::string& identifier,
                        const std::string& password = kPassword) {
  return succeeds(
      [&] { sys.accounts().sign_in(Actor::anonymous(), credentials(identifier, password)); });
}

/// One value read straight from the database file with a separate connection.
inline std::int64_t raw_int(const std::string& db, const std::string& sql) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  return d.execAndGet(sql).getInt64();
}

inline std::string raw_text(const std::string& db, const std::string& sql) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  return d.execAndGet(sql).getString();
}

inline void raw_exec(const std::string& db, const std::string& sql) {
  SQLite::Database d(db, SQLite::OPEN_READWRITE);
  d.setBusyTimeout(10000);
  d.exec(sql);
}

inline std::string password_hash_of(const std::string& db, const std::string& user_id) {
  SQLite::Database d(db, SQLite::OPEN_READONLY);
  SQLite::Statement s(d, "SELECT password_hash FROM users WHERE id = ?");
  s.bind(1, user_id);
  REQUIRE(s.executeStep());
  return s.getColumn(0).getString();
}

/// The whole file as bytes ("" when it does not exist).
inline std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::size_t count_outcome(const std::vector<LoginRecord>& records, SignInOutcome outcome) {
  std::size_t n = 0;
  for (const auto& r : records) n += r.outcome == outcome;
  return n;
}

inline std::vector<AuditEntry> audit_of(System& sys, const std::string& user_id,
                                        const std::string& action = {}) {
  AuditQuery q;
  q.user_id = user_id;
  q.action = action;
  q.page.limit = 1000;
  return sys.audit().list(Actor::system(), q);
}

}  // namespace member::test
