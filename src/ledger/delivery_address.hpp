// A redemption's delivery address (C1) is personal data: sealed under its
// user's data key, bound to the tenant and the redemption, so it cannot be
// moved to another row, and gone with the key when the user is erased (A12).
#pragma once

#include <string>
#include <string_view>

#include "core/context.hpp"
#include "member/storage.hpp"

namespace member::detail {

storage::Bytes seal_delivery_address(const Context& context, const storage::UserRow& user,
                                     std::string_view redemption_id, std::string_view address);

/// The address of `row` in clear; empty when none was given.
std::string open_delivery_address(const Context& context, const storage::UserRow& user,
                                  const storage::RedemptionRow& row);

}  // namespace member::detail
