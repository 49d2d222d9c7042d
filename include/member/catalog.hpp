// The points catalog (C1): items members redeem points for. Redemption itself
// is a ledger operation (Ledger::redeem) so stock and points change together.
// Thread-safe; obtain it from member::System::catalog().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"
#include "member/page.hpp"

namespace member {

namespace detail {
struct Context;
}

/// A past redemption of catalog items (Ledger::redeem), as the member or
/// staff read it back, e.g. to ship the item.
struct Redemption {
  std::string redemption_id;  ///< the entry_id of its journal entry
  std::string item_id;
  std::int64_t quantity = 0;
  std::int64_t points = 0;       ///< points taken
  std::string delivery_address;  ///< decrypted; empty when none was given
  TimePoint created_at{};
  /// The entry id of the reversal that refunded it (its points back, its
  /// units back in stock: not to be shipped); empty while it stands.
  std::string reversed_by;
};

struct CatalogItem {
  std::string item_id;           ///< 1-64 characters from [A-Za-z0-9_.-]
  std::string name;              ///< 1-200 characters
  std::int64_t points_cost = 0;  ///< per unit, > 0
  std::int64_t stock = 0;        ///< units left, >= 0
  bool active = true;            ///< inactive items cannot be redeemed
};

class MEMBER_EXPORT Catalog {
 public:
  /// Creates or replaces an item (staff only). Audit: "catalog.put".
  CatalogItem put(const Actor& actor, const CatalogItem& item);
  /// Any actor of the tenant. Throws not_found.
  CatalogItem get(const Actor& actor, const std::string& item_id);
  /// Items by id; only active ones unless `include_inactive`.
  std::vector<CatalogItem> list(const Actor& actor, bool include_inactive = false, Page page = {});
  /// Deletes an item (staff only); past redemptions keep their record.
  /// Throws not_found. Audit: "catalog.remove".
  void remove(const Actor& actor, const std::string& item_id);
  /// The user's redemptions, newest first, with their delivery addresses
  /// decrypted (the user themself or staff). A reversed redemption stays
  /// listed; its journal entry says it was reversed. Throws invalid_argument,
  /// permission_denied, not_found (no such user, or erased).
  std::vector<Redemption> redemptions(const Actor& actor, const std::string& user_id,
                                      Page page = {});

 private:
  friend class System;
  explicit Catalog(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
