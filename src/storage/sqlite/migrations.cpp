#include "storage/sqlite/migrations.hpp"

#include <array>
#include <string>
#include <string_view>

#include "storage/sqlite/connection.hpp"

namespace member::storage::sqlite {
namespace {

constexpr std::array<std::string_view, 1> kMigrations = {
    // 1: tenants, wrapped keys, users, login log, audit trail.
    R"sql(
CREATE TABLE tenants (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
INSERT INTO tenants (id, name, created_at) VALUES ('default', 'Default tenant', 0);

CREATE TABLE secrets (
  name    TEXT PRIMARY KEY,
  wrapped BLOB NOT NULL
);

CREATE TABLE users (
  tenant          TEXT NOT NULL REFERENCES tenants (id),
  id              TEXT NOT NULL,
  username        TEXT,
  username_key    TEXT,
  email_index     BLOB,
  mobile_index    BLOB,
  email           BLOB,
  mobile          BLOB,
  profile         BLOB NOT NULL,
  data_key        BLOB NOT NULL,
  user_type       TEXT NOT NULL,
  password_hash   TEXT NOT NULL,
  status          INTEGER NOT NULL,
  status_reason   TEXT NOT NULL,
  email_verified  INTEGER NOT NULL,
  mobile_verified INTEGER NOT NULL,
  failed_sign_ins INTEGER NOT NULL,
  lockouts        INTEGER NOT NULL,
  locked_until    INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE UNIQUE INDEX users_username_key ON users (tenant, username_key) WHERE username_key IS NOT NULL;
CREATE UNIQUE INDEX users_email_index ON users (tenant, email_index) WHERE email_index IS NOT NULL;
CREATE UNIQUE INDEX users_mobile_index ON users (tenant, mobile_index) WHERE mobile_index IS NOT NULL;

CREATE TABLE login_log (
  seq       INTEGER PRIMARY KEY,
  tenant    TEXT NOT NULL REFERENCES tenants (id),
  at        INTEGER NOT NULL,
  user_id   TEXT NOT NULL,
  outcome   INTEGER NOT NULL,
  device_id TEXT NOT NULL,
  platform  TEXT NOT NULL,
  ip        TEXT NOT NULL
);
CREATE INDEX login_log_user ON login_log (tenant, user_id, seq);

CREATE TABLE audit_log (
  seq        INTEGER PRIMARY KEY,
  tenant     TEXT NOT NULL REFERENCES tenants (id),
  at         INTEGER NOT NULL,
  actor_kind INTEGER NOT NULL,
  actor_id   TEXT NOT NULL,
  action     TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  detail     TEXT NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (tenant, user_id, seq);
CREATE INDEX audit_log_action ON audit_log (tenant, action, seq);
)sql",
};

}  // namespace

int latest_schema_version() noexcept {
  return static_cast<int>(kMigrations.size());
}

void migrate(SQLite::Database& db) {
  guarded([&] {
    db.exec("BEGIN IMMEDIATE");
    try {
      db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      SQLite::Statement read(db, "SELECT version FROM schema_version");
      int version = 0;
      if (read.executeStep()) {
        version = read.getColumn(0).getInt();
      } else {
        db.exec("INSERT INTO schema_version (version) VALUES (0)");
      }
      read.reset();
      if (version > latest_schema_version()) {
        throw Error(Errc::schema_too_new,
                    "the database has schema version " + std::to_string(version) +
                        " but this build of member knows only up to " +
                        std::to_string(latest_schema_version()) + "; upgrade member");
      }
      for (int next = version + 1; next <= latest_schema_version(); ++next) {
        db.exec(std::string(kMigrations[static_cast<std::size_t>(next - 1)]));
        SQLite::Statement update(db, "UPDATE schema_version SET version = ?");
        update.bind(1, next);
        update.exec();
      }
      db.exec("COMMIT");
    } catch (...) {
      try {
        db.exec("ROLLBACK");
      } catch (const SQLite::Exception&) {
        // SQLite already rolled back; the original error matters.
      }
      throw;
    }
  });
}

}  // namespace member::storage::sqlite
