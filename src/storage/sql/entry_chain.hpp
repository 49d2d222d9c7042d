// The journal of an account as a chain: each ledger_entries row names the
// account's entry before it (prev_entry) and the balance row names the newest
// (last_entry). Listing an account's entries walks that chain through the
// entry id index instead of using an index on the user, which every write
// would update at a random place (a batch of 1,000 users: 1,000 index pages).
#pragma once

#include <string>
#include <string_view>

namespace member::storage::sql {

/// "WITH RECURSIVE chain (id, prev, seq, kind, amount, created_at) AS (...)"
/// over the entries of every ledger_balances row matching `accounts` (a
/// condition on its columns, e.g. "tenant = ?1 AND user_id = ?2"), newest
/// first in `seq`. The tenant must be parameter ?1.
inline std::string entry_chain(std::string_view accounts) {
  return "WITH RECURSIVE chain (id, prev, seq, kind, amount, created_at) AS ("
         "SELECT e.entry_id, e.prev_entry, e.seq, e.kind, e.amount, e.created_at "
         "FROM ledger_balances b JOIN ledger_entries e "
         "ON e.tenant = b.tenant AND e.entry_id = b.last_entry WHERE " +
         std::string(accounts) +
         " UNION ALL "
         "SELECT e.entry_id, e.prev_entry, e.seq, e.kind, e.amount, e.created_at "
         "FROM chain c JOIN ledger_entries e ON e.tenant = ?1 AND e.entry_id = c.prev) ";
}

}  // namespace member::storage::sql
