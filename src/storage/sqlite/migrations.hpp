// The SQLite schema, as an ordered list of migrations. Migration N brings the
// schema from version N-1 to N; released migrations are never edited, only
// appended.
#pragma once

#include <SQLiteCpp/Database.h>

namespace member::storage::sqlite {

/// The version the last migration produces.
int latest_schema_version() noexcept;

/// Brings the database up to latest_schema_version() inside one BEGIN
/// IMMEDIATE transaction, so concurrent openers apply each migration once.
/// Throws Errc::schema_too_new when the database is newer than this code.
void migrate(SQLite::Database& db);

}  // namespace member::storage::sqlite
