#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/stores.hpp"

namespace member::storage::sqlite {

void SqliteLoginLogStore::append(const LoginRow& row) {
  guarded([&] {
    SQLite::Statement s(db_,
                        "INSERT INTO login_log (tenant, at, user_id, outcome, device_id, "
                        "platform, ip) VALUES (?,?,?,?,?,?,?)");
    s.bind(1, row.tenant);
    s.bind(2, row.at_ms);
    s.bind(3, row.user_id);
    s.bind(4, row.outcome);
    s.bind(5, row.device_id);
    s.bind(6, row.platform);
    s.bind(7, row.ip);
    s.exec();
  });
}

std::vector<LoginRow> SqliteLoginLogStore::list(const std::string& tenant,
                                                const std::string& user_id, std::uint32_t limit,
                                                std::uint32_t offset) {
  return guarded([&] {
    SQLite::Statement s(db_,
                        "SELECT tenant, at, user_id, outcome, device_id, platform, ip "
                        "FROM login_log WHERE tenant = ? AND user_id = ? "
                        "ORDER BY seq DESC LIMIT ? OFFSET ?");
    s.bind(1, tenant);
    s.bind(2, user_id);
    s.bind(3, static_cast<std::int64_t>(limit));
    s.bind(4, static_cast<std::int64_t>(offset));
    std::vector<LoginRow> rows;
    while (s.executeStep()) {
      rows.push_back({column_text(s.getColumn(0)), s.getColumn(1).getInt64(),
                      column_text(s.getColumn(2)), s.getColumn(3).getInt(),
                      column_text(s.getColumn(4)), column_text(s.getColumn(5)),
                      column_text(s.getColumn(6))});
    }
    return rows;
  });
}

void SqliteAuditStore::append(const AuditRow& row) {
  guarded([&] {
    SQLite::Statement s(db_,
                        "INSERT INTO audit_log (tenant, at, actor_kind, actor_id, action, "
                        "user_id, detail) VALUES (?,?,?,?,?,?,?)");
    s.bind(1, row.tenant);
    s.bind(2, row.at_ms);
    s.bind(3, row.actor_kind);
    s.bind(4, row.actor_id);
    s.bind(5, row.action);
    s.bind(6, row.user_id);
    s.bind(7, row.detail);
    s.exec();
  });
}

std::vector<AuditRow> SqliteAuditStore::list(const std::string& tenant, const std::string& user_id,
                                             const std::string& action, std::uint32_t limit,
                                             std::uint32_t offset) {
  return guarded([&] {
    SQLite::Statement s(db_,
                        "SELECT tenant, seq, at, actor_kind, actor_id, action, user_id, detail "
                        "FROM audit_log WHERE tenant = ?1 AND (?2 = '' OR user_id = ?2) "
                        "AND (?3 = '' OR action = ?3) ORDER BY seq DESC LIMIT ?4 OFFSET ?5");
    s.bind(1, tenant);
    s.bind(2, user_id);
    s.bind(3, action);
    s.bind(4, static_cast<std::int64_t>(limit));
    s.bind(5, static_cast<std::int64_t>(offset));
    std::vector<AuditRow> rows;
    while (s.executeStep()) {
      rows.push_back({column_text(s.getColumn(0)), s.getColumn(1).getInt64(),
                      s.getColumn(2).getInt64(), s.getColumn(3).getInt(),
                      column_text(s.getColumn(4)), column_text(s.getColumn(5)),
                      column_text(s.getColumn(6)), column_text(s.getColumn(7))});
    }
    return rows;
  });
}

}  // namespace member::storage::sqlite
