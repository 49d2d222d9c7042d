// The sign-in lockout (A4) of identifiers no account has. Known accounts
// lock after N failures; if unknown identifiers never did, a "locked" answer
// would tell that an account exists (A3). So an unknown identifier carries
// the same lock state, kept by its blind index in its own table, and follows
// the same schedule (accounts/lockout.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/context.hpp"
#include "member/accounts.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// The key of an identifier as sign-in saw it: its blind index, the same
/// value an account's email or mobile index has, so password and code
/// sign-ins at one address share a lock. `normalized` empty: a malformed
/// identifier, keyed by its raw text.
storage::Bytes unknown_identifier_key(const Context& context, const std::string& tenant,
                                      Identifier kind, std::string_view normalized,
                                      std::string_view raw);

/// Until when the unknown identifier is locked; 0 when it is not.
std::int64_t unknown_locked_until(storage::Transaction& tx, const std::string& tenant,
                                  const storage::Bytes& key, std::int64_t now_ms);

/// A failed sign-in at the unknown identifier, in a write transaction: when
/// it is locked (perhaps by a concurrent attempt) returns until when and
/// counts nothing; otherwise counts the failure and returns 0.
std::int64_t fail_unknown(storage::Transaction& tx, const Context& context,
                          const std::string& tenant, const storage::Bytes& key);

}  // namespace member::detail
