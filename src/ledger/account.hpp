// One user's ledger inside a write transaction: the balance row (locked),
// the lots (loaded only when a change needs them), and the journal entries
// written. Every change goes through post(), which keeps the balance equal
// to the sum of the journal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/context.hpp"
#include "ledger/lots.hpp"
#include "ledger/rules.hpp"
#include "member/ledger.hpp"
#include "member/storage.hpp"

namespace member::detail {

class Account {
 public:
  /// Locks the balance of (tenant, user, asset).
  Account(storage::Transaction& tx, const std::string& tenant, const std::string& user_id,
          Asset asset, std::int64_t now_ms);
  /// The account of a balance row this transaction has already locked.
  Account(storage::Transaction& tx, storage::BalanceRow locked, Asset asset, std::int64_t now_ms);

  struct Settled {
    std::int64_t holds = 0;   ///< timed-out holds released
    std::int64_t lots = 0;    ///< lots expired
    std::int64_t amount = 0;  ///< amount expired
  };
  /// Releases timed-out holds and expires what is left of due lots,
  /// journalling both. Runs before every change, so a change never meets
  /// expired points or a stale hold.
  Settled settle();
  /// Runs after every change: what a release or refund gave back to an
  /// expired lot expires at once.
  Settled settle_after_change();

  /// Spendable now. Valid after settle(): then every expired lot holds only
  /// its frozen part, so available = posted - frozen.
  std::int64_t available() const { return balance_.posted - balance_.frozen; }

  /// Journals an entry and applies its amounts to the balance. Returns the
  /// entry as written.
  storage::EntryRow post(storage::EntryRow entry, const std::vector<storage::LotShare>& shares);
  /// post() for a reversal of an entry of kind `reversed`: the daily totals
  /// (statistics, C6) take back what that entry earned or spent, on the
  /// reversal's day.
  storage::EntryRow post_reversal(storage::EntryRow entry,
                                  const std::vector<storage::LotShare>& shares, EntryKind reversed);

  /// Makes `entry` (amount > 0) a new lot expiring at `expires_at_ms` (0:
  /// never). Throws invalid_argument when the balance would overflow.
  void credit(storage::EntryRow& entry, std::int64_t expires_at_ms);
  /// Takes `amount` from the available lots, soonest expiry first; returns
  /// what it took from each. Throws insufficient_points / insufficient_funds
  /// (changing nothing) when it is more than available.
  std::vector<storage::LotShare> debit(std::int64_t amount);
  /// Records that something of the account expires at `expires_at_ms` (a new
  /// lot, a hold, a refilled lot), so settle() looks then.
  void note_due(std::int64_t expires_at_ms);
  /// Refuses, changing nothing, a spend or freeze beyond what is available.
  void require_available(std::int64_t amount) const;

  /// Writes the changed lots and the balance.
  void save();

  /// The movement of `entry` with the balances as they are now.
  Movement movement(const storage::EntryRow& entry) const;
  /// Sets the balances of `m` to what they are now.
  void refresh(Movement& m) const;

  /// The user's open lots, loaded on first use.
  Lots& lots();
  /// The user's open lots as just read with the balance lock (before any
  /// credit), so lots() need not read them.
  void use_open_lots(std::vector<storage::LotRow> rows);
  const storage::BalanceRow& balance() const { return balance_; }
  std::int64_t now_ms() const { return now_ms_; }
  storage::Transaction& tx() { return tx_; }
  /// A fresh entry of this account, with a new id and the current time.
  storage::EntryRow entry(EntryKind kind) const;

 private:
  storage::Transaction& tx_;
  storage::BalanceRow balance_;
  std::int64_t saved_due_at_ms_;  ///< balance_.due_at_ms as read or last saved
  std::int64_t saved_posted_;     ///< balance_.posted as read or last saved
  void expire_lots(Settled& settled);

  std::optional<Lots> lots_;
  /// What this transaction's entries earned and spent, for the daily
  /// totals written by save() (statistics, C6).
  std::int64_t day_earned_ = 0;
  std::int64_t day_spent_ = 0;
  void count_daily(EntryKind kind, std::int64_t amount, std::int64_t sign = 1);
  std::vector<storage::LotRow> new_lots_;  ///< added before the lots were loaded
  Asset asset_;
  std::int64_t now_ms_;
};

/// A new entry (or hold, or lot) id: "e", the time in base 36, 14 random
/// characters.
std::string new_entry_id(std::int64_t now_ms);

}  // namespace member::detail
