// Tunable security policies. Plain value types; the defaults are the secure
// ones and are what member::Options starts with.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

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

/// How access tokens are signed (F1).
enum class TokenAlgorithm : int {
  hs256 = 0,    ///< HMAC-SHA256 with a shared secret (JWT "HS256")
  ed25519 = 1,  ///< Ed25519 signatures (JWT "EdDSA"): others verify with the public key
};

/// One token key. HS256: a secret of 32 to 64 bytes; Ed25519: the 32-byte
/// private seed. Given as hex digits.
struct TokenKey {
  std::string kid;  ///< 1-64 characters from [A-Za-z0-9_.-], unique
  std::string secret;
};

/// Sessions and tokens (F1). Access tokens are JWTs; refresh tokens are
/// opaque, single-use and rotate.
struct SessionPolicy {
  TokenAlgorithm algorithm = TokenAlgorithm::hs256;
  /// The first key signs; every key verifies tokens naming its kid (key
  /// rotation: put the new key first and keep the old one until its tokens
  /// have expired). Empty: member makes one random key of the algorithm and
  /// keeps it wrapped by the master key in the database (kid "member-1").
  std::vector<TokenKey> keys;
  std::string issuer = "member";                                 ///< "iss", checked on verification
  std::string audience = "member";                               ///< "aud", checked on verification
  std::chrono::seconds access_lifetime = std::chrono::hours(2);  ///< seed 002
  std::chrono::seconds refresh_lifetime = std::chrono::hours(24 * 30);
  /// Tolerated clock difference for exp, nbf and iat (at most 5 minutes).
  std::chrono::seconds leeway = std::chrono::seconds(30);
};

/// Reports and blocking (D1, D2; seed 002).
struct ModerationPolicy {
  /// The report that brings the count to this blocks the user.
  std::uint32_t block_threshold = 10;
  /// An unblock is granted this long after the latest report (6 months).
  std::chrono::seconds unblock_after = std::chrono::hours(24 * 183);
};

/// What proves a change of email or mobile (A6).
enum class ContactChangeProof : int {
  code = 0,      ///< a code sent to the new address
  password = 1,  ///< the user's current password
};

/// Verification codes (A6; seed 003).
struct CodePolicy {
  /// How long a code is valid.
  std::chrono::seconds lifetime = std::chrono::minutes(5);
  /// How long after a code another one for the same purpose and destination is refused.
  std::chrono::seconds resend_interval = std::chrono::seconds(60);
  /// Wrong tries a code survives: the one that makes this many kills it.
  std::uint32_t max_attempts = 5;
  /// Wrong tries allowed for one purpose and destination (and user, for a
  /// contact change) across all its codes within `failure_window`, counted
  /// from the first of them: sending a new code does not start the count
  /// again. The try that reaches it kills the live code, and no new code is
  /// sent until the window ends (resource_exhausted with retry_at). An
  /// accepted code clears the count.
  std::uint32_t max_failures = 10;
  std::chrono::seconds failure_window = std::chrono::hours(24);
  ContactChangeProof contact_change = ContactChangeProof::code;
};

}  // namespace member
