#include <map>

#include "audit/chain.hpp"
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
  const std::int64_t entries = s.changes();
  Statement& stale = db_.prepare(
      "DELETE FROM sign_in_throttle WHERE tenant = ?1 AND updated_at < ?2 AND locked_until < ?2");
  stale.bind_all(tenant, before_ms);
  stale.step();
  return entries;
}

std::optional<SignInThrottleRow> SqlLoginLogStore::find_throttle(const std::string& tenant,
                                                                 const Bytes& key) {
  Statement& s = db_.prepare(
      std::string("SELECT failures, lockouts, locked_until, updated_at FROM sign_in_throttle "
                  "WHERE tenant = ?1 AND ident_key = ?2") +
      std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind_all(tenant, key);
  if (!s.step()) return std::nullopt;
  return SignInThrottleRow{.tenant = tenant,
                           .key = key,
                           .failures = static_cast<std::uint32_t>(s.get_int(0)),
                           .lockouts = static_cast<std::uint32_t>(s.get_int(1)),
                           .locked_until_ms = s.get_int(2),
                           .updated_at_ms = s.get_int(3)};
}

SignInThrottleRow SqlLoginLogStore::lock_throttle(const std::string& tenant, const Bytes& key,
                                                  std::int64_t now_ms) {
  // Insert first, then lock: SELECT ... FOR UPDATE locks nothing while the
  // row does not exist, and concurrent first failures would each count 1.
  Statement& insert = db_.prepare(
      "INSERT INTO sign_in_throttle (tenant, ident_key, failures, lockouts, locked_until, "
      "updated_at) VALUES (?1, ?2, 0, 0, 0, ?3) ON CONFLICT (tenant, ident_key) DO NOTHING");
  insert.bind_all(tenant, key, now_ms);
  insert.step();
  auto row = find_throttle(tenant, key);
  if (!row) throw Error(Errc::internal, "a sign-in throttle row is missing");
  return std::move(*row);
}

void SqlLoginLogStore::save_throttle(const SignInThrottleRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO sign_in_throttle (tenant, ident_key, failures, lockouts, locked_until, "
      "updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tenant, ident_key) DO UPDATE SET failures = "
      "excluded.failures, lockouts = excluded.lockouts, locked_until = excluded.locked_until, "
      "updated_at = excluded.updated_at");
  s.bind_all(row.tenant, row.key, row.failures, row.lockouts, row.locked_until_ms,
             row.updated_at_ms);
  s.step();
}

void SqlLoginLogStore::remove_throttle(const std::string& tenant, const Bytes& key) {
  Statement& s = db_.prepare("DELETE FROM sign_in_throttle WHERE tenant = ?1 AND ident_key = ?2");
  s.bind_all(tenant, key);
  s.step();
}

void SqlAuditStore::append(const AuditRow& row) {
  pending_.push_back(row);
}

std::optional<AuditChainHead> SqlAuditStore::chain_head(const std::string& tenant) {
  Statement& s = db_.prepare("SELECT head_pos, head_hash FROM audit_chain WHERE tenant = ?1");
  s.bind_all(tenant);
  if (!s.step()) return std::nullopt;
  return AuditChainHead{s.get_int(0), s.get_text(1)};
}

void SqlAuditStore::flush() {
  if (pending_.empty()) return;
  // Tenant by tenant in a fixed order (no lock-order deadlock between two
  // transactions writing to several tenants), each tenant's rows in order.
  std::map<std::string, std::vector<AuditRow*>> by_tenant;
  for (AuditRow& row : pending_) by_tenant[row.tenant].push_back(&row);
  const std::string lock = "SELECT head_pos, head_hash FROM audit_chain WHERE tenant = ?1" +
                           std::string(db_.dialect().lock_rows);
  for (auto& [tenant, rows] : by_tenant) {
    // Lock the tenant's chain head: appends to one chain are serialised.
    AuditChainHead head;
    Statement& first = db_.prepare(lock);
    first.bind_all(tenant);
    if (first.step()) {
      head = {first.get_int(0), first.get_text(1)};
    } else {
      Statement& create = db_.prepare(
          "INSERT INTO audit_chain (tenant, head_pos, head_hash) VALUES (?1, 0, '') "
          "ON CONFLICT (tenant) DO NOTHING");
      create.bind_all(tenant);
      create.step();
      Statement& again = db_.prepare(lock);
      again.bind_all(tenant);
      if (!again.step()) throw Error(Errc::storage, "audit chain head missing");
      head = {again.get_int(0), again.get_text(1)};
    }
    for (AuditRow* row : rows) {
      row->chain_pos = head.position + 1;
      row->prev_hash = head.hash;
      row->hash = detail::audit_chain_hash(*row);
      head = {row->chain_pos, row->hash};
      Statement& s = db_.prepare(
          "INSERT INTO audit_log (tenant, at, actor_kind, actor_id, action, user_id, detail, "
          "chain_pos, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
      s.bind_all(row->tenant, row->at_ms, row->actor_kind, row->actor_id, row->action, row->user_id,
                 row->detail, row->chain_pos, row->prev_hash, row->hash);
      s.run_deferred();
    }
    Statement& update =
        db_.prepare("UPDATE audit_chain SET head_pos = ?2, head_hash = ?3 WHERE tenant = ?1");
    update.bind_all(tenant, head.position, head.hash);
    update.run_deferred();
  }
  pending_.clear();
}

std::vector<AuditRow> SqlAuditStore::chain(const std::string& tenant, std::int64_t after_pos,
                                           std::int64_t after_sequence, std::uint32_t limit) {
  Statement& s = db_.prepare(
      "SELECT tenant, seq, at, actor_kind, actor_id, action, user_id, detail, chain_pos, "
      "prev_hash, hash FROM audit_log WHERE tenant = ?1 AND chain_pos > 0 "
      "AND (chain_pos > ?2 OR (chain_pos = ?2 AND seq > ?3)) "
      "ORDER BY chain_pos, seq LIMIT ?4");
  s.bind_all(tenant, after_pos, after_sequence, limit);
  std::vector<AuditRow> rows;
  while (s.step()) {
    rows.push_back({s.get_text(0), s.get_int(1), s.get_int(2), static_cast<int>(s.get_int(3)),
                    s.get_text(4), s.get_text(5), s.get_text(6), s.get_text(7), s.get_int(8),
                    s.get_text(9), s.get_text(10)});
  }
  return rows;
}

std::optional<std::int64_t> SqlAuditStore::unchained_after_chain(const std::string& tenant) {
  Statement& s = db_.prepare(
      "SELECT max(seq) FROM audit_log WHERE tenant = ?1 AND (chain_pos < 0 OR "
      "(chain_pos = 0 AND seq > (SELECT min(seq) FROM audit_log WHERE tenant = ?1 "
      "AND chain_pos > 0)))");
  s.bind_all(tenant);
  if (!s.step() || s.is_null(0)) return std::nullopt;
  return s.get_int(0);
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
