// bench/statistics: the time of each loyalty statistics call (C6, issue 8) on
// a SQLite database of 1,000,000 members.
//
// The database is made by the library (schema, keys, one registered template
// member), then filled with direct set-based SQL, not through registration
// (which hashes a password per member): 1,000,000 users (copies of the
// template's row under new ids, joined over the past year), a loyalty row and
// a points balance for each, a level change for every fifth, and a year of
// the ledger's daily totals. Then a System opens it and each statistics call
// runs five times; the best and worst times are printed. The target is under
// one second for each call: `ratio statistics_<call> <1000 ms / worst ms>
// target >= 1`.
//
//   statistics [--full] [--members N]   (default 1,000,000)
#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "member/member.hpp"
#include "support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
constexpr std::int64_t kDayMs = 86'400'000;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void check(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error(what);
}

/// The users table's columns, and for each the expression that fills a copy
/// of the template row: a new id and creation time, no identifiers (they are
/// unique; the copies sign in with nothing).
std::string user_columns(SQLite::Database& db, std::string& exprs) {
  SQLite::Statement info(db, "SELECT name FROM pragma_table_info('users') ORDER BY cid");
  std::string columns;
  while (info.executeStep()) {
    const std::string name = info.getColumn(0).getString();
    std::string expr = "t." + name;
    if (name == "id") expr = "printf('gen-%036d', n.i)";
    if (name == "created_at" || name == "updated_at") expr = "n.created";
    if (name == "username" || name == "username_key" || name == "email_index" ||
        name == "mobile_index" || name == "email" || name == "mobile") {
      expr = "NULL";
    }
    columns += (columns.empty() ? "" : ", ") + name;
    exprs += (exprs.empty() ? "" : ", ") + expr;
  }
  return columns;
}

/// Fills the closed database with `members` members, all in set-based statements.
void generate(const fs::path& file, const std::string& template_id, std::int64_t members,
              std::int64_t now) {
  SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
  db.exec(
      "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;"
      "PRAGMA cache_size=-262144;");
  std::string exprs;
  const std::string columns = user_columns(db, exprs);
  const std::string year = std::to_string(365 * kDayMs);
  const std::string series =
      "WITH RECURSIVE n0(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n0 WHERE i + 1 < " +
      std::to_string(members) + "), n(i, created) AS (SELECT i, " + std::to_string(now) +
      " - 1000 - (i * 7919) % " + year + " FROM n0) ";
  auto step = [&](const char* what, const std::string& sql) {
    const auto start = Clock::now();
    db.exec("BEGIN; " + sql + "; COMMIT;");
    std::printf("  generate: %-22s %8.0f ms\n", what, ms_since(start));
    std::fflush(stdout);
  };
  step("users", series + "INSERT INTO users (" + columns + ") SELECT " + exprs +
                    " FROM n, users t WHERE t.id = '" + template_id + "'");
  // Spend 0..29,999.99; the level its spend reaches on the default ladder;
  // last active within the past 90 days.
  step("loyalty_members",
       series +
           "INSERT INTO loyalty_members (tenant, user_id, level_code, manual, total_spent, "
           "orders, level_since, last_active) SELECT 'default', printf('gen-%036d', i), "
           "CASE WHEN s >= 2000000 THEN 'PLATINUM' WHEN s >= 500000 THEN 'GOLD' "
           "WHEN s >= 200000 THEN 'SILVER' WHEN s >= 50000 THEN 'BRONZE' ELSE 'BASIC' END, "
           "0, s, 1 + i % 20, created, " +
           std::to_string(now) + " - (i * 31) % " + std::to_string(90 * kDayMs) +
           " FROM (SELECT i, created, (i * 104729) % 3000000 AS s FROM n)");
  step("ledger_balances",
       series +
           "INSERT INTO ledger_balances (tenant, user_id, asset, posted, frozen, due_at) "
           "SELECT 'default', printf('gen-%036d', i), 0, ((i * 104729) % 3000000) / 100, 0, 0 "
           "FROM n");
  // The running points totals per level the ledger keeps: the balances just
  // made, summed by their member's level.
  step("loyalty_level_points",
       "INSERT INTO loyalty_level_points (tenant, level_code, shard, points) "
       "SELECT m.tenant, m.level_code, 0, sum(b.posted) FROM loyalty_members m "
       "JOIN ledger_balances b ON b.tenant = m.tenant AND b.user_id = m.user_id "
       "AND b.asset = 0 GROUP BY m.tenant, m.level_code");
  step("loyalty_level_changes",
       series +
           "INSERT INTO loyalty_level_changes (tenant, operation_id, user_id, old_code, "
           "new_code, cause, at) SELECT 'default', printf('gen-%036d', i), "
           "printf('gen-%036d', i), 'BASIC', 'BRONZE', 0, created + 3600000 FROM n "
           "WHERE i % 5 = 0");
  step("ledger_daily",
       "WITH RECURSIVE d(day) AS (SELECT " + std::to_string(now / kDayMs - 365) +
           " UNION ALL SELECT day + 1 FROM d WHERE day < " + std::to_string(now / kDayMs) +
           "), s(shard) AS (SELECT 0 UNION ALL SELECT shard + 1 FROM s WHERE shard < 7) "
           "INSERT INTO ledger_daily (tenant, asset, day, shard, earned, spent) "
           "SELECT 'default', 0, day, shard, 1000 + (day * 13 + shard) % 997, "
           "500 + (day * 7 + shard) % 499 FROM d, s");
  const auto start = Clock::now();
  db.exec("ANALYZE");
  std::printf("  generate: %-22s %8.0f ms\n", "analyze", ms_since(start));
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t members = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--full") continue;  // the default is already the full size
    if (arg == "--members" && i + 1 < argc) {
      members = std::atoll(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: %s [--full] [--members N]\n", argv[0]);
      return 2;
    }
  }
  try {
    member::bench::TempDir dir;
    const fs::path file = dir.path() / "statistics.db";
    member::Options options;
    options.database = file.string();
    options.password_hashing = {.memory_kib = 64, .iterations = 1, .parallelism = 1};
    std::string template_id;
    {
      member::System maker(options);
      member::RegisterRequest r;
      r.username = "template";
      r.password = "tangerine-Voyage-42";
      template_id = maker.accounts().register_user(member::Actor::anonymous(), r);
    }
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    std::printf("statistics: %" PRId64 " members\n", members);
    const auto start = Clock::now();
    generate(file, template_id, members, now);
    std::printf("statistics: generated in %.0f s; %.2f GB\n", ms_since(start) / 1000,
                static_cast<double>(fs::file_size(file)) / 1e9);

    member::System sys(options);
    auto& loyalty = sys.loyalty();
    const member::Actor admin = member::Actor::admin("bench");
    const auto now_tp = std::chrono::system_clock::now();
    struct Call {
      const char* name;
      std::function<void()> run;
    };
    const Call calls[] = {
        {"overview",
         [&] {
           const auto o = loyalty.overview(admin, 30);
           check(o.total_members == members + 1, "overview: wrong member count");
           check(o.points_issued > 0, "overview: no points issued");
         }},
        {"level_distribution",
         [&] {
           const auto d = loyalty.level_distribution(admin);
           std::int64_t sum = 0;
           for (const auto& l : d) sum += l.count;
           check(sum == members + 1, "level_distribution: counts do not add up");
         }},
        {"trends_30d",
         [&] {
           const auto t = loyalty.trends(admin, now_tp - std::chrono::hours(24 * 30), now_tp);
           check(t.size() == 30, "trends: wrong number of days");
         }},
        {"trends_365d",
         [&] {
           const auto t = loyalty.trends(admin, now_tp - std::chrono::hours(24 * 365), now_tp);
           check(t.size() == 365, "trends: wrong number of days");
         }},
        {"profile", [&] { loyalty.profile(admin, template_id); }},
    };
    std::string ratios;
    for (const Call& call : calls) {
      double best = 1e18;
      double worst = 0;
      for (int round = 0; round < 5; ++round) {
        const auto t0 = Clock::now();
        call.run();
        const double ms = ms_since(t0);
        best = std::min(best, ms);
        worst = std::max(worst, ms);
      }
      std::printf("%-20s best %8.1f ms  worst %8.1f ms\n", call.name, best, worst);
      char line[160];
      std::snprintf(line, sizeof line, "ratio statistics_%s %.2f target >= 1\n", call.name,
                    1000.0 / worst);
      ratios += line;
    }
    std::fputs(ratios.c_str(), stdout);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "statistics: %s\n", e.what());
    return 1;
  }
  return 0;
}
