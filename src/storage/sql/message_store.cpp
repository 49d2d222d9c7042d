// In-site messages (G1). Which messages a user sees and which of them are
// read is decided by one WHERE clause and one read expression, shared by
// list, count and latest_sequence. Parameters: ?1 tenant, ?2 user, ?3 since,
// ?4 category (-1: any), ?5... the user's roles.
#include "storage/sql/statement_helpers.hpp"
#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

constexpr std::string_view kColumns =
    "m.tenant, m.message_id, m.seq, m.category, m.audience_kind, m.audience, m.user_id, "
    "m.sender, m.content, m.created_at";

/// 1 when the user has read message m: under their watermark or marked.
constexpr std::string_view kIsRead =
    "CAST(CASE WHEN m.seq <= COALESCE((SELECT w.read_through FROM message_watermarks w "
    "WHERE w.tenant = ?1 AND w.user_id = ?2), 0) OR EXISTS (SELECT 1 FROM message_reads r "
    "WHERE r.tenant = ?1 AND r.user_id = ?2 AND r.message_id = m.message_id) "
    "THEN 1 ELSE 0 END AS BIGINT)";

std::string visible(const MessageScope& scope) {
  std::string where =
      "m.tenant = ?1 AND (m.user_id = ?2 OR (m.created_at >= ?3 AND (m.audience_kind = 2";
  if (!scope.roles.empty()) {
    where += " OR (m.audience_kind = 1 AND m.audience IN (";
    for (std::size_t i = 0; i < scope.roles.size(); ++i) {
      if (i > 0) where += ", ";
      where += '?';
      where += std::to_string(5 + i);
    }
    where += "))";
  }
  where += "))) AND (?4 < 0 OR m.category = ?4)";
  if (scope.unread_only) {
    where += " AND ";
    where += kIsRead;
    where += " = 0";
  }
  return where;
}

void bind_scope(Statement& s, const MessageScope& scope) {
  s.bind_all(scope.tenant, scope.user_id, scope.since_ms, scope.category);
  for (std::size_t i = 0; i < scope.roles.size(); ++i) {
    s.bind(static_cast<int>(5 + i), scope.roles[i]);
  }
}

MessageRow read_row(Statement& s) {
  MessageRow row{.tenant = s.get_text(0),
                 .message_id = s.get_text(1),
                 .sequence = s.get_int(2),
                 .category = static_cast<int>(s.get_int(3)),
                 .audience_kind = static_cast<int>(s.get_int(4)),
                 .audience = s.get_text(5),
                 .user_id = s.get_text_or_empty(6),
                 .sender = s.get_text(7),
                 .content = s.get_blob(8),
                 .created_at_ms = s.get_int(9)};
  return row;
}

}  // namespace

std::int64_t SqlMessageStore::insert(const MessageRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO messages (tenant, message_id, category, audience_kind, audience, user_id, "
      "sender, content, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  s.bind_all(row.tenant, row.message_id, row.category, row.audience_kind, row.audience);
  s.bind_or_null(6, row.user_id);
  s.bind(7, row.sender);
  s.bind(8, row.content);
  s.bind(9, row.created_at_ms);
  s.step();
  Statement& seq = db_.prepare("SELECT seq FROM messages WHERE tenant = ?1 AND message_id = ?2");
  seq.bind_all(row.tenant, row.message_id);
  if (!seq.step()) throw Error(Errc::storage, "the message just inserted is missing");
  return seq.get_int(0);
}

std::optional<MessageRow> SqlMessageStore::find(const std::string& tenant,
                                                const std::string& message_id) {
  Statement& s = db_.prepare("SELECT " + std::string(kColumns) +
                             " FROM messages m WHERE m.tenant = ?1 AND m.message_id = ?2");
  s.bind_all(tenant, message_id);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::vector<MessageRow> SqlMessageStore::list(const MessageScope& scope, bool unread_first,
                                              std::uint32_t limit, std::uint32_t offset) {
  const int at = 5 + static_cast<int>(scope.roles.size());
  Statement& s = db_.prepare("SELECT " + std::string(kColumns) + ", " + std::string(kIsRead) +
                             " AS is_read FROM messages m WHERE " + visible(scope) + " ORDER BY " +
                             (unread_first ? "is_read, " : "") + "m.seq DESC LIMIT ?" +
                             std::to_string(at) + " OFFSET ?" + std::to_string(at + 1));
  bind_scope(s, scope);
  s.bind(at, limit);
  s.bind(at + 1, offset);
  return collect(s, [](Statement& r) {
    MessageRow row = read_row(r);
    row.read = r.get_int(10) != 0;
    return row;
  });
}

std::int64_t SqlMessageStore::count(const MessageScope& scope) {
  Statement& s = db_.prepare("SELECT COUNT(*) FROM messages m WHERE " + visible(scope));
  bind_scope(s, scope);
  s.step();
  return s.get_int(0);
}

std::int64_t SqlMessageStore::latest_sequence(const MessageScope& scope) {
  Statement& s =
      db_.prepare("SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE " + visible(scope));
  bind_scope(s, scope);
  s.step();
  return s.get_int(0);
}

bool SqlMessageStore::mark_read(const std::string& tenant, const std::string& user_id,
                                const std::string& message_id, std::int64_t at_ms) {
  return change_one(db_,
                    "INSERT INTO message_reads (tenant, user_id, message_id, read_at) "
                    "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    tenant, user_id, message_id, at_ms);
}

void SqlMessageStore::mark_read_through(const std::string& tenant, const std::string& user_id,
                                        std::int64_t sequence) {
  Statement& s = db_.prepare(
      "INSERT INTO message_watermarks (tenant, user_id, read_through) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (tenant, user_id) DO UPDATE SET read_through = excluded.read_through "
      "WHERE message_watermarks.read_through < excluded.read_through");
  s.bind_all(tenant, user_id, sequence);
  s.step();
  Statement& drop = db_.prepare(
      "DELETE FROM message_reads WHERE tenant = ?1 AND user_id = ?2 AND message_id IN "
      "(SELECT message_id FROM messages WHERE tenant = ?1 AND seq <= ?3)");
  drop.bind_all(tenant, user_id, sequence);
  drop.step();
}

}  // namespace member::storage::sql
