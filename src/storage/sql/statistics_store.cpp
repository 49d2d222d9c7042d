// The queries behind loyalty statistics (C6) and the ledger's daily running
// totals they read. Each reads an index or a small table; none scans the
// journal.
#include <iterator>
#include <map>
#include <string>

#include "storage/sql/id_lists.hpp"
#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

constexpr std::int64_t kDayMs = 24 * 3600 * 1000;
constexpr std::uint32_t kDailyShards = 8;

std::int64_t floor_day(std::int64_t ms) {
  return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs);
}

/// Which of a day's (or a level's) few total rows a user's changes add to,
/// from the first hex digit of the (UUID) user id. The rows are written in
/// key order when the transaction commits (SqlLedgerStore::flush), so two
/// concurrent transactions cannot deadlock on them (PostgreSQL).
std::int64_t shard_of(const std::string& user_id) {
  static_assert(kDailyShards == 8, "16 hex digits map onto the shards two by two");
  if (user_id.empty()) return 0;
  const char c = user_id.front();
  const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : 0;
  return digit / 2;
}

std::int64_t single_int(Statement& s) {
  s.step();
  return s.is_null(0) ? 0 : s.get_int(0);
}

}  // namespace

void SqlLedgerStore::add_daily_totals(const std::string& tenant, int asset,
                                      const std::string& user_id, std::int64_t at_ms,
                                      std::int64_t earned, std::int64_t spent) {
  auto& totals = daily_[{tenant, asset, floor_day(at_ms), shard_of(user_id)}];
  totals.first += earned;
  totals.second += spent;
}

void SqlLedgerStore::flush() {
  flush_level_points();
  for (const auto& [key, totals] : daily_) {
    const auto& [tenant, asset, day, shard] = key;
    Statement& s = db_.prepare(
        "INSERT INTO ledger_daily (tenant, asset, day, shard, earned, spent) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tenant, asset, day, shard) DO UPDATE SET "
        "earned = ledger_daily.earned + excluded.earned, "
        "spent = ledger_daily.spent + excluded.spent");
    s.bind_all(tenant, asset, day, shard, totals.first, totals.second);
    s.run_deferred();
  }
  daily_.clear();
}

namespace {

/// The tail of an insert into the level totals that adds to a total already
/// there.
constexpr std::string_view kAddLevelPoints =
    " ON CONFLICT (tenant, level_code, shard) DO UPDATE SET "
    "points = loyalty_level_points.points + excluded.points";

/// Adds `points` to one level total.
void add_to_level_total(Connection& db, const std::string& tenant, const std::string& code,
                        std::int64_t shard, std::int64_t points) {
  Statement& s = db.prepare(
      "INSERT INTO loyalty_level_points (tenant, level_code, shard, points) "
      "VALUES (?1, ?2, ?3, ?4)" +
      std::string(kAddLevelPoints));
  s.bind_all(tenant, code, shard, points);
  s.run_deferred();
}

}  // namespace

void SqlLedgerStore::add_level_points(const std::string& tenant, const std::string& user_id,
                                      std::int64_t delta) {
  if (delta != 0) level_points_[{tenant, user_id}] += delta;
}

void SqlLedgerStore::flush_level_points() {
  // Each user's level is read now, with their balance row locked: a level
  // change (move_level_points) locks it too before it reads the balance, so
  // the points land where that move expects them.
  for (auto first = level_points_.begin(); first != level_points_.end();) {
    const std::string& tenant = first->first.first;
    auto last = first;
    while (last != level_points_.end() && last->first.first == tenant) ++last;
    if (std::next(first) == last) {
      // One user (a single change): the upsert reads the level itself.
      Statement& s = db_.prepare(
          "INSERT INTO loyalty_level_points (tenant, level_code, shard, points) "
          "SELECT CAST(?1 AS TEXT), coalesce((SELECT level_code FROM loyalty_members "
          "WHERE tenant = ?1 AND user_id = ?2), ''), CAST(?3 AS BIGINT), CAST(?4 AS BIGINT) "
          "WHERE true" +
          std::string(kAddLevelPoints));
      s.bind_all(tenant, first->first.second, shard_of(first->first.second), first->second);
      s.run_deferred();
    } else {
      // Several: their levels read first, then one write per total in key
      // order.
      std::vector<std::string> users;
      for (auto it = first; it != last; ++it) users.push_back(it->first.second);
      std::map<std::string, std::string> level_of;
      for_each_id_chunk(
          db_, users, 2,
          [](const std::string& list) {
            return "SELECT user_id, level_code FROM loyalty_members WHERE tenant = ?1 "
                   "AND user_id IN (" +
                   list + ")";
          },
          [&](Statement& s) {
            s.bind(1, tenant);
            while (s.step()) level_of.emplace(s.get_text(0), s.get_text(1));
          });
      std::map<std::pair<std::string, std::int64_t>, std::int64_t> totals;
      for (auto it = first; it != last; ++it) {
        const std::string& user = it->first.second;
        const auto level = level_of.find(user);
        totals[{level == level_of.end() ? std::string() : level->second, shard_of(user)}] +=
            it->second;
      }
      for (const auto& [row, points] : totals) {
        add_to_level_total(db_, tenant, row.first, row.second, points);
      }
    }
    first = last;
  }
  level_points_.clear();
}

void SqlLedgerStore::move_level_points(const std::string& tenant, const std::string& user_id,
                                       const std::string& from_code, const std::string& to_code) {
  if (from_code == to_code) return;
  flush_level_points();
  Statement& read = db_.prepare(
      "SELECT posted FROM ledger_balances WHERE tenant = ?1 AND user_id = ?2 AND asset = 0" +
      std::string(db_.dialect().lock_rows));
  read.bind_all(tenant, user_id);
  if (!read.step()) return;
  const std::int64_t posted = read.get_int(0);
  if (posted == 0) return;
  std::map<std::string, std::int64_t> moves = {{from_code, -posted}, {to_code, posted}};
  for (const auto& [code, delta] : moves) {  // in key order, as flush_level_points
    add_to_level_total(db_, tenant, code, shard_of(user_id), delta);
  }
}

std::int64_t SqlLoyaltyStore::count_new_users(const std::string& tenant, std::int64_t from_ms,
                                              std::int64_t to_ms) {
  Statement& s = db_.prepare(
      "SELECT count(*) FROM users WHERE tenant = ?1 AND created_at >= ?2 AND created_at < ?3");
  s.bind_all(tenant, from_ms, to_ms);
  return single_int(s);
}

std::int64_t SqlLoyaltyStore::count_active_members(const std::string& tenant,
                                                   std::int64_t since_ms) {
  Statement& s =
      db_.prepare("SELECT count(*) FROM loyalty_members WHERE tenant = ?1 AND last_active >= ?2");
  s.bind_all(tenant, since_ms);
  return single_int(s);
}

std::pair<std::int64_t, std::int64_t> SqlLoyaltyStore::points_totals(const std::string& tenant) {
  Statement& s = db_.prepare(
      "SELECT CAST(coalesce(sum(earned), 0) AS BIGINT), CAST(coalesce(sum(spent), 0) AS BIGINT) "
      "FROM ledger_daily WHERE tenant = ?1 AND asset = 0");
  s.bind(1, tenant);
  s.step();
  return {s.get_int(0), s.get_int(1)};
}

std::vector<LevelTotals> SqlLoyaltyStore::level_totals(const std::string& tenant) {
  std::map<std::string, LevelTotals> by_code;
  Statement& members = db_.prepare(
      "SELECT level_code, count(*), CAST(coalesce(sum(total_spent), 0) AS BIGINT) "
      "FROM loyalty_members WHERE tenant = ?1 GROUP BY level_code");
  members.bind(1, tenant);
  while (members.step()) {
    auto& t = by_code[members.get_text(0)];
    t.members = members.get_int(1);
    t.spent = members.get_int(2);
  }
  Statement& points = db_.prepare(
      "SELECT level_code, CAST(sum(points) AS BIGINT) FROM loyalty_level_points "
      "WHERE tenant = ?1 GROUP BY level_code");
  points.bind(1, tenant);
  while (points.step()) by_code[points.get_text(0)].points = points.get_int(1);
  std::vector<LevelTotals> rows;
  for (auto& [code, t] : by_code) {
    t.level_code = code;
    rows.push_back(std::move(t));
  }
  return rows;
}

std::vector<DailyTotals> SqlLoyaltyStore::daily_totals(const std::string& tenant,
                                                       std::int64_t from_day, std::int64_t to_day) {
  std::map<std::int64_t, DailyTotals> days;
  const auto day = [&](std::int64_t d) -> DailyTotals& {
    auto& t = days[d];
    t.day = d;
    return t;
  };
  Statement& users = db_.prepare(
      "SELECT created_at / 86400000, count(*) FROM users WHERE tenant = ?1 "
      "AND created_at >= ?2 AND created_at < ?3 GROUP BY created_at / 86400000");
  users.bind_all(tenant, from_day * kDayMs, to_day * kDayMs);
  while (users.step()) day(users.get_int(0)).new_members = users.get_int(1);
  Statement& ups = db_.prepare(
      "SELECT at / 86400000, count(*) FROM loyalty_level_changes WHERE tenant = ?1 "
      "AND at >= ?2 AND at < ?3 AND cause = 0 GROUP BY at / 86400000");
  ups.bind_all(tenant, from_day * kDayMs, to_day * kDayMs);
  while (ups.step()) day(ups.get_int(0)).upgrades = ups.get_int(1);
  Statement& points = db_.prepare(
      "SELECT day, CAST(sum(earned) AS BIGINT), CAST(sum(spent) AS BIGINT) FROM ledger_daily "
      "WHERE tenant = ?1 AND asset = 0 AND day >= ?2 AND day < ?3 GROUP BY day");
  points.bind_all(tenant, from_day, to_day);
  while (points.step()) {
    auto& t = day(points.get_int(0));
    t.earned = points.get_int(1);
    t.spent = points.get_int(2);
  }
  std::vector<DailyTotals> out;
  for (auto& [d, t] : days) out.push_back(t);
  return out;
}

}  // namespace member::storage::sql
