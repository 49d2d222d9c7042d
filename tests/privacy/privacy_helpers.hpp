// Helpers of the privacy and message tests (A12, G1): a user with data in
// every module, and raw access to the backend's database (its files for
// SQLite, every table's rows as text on either backend) to look for what an
// erasure must have removed.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "member/member.hpp"
#include "sessions/session_helpers.hpp"
#include "storage/sql/connection.hpp"

namespace member::test {

/// Every personal value one user was given, to look for after erasure.
struct PersonalValues {
  std::string user_id;
  std::vector<std::string> texts;     ///< plaintext values
  std::vector<storage::Bytes> blobs;  ///< stored bytes: blind indexes, sealed fields, data key
};

/// Registers a user and gives them data in every module (profile, contacts,
/// addresses, tags, bindings, identities, points and wallet, loyalty,
/// sessions and devices, login log, identity checks, messages). `n` makes
/// the values unique per user.
PersonalValues populate_user(SessionFixture& f, int n);

/// A connection of its own to the backend's database, for raw checks.
std::unique_ptr<storage::sql::Connection> raw_connection(const Backend& backend);

/// Tables of the schema that refer to users: a user_id column or a
/// foreign key to users (and users itself).
std::set<std::string> tables_referring_to_users(storage::sql::Connection& db, bool postgres);

/// Every table of the schema.
std::set<std::string> all_tables(storage::sql::Connection& db, bool postgres);

/// Every table's rows as text (PostgreSQL: each row cast to text; SQLite:
/// every column quoted), one string per table.
std::vector<std::string> table_texts(storage::sql::Connection& db, bool postgres);

/// Lower-case hex of bytes, as both backends' table_texts() print blobs.
std::string hex_of(const storage::Bytes& bytes);

}  // namespace member::test
