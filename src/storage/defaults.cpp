// The defaults of the storage calls that combine simpler ones: many rows at
// once (one call of the single-row form per row, in ascending id order) and
// several steps in one call. They serve a host's own Storage; the SQL
// backends override them with set-based or pipelined statements.
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

ChangeStart Transaction::start_change(const std::string& tenant, int asset, const RequestKeys& keys,
                                      const std::string& user_id, int status, bool with_open_lots) {
  ChangeStart start;
  const auto user = users().find_by_id(tenant, user_id);
  if (user && user->status == status) start.balance = ledger().lock_balance(tenant, user_id, asset);
  start.first = ledger().find_key(tenant, asset, keys.own);
  if (!keys.shared.empty()) start.shared_first = ledger().find_key(tenant, asset, keys.shared);
  if (start.first) {
    start.balance.reset();
  } else if (start.balance && with_open_lots) {
    start.open_lots = ledger().open_lots(tenant, user_id, asset);
  }
  return start;
}

}  // namespace member::storage
