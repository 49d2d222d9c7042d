#include "ledger/summary.hpp"

#include "core/time.hpp"
#include "ledger/lots.hpp"

namespace member::detail {

Summary read_summary(storage::Transaction& tx, const std::string& tenant,
                     const std::string& user_id, Asset asset, std::int64_t now,
                     std::int64_t window_ms) {
  auto& store = tx.ledger();
  const int a = static_cast<int>(asset);
  Lots lots(store.open_lots(tenant, user_id, a));
  // Timed-out holds count as released even before a change settles them.
  for (const auto& hold : store.timed_out_holds(tenant, user_id, a, now)) {
    lots.settle_hold(store.hold_shares(tenant, hold.hold_id), 0);
  }
  Summary s;
  s.available = lots.available(now);
  s.frozen = lots.frozen();
  s.total = s.available + s.frozen;
  s.expiring = lots.expiring(now, now + window_ms);
  if (const auto next = lots.next_expiry(now); next != 0) s.next_expiry = from_ms(next);
  return s;
}

}  // namespace member::detail
