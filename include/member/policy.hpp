// Tunable security policies. Plain value types; the defaults are the secure
// ones and are what member::Options starts with.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

namespace member {

/// Argon2id cost for new password hashes. The defaults are OWASP's
/// recommendation (m = 19 MiB, t = 2, p = 1). Stored hashes record their own
/// parameters; a hash made with other parameters (or another algorithm) is
/// replaced by one made with these on the user's next successful sign-in.
struct PasswordHashing {
  std::uint32_t memory_kib = 19456;
  std::uint32_t iterations = 2;
  std::uint32_t parallelism = 1;
};

/// Rules a new password must satisfy (register, change, reset). Length is
/// counted in Unicode code points after NFC normalisation.
struct PasswordPolicy {
  std::uint32_t min_length = 8;
  std::uint32_t max_length = 128;
  /// Reject passwords found (case-insensitively) in the bundled list of
  /// commonly used passwords.
  bool reject_common = true;
  /// Optional composition rules (seed 003); all off by default, as NIST
  /// SP 800-63B advises.
  bool require_lowercase = false;
  bool require_uppercase = false;
  bool require_digit = false;
  bool require_symbol = false;
};

/// Sign-in lockout (A4). After `max_failures` consecutive failed sign-ins the
/// account is locked for `base_lock`; each further lockout multiplies the
/// period by `growth`, up to `max_lock`. A successful sign-in resets both the
/// failure counter and the lockout history.
struct LockoutPolicy {
  std::uint32_t max_failures = 5;
  std::chrono::seconds base_lock = std::chrono::minutes(15);
  std::uint32_t growth = 2;
  std::chrono::seconds max_lock = std::chrono::hours(24);  ///< at most 366 days
};

/// Ledger rules (C1, C7).
struct LedgerPolicy {
  /// Earned points expire this many calendar months after they are earned
  /// (24: two years, seed 001); 0 means never.
  std::uint32_t expiry_months = 24;
  /// Per event type (EarnRequest::event_type) overrides of expiry_months.
  std::map<std::string, std::uint32_t> expiry_months_by_event;
  /// Points worth one currency unit when used against an order (100 points =
  /// 1.00: one point is one minor unit).
  std::uint32_t points_per_currency_unit = 100;
  /// An unresolved hold is released after this long unless the freeze says.
  std::chrono::seconds hold_timeout = std::chrono::minutes(30);
};

/// How hard a commit works to survive a crash (SQLite's `synchronous`).
enum class Durability : int {
  /// Every committed transaction survives power loss and OS crashes: the
  /// write-ahead log is fsync'ed at each commit (SQLite synchronous=FULL).
  full = 0,
  /// Commits survive a crash of the application; a power loss or OS crash may
  /// undo the last commits, never corrupt (synchronous=NORMAL). Saves one
  /// fsync per write transaction.
  normal = 1,
};

}  // namespace member
