// The ledger's arithmetic on one user's lots, as a pure in-memory rule: no
// I/O, no clock. The service loads the lots, applies one of these, and
// writes back the lots marked changed.
//
// A lot is live until its expiry (expires_at_ms 0: never). Available is what
// live lots hold beyond their frozen parts. Spending and freezing take from
// the soonest-expiring live lots first.
#pragma once

#include <cstdint>
#include <vector>

#include "member/storage.hpp"

namespace member::detail {

class Lots {
 public:
  explicit Lots(std::vector<storage::LotRow> lots)
      : lots_(std::move(lots)), changed_(lots_.size()), new_(lots_.size()) {}

  /// Spendable now: remaining minus frozen over live lots.
  std::int64_t available(std::int64_t now_ms) const;
  /// Available that expires before `until_ms`, and the soonest expiry of an
  /// available lot (0 when none expires).
  std::int64_t expiring(std::int64_t now_ms, std::int64_t until_ms) const;
  std::int64_t next_expiry(std::int64_t now_ms) const;
  /// Held by holds, over all lots.
  std::int64_t frozen() const;
  /// The soonest expiry of a lot with something left to expire (0: none
  /// does). A lot already expired whose remainder is all held is left out:
  /// its remainder can only expire once the hold gives it back, and a hold's
  /// own expiry, or the change that resolves it, takes care of that.
  std::int64_t soonest_expiry(std::int64_t now_ms) const;

  /// Takes `amount` out of available lots (soonest expiry first). More than
  /// available is a caller's bug: Errc::internal, and nothing changes.
  std::vector<storage::LotShare> spend(std::int64_t amount, std::int64_t now_ms);
  /// Marks `amount` of available lots frozen (soonest expiry first); more
  /// than available is Errc::internal, and nothing changes.
  std::vector<storage::LotShare> freeze(std::int64_t amount, std::int64_t now_ms);
  /// Unfreezes a hold's shares, spending `spend` of them from the
  /// soonest-expiring lots first; returns what was spent from each lot.
  std::vector<storage::LotShare> settle_hold(const std::vector<storage::LotShare>& shares,
                                             std::int64_t spend);
  /// Removes what is left unfrozen in lots expired by `now_ms`.
  std::vector<storage::LotShare> expire(std::int64_t now_ms);

  /// A new lot (inserted at save).
  void add(storage::LotRow lot);
  /// A stored lot not loaded yet, e.g. a spent one a reversal refills; the
  /// one already there when it is.
  storage::LotRow& adopt(storage::LotRow lot);
  /// Gives back `amount` to a lot (a reversal of a spend).
  void refill(storage::LotRow& lot, std::int64_t amount);
  /// Takes back what is still available of one lot (a reversal of an earn).
  /// While a hold has a share of the lot it throws failed_precondition
  /// (field "entry_id") and changes nothing: the held points would come back
  /// after the claw-back, so it waits for the hold's capture or release.
  std::int64_t take_back(storage::LotRow& lot, std::int64_t now_ms);

  /// The lots changed since loading (new ones included), to save.
  std::vector<const storage::LotRow*> changed() const;
  bool is_new(const storage::LotRow& lot) const;

 private:
  static bool live(const storage::LotRow& lot, std::int64_t now_ms) {
    return lot.expires_at_ms == 0 || lot.expires_at_ms > now_ms;
  }
  storage::LotRow* find(const std::string& lot_id);
  /// Indices of the lots, soonest expiry first (never-expiring last), then
  /// oldest first.
  std::vector<std::size_t> by_expiry() const;
  /// Takes `amount` of available lots, soonest expiry first, applying
  /// apply(lot, n) to each; nothing changes when it is more than available.
  template <class Apply>
  std::vector<storage::LotShare> take(std::int64_t amount, std::int64_t now_ms, Apply apply);

  std::vector<storage::LotRow> lots_;
  std::vector<bool> changed_;
  std::vector<bool> new_;
};

}  // namespace member::detail
