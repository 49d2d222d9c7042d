// The security audit trail (F3): who did what, to whom, when.
//
// Services append to it inside the same transaction as the change they
// record, so an audit entry exists exactly when its change does. Obtain the
// reader from member::System::audit(); it is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "member/accounts.hpp"
#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"

namespace member {

struct AuditEntry {
  std::int64_t sequence = 0;  ///< increasing, per database
  TimePoint at;
  ActorKind actor_kind = ActorKind::system;
  std::string actor_id;
  std::string action;   ///< e.g. "account.register", "account.lock"
  std::string user_id;  ///< the account acted on, if any
  std::string detail;   ///< a JSON object; never personal data or secrets
};

struct AuditQuery {
  std::string user_id;  ///< the target account; empty: every account of the tenant
  std::string action;   ///< empty: every action
  Page page;
  std::string actor_id;           ///< who acted; empty: anyone
  std::optional<TimePoint> from;  ///< inclusive
  std::optional<TimePoint> to;    ///< exclusive
};

/// A login-log query (F3).
struct LoginQuery {
  std::string user_id;            ///< empty: the whole tenant (staff only)
  std::optional<TimePoint> from;  ///< inclusive
  std::optional<TimePoint> to;    ///< exclusive
  Page page;
};

/// What AuditLog::verify found first wrong in the hash chain.
enum class AuditBreak {
  none,         ///< the chain is intact
  altered,      ///< a record's content no longer matches its hash (edited)
  broken_link,  ///< a record does not follow the one before it (moved, inserted, or a
                ///< record before it removed or replaced)
  gap,          ///< chain positions are missing (records deleted)
  truncated,    ///< the chain ends before its head says (newest records deleted, or the
                ///< head edited or deleted)
  unchained,    ///< a record without a chain position written after the chain began
                ///< (inserted outside the chain; only older records may lack one)
};

/// The outcome of AuditLog::verify.
struct AuditVerification {
  bool intact = true;
  AuditBreak problem = AuditBreak::none;
  std::uint64_t checked = 0;  ///< chained records read
  /// Where the first break is: the chain position expected there and the
  /// sequence of the record found there (0 when there is none).
  std::int64_t position = 0;
  std::int64_t sequence = 0;
  /// The hash of the newest record ("" for an empty chain): keep it outside
  /// the database to detect a rewrite of the whole chain.
  std::string head_hash;
};

class MEMBER_EXPORT AuditLog {
 public:
  /// Entries of the actor's tenant, newest first. Staff see every entry; a
  /// user sees only the entries about themself.
  std::vector<AuditEntry> list(const Actor& actor, const AuditQuery& query = {});

  /// Login-log entries of the actor's tenant (F3), newest first: one user's
  /// (the user themself or staff) or, with an empty user_id, everyone's
  /// (staff only). Throws permission_denied, invalid_argument (user_id,
  /// page.limit, from/to reversed).
  std::vector<LoginRecord> logins(const Actor& actor, const LoginQuery& query);

  /// Retention (F3): deletes the tenant's login-log entries older than
  /// `older_than_days` days (at least 1) and returns how many, and the
  /// unlocked sign-in lock states of unknown identifiers not touched since.
  /// Audit records are kept. Staff only. Audit: "login_log.purge" with the
  /// count.
  std::uint64_t purge_logins(const Actor& actor, std::uint32_t older_than_days);

  /// Checks the hash chain of the actor's tenant's audit trail (F3): every
  /// record carries the SHA-256 of its canonical encoding and of the hash of
  /// the record before it, so an edited, deleted, inserted or reordered record
  /// breaks the chain. Returns the first break found (or intact) and the head
  /// hash. Records written before the chain existed are not covered. Staff
  /// only; reads in one snapshot. Throws permission_denied. Not audited (a read).
  AuditVerification verify(const Actor& actor);

 private:
  friend class System;
  explicit AuditLog(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
