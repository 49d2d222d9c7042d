#include "storage/sql/stores.hpp"

namespace member::storage::sql {

std::optional<ModerationRow> SqlModerationStore::find(const std::string& tenant,
                                                      const std::string& user_id) {
  Statement& s = db_.prepare(
      std::string("SELECT tenant, user_id, report_count, last_report_at FROM moderation "
                  "WHERE tenant = ?1 AND user_id = ?2") +
      std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind_all(tenant, user_id);
  if (!s.step()) return std::nullopt;
  return ModerationRow{s.get_text(0), s.get_text(1), static_cast<std::uint32_t>(s.get_int(2)),
                       s.get_int(3)};
}

void SqlModerationStore::save(const ModerationRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO moderation (tenant, user_id, report_count, last_report_at) "
      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant, user_id) DO UPDATE SET "
      "report_count = excluded.report_count, last_report_at = excluded.last_report_at");
  s.bind_all(row.tenant, row.user_id, row.report_count, row.last_report_at_ms);
  s.step();
}

void SqlModerationStore::add_report(const ReportRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO reports (tenant, user_id, reporter, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)");
  s.bind_all(row.tenant, row.user_id, row.reporter, row.reason, row.at_ms);
  s.step();
}

}  // namespace member::storage::sql
