#include "ledger/lots.hpp"

#include <algorithm>
#include <tuple>

#include "member/error.hpp"

namespace member::detail {

std::int64_t Lots::available(std::int64_t now_ms) const {
  std::int64_t sum = 0;
  for (const auto& lot : lots_) {
    if (live(lot, now_ms)) sum += lot.remaining - lot.frozen;
  }
  return sum;
}

std::int64_t Lots::expiring(std::int64_t now_ms, std::int64_t until_ms) const {
  std::int64_t sum = 0;
  for (const auto& lot : lots_) {
    if (live(lot, now_ms) && lot.expires_at_ms != 0 && lot.expires_at_ms <= until_ms) {
      sum += lot.remaining - lot.frozen;
    }
  }
  return sum;
}

std::int64_t Lots::next_expiry(std::int64_t now_ms) const {
  std::int64_t next = 0;
  for (const auto& lot : lots_) {
    if (live(lot, now_ms) && lot.expires_at_ms != 0 && lot.remaining > lot.frozen &&
        (next == 0 || lot.expires_at_ms < next)) {
      next = lot.expires_at_ms;
    }
  }
  return next;
}

std::int64_t Lots::soonest_expiry(std::int64_t now_ms) const {
  std::int64_t soonest = 0;
  for (const auto& lot : lots_) {
    const bool held_after_expiry = lot.expires_at_ms <= now_ms && lot.remaining <= lot.frozen;
    if (lot.remaining > 0 && lot.expires_at_ms != 0 && !held_after_expiry &&
        (soonest == 0 || lot.expires_at_ms < soonest)) {
      soonest = lot.expires_at_ms;
    }
  }
  return soonest;
}

std::int64_t Lots::frozen() const {
  std::int64_t sum = 0;
  for (const auto& lot : lots_) sum += lot.frozen;
  return sum;
}

std::vector<storage::LotShare> Lots::spend(std::int64_t amount, std::int64_t now_ms) {
  return take(amount, now_ms, [](storage::LotRow& lot, std::int64_t n) { lot.remaining -= n; });
}

std::vector<storage::LotShare> Lots::freeze(std::int64_t amount, std::int64_t now_ms) {
  return take(amount, now_ms, [](storage::LotRow& lot, std::int64_t n) { lot.frozen += n; });
}

std::vector<std::size_t> Lots::by_expiry() const {
  // Loaded lots come sorted; lots added since are not, so sort every time.
  std::vector<std::size_t> order(lots_.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto key = [&](std::size_t i) {
    const auto& lot = lots_[i];
    return std::tuple(lot.expires_at_ms == 0, lot.expires_at_ms, lot.created_at_ms, lot.lot_id);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  return order;
}

template <class Apply>
std::vector<storage::LotShare> Lots::take(std::int64_t amount, std::int64_t now_ms, Apply apply) {
  if (amount > available(now_ms)) throw Error(Errc::internal, "took more than available");
  std::vector<storage::LotShare> shares;
  for (std::size_t i : by_expiry()) {
    if (amount == 0) break;
    auto& lot = lots_[i];
    if (!live(lot, now_ms)) continue;
    const std::int64_t n = std::min(amount, lot.remaining - lot.frozen);
    if (n <= 0) continue;
    apply(lot, n);
    changed_[i] = true;
    amount -= n;
    shares.push_back({lot.lot_id, n});
  }
  return shares;
}

std::vector<storage::LotShare> Lots::settle_hold(const std::vector<storage::LotShare>& shares,
                                                 std::int64_t spend) {
  std::vector<storage::LotRow*> held;
  for (const auto& share : shares) {
    storage::LotRow* lot = find(share.lot_id);
    if (lot == nullptr || lot->frozen < share.amount) {
      throw Error(Errc::internal, "a hold's lot is missing");
    }
    held.push_back(lot);
  }
  // Spend the soonest-expiring held lots first.
  std::vector<std::size_t> rank(lots_.size());
  const auto sorted = by_expiry();
  for (std::size_t r = 0; r < sorted.size(); ++r) rank[sorted[r]] = r;
  const auto position = [&](const storage::LotRow* lot) {
    return rank[static_cast<std::size_t>(lot - lots_.data())];
  };
  std::vector<std::size_t> order(shares.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return position(held[a]) < position(held[b]); });
  std::vector<storage::LotShare> spent;
  for (std::size_t i : order) {
    const auto& share = shares[i];
    storage::LotRow* lot = held[i];
    lot->frozen -= share.amount;
    const std::int64_t take = std::min(spend, share.amount);
    if (take > 0) {
      lot->remaining -= take;
      spend -= take;
      spent.push_back({share.lot_id, take});
    }
    changed_[static_cast<std::size_t>(lot - lots_.data())] = true;
  }
  return spent;
}

std::vector<storage::LotShare> Lots::expire(std::int64_t now_ms) {
  std::vector<storage::LotShare> expired;
  for (std::size_t i = 0; i < lots_.size(); ++i) {
    auto& lot = lots_[i];
    if (live(lot, now_ms) || lot.remaining <= lot.frozen) continue;
    const std::int64_t gone = lot.remaining - lot.frozen;
    lot.remaining -= gone;
    changed_[i] = true;
    expired.push_back({lot.lot_id, gone});
  }
  return expired;
}

void Lots::add(storage::LotRow lot) {
  lots_.push_back(std::move(lot));
  changed_.push_back(true);
  new_.push_back(true);
}

storage::LotRow& Lots::adopt(storage::LotRow lot) {
  if (storage::LotRow* known = find(lot.lot_id)) return *known;
  lots_.push_back(std::move(lot));
  changed_.push_back(false);
  new_.push_back(false);
  return lots_.back();
}

void Lots::refill(storage::LotRow& lot, std::int64_t amount) {
  lot.remaining += amount;
  changed_[static_cast<std::size_t>(&lot - lots_.data())] = true;
}

std::int64_t Lots::take_back(storage::LotRow& lot, std::int64_t now_ms) {
  if (live(lot, now_ms) && lot.frozen > 0) {
    throw Error(
        Errc::failed_precondition,
        std::to_string(lot.frozen) + " of the entry are held: capture or release the hold first",
        "entry_id");
  }
  const std::int64_t n = live(lot, now_ms) ? lot.remaining : 0;
  lot.remaining -= n;
  changed_[static_cast<std::size_t>(&lot - lots_.data())] = true;
  return n;
}

std::vector<const storage::LotRow*> Lots::changed() const {
  std::vector<const storage::LotRow*> out;
  for (std::size_t i = 0; i < lots_.size(); ++i) {
    if (changed_[i]) out.push_back(&lots_[i]);
  }
  return out;
}

bool Lots::is_new(const storage::LotRow& lot) const {
  return new_[static_cast<std::size_t>(&lot - lots_.data())];
}

storage::LotRow* Lots::find(const std::string& lot_id) {
  for (auto& lot : lots_) {
    if (lot.lot_id == lot_id) return &lot;
  }
  return nullptr;
}

}  // namespace member::detail
