// Personal data (A12, seed 004 GDPR): export everything member keeps about
// a user as one JSON document, and erase a user so that none of their
// personal data can be read again.
//
// Every module that keeps rows about a user contributes one "personal data
// participant" (src/privacy/participants.cpp): the tables it covers, how it
// exports its part and how it erases it. A test compares the participants'
// tables with the schema, so a new table that refers to users fails the
// build's tests until a participant covers it.
//
// Erasure destroys the user's data key (every sealed field of theirs becomes
// unreadable, backups included), deletes or empties their records, and keeps
// the account row as a tombstone holding only the id, status and times, so
// ledger entries keep their amounts and the id, and the audit chain (whose
// records carry no personal data) still verifies. See docs/privacy.md.
//
// Obtain the service from member::System::privacy(); it is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/export.hpp"

namespace member {

class System;
namespace detail {
struct Context;
}

struct EraseRequest {
  std::string user_id;
  /// Required when the user erases themself (seed 004: a sensitive operation
  /// needs a second verification); ignored for staff.
  std::string password;
};

/// What an erasure did: (table, rows deleted or cleared) in the order the
/// tables were erased; counts only.
struct ErasureReport {
  std::string user_id;
  std::vector<std::pair<std::string, std::int64_t>> tables;
};

class MEMBER_EXPORT Privacy {
 public:
  /// Every record member keeps about the user, as one JSON object with one
  /// member per participant ("account", "addresses", "ledger", ...) and
  /// "user_id", "tenant", "exported_at". The user themself or staff. Throws
  /// invalid_argument (user_id), permission_denied, not_found. Audit:
  /// "privacy.export".
  std::string export_user(const Actor& actor, const std::string& user_id);

  /// Erases the user (see the header comment). Staff (admin, service,
  /// system) erase any user of their tenant; a user erases themself with
  /// their password. Then reclaims the space the deleted rows held (SQLite:
  /// WAL checkpoint and truncation; PostgreSQL: the host's VACUUM). Throws
  /// invalid_argument (user_id, password), permission_denied, not_found,
  /// unauthenticated (wrong password), busy (the erasure committed, but a
  /// long reader kept the SQLite WAL from being truncated; the next
  /// erasure or checkpoint empties it). Audit: "privacy.erase" with the
  /// per-table counts.
  ErasureReport erase(const Actor& actor, const EraseRequest& request);

  /// The tables the participants cover, each once, for the coverage test
  /// and the documentation.
  static std::vector<std::string> covered_tables();

 private:
  friend class System;
  Privacy(System& system, detail::Context& context) : system_(system), context_(context) {}
  System& system_;
  detail::Context& context_;
};

}  // namespace member
