// member::storage::Storage over SQL connection pools: the one storage
// implementation every SQL engine shares.
#pragma once

#include <memory>

#include "member/storage.hpp"
#include "storage/sql/connection_pool.hpp"

namespace member::storage::sql {

/// Write transactions take a connection from `writers`, read transactions
/// from `readers` (which may be the same pool). The schema is migrated on
/// construction.
std::shared_ptr<Storage> make_sql_storage(std::shared_ptr<ConnectionPool> writers,
                                          std::shared_ptr<ConnectionPool> readers);

}  // namespace member::storage::sql
