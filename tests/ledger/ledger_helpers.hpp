// Helpers shared by the ledger tests (C1, C7): a System on a real database
// with a manual clock and two members, request shortcuts, and the ledger's
// invariants checked straight in the database (SQLite file or PostgreSQL).
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "accounts/account_helpers.hpp"
#include "member/ledger.hpp"

namespace member::test {

inline const Actor kAdmin = Actor::admin("op");
inline const Actor kSystemActor = Actor::system();

using Days = std::chrono::days;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

/// A UTC time: ymd(2024, 3, 15) + hours(12).
inline TimePoint ymd(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return TimePoint{sys_days{year{y} / month{m} / day{d}}.time_since_epoch()};
}

/// 2024-03-15 12:00:00 UTC: where the ledger tests' clocks start.
inline TimePoint start_time() {
  return ymd(2024, 3, 15) + hours(12);
}

inline std::int64_t ms_of(TimePoint t) {
  return std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count();
}

/// Runs `f`, which must throw member::Error with `code`, and returns the error.
template <class F>
Error error_of(F&& f, Errc code) {
  try {
    f();
  } catch (const Error& e) {
    CHECK_MESSAGE(e.code() == code,
                  "got " << std::string(to_string(e.code())) << ": " << std::string(e.what()));
    return e;
  }
  FAIL_CHECK("expected member::Error " << std::string(to_string(code)));
  return Error(Errc::internal, "no error was thrown");
}

/// Reads query results as text, from a SQLite file or a PostgreSQL schema.
class SqlProbe {
 public:
  virtual ~SqlProbe() = default;
  virtual std::vector<std::vector<std::string>> rows(const std::string& sql) = 0;
};

class SqliteProbe final : public SqlProbe {
 public:
  explicit SqliteProbe(std::string path) : path_(std::move(path)) {}
  std::vector<std::vector<std::string>> rows(const std::string& sql) override {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    db.setBusyTimeout(10000);
    SQLite::Statement s(db, sql);
    std::vector<std::vector<std::string>> out;
    while (s.executeStep()) {
      std::vector<std::string> row;
      for (int i = 0; i < s.getColumnCount(); ++i) row.push_back(s.getColumn(i).getString());
      out.push_back(std::move(row));
    }
    return out;
  }

 private:
  std::string path_;
};

#ifdef MEMBER_TEST_WITH_POSTGRES
/// Defined in ledger_helpers_postgres.cpp (needs libpq).
std::unique_ptr<SqlProbe> postgres_probe(const std::string& conninfo);
#endif

/// Every rule that must hold between the ledger tables at rest, as queries
/// returning the rows that break it (none when all is well).
inline const std::vector<std::pair<std::string, std::string>>& invariant_queries() {
  static const std::vector<std::pair<std::string, std::string>> queries = {
      {"balance = journal = lots; frozen = journal frozen = lots frozen = pending holds; "
       "0 <= frozen <= posted",
       "SELECT * FROM (SELECT b.user_id, b.asset, b.posted, b.frozen,"
       " (SELECT coalesce(sum(e.amount), 0) FROM ledger_entries e WHERE e.tenant = b.tenant"
       "   AND e.user_id = b.user_id AND e.asset = b.asset) AS journal,"
       " (SELECT coalesce(sum(e.frozen_change), 0) FROM ledger_entries e WHERE e.tenant = b.tenant"
       "   AND e.user_id = b.user_id AND e.asset = b.asset) AS journal_frozen,"
       " (SELECT coalesce(sum(l.remaining), 0) FROM ledger_lots l WHERE l.tenant = b.tenant"
       "   AND l.user_id = b.user_id AND l.asset = b.asset) AS lots,"
       " (SELECT coalesce(sum(l.frozen), 0) FROM ledger_lots l WHERE l.tenant = b.tenant"
       "   AND l.user_id = b.user_id AND l.asset = b.asset) AS lots_frozen,"
       " (SELECT coalesce(sum(h.amount), 0) FROM ledger_holds h WHERE h.tenant = b.tenant"
       "   AND h.user_id = b.user_id AND h.asset = b.asset AND h.state = 0) AS held"
       " FROM ledger_balances b) t"
       " WHERE posted <> journal OR posted <> lots OR frozen <> journal_frozen"
       " OR frozen <> lots_frozen OR frozen <> held OR frozen < 0 OR posted < frozen"},
      {"journal entries without a balance",
       "SELECT e.entry_id, e.user_id, e.asset FROM ledger_entries e WHERE NOT EXISTS"
       " (SELECT 1 FROM ledger_balances b WHERE b.tenant = e.tenant AND b.user_id = e.user_id"
       "  AND b.asset = e.asset)"},
      {"lots without a balance",
       "SELECT l.lot_id, l.user_id, l.asset FROM ledger_lots l WHERE NOT EXISTS"
       " (SELECT 1 FROM ledger_balances b WHERE b.tenant = l.tenant AND b.user_id = l.user_id"
       "  AND b.asset = l.asset)"},
      {"lot with 0 <= frozen <= remaining <= amount broken",
       "SELECT lot_id, amount, remaining, frozen FROM ledger_lots"
       " WHERE remaining < 0 OR frozen < 0 OR frozen > remaining OR remaining > amount"
       " OR amount <= 0"},
      {"lot without the entry that created it",
       "SELECT l.lot_id, l.amount FROM ledger_lots l WHERE NOT EXISTS (SELECT 1 FROM"
       " ledger_entries e WHERE e.tenant = l.tenant AND e.entry_id = l.lot_id"
       " AND e.amount = l.amount AND e.kind IN (0, 6) AND e.user_id = l.user_id"
       " AND e.asset = l.asset)"},
      {"lot: what left it (amount - remaining) differs from its recorded consumptions",
       "SELECT l.lot_id, l.amount, l.remaining, coalesce(c.consumed, 0) FROM ledger_lots l"
       " LEFT JOIN (SELECT tenant, lot_id, sum(amount) AS consumed FROM ledger_consumptions"
       "  GROUP BY tenant, lot_id) c ON c.tenant = l.tenant AND c.lot_id = l.lot_id"
       " WHERE l.amount - l.remaining <> coalesce(c.consumed, 0)"},
      // Entries that create a lot (earn, positive adjust) consume nothing;
      // every other entry's amount is what it took from (or, for a refund,
      // gave back to) the lots it records.
      {"entry: its amount differs from the lots it records consuming",
       "SELECT e.entry_id, e.kind, e.amount, coalesce(c.consumed, 0) FROM ledger_entries e"
       " LEFT JOIN (SELECT tenant, entry_id, sum(amount) AS consumed FROM ledger_consumptions"
       "  GROUP BY tenant, entry_id) c ON c.tenant = e.tenant AND c.entry_id = e.entry_id"
       " WHERE CASE WHEN e.kind = 0 OR (e.kind = 6 AND e.amount > 0)"
       " THEN coalesce(c.consumed, 0) <> 0 ELSE -e.amount <> coalesce(c.consumed, 0) END"},
      {"lot frozen differs from the shares of pending holds on it",
       "SELECT l.lot_id, l.frozen, coalesce(s.held, 0) FROM ledger_lots l LEFT JOIN"
       " (SELECT hs.tenant, hs.lot_id, sum(hs.amount) AS held FROM ledger_hold_shares hs"
       "  JOIN ledger_holds h ON h.tenant = hs.tenant AND h.hold_id = hs.hold_id"
       "  WHERE h.state = 0 GROUP BY hs.tenant, hs.lot_id) s"
       " ON s.tenant = l.tenant AND s.lot_id = l.lot_id WHERE l.frozen <> coalesce(s.held, 0)"},
      {"hold amount differs from its shares",
       "SELECT h.hold_id, h.amount, coalesce(s.shared, 0) FROM ledger_holds h LEFT JOIN"
       " (SELECT tenant, hold_id, sum(amount) AS shared FROM ledger_hold_shares"
       "  GROUP BY tenant, hold_id) s ON s.tenant = h.tenant AND s.hold_id = h.hold_id"
       " WHERE h.amount <> coalesce(s.shared, 0) OR h.amount <= 0"},
      {"whole database: journal total differs from balance total",
       "SELECT * FROM (SELECT (SELECT coalesce(sum(amount), 0) FROM ledger_entries) AS j,"
       " (SELECT coalesce(sum(posted), 0) FROM ledger_balances) AS b,"
       " (SELECT coalesce(sum(frozen_change), 0) FROM ledger_entries) AS jf,"
       " (SELECT coalesce(sum(frozen), 0) FROM ledger_balances) AS bf) t"
       " WHERE j <> b OR jf <> bf"},
  };
  return queries;
}

/// Checks every invariant; each broken one fails the test with its rows.
/// Returns true when all hold.
inline bool check_invariants(SqlProbe& probe) {
  bool ok = true;
  for (const auto& [what, sql] : invariant_queries()) {
    const auto bad = probe.rows(sql);
    if (bad.empty()) continue;
    ok = false;
    std::ostringstream rows;
    for (std::size_t i = 0; i < bad.size() && i < 5; ++i) {
      rows << "\n  ";
      for (const auto& v : bad[i]) rows << v << " ";
    }
    FAIL_CHECK("ledger invariant broken: " << what << " (" << bad.size() << " rows)" << rows.str());
  }
  return ok;
}

inline bool check_invariants(const std::string& sqlite_file) {
  SqliteProbe probe(sqlite_file);
  return check_invariants(probe);
}

/// posted and frozen of one balance row straight from the database (0, 0 when absent).
inline std::pair<std::int64_t, std::int64_t> raw_balance(SqlProbe& probe,
                                                         const std::string& user_id, Asset asset) {
  const auto r = probe.rows("SELECT posted, frozen FROM ledger_balances WHERE user_id = '" +
                            user_id + "' AND asset = " + std::to_string(static_cast<int>(asset)));
  if (r.empty()) return {0, 0};
  return {std::stoll(r[0][0]), std::stoll(r[0][1])};
}

/// One System on a fresh SQLite file with a manual clock, and two members.
struct LedgerFixture {
  TempDir dir;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(start_time());
  std::unique_ptr<System> sys;
  std::string alice;
  std::string bob;
  int keys = 0;

  explicit LedgerFixture(LedgerPolicy policy = {}) {
    Options o = file_options(dir, clock);
    o.points = std::move(policy);
    o.durability = Durability::normal;
    sys = std::make_unique<System>(std::move(o));
    alice = sys->accounts().register_user(Actor::anonymous(), with_username("alice"));
    bob = sys->accounts().register_user(Actor::anonymous(), with_username("bob"));
  }

  std::string db() const { return dir.file("member.db"); }
  Ledger& points() { return sys->points(); }
  Ledger& wallet() { return sys->wallet(); }
  std::string key() { return "key-" + std::to_string(++keys); }
  TimePoint now() const { return clock->now(); }

  Movement earn(const std::string& user, std::int64_t amount, std::string event = "PURCHASE",
                Ledger* ledger = nullptr) {
    return (ledger ? *ledger : points())
        .earn(kAdmin, {.user_id = user, .amount = amount, .key = key(), .event_type = event});
  }
  Movement use(const std::string& user, std::int64_t amount, Ledger* ledger = nullptr) {
    return (ledger ? *ledger : points())
        .use(kAdmin, {.user_id = user, .amount = amount, .key = key()});
  }
  Movement freeze(const std::string& user, std::int64_t amount,
                  std::optional<TimePoint> expires_at = {}, Ledger* ledger = nullptr) {
    return (ledger ? *ledger : points())
        .freeze(kAdmin,
                {.user_id = user, .amount = amount, .key = key(), .expires_at = expires_at});
  }
  Movement capture(const std::string& user, const std::string& hold, std::int64_t amount = 0,
                   Ledger* ledger = nullptr) {
    return (ledger ? *ledger : points())
        .capture(kAdmin, {.user_id = user, .hold_id = hold, .amount = amount, .key = key()});
  }
  Movement release(const std::string& user, const std::string& hold, Ledger* ledger = nullptr) {
    return (ledger ? *ledger : points())
        .release(kAdmin, {.user_id = user, .hold_id = hold, .key = key()});
  }
  Movement adjust(const std::string& user, std::int64_t amount,
                  std::string reason = "goodwill credit", Ledger* ledger = nullptr) {
    return (ledger ? *ledger : points())
        .adjust(kAdmin, {.user_id = user, .amount = amount, .key = key(), .reason = reason});
  }
  Summary summary(const std::string& user, seconds window = Days(30), Ledger* ledger = nullptr) {
    return (ledger ? *ledger : points()).summary(kAdmin, user, window);
  }
  std::int64_t available(const std::string& user, Ledger* ledger = nullptr) {
    return summary(user, Days(30), ledger).available;
  }
  History history(const std::string& user, std::optional<EntryKind> kind = {},
                  Ledger* ledger = nullptr) {
    HistoryQuery q;
    q.user_id = user;
    q.kind = kind;
    q.page.limit = 1000;
    return (ledger ? *ledger : points()).history(kAdmin, q);
  }
  bool invariants() { return check_invariants(db()); }
};

/// Everything a caller can observe about one user's ledger, to prove a
/// refused request changed nothing.
struct Snapshot {
  Summary summary;
  std::vector<std::string> entries;  ///< id, kind and amounts of every entry
  std::pair<std::int64_t, std::int64_t> raw;

  static Snapshot of(LedgerFixture& f, const std::string& user, Ledger* ledger = nullptr) {
    Snapshot s;
    s.summary = f.summary(user, Days(3650), ledger);
    for (const Entry& e : f.history(user, {}, ledger).entries) {
      s.entries.push_back(e.entry_id + "/" + std::string(to_string(e.kind)) + "/" +
                          std::to_string(e.amount) + "/" + std::to_string(e.frozen_change));
    }
    SqliteProbe probe(f.db());
    s.raw = raw_balance(probe, user, ledger == &f.wallet() ? Asset::money : Asset::points);
    return s;
  }
};

inline void check_same(const Snapshot& a, const Snapshot& b) {
  CHECK(a.summary.available == b.summary.available);
  CHECK(a.summary.frozen == b.summary.frozen);
  CHECK(a.summary.total == b.summary.total);
  CHECK(a.summary.expiring == b.summary.expiring);
  CHECK(a.summary.next_expiry == b.summary.next_expiry);
  CHECK(a.entries == b.entries);
  CHECK(a.raw == b.raw);
}

}  // namespace member::test
