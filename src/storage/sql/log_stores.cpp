#include "storage/sql/stores.hpp"

namespace member::storage::sql {

void SqlLoginLogStore::append(const LoginRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO login_log (tenant, at, user_id, outcome, device_id, platform, ip) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  s.bind_all(row.tenant, row.at_ms, row.user_id, row.outcome, row.device_id, row.platform, row.ip);
  s.run_deferred();
}

std::vector<LoginRow> SqlLoginLogStore::list(const std::string& tenant, const std::string& user_id,
                                             std::uint32_t limit, std::uint32_t offset) {
  Statement& s = db_.prepare(
      "SELECT tenant, at, user_id, outcome, device_id, platform, ip FROM login_log "
      "WHERE tenant = ?1 AND user_id = ?2 ORDER BY seq DESC LIMIT ?3 OFFSET ?4");
  s.bind_all(tenant, user_id, limit, offset);
  std::vector<LoginRow> rows;
  while (s.step()) {
    rows.push_back({s.get_text(0), s.get_int(1), s.get_text(2), static_cast<int>(s.get_int(3)),
                    s.get_text(4), s.get_text(5), s.get_text(6)});
  }
  return rows;
}

std::vector<LoginRow> SqlLoginLogStore::query(const LogFilter& f, std::uint32_t limit,
                                              std::uint32_t offset) {
  Statement& s = db_.prepare(
      "SELECT tenant, at, user_id, outcome, device_id, platform, ip FROM login_log "
      "WHERE tenant = ?1 AND (?2 = '' OR user_id = ?2) AND at >= ?3 AND at < ?4 "
      "ORDER BY seq DESC LIMIT ?5 OFFSET ?6");
  s.bind_all(f.tenant, f.user_id, f.from_ms, f.to_ms, limit, offset);
  std::vector<LoginRow> rows;
  while (s.step()) {
    rows.push_back({s.get_text(0), s.get_int(1), s.get_text(2), static_cast<int>(s.get_int(3)),
                    s.get_text(4), s.get_text(5), s.get_text(6)});
  }
  return rows;
}

std::int64_t SqlLoginLogStore::purge(const std::string& tenant, std::int64_t before_ms) {
  Statement& s = db_.prepare("DELETE FROM login_log WHERE tenant = ?1 AND at < ?2");
  s.bind_all(tenant, before_ms);
  s.step();
  return s.changes();
}

void SqlAuditStore::append(const AuditRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO audit_log (tenant, at, actor_kind, actor_id, action, user_id, detail) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  s.bind_all(row.tenant, row.at_ms, row.actor_kind, row.actor_id, row.action, row.user_id,
             row.detail);
  s.run_deferred();
}

std::vector<AuditRow> SqlAuditStore::list(const std::string& tenant, const std::string& user_id,
                                          const std::string& action, std::uint32_t limit,
                                          std::uint32_t offset) {
  Statement& s = db_.prepare(
      "SELECT tenant, seq, at, actor_kind, actor_id, action, user_id, detail FROM audit_log "
      "WHERE tenant = ?1 AND (?2 = '' OR user_id = ?2) AND (?3 = '' OR action = ?3) "
      "ORDER BY seq DESC LIMIT ?4 OFFSET ?5");
  s.bind_all(tenant, user_id, action, limit, offset);
  std::vector<AuditRow> rows;
  while (s.step()) {
    rows.push_back({s.get_text(0), s.get_int(1), s.get_int(2), static_cast<int>(s.get_int(3)),
                    s.get_text(4), s.get_text(5), s.get_text(6), s.get_text(7)});
  }
  return rows;
}

std::vector<AuditRow> SqlAuditStore::query(const LogFilter& f, std::uint32_t limit,
                                           std::uint32_t offset) {
  Statement& s = db_.prepare(
      "SELECT tenant, seq, at, actor_kind, actor_id, action, user_id, detail FROM audit_log "
      "WHERE tenant = ?1 AND (?2 = '' OR user_id = ?2) AND (?3 = '' OR action = ?3) "
      "AND (?4 = '' OR actor_id = ?4) AND at >= ?5 AND at < ?6 "
      "ORDER BY seq DESC LIMIT ?7 OFFSET ?8");
  s.bind_all(f.tenant, f.user_id, f.action, f.actor_id, f.from_ms, f.to_ms, limit, offset);
  std::vector<AuditRow> rows;
  while (s.step()) {
    rows.push_back({s.get_text(0), s.get_int(1), s.get_int(2), static_cast<int>(s.get_int(3)),
                    s.get_text(4), s.get_text(5), s.get_text(6), s.get_text(7)});
  }
  return rows;
}

}  // namespace member::storage::sql
