#include <algorithm>
#include <limits>
#include <string>

#include "storage/sql/entry_chain.hpp"
#include "storage/sql/id_lists.hpp"
#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

constexpr std::string_view kLotColumns =
    "tenant, lot_id, user_id, asset, amount, remaining, frozen, expires_at, created_at";

LotRow read_lot(Statement& s) {
  return {s.get_text(0), s.get_text(1), s.get_text(2), static_cast<int>(s.get_int(3)),
          s.get_int(4),  s.get_int(5),  s.get_int(6),  s.get_int(7),
          s.get_int(8)};
}

constexpr std::string_view kEntryColumns =
    "tenant, entry_id, user_id, asset, kind, amount, frozen_change, event_type, description, "
    "related_order, related_data, hold_id, request_key, created_at, expires_at, reversed_by, "
    "prev_entry";

/// The chain of an entry filter's account and the WHERE clause over it;
/// parameters ?1..?6.
const std::string kFilteredChain = entry_chain("b.tenant = ?1 AND b.user_id = ?2 AND b.asset = ?3");
constexpr std::string_view kEntryFilter =
    " WHERE (?4 < 0 OR kind = ?4) AND created_at >= ?5 AND created_at < ?6";

EntryRow read_entry(Statement& s) {
  return {s.get_text(0),
          s.get_text(1),
          s.get_text(2),
          static_cast<int>(s.get_int(3)),
          static_cast<int>(s.get_int(4)),
          s.get_int(5),
          s.get_int(6),
          s.get_text(7),
          s.get_text(8),
          s.get_text(9),
          s.get_text(10),
          s.get_text(11),
          s.get_text(12),
          s.get_int(13),
          s.get_int(14),
          s.get_text(15),
          s.get_text(16)};
}

void bind_filter(Statement& s, const EntryFilter& f) {
  s.bind_all(f.tenant, f.user_id, f.asset, f.kind ? *f.kind : -1,
             f.from_ms ? *f.from_ms : std::numeric_limits<std::int64_t>::min(),
             f.to_ms ? *f.to_ms : std::numeric_limits<std::int64_t>::max());
}

std::vector<std::string> user_ids(Statement& s) {
  std::vector<std::string> users;
  while (s.step()) users.push_back(s.get_text(0));
  return users;
}

/// One account's balance row is locked by a SELECT ... FOR UPDATE
/// (PostgreSQL; SQLite's writer is exclusive) and, when missing, created by an
/// INSERT ... ON CONFLICT DO NOTHING (which waits for a concurrent creator)
/// and selected again. Locking with an upsert would write a new row version,
/// which on PostgreSQL also makes the later UPDATE re-check the row's
/// foreign key; batches still do (lock_balances says why).
constexpr std::string_view kCreateBalance =
    "INSERT INTO ledger_balances (tenant, user_id, asset, posted, frozen, due_at) ";
constexpr std::string_view kLockedBalance = "SELECT b.posted, b.frozen, b.due_at, b.last_entry";
/// The tail of an INSERT of balances that also locks those already there
/// (PostgreSQL locks a row an ON CONFLICT DO UPDATE touches), returning the
/// columns of kLockedBalance and the user id.
constexpr std::string_view kLockBalanceByUpsert =
    " ON CONFLICT (tenant, user_id, asset) DO UPDATE SET posted = ledger_balances.posted "
    "RETURNING posted, frozen, due_at, last_entry, user_id";

/// The balance row kLockedBalance returned, its columns from `first` on.
BalanceRow read_locked_balance(Statement& s, int first, const std::string& tenant,
                               std::string user_id, int asset) {
  return {tenant,
          std::move(user_id),
          asset,
          s.get_int(first),
          s.get_int(first + 1),
          s.get_int(first + 2),
          s.get_text(first + 3)};
}

/// The key's row, whose {fingerprint, result} read_key reads.
Statement& key_statement(Connection& db, const std::string& tenant, int asset,
                         const std::string& key) {
  Statement& s = db.prepare(
      "SELECT fingerprint, result FROM ledger_requests "
      "WHERE tenant = ?1 AND asset = ?2 AND request_key = ?3");
  s.bind_all(tenant, asset, key);
  return s;
}

std::optional<std::pair<std::string, std::string>> read_key(Statement& s) {
  if (!s.step()) return std::nullopt;
  return std::pair{s.get_text(0), s.get_text(1)};
}

/// Both of a change's keys in one statement ("" matches no stored key). Two
/// lookups of the whole primary key, not `request_key IN (?3, ?4)`:
/// PostgreSQL's generic plan for the IN list, made while the table was
/// still small, scanned the whole table, and each change grew slower.
Statement& keys_statement(Connection& db, const std::string& tenant, int asset,
                          const RequestKeys& keys) {
  Statement& s = db.prepare(
      "SELECT request_key, fingerprint, result FROM ledger_requests "
      "WHERE tenant = ?1 AND asset = ?2 AND request_key = ?3 "
      "UNION ALL SELECT request_key, fingerprint, result FROM ledger_requests "
      "WHERE tenant = ?1 AND asset = ?2 AND request_key = ?4");
  s.bind_all(tenant, asset, keys.own, keys.shared);
  return s;
}

/// keys_statement's rows into ChangeStart::first and shared_first.
void read_keys(Statement& s, const RequestKeys& keys, ChangeStart& start) {
  while (s.step()) {
    auto& slot = s.get_text(0) == keys.own ? start.first : start.shared_first;
    slot = std::pair{s.get_text(1), s.get_text(2)};
  }
}

}  // namespace

std::optional<std::pair<std::string, std::string>> SqlLedgerStore::find_key(
    const std::string& tenant, int asset, const std::string& key) {
  return read_key(key_statement(db_, tenant, asset, key));
}

void SqlLedgerStore::record_key(const std::string& tenant, int asset, const std::string& key,
                                const std::string& fingerprint, const std::string& result,
                                std::int64_t now_ms) {
  // No ON CONFLICT: a key a concurrent transaction stored first is a unique
  // violation, which the drivers report as Errc::conflict with field "key".
  Statement& s = db_.prepare(
      "INSERT INTO ledger_requests (tenant, asset, request_key, fingerprint, result, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s.bind_all(tenant, asset, key, fingerprint, result, now_ms);
  s.run_deferred();
}

ChangeStart SqlLedgerStore::start_change(const std::string& tenant, int asset,
                                         const RequestKeys& keys, const std::string& user_id,
                                         int status, bool with_open_lots) {
  // lock_balance for a user in `status`, the user row locked with it.
  const auto lock = [&]() -> Statement& {
    Statement& s = db_.prepare(std::string(kLockedBalance) +
                               " FROM users u JOIN ledger_balances b "
                               "ON b.tenant = u.tenant AND b.user_id = u.id "
                               "WHERE u.tenant = ?1 AND u.id = ?2 AND u.status = ?4 "
                               "AND b.asset = ?3" +
                               std::string(db_.dialect().lock_rows));
    s.bind_all(tenant, user_id, asset, status);
    return s;
  };
  const auto locked = [&](Statement& s) -> std::optional<BalanceRow> {
    if (!s.step()) return std::nullopt;
    return read_locked_balance(s, 0, tenant, user_id, asset);
  };
  // Queued in this order, so the key is read after the lock is held (a
  // change with the same key that held it has committed by then) and the
  // lots are the locked account's.
  Statement& first_lock = lock();
  first_lock.run_ahead();
  Statement& first_keys = keys_statement(db_, tenant, asset, keys);
  first_keys.run_ahead();
  Statement* lots = with_open_lots ? &open_lots_statement(tenant, user_id, asset) : nullptr;
  if (lots) lots->run_ahead();
  ChangeStart start;
  start.balance = locked(first_lock);
  read_keys(first_keys, keys, start);
  if (start.first) {
    start.balance.reset();
    return start;
  }
  if (start.balance) {
    if (lots) start.open_lots = read_lots(*lots);
    return start;
  }
  // The account's first change (or a user not in `status`).
  Statement& create = db_.prepare(std::string(kCreateBalance) +
                                  "SELECT tenant, id, CAST(?3 AS BIGINT), 0, 0, 0 FROM users "
                                  "WHERE tenant = ?1 AND id = ?2 AND status = ?4 "
                                  "ON CONFLICT DO NOTHING");
  create.bind_all(tenant, user_id, asset, status);
  create.run_deferred();
  // A new balance row has no lots yet: none are read (open_lots stays
  // unset). The keys are read again: a concurrent first change with one,
  // whose row the create waited for, has committed by now (and the user may
  // have left `status` since, which must not hide its answer).
  start.balance = locked(lock());
  read_keys(keys_statement(db_, tenant, asset, keys), keys, start);
  if (start.first) start.balance.reset();
  return start;
}

BalanceRow SqlLedgerStore::lock_balance(const std::string& tenant, const std::string& user_id,
                                        int asset) {
  const auto lock = [&]() -> std::optional<BalanceRow> {
    Statement& s = db_.prepare(std::string(kLockedBalance) +
                               " FROM ledger_balances b "
                               "WHERE b.tenant = ?1 AND b.user_id = ?2 AND b.asset = ?3" +
                               std::string(db_.dialect().lock_rows));
    s.bind_all(tenant, user_id, asset);
    if (!s.step()) return std::nullopt;
    return read_locked_balance(s, 0, tenant, user_id, asset);
  };
  if (auto balance = lock()) return std::move(*balance);
  Statement& create = db_.prepare(std::string(kCreateBalance) +
                                  "VALUES (?1, ?2, ?3, 0, 0, 0) ON CONFLICT DO NOTHING");
  create.bind_all(tenant, user_id, asset);
  create.run_deferred();
  if (auto balance = lock()) return std::move(*balance);
  throw Error(Errc::internal, "a balance row vanished");
}

std::vector<BalanceRow> SqlLedgerStore::lock_balances(const std::string& tenant,
                                                      std::vector<std::string> user_ids,
                                                      int asset) {
  // Many users per statement, created when missing and locked by an upsert
  // that touches each row (kLockBalanceByUpsert): INSERT ... SELECT visits
  // them in id order, so two batches lock shared rows in one order. Unlike
  // a SELECT ... FOR UPDATE over an id list, whose PostgreSQL plan turned
  // into scans while the balances had no statistics (26 ms per 128 ids
  // instead of 1.4), the upsert always finds its rows through its
  // conflict index.
  sort_unique(user_ids);
  std::vector<BalanceRow> balances;
  balances.reserve(user_ids.size());
  for_each_id_chunk(
      db_, user_ids, 3,
      [](const std::string& list) {
        return std::string(kCreateBalance) +
               "SELECT tenant, id, CAST(?2 AS BIGINT), 0, 0, 0 FROM users "
               "WHERE tenant = ?1 AND id IN (" +
               list + ") ORDER BY id" + std::string(kLockBalanceByUpsert);
      },
      [&](Statement& s) {
        s.bind_all(tenant, asset);
        while (s.step())
          balances.push_back(read_locked_balance(s, 0, tenant, s.get_text(4), asset));
      });
  std::sort(balances.begin(), balances.end(),
            [](const BalanceRow& a, const BalanceRow& b) { return a.user_id < b.user_id; });
  return balances;
}

void SqlLedgerStore::save_balance(const BalanceRow& row) {
  // An UPDATE that sets due_at rewrites its index entry even to the same
  // value (SQLite), so it is set only when it changed: most changes leave it.
  Statement& s = db_.prepare(
      row.due_at_changed
          ? "UPDATE ledger_balances SET posted = ?4, frozen = ?5, last_entry = ?6, due_at = ?7 "
            "WHERE tenant = ?1 AND user_id = ?2 AND asset = ?3"
          : "UPDATE ledger_balances SET posted = ?4, frozen = ?5, last_entry = ?6 "
            "WHERE tenant = ?1 AND user_id = ?2 AND asset = ?3");
  s.bind_all(row.tenant, row.user_id, row.asset, row.posted, row.frozen, row.last_entry_id);
  if (row.due_at_changed) s.bind(7, row.due_at_ms);
  s.run_deferred();
}

void SqlLedgerStore::insert_lot(const LotRow& row) {
  Statement& s = db_.prepare(std::string("INSERT INTO ledger_lots (") + std::string(kLotColumns) +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  s.bind_all(row.tenant, row.lot_id, row.user_id, row.asset, row.amount, row.remaining, row.frozen,
             row.expires_at_ms, row.created_at_ms);
  s.run_deferred();
}

void SqlLedgerStore::update_lot(const LotRow& row) {
  Statement& s = db_.prepare(
      "UPDATE ledger_lots SET remaining = ?3, frozen = ?4 WHERE tenant = ?1 AND lot_id = ?2");
  s.bind_all(row.tenant, row.lot_id, row.remaining, row.frozen);
  s.run_deferred();
}

Statement& SqlLedgerStore::open_lots_statement(const std::string& tenant,
                                               const std::string& user_id, int asset) {
  Statement& s = db_.prepare(
      std::string("SELECT ") + std::string(kLotColumns) +
      " FROM ledger_lots WHERE tenant = ?1 AND user_id = ?2 AND asset = ?3 AND remaining > 0 "
      "ORDER BY CASE WHEN expires_at = 0 THEN 1 ELSE 0 END, expires_at, created_at, lot_id");
  s.bind_all(tenant, user_id, asset);
  return s;
}

std::vector<LotRow> SqlLedgerStore::read_lots(Statement& s) {
  std::vector<LotRow> lots;
  while (s.step()) lots.push_back(read_lot(s));
  return lots;
}

std::vector<LotRow> SqlLedgerStore::open_lots(const std::string& tenant, const std::string& user_id,
                                              int asset) {
  return read_lots(open_lots_statement(tenant, user_id, asset));
}

std::vector<std::string> SqlLedgerStore::users_due(const std::string& tenant, int asset,
                                                   std::int64_t now_ms, std::uint32_t limit) {
  Statement& s = db_.prepare(
      // due_at > 0 lets the engines use the partial index ledger_balances_due.
      "SELECT user_id FROM ledger_balances WHERE tenant = ?1 AND asset = ?2 "
      "AND due_at > 0 AND due_at <= ?3 ORDER BY user_id LIMIT ?4");
  s.bind_all(tenant, asset, now_ms, limit);
  return user_ids(s);
}

void SqlLedgerStore::append_entry(const EntryRow& row, const std::vector<LotShare>& consumed) {
  Statement& s = db_.prepare(
      std::string("INSERT INTO ledger_entries (") + std::string(kEntryColumns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)");
  s.bind_all(row.tenant, row.entry_id, row.user_id, row.asset, row.kind, row.amount,
             row.frozen_change, row.event_type, row.description, row.related_order,
             row.related_data, row.hold_id, row.request_key, row.created_at_ms, row.expires_at_ms,
             row.reversed_by, row.prev_entry_id);
  s.run_deferred();
  for (const LotShare& share : consumed) {
    Statement& c = db_.prepare(
        "INSERT INTO ledger_consumptions (tenant, entry_id, lot_id, amount) "
        "VALUES (?1, ?2, ?3, ?4)");
    c.bind_all(row.tenant, row.entry_id, share.lot_id, share.amount);
    c.run_deferred();
  }
}

std::vector<EntryRow> SqlLedgerStore::list_entries(const EntryFilter& filter, std::uint32_t limit,
                                                   std::uint32_t offset) {
  Statement& s = db_.prepare(kFilteredChain + "SELECT " + std::string(kEntryColumns) +
                             " FROM ledger_entries WHERE tenant = ?1 AND entry_id IN "
                             "(SELECT id FROM chain" +
                             std::string(kEntryFilter) +
                             " ORDER BY seq DESC LIMIT ?7 OFFSET ?8) ORDER BY seq DESC");
  bind_filter(s, filter);
  s.bind(7, limit);
  s.bind(8, offset);
  std::vector<EntryRow> rows;
  while (s.step()) rows.push_back(read_entry(s));
  return rows;
}

EntryTotals SqlLedgerStore::entry_totals(const EntryFilter& filter) {
  Statement& s = db_.prepare(
      // sum() of BIGINT is NUMERIC in PostgreSQL: cast back.
      kFilteredChain +
      "SELECT count(*), "
      "CAST(coalesce(sum(CASE WHEN amount > 0 THEN amount ELSE 0 END), 0) AS BIGINT), "
      "CAST(coalesce(sum(CASE WHEN amount < 0 THEN amount ELSE 0 END), 0) AS BIGINT) "
      "FROM chain" +
      std::string(kEntryFilter));
  bind_filter(s, filter);
  s.step();
  return {s.get_int(0), s.get_int(1), s.get_int(2)};
}

std::optional<EntryRow> SqlLedgerStore::find_entry(const std::string& tenant,
                                                   const std::string& entry_id) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kEntryColumns) +
                             " FROM ledger_entries WHERE tenant = ?1 AND entry_id = ?2");
  s.bind(1, tenant);
  s.bind(2, entry_id);
  if (!s.step()) return std::nullopt;
  return read_entry(s);
}

std::vector<LotShare> SqlLedgerStore::consumptions(const std::string& tenant,
                                                   const std::string& entry_id) {
  Statement& s = db_.prepare(
      "SELECT lot_id, amount FROM ledger_consumptions WHERE tenant = ?1 AND entry_id = ?2");
  s.bind(1, tenant);
  s.bind(2, entry_id);
  std::vector<LotShare> shares;
  while (s.step()) shares.push_back({s.get_text(0), s.get_int(1)});
  return shares;
}

void SqlLedgerStore::set_reversed_by(const std::string& tenant, const std::string& entry_id,
                                     const std::string& reversed_by) {
  Statement& s =
      db_.prepare("UPDATE ledger_entries SET reversed_by = ?3 WHERE tenant = ?1 AND entry_id = ?2");
  s.bind_all(tenant, entry_id, reversed_by);
  s.run_deferred();
}

std::optional<LotRow> SqlLedgerStore::find_lot(const std::string& tenant,
                                               const std::string& lot_id) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kLotColumns) +
                             " FROM ledger_lots WHERE tenant = ?1 AND lot_id = ?2");
  s.bind(1, tenant);
  s.bind(2, lot_id);
  if (!s.step()) return std::nullopt;
  return read_lot(s);
}

void SqlLedgerStore::insert_hold(const HoldRow& row, const std::vector<LotShare>& reserved) {
  Statement& s = db_.prepare(
      "INSERT INTO ledger_holds (tenant, hold_id, user_id, asset, amount, state, expires_at, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  s.bind_all(row.tenant, row.hold_id, row.user_id, row.asset, row.amount, row.state,
             row.expires_at_ms, row.created_at_ms);
  s.run_deferred();
  for (const LotShare& share : reserved) {
    Statement& h = db_.prepare(
        "INSERT INTO ledger_hold_shares (tenant, hold_id, lot_id, amount) VALUES (?1, ?2, ?3, ?4)");
    h.bind_all(row.tenant, row.hold_id, share.lot_id, share.amount);
    h.run_deferred();
  }
}

std::optional<HoldRow> SqlLedgerStore::find_hold(const std::string& tenant,
                                                 const std::string& hold_id) {
  Statement& s = db_.prepare(
      "SELECT tenant, hold_id, user_id, asset, amount, state, expires_at, created_at "
      "FROM ledger_holds WHERE tenant = ?1 AND hold_id = ?2");
  s.bind(1, tenant);
  s.bind(2, hold_id);
  if (!s.step()) return std::nullopt;
  return HoldRow{s.get_text(0), s.get_text(1),
                 s.get_text(2), static_cast<int>(s.get_int(3)),
                 s.get_int(4),  static_cast<int>(s.get_int(5)),
                 s.get_int(6),  s.get_int(7)};
}

std::vector<LotShare> SqlLedgerStore::hold_shares(const std::string& tenant,
                                                  const std::string& hold_id) {
  Statement& s = db_.prepare(
      "SELECT lot_id, amount FROM ledger_hold_shares WHERE tenant = ?1 AND hold_id = ?2 "
      "ORDER BY lot_id");
  s.bind(1, tenant);
  s.bind(2, hold_id);
  std::vector<LotShare> shares;
  while (s.step()) shares.push_back({s.get_text(0), s.get_int(1)});
  return shares;
}

void SqlLedgerStore::set_hold_state(const std::string& tenant, const std::string& hold_id,
                                    int state) {
  Statement& s =
      db_.prepare("UPDATE ledger_holds SET state = ?3 WHERE tenant = ?1 AND hold_id = ?2");
  s.bind_all(tenant, hold_id, state);
  s.run_deferred();
}

std::int64_t SqlLedgerStore::next_hold_expiry(const std::string& tenant, const std::string& user_id,
                                              int asset) {
  Statement& s = db_.prepare(
      "SELECT CAST(coalesce(min(expires_at), 0) AS BIGINT) FROM ledger_holds "
      "WHERE tenant = ?1 AND user_id = ?2 AND asset = ?3 AND state = 0");
  s.bind_all(tenant, user_id, asset);
  s.step();
  return s.get_int(0);
}

std::vector<HoldRow> SqlLedgerStore::timed_out_holds(const std::string& tenant,
                                                     const std::string& user_id, int asset,
                                                     std::int64_t now_ms) {
  Statement& s = db_.prepare(
      "SELECT tenant, hold_id, user_id, asset, amount, state, expires_at, created_at "
      "FROM ledger_holds WHERE tenant = ?1 AND user_id = ?2 AND asset = ?3 AND state = 0 "
      "AND expires_at <= ?4 ORDER BY expires_at, hold_id");
  s.bind_all(tenant, user_id, asset, now_ms);
  std::vector<HoldRow> holds;
  while (s.step()) {
    holds.push_back({s.get_text(0), s.get_text(1), s.get_text(2), static_cast<int>(s.get_int(3)),
                     s.get_int(4), static_cast<int>(s.get_int(5)), s.get_int(6), s.get_int(7)});
  }
  return holds;
}

}  // namespace member::storage::sql
