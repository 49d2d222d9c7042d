// A user's balances as of now, read without changing anything (shared by
// Ledger::summary and the loyalty profile).
#pragma once

#include <cstdint>
#include <string>

#include "member/ledger.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Available, frozen and what expires within `window_ms` after `now_ms`;
/// timed-out holds count as released.
Summary read_summary(storage::Transaction& tx, const std::string& tenant,
                     const std::string& user_id, Asset asset, std::int64_t now_ms,
                     std::int64_t window_ms);

}  // namespace member::detail
