// A tenant's webhook secret at rest: sealed under a random key that the
// master key wraps, both kept in one column.
#pragma once

#include <string>

#include "core/context.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// The stored form of `secret` for `tenant`.
storage::Bytes seal_webhook_secret(const Context& context, const std::string& tenant,
                                   const std::string& secret);

/// The secret back; throws key_error when the stored form was altered.
std::string open_webhook_secret(const Context& context, const std::string& tenant,
                                const storage::Bytes& sealed);

}  // namespace member::detail
