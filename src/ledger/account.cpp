#include "ledger/account.hpp"

#include <utility>

#include "crypto/random.hpp"

namespace member::detail {

std::string new_entry_id(std::int64_t now_ms) {
  // Time first, so new rows land at the end of the id indexes instead of at
  // random places; then 14 random characters (72 bits) so ids never collide.
  constexpr std::string_view kDigits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string id(24, '0');
  id[0] = 'e';
  auto t = static_cast<std::uint64_t>(now_ms < 0 ? 0 : now_ms);
  for (std::size_t i = 9; i >= 1; --i, t /= 36) id[i] = kDigits[t % 36];
  id.replace(10, 14, crypto::fast_random_string(kDigits, 14));
  return id;
}

Account::Account(storage::Transaction& tx, const std::string& tenant, const std::string& user_id,
                 Asset asset, std::int64_t now_ms)
    : Account(tx, tx.ledger().lock_balance(tenant, user_id, static_cast<int>(asset)), asset,
              now_ms) {}

Account::Account(storage::Transaction& tx, storage::BalanceRow locked, Asset asset,
                 std::int64_t now_ms)
    : tx_(tx),
      balance_(std::move(locked)),
      saved_due_at_ms_(balance_.due_at_ms),
      saved_posted_(balance_.posted),
      asset_(asset),
      now_ms_(now_ms) {}

Lots& Account::lots() {
  if (!lots_) {
    lots_.emplace(tx_.ledger().open_lots(balance_.tenant, balance_.user_id, balance_.asset));
    for (auto& lot : new_lots_) lots_->add(std::move(lot));
    new_lots_.clear();
  }
  return *lots_;
}

void Account::use_open_lots(std::vector<storage::LotRow> rows) {
  if (lots_ || !new_lots_.empty()) throw Error(Errc::internal, "lots given after use");
  lots_.emplace(std::move(rows));
}

void Account::credit(storage::EntryRow& entry, std::int64_t expires_at_ms) {
  if (balance_.posted > kMaxLedgerBalance - entry.amount) {
    throw Error(Errc::invalid_argument, "amount: would overflow the balance", "amount");
  }
  entry.expires_at_ms = expires_at_ms;
  note_due(expires_at_ms);
  storage::LotRow lot{
      entry.tenant,  entry.entry_id,     entry.user_id, entry.asset, entry.amount, entry.amount, 0,
      expires_at_ms, entry.created_at_ms};
  if (lots_) {
    lots_->add(std::move(lot));
  } else {
    new_lots_.push_back(std::move(lot));
  }
}

void Account::require_available(std::int64_t amount) const {
  if (amount > available()) throw Error::insufficient(shortage_code(asset_), amount - available());
}

std::vector<storage::LotShare> Account::debit(std::int64_t amount) {
  require_available(amount);
  return lots().spend(amount, now_ms_);
}

storage::EntryRow Account::entry(EntryKind kind) const {
  storage::EntryRow e;
  e.tenant = balance_.tenant;
  e.entry_id = new_entry_id(now_ms_);
  e.user_id = balance_.user_id;
  e.asset = balance_.asset;
  e.kind = static_cast<int>(kind);
  e.created_at_ms = now_ms_;
  return e;
}

Account::Settled Account::settle() {
  Settled settled;
  // The balance row knows when something may next be due: most changes
  // have nothing to settle and run no query for it.
  if (balance_.due_at_ms == 0 || balance_.due_at_ms > now_ms_) return settled;
  auto& store = tx_.ledger();
  const auto holds =
      store.timed_out_holds(balance_.tenant, balance_.user_id, balance_.asset, now_ms_);
  for (const auto& hold : holds) {
    lots().settle_hold(store.hold_shares(balance_.tenant, hold.hold_id), 0);
    storage::EntryRow release = entry(EntryKind::release);
    release.frozen_change = -hold.amount;
    release.hold_id = hold.hold_id;
    release.description = "hold timed out";
    post(std::move(release), {});
    store.set_hold_state(balance_.tenant, hold.hold_id, 3);
    ++settled.holds;
  }
  expire_lots(settled);
  // What is left to expire, now that the lots in memory are complete.
  balance_.due_at_ms = 0;
  note_due(lots().soonest_expiry(now_ms_));
  note_due(store.next_hold_expiry(balance_.tenant, balance_.user_id, balance_.asset));
  return settled;
}

void Account::note_due(std::int64_t expires_at_ms) {
  if (expires_at_ms != 0 && (balance_.due_at_ms == 0 || expires_at_ms < balance_.due_at_ms)) {
    balance_.due_at_ms = expires_at_ms;
  }
}

Account::Settled Account::settle_after_change() {
  Settled settled;
  // Only a change that loaded the lots (a spend, a hold, a refund) can have
  // given something back to an expired lot; holds cannot time out within
  // the transaction that settled them.
  if (lots_) expire_lots(settled);
  return settled;
}

void Account::expire_lots(Settled& settled) {
  const auto expired = lots().expire(now_ms_);
  if (expired.empty()) return;
  storage::EntryRow expire = entry(EntryKind::expire);
  for (const auto& share : expired) expire.amount -= share.amount;
  expire.description = "expired";
  settled.lots += static_cast<std::int64_t>(expired.size());
  settled.amount -= expire.amount;
  post(std::move(expire), expired);
}

// What counts as earned and spent in the statistics (C6): earns and positive
// adjustments; uses, captures and redemptions. `sign` -1 takes it back.
void Account::count_daily(EntryKind kind, std::int64_t amount, std::int64_t sign) {
  if (kind == EntryKind::earn || (kind == EntryKind::adjust && amount > 0)) {
    day_earned_ += sign * amount;
  } else if (kind == EntryKind::use || kind == EntryKind::capture || kind == EntryKind::redeem) {
    day_spent_ -= sign * amount;
  }
}

storage::EntryRow Account::post_reversal(storage::EntryRow entry,
                                         const std::vector<storage::LotShare>& shares,
                                         EntryKind reversed) {
  // The part of the reversed entry this reversal undoes is -entry.amount:
  // a refund of a use un-spends, a claw-back of an earn un-earns.
  count_daily(reversed, -entry.amount, -1);
  return post(std::move(entry), shares);
}

storage::EntryRow Account::post(storage::EntryRow entry,
                                const std::vector<storage::LotShare>& shares) {
  balance_.posted += entry.amount;
  balance_.frozen += entry.frozen_change;
  count_daily(static_cast<EntryKind>(entry.kind), entry.amount);
  entry.prev_entry_id = std::exchange(balance_.last_entry_id, entry.entry_id);
  tx_.ledger().append_entry(entry, shares);
  return entry;
}

void Account::save() {
  auto& store = tx_.ledger();
  for (const auto& lot : new_lots_) store.insert_lot(lot);
  if (lots_) {
    for (const storage::LotRow* lot : lots_->changed()) {
      if (lots_->is_new(*lot)) {
        store.insert_lot(*lot);
      } else {
        store.update_lot(*lot);
      }
    }
  }
  balance_.due_at_changed = balance_.due_at_ms != saved_due_at_ms_;
  store.save_balance(balance_);
  saved_due_at_ms_ = balance_.due_at_ms;
  if (day_earned_ != 0 || day_spent_ != 0) {
    store.add_daily_totals(balance_.tenant, balance_.asset, balance_.user_id, now_ms_, day_earned_,
                           day_spent_);
    day_earned_ = day_spent_ = 0;
  }
  if (asset_ == Asset::points && balance_.posted != saved_posted_) {
    store.add_level_points(balance_.tenant, balance_.user_id, balance_.posted - saved_posted_);
  }
  saved_posted_ = balance_.posted;
}

Movement Account::movement(const storage::EntryRow& e) const {
  Movement m;
  m.entry_id = e.entry_id;
  m.kind = static_cast<EntryKind>(e.kind);
  m.amount = e.amount;
  m.frozen_change = e.frozen_change;
  m.hold_id = e.hold_id;
  refresh(m);
  return m;
}

void Account::refresh(Movement& m) const {
  m.available = available();
  m.frozen = balance_.frozen;
  m.total = m.available + m.frozen;
}

}  // namespace member::detail
