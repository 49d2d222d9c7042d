// Errors raised by every member operation.
//
// Every failure is a member::Error carrying a member::Errc. The numeric values
// below are part of the stable interface: the C ABI returns the same numbers,
// they never change, and new codes are only ever appended.
//
//   0  ok                   success (never thrown; used by the C ABI and batch results)
//   1  invalid_argument     bad input; Error::field() names the offending field
//   2  not_found            the user, tenant or record does not exist in this tenant
//   3  conflict             a unique value is taken (field() names it), or an
//                           idempotency key was reused with different content
//   4  unauthenticated      sign-in failed or a password check failed; deliberately
//                           generic (unknown user, wrong password, disabled account
//                           all look the same to the caller)
//   5  locked               too many failed sign-ins; Error::retry_at() says when
//   6  permission_denied    the actor may not do this
//   7  failed_precondition  the request is valid but the state forbids it
//   8  resource_exhausted   a limit was reached (rate, stock, quota)
//   9  storage              the database failed (I/O, corruption, constraint)
//   10 schema_too_new       the database was written by a newer member version
//   11 key_error            the master key is missing, malformed or does not
//                           match the database
//   12 busy                 the database stayed locked past the busy timeout
//   13 internal             a bug in member; please report it
//   14 insufficient_points  a points spend exceeds what is available;
//                           Error::shortage() says by how much
//   15 insufficient_funds   the same for the money wallet
//
// Messages never contain personal data or secrets: they name fields, not values.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "member/export.hpp"

namespace member {

enum class Errc : int {
  ok = 0,
  invalid_argument = 1,
  not_found = 2,
  conflict = 3,
  unauthenticated = 4,
  locked = 5,
  permission_denied = 6,
  failed_precondition = 7,
  resource_exhausted = 8,
  storage = 9,
  schema_too_new = 10,
  key_error = 11,
  busy = 12,
  internal = 13,
  insufficient_points = 14,
  insufficient_funds = 15,
};

/// The stable, lower-case name of a code ("invalid_argument", ...).
MEMBER_EXPORT std::string_view to_string(Errc code) noexcept;

/// The exception every member operation throws. Thread-safe to copy and read.
class MEMBER_EXPORT Error : public std::runtime_error {
 public:
  Error(Errc code, std::string message, std::string field = {});

  /// Raised for a locked account: the earliest time a sign-in may succeed.
  static Error locked_until(std::chrono::system_clock::time_point retry_at);

  Errc code() const noexcept { return code_; }
  /// The request field at fault ("email", "password", ...), or empty.
  const std::string& field() const noexcept { return field_; }
  /// When the operation may be retried (set for Errc::locked).
  std::optional<std::chrono::system_clock::time_point> retry_at() const noexcept {
    return retry_at_;
  }
  /// How much was missing (set for insufficient_points / insufficient_funds).
  std::optional<std::int64_t> shortage() const noexcept { return shortage_; }

  /// Raised when a spend exceeds what is available.
  static Error insufficient(Errc code, std::int64_t shortage);

  /// Raised when a request is refused until a known time (retry_at() says when).
  static Error not_before(Errc code, std::string message,
                          std::chrono::system_clock::time_point retry_at);

 private:
  Errc code_;
  std::string field_;
  std::optional<std::chrono::system_clock::time_point> retry_at_;
  std::optional<std::int64_t> shortage_;
};

}  // namespace member
