// When an earned lot expires: calendar months after the moment it was
// earned (the same time of day; the 31st becomes the month's last day).
#pragma once

#include <cstdint>
#include <string>

#include "member/ledger.hpp"
#include "member/policy.hpp"

namespace member::detail {

/// The expiry (ms since the epoch, 0: never) of a lot of `asset` earned at
/// `earned_ms` for `event_type`. Money never expires.
std::int64_t lot_expiry_ms(const LedgerPolicy& policy, Asset asset, const std::string& event_type,
                           std::int64_t earned_ms);

/// `ms` plus `months` calendar months.
std::int64_t add_months(std::int64_t ms, std::uint32_t months);

}  // namespace member::detail
