// The defaults of the storage calls that work on many rows at once: one call
// of the single-row form per row, in ascending id order. They serve a host's
// own Storage; the SQL stores override them with set-based statements.
#include "member/storage.hpp"
#include "storage/sql/id_lists.hpp"

namespace member::storage {

using sql::sort_unique;

std::vector<std::pair<std::string, int>> UserStore::lock_statuses(const std::string& tenant,
                                                                  std::vector<std::string> ids) {
  sort_unique(ids);
  std::vector<std::pair<std::string, int>> statuses;
  for (auto& id : ids) {
    if (auto user = find_by_id(tenant, id)) statuses.emplace_back(std::move(id), user->status);
  }
  return statuses;
}

std::vector<BalanceRow> LedgerStore::lock_balances(const std::string& tenant,
                                                   std::vector<std::string> user_ids, int asset) {
  sort_unique(user_ids);
  std::vector<BalanceRow> balances;
  balances.reserve(user_ids.size());
  for (const auto& id : user_ids) balances.push_back(lock_balance(tenant, id, asset));
  return balances;
}

}  // namespace member::storage
