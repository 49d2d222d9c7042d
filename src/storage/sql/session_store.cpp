#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

constexpr std::string_view kColumns =
    "tenant, id, user_id, device_id, device_type, device_name, platform, app_version, ip, "
    "method, created_at, last_active, expires_at, revoked_at, revoke_reason";

SessionRow read_session(Statement& s) {
  return {s.get_text(0), s.get_text(1), s.get_text(2), s.get_text(3), s.get_text(4),
          s.get_text(5), s.get_text(6), s.get_text(7), s.get_text(8), s.get_text(9),
          s.get_int(10), s.get_int(11), s.get_int(12), s.get_int(13), s.get_text(14)};
}

}  // namespace

void SqlSessionStore::insert(const SessionRow& row) {
  Statement& s = db_.prepare(std::string("INSERT INTO sessions (") + std::string(kColumns) +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
                             "?14, ?15)");
  s.bind_all(row.tenant, row.id, row.user_id, row.device_id, row.device_type, row.device_name,
             row.platform, row.app_version, row.ip, row.method, row.created_at_ms,
             row.last_active_ms, row.expires_at_ms, row.revoked_at_ms, row.revoke_reason);
  s.step();
}

void SqlSessionStore::update(const SessionRow& row) {
  Statement& s = db_.prepare(
      "UPDATE sessions SET device_type = ?3, device_name = ?4, platform = ?5, app_version = ?6, "
      "ip = ?7, last_active = ?8, expires_at = ?9, revoked_at = ?10, revoke_reason = ?11 "
      "WHERE tenant = ?1 AND id = ?2");
  s.bind_all(row.tenant, row.id, row.device_type, row.device_name, row.platform, row.app_version,
             row.ip, row.last_active_ms, row.expires_at_ms, row.revoked_at_ms, row.revoke_reason);
  s.step();
}

std::optional<SessionRow> SqlSessionStore::find(const std::string& tenant, const std::string& id) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kColumns) +
                             " FROM sessions WHERE tenant = ?1 AND id = ?2" +
                             std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind_all(tenant, id);
  if (!s.step()) return std::nullopt;
  return read_session(s);
}

std::vector<SessionRow> SqlSessionStore::live_by_user(const std::string& tenant,
                                                      const std::string& user_id,
                                                      std::int64_t now_ms) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kColumns) +
                             " FROM sessions WHERE tenant = ?1 AND user_id = ?2 AND revoked_at = 0"
                             " AND expires_at > ?3 ORDER BY last_active DESC, id");
  s.bind_all(tenant, user_id, now_ms);
  std::vector<SessionRow> rows;
  while (s.step()) rows.push_back(read_session(s));
  return rows;
}

std::vector<std::string> SqlSessionStore::revoke_by_user(
    const std::string& tenant, const std::string& user_id, const std::string& device_id,
    const std::string& except_id, std::int64_t now_ms, const std::string& reason) {
  Statement& s = db_.prepare(
      "UPDATE sessions SET revoked_at = ?4, revoke_reason = ?5 WHERE tenant = ?1 AND "
      "user_id = ?2 AND (?3 = '' OR device_id = ?3) AND id <> ?6 AND revoked_at = 0 "
      "RETURNING id");
  s.bind_all(tenant, user_id, device_id, now_ms, reason, except_id);
  std::vector<std::string> ids;
  while (s.step()) ids.push_back(s.get_text(0));
  return ids;
}

void SqlSessionStore::insert_refresh(const RefreshRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO session_refresh (token_hash, tenant, session_id, used, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  s.bind_all(row.token_hash, row.tenant, row.session_id, row.used, row.created_at_ms);
  s.step();
}

std::optional<RefreshRow> SqlSessionStore::find_refresh(const Bytes& token_hash) {
  Statement& s = db_.prepare(
      "SELECT tenant, token_hash, session_id, used, created_at FROM session_refresh "
      "WHERE token_hash = ?1");
  s.bind(1, token_hash);
  if (!s.step()) return std::nullopt;
  return RefreshRow{s.get_text(0), s.get_blob(1), s.get_text(2), s.get_int(3) != 0, s.get_int(4)};
}

bool SqlSessionStore::use_refresh(const Bytes& token_hash) {
  Statement& s =
      db_.prepare("UPDATE session_refresh SET used = 1 WHERE token_hash = ?1 AND used = 0");
  s.bind(1, token_hash);
  s.step();
  return s.changes() == 1;
}

}  // namespace member::storage::sql
