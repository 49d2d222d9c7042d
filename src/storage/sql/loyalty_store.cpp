#include <string>

#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

constexpr std::string_view kMemberColumns =
    "tenant, user_id, level_code, manual, total_spent, orders, level_since, last_active";

MemberRow read_member(Statement& s) {
  return {s.get_text(0), s.get_text(1), s.get_text(2), s.get_int(3) != 0,
          s.get_int(4),  s.get_int(5),  s.get_int(6),  s.get_int(7)};
}

constexpr std::string_view kOrderColumns =
    "tenant, order_id, user_id, amount, refunded, points, points_reversed, paid_at";

}  // namespace

std::vector<LevelRow> SqlLoyaltyStore::levels(const std::string& tenant) {
  Statement& s = db_.prepare(
      "SELECT tenant, position, code, name, required_spend, discount_bp, multiplier_bp, flags "
      "FROM loyalty_levels WHERE tenant = ?1 ORDER BY position");
  s.bind(1, tenant);
  std::vector<LevelRow> rows;
  while (s.step()) {
    rows.push_back({s.get_text(0), s.get_int(1), s.get_text(2), s.get_text(3), s.get_int(4),
                    s.get_int(5), s.get_int(6), static_cast<int>(s.get_int(7))});
  }
  return rows;
}

void SqlLoyaltyStore::replace_levels(const std::string& tenant, const std::vector<LevelRow>& rows) {
  Statement& clear = db_.prepare("DELETE FROM loyalty_levels WHERE tenant = ?1");
  clear.bind(1, tenant);
  clear.step();
  for (const LevelRow& row : rows) {
    Statement& s = db_.prepare(
        "INSERT INTO loyalty_levels (tenant, position, code, name, required_spend, discount_bp, "
        "multiplier_bp, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    s.bind_all(tenant, row.position, row.code, row.name, row.required_spend, row.discount_bp,
               row.multiplier_bp, row.flags);
    s.step();
  }
}

namespace {

constexpr std::string_view kSettingsRow =
    "SELECT tenant, points_rate_bp, downgrade_window_days, webhook_secret "
    "FROM loyalty_settings WHERE tenant = ?1";

std::optional<LoyaltySettingsRow> read_settings(Statement& s) {
  if (!s.step()) return std::nullopt;
  return LoyaltySettingsRow{s.get_text(0), s.get_int(1), s.get_int(2), s.get_blob_or_empty(3)};
}

/// put_settings, or with `on_conflict` "DO NOTHING" the insert of a missing row.
void write_settings(Connection& db, const LoyaltySettingsRow& row, std::string_view on_conflict) {
  Statement& s = db.prepare(
      "INSERT INTO loyalty_settings (tenant, points_rate_bp, downgrade_window_days, "
      "webhook_secret) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant) " +
      std::string(on_conflict));
  s.bind_all(row.tenant, row.points_rate_bp, row.downgrade_window_days);
  s.bind_or_null(4, row.webhook_secret);
  s.step();
}

}  // namespace

std::optional<LoyaltySettingsRow> SqlLoyaltyStore::settings(const std::string& tenant) {
  Statement& s = db_.prepare(kSettingsRow);
  s.bind(1, tenant);
  return read_settings(s);
}

LoyaltySettingsRow SqlLoyaltyStore::lock_settings(const LoyaltySettingsRow& initial) {
  write_settings(db_, initial, "DO NOTHING");
  Statement& s = db_.prepare(std::string(kSettingsRow) + std::string(db_.dialect().lock_rows));
  s.bind(1, initial.tenant);
  auto row = read_settings(s);
  if (!row) throw Error(Errc::internal, "a loyalty settings row vanished");
  return *row;
}

void SqlLoyaltyStore::put_settings(const LoyaltySettingsRow& row) {
  write_settings(db_, row,
                 "DO UPDATE SET points_rate_bp = excluded.points_rate_bp, "
                 "downgrade_window_days = excluded.downgrade_window_days, "
                 "webhook_secret = excluded.webhook_secret");
}

std::optional<MemberRow> SqlLoyaltyStore::find_member(const std::string& tenant,
                                                      const std::string& user_id) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kMemberColumns) +
                             " FROM loyalty_members WHERE tenant = ?1 AND user_id = ?2" +
                             std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind_all(tenant, user_id);
  if (!s.step()) return std::nullopt;
  return read_member(s);
}

MemberRow SqlLoyaltyStore::lock_member(const MemberRow& initial) {
  // Points gathered so far belong under the code the user had before.
  ledger_.flush_level_points();
  Statement& s =
      db_.prepare(std::string("INSERT INTO loyalty_members (") + std::string(kMemberColumns) +
                  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING");
  s.bind_all(initial.tenant, initial.user_id, initial.level_code, initial.manual,
             initial.total_spent, initial.orders, initial.level_since_ms, initial.last_active_ms);
  s.step();
  if (s.changes() == 1) {
    ledger_.move_level_points(initial.tenant, initial.user_id, "", initial.level_code);
  }
  auto row = find_member(initial.tenant, initial.user_id);
  if (!row) throw Error(Errc::internal, "a member row vanished");
  return *row;
}

void SqlLoyaltyStore::put_member(const MemberRow& row) {
  const auto before = find_member(row.tenant, row.user_id);
  ledger_.move_level_points(row.tenant, row.user_id, before ? before->level_code : "",
                            row.level_code);
  Statement& s = db_.prepare(
      std::string("INSERT INTO loyalty_members (") + std::string(kMemberColumns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (tenant, user_id) DO UPDATE SET "
      "level_code = excluded.level_code, manual = excluded.manual, "
      "total_spent = excluded.total_spent, orders = excluded.orders, "
      "level_since = excluded.level_since, last_active = excluded.last_active");
  s.bind_all(row.tenant, row.user_id, row.level_code, row.manual, row.total_spent, row.orders,
             row.level_since_ms, row.last_active_ms);
  s.step();
}

std::vector<MemberRow> SqlLoyaltyStore::members_to_review(const std::string& tenant,
                                                          const std::string& lowest_code,
                                                          std::int64_t cutoff_ms,
                                                          std::uint32_t limit) {
  Statement& s = db_.prepare(
      std::string("SELECT ") + std::string(kMemberColumns) +
      " FROM loyalty_members WHERE tenant = ?1 AND level_code <> ?2 "
      "AND level_code <> '' AND level_since <= ?3 ORDER BY level_since, user_id LIMIT ?4");
  s.bind_all(tenant, lowest_code, cutoff_ms, limit);
  std::vector<MemberRow> rows;
  while (s.step()) rows.push_back(read_member(s));
  return rows;
}

std::int64_t SqlLoyaltyStore::spend_since(const std::string& tenant, const std::string& user_id,
                                          std::int64_t from_ms) {
  Statement& s = db_.prepare(
      "SELECT CAST(coalesce(sum(amount - refunded), 0) AS BIGINT) FROM loyalty_orders "
      "WHERE tenant = ?1 AND user_id = ?2 AND paid_at >= ?3");
  s.bind_all(tenant, user_id, from_ms);
  s.step();
  return s.get_int(0);
}

std::optional<OrderRow> SqlLoyaltyStore::find_order(const std::string& tenant,
                                                    const std::string& order_id) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kOrderColumns) +
                             " FROM loyalty_orders WHERE tenant = ?1 AND order_id = ?2" +
                             std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind_all(tenant, order_id);
  if (!s.step()) return std::nullopt;
  return OrderRow{s.get_text(0), s.get_text(1), s.get_text(2), s.get_int(3),
                  s.get_int(4),  s.get_int(5),  s.get_int(6),  s.get_int(7)};
}

void SqlLoyaltyStore::put_order(const OrderRow& row) {
  Statement& s = db_.prepare(
      std::string("INSERT INTO loyalty_orders (") + std::string(kOrderColumns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (tenant, order_id) DO UPDATE SET "
      "refunded = excluded.refunded, points = excluded.points, "
      "points_reversed = excluded.points_reversed");
  s.bind_all(row.tenant, row.order_id, row.user_id, row.amount, row.refunded, row.points,
             row.points_reversed, row.paid_at_ms);
  s.step();
}

void SqlLoyaltyStore::add_level_change(const LevelChangeRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO loyalty_level_changes (tenant, operation_id, user_id, old_code, new_code, "
      "cause, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  s.bind_all(row.tenant, row.operation_id, row.user_id, row.old_code, row.new_code, row.cause,
             row.at_ms);
  s.step();
}

}  // namespace member::storage::sql

namespace member::storage::sql {
namespace {

constexpr std::string_view kBenefitColumns =
    "tenant, benefit_id, name, type, value, description, min_level, usage_limit, period, "
    "valid_from, valid_until, active";

BenefitRow read_benefit(Statement& s) {
  return {s.get_text(0), s.get_text(1), s.get_text(2),
          s.get_text(3), s.get_int(4),  s.get_text(5),
          s.get_text(6), s.get_int(7),  static_cast<int>(s.get_int(8)),
          s.get_int(9),  s.get_int(10), s.get_int(11) != 0};
}

}  // namespace

std::vector<BenefitRow> SqlLoyaltyStore::benefits(const std::string& tenant) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kBenefitColumns) +
                             " FROM loyalty_benefits WHERE tenant = ?1 ORDER BY benefit_id");
  s.bind(1, tenant);
  std::vector<BenefitRow> rows;
  while (s.step()) rows.push_back(read_benefit(s));
  return rows;
}

std::optional<BenefitRow> SqlLoyaltyStore::find_benefit(const std::string& tenant,
                                                        const std::string& benefit_id) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kBenefitColumns) +
                             " FROM loyalty_benefits WHERE tenant = ?1 AND benefit_id = ?2");
  s.bind_all(tenant, benefit_id);
  if (!s.step()) return std::nullopt;
  return read_benefit(s);
}

void SqlLoyaltyStore::put_benefit(const BenefitRow& row) {
  Statement& s = db_.prepare(
      std::string("INSERT INTO loyalty_benefits (") + std::string(kBenefitColumns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
      "ON CONFLICT (tenant, benefit_id) DO UPDATE SET name = excluded.name, "
      "type = excluded.type, value = excluded.value, description = excluded.description, "
      "min_level = excluded.min_level, usage_limit = excluded.usage_limit, "
      "period = excluded.period, valid_from = excluded.valid_from, "
      "valid_until = excluded.valid_until, active = excluded.active");
  s.bind_all(row.tenant, row.benefit_id, row.name, row.type, row.value, row.description,
             row.min_level, row.usage_limit, row.period, row.valid_from_ms, row.valid_until_ms,
             row.active);
  s.step();
}

bool SqlLoyaltyStore::remove_benefit(const std::string& tenant, const std::string& benefit_id) {
  Statement& s = db_.prepare("DELETE FROM loyalty_benefits WHERE tenant = ?1 AND benefit_id = ?2");
  s.bind_all(tenant, benefit_id);
  s.step();
  return s.changes() == 1;
}

std::optional<BenefitUseRow> SqlLoyaltyStore::find_benefit_use(const std::string& tenant,
                                                               const std::string& request_key) {
  Statement& s = db_.prepare(
      "SELECT tenant, usage_id, benefit_id, user_id, order_id, request_key, used_at "
      "FROM loyalty_benefit_uses WHERE tenant = ?1 AND request_key = ?2");
  s.bind_all(tenant, request_key);
  if (!s.step()) return std::nullopt;
  return BenefitUseRow{s.get_text(0), s.get_text(1), s.get_text(2), s.get_text(3),
                       s.get_text(4), s.get_text(5), s.get_int(6)};
}

std::int64_t SqlLoyaltyStore::count_benefit_uses(const std::string& tenant,
                                                 const std::string& user_id,
                                                 const std::string& benefit_id,
                                                 std::int64_t from_ms, std::int64_t to_ms) {
  Statement& s = db_.prepare(
      "SELECT count(*) FROM loyalty_benefit_uses WHERE tenant = ?1 AND user_id = ?2 "
      "AND benefit_id = ?3 AND used_at >= ?4 AND used_at < ?5");
  s.bind_all(tenant, user_id, benefit_id, from_ms, to_ms);
  s.step();
  return s.get_int(0);
}

void SqlLoyaltyStore::add_benefit_use(const BenefitUseRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO loyalty_benefit_uses (tenant, usage_id, benefit_id, user_id, order_id, "
      "request_key, used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  s.bind_all(row.tenant, row.usage_id, row.benefit_id, row.user_id, row.order_id, row.request_key,
             row.used_at_ms);
  s.step();
}

}  // namespace member::storage::sql

namespace member::storage::sql {
namespace {

constexpr std::string_view kActivityColumns =
    "tenant, activity_id, title, description, category, required_level, start_time, end_time, "
    "max_participants, participants";

/// The WHERE clause of an activity filter; parameters ?1..?4.
constexpr std::string_view kActivityFilter =
    " WHERE tenant = ?1 AND (?2 = '' OR category = ?2) AND (?3 < 0 "
    "OR (?3 = 0 AND start_time > ?4) OR (?3 = 1 AND start_time <= ?4 AND end_time > ?4) "
    "OR (?3 = 2 AND end_time <= ?4))";

ActivityRow read_activity(Statement& s) {
  return {s.get_text(0), s.get_text(1), s.get_text(2), s.get_text(3), s.get_text(4),
          s.get_text(5), s.get_int(6),  s.get_int(7),  s.get_int(8),  s.get_int(9)};
}

}  // namespace

void SqlLoyaltyStore::put_activity(const ActivityRow& row) {
  Statement& s =
      db_.prepare(std::string("INSERT INTO loyalty_activities (") + std::string(kActivityColumns) +
                  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 0) "
                  "ON CONFLICT (tenant, activity_id) DO UPDATE SET title = excluded.title, "
                  "description = excluded.description, category = excluded.category, "
                  "required_level = excluded.required_level, start_time = excluded.start_time, "
                  "end_time = excluded.end_time, max_participants = excluded.max_participants");
  s.bind_all(row.tenant, row.activity_id, row.title, row.description, row.category,
             row.required_level, row.start_ms, row.end_ms, row.max_participants);
  s.step();
}

std::optional<ActivityRow> SqlLoyaltyStore::find_activity(const std::string& tenant,
                                                          const std::string& activity_id) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kActivityColumns) +
                             " FROM loyalty_activities WHERE tenant = ?1 AND activity_id = ?2" +
                             std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind_all(tenant, activity_id);
  if (!s.step()) return std::nullopt;
  return read_activity(s);
}

bool SqlLoyaltyStore::remove_activity(const std::string& tenant, const std::string& activity_id) {
  Statement& parts =
      db_.prepare("DELETE FROM loyalty_participations WHERE tenant = ?1 AND activity_id = ?2");
  parts.bind_all(tenant, activity_id);
  parts.step();
  Statement& s =
      db_.prepare("DELETE FROM loyalty_activities WHERE tenant = ?1 AND activity_id = ?2");
  s.bind_all(tenant, activity_id);
  s.step();
  return s.changes() == 1;
}

std::vector<ActivityRow> SqlLoyaltyStore::list_activities(const ActivityFilter& f,
                                                          std::uint32_t limit,
                                                          std::uint32_t offset) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kActivityColumns) +
                             " FROM loyalty_activities" + std::string(kActivityFilter) +
                             " ORDER BY start_time, activity_id LIMIT ?5 OFFSET ?6");
  s.bind_all(f.tenant, f.category, f.status, f.now_ms, limit, offset);
  std::vector<ActivityRow> rows;
  while (s.step()) rows.push_back(read_activity(s));
  return rows;
}

std::int64_t SqlLoyaltyStore::count_activities(const ActivityFilter& f) {
  Statement& s =
      db_.prepare("SELECT count(*) FROM loyalty_activities" + std::string(kActivityFilter));
  s.bind_all(f.tenant, f.category, f.status, f.now_ms);
  s.step();
  return s.get_int(0);
}

bool SqlLoyaltyStore::participates(const std::string& tenant, const std::string& activity_id,
                                   const std::string& user_id) {
  Statement& s = db_.prepare(
      "SELECT 1 FROM loyalty_participations WHERE tenant = ?1 AND activity_id = ?2 "
      "AND user_id = ?3");
  s.bind_all(tenant, activity_id, user_id);
  return s.step();
}

void SqlLoyaltyStore::add_participation(const std::string& tenant, const std::string& activity_id,
                                        const std::string& user_id,
                                        const std::string& participation_id, std::int64_t at_ms) {
  Statement& s = db_.prepare(
      "INSERT INTO loyalty_participations (tenant, activity_id, user_id, participation_id, "
      "joined_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  s.bind_all(tenant, activity_id, user_id, participation_id, at_ms);
  s.step();
  Statement& count = db_.prepare(
      "UPDATE loyalty_activities SET participants = participants + 1 "
      "WHERE tenant = ?1 AND activity_id = ?2");
  count.bind_all(tenant, activity_id);
  count.step();
}

}  // namespace member::storage::sql
