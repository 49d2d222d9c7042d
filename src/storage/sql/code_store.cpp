// Verification codes and the default notifier's outbox (A6).
#include "storage/sql/stores.hpp"

namespace member::storage::sql {

std::optional<CodeRow> SqlCodeStore::find(const std::string& tenant, int purpose,
                                          const Bytes& destination, const std::string& user_id) {
  Statement& s = db_.prepare(
      std::string("SELECT tenant, purpose, destination, user_id, channel, code_hash, sent_at, "
                  "expires_at, attempts, state, failures, failures_since FROM verification_codes "
                  "WHERE tenant = ?1 AND "
                  "purpose = ?2 AND destination = ?3 AND user_id = ?4") +
      std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind_all(tenant, purpose, destination, user_id);
  if (!s.step()) return std::nullopt;
  return CodeRow{.tenant = s.get_text(0),
                 .purpose = static_cast<int>(s.get_int(1)),
                 .destination = s.get_blob(2),
                 .user_id = s.get_text(3),
                 .channel = static_cast<int>(s.get_int(4)),
                 .code_hash = s.get_blob(5),
                 .sent_at_ms = s.get_int(6),
                 .expires_at_ms = s.get_int(7),
                 .attempts = static_cast<std::uint32_t>(s.get_int(8)),
                 .state = static_cast<int>(s.get_int(9)),
                 .failures = static_cast<std::uint32_t>(s.get_int(10)),
                 .failures_since_ms = s.get_int(11)};
}

namespace {

/// save(), or with `on_conflict` "DO NOTHING" the insert of a missing row.
void write_code(Connection& db, const CodeRow& row, std::string_view on_conflict) {
  Statement& s = db.prepare(
      "INSERT INTO verification_codes (tenant, purpose, destination, user_id, channel, code_hash, "
      "sent_at, expires_at, attempts, state, failures, failures_since) VALUES (?1, ?2, ?3, ?4, "
      "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (tenant, purpose, destination, user_id) " +
      std::string(on_conflict));
  s.bind_all(row.tenant, row.purpose, row.destination, row.user_id, row.channel, row.code_hash,
             row.sent_at_ms, row.expires_at_ms, row.attempts, row.state, row.failures,
             row.failures_since_ms);
  s.step();
}

}  // namespace

CodeRow SqlCodeStore::lock(const CodeRow& initial) {
  write_code(db_, initial, "DO NOTHING");
  auto row = find(initial.tenant, initial.purpose, initial.destination, initial.user_id);
  if (!row) throw Error(Errc::internal, "a verification code row vanished");
  return *row;
}

void SqlCodeStore::save(const CodeRow& row) {
  write_code(db_, row,
             "DO UPDATE SET channel = excluded.channel, code_hash = excluded.code_hash, sent_at = "
             "excluded.sent_at, expires_at = excluded.expires_at, attempts = excluded.attempts, "
             "state = excluded.state, failures = excluded.failures, "
             "failures_since = excluded.failures_since");
}

void SqlCodeStore::insert_outbox(const OutboxRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO code_outbox (tenant, id, purpose, channel, sealed, created_at, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  s.bind_all(row.tenant, row.id, row.purpose, row.channel, row.sealed, row.created_at_ms,
             row.expires_at_ms);
  s.step();
}

std::vector<OutboxRow> SqlCodeStore::list_outbox(const std::string& tenant, std::uint32_t limit,
                                                 std::uint32_t offset) {
  Statement& s = db_.prepare(
      "SELECT tenant, id, purpose, channel, sealed, created_at, expires_at FROM code_outbox "
      "WHERE tenant = ?1 ORDER BY seq LIMIT ?2 OFFSET ?3");
  s.bind_all(tenant, limit, offset);
  std::vector<OutboxRow> rows;
  while (s.step()) {
    rows.push_back({.tenant = s.get_text(0),
                    .id = s.get_text(1),
                    .purpose = static_cast<int>(s.get_int(2)),
                    .channel = static_cast<int>(s.get_int(3)),
                    .sealed = s.get_blob(4),
                    .created_at_ms = s.get_int(5),
                    .expires_at_ms = s.get_int(6)});
  }
  return rows;
}

bool SqlCodeStore::delete_outbox(const std::string& tenant, const std::string& id) {
  Statement& s = db_.prepare("DELETE FROM code_outbox WHERE tenant = ?1 AND id = ?2");
  s.bind_all(tenant, id);
  s.step();
  return s.changes() == 1;
}

}  // namespace member::storage::sql
