// The schema, as an ordered list of migrations shared by every SQL engine.
// Migration N brings the schema from version N-1 to N; released migrations
// are never edited, only appended. Engine differences are limited to the
// tokens {int}, {blob} and {serial} (see Dialect).
#pragma once

#include "storage/sql/connection.hpp"

namespace member::storage::sql {

/// The version the last migration produces.
int latest_schema_version() noexcept;

/// Brings the database up to `target` (tests name an older version to build
/// a database as an earlier release left it) in one write transaction under
/// Connection::lock_for_migration(), so processes opening the database at
/// once apply each migration exactly once. Throws Errc::schema_too_new when
/// the database is newer than this code.
void migrate(Connection& db, int target = latest_schema_version());

}  // namespace member::storage::sql
