#include "accounts/unknown_identifiers.hpp"

#include "accounts/identifiers.hpp"
#include "accounts/lockout.hpp"
#include "core/time.hpp"

namespace member::detail {

storage::Bytes unknown_identifier_key(const Context& context, const std::string& tenant,
                                      Identifier kind, std::string_view normalized,
                                      std::string_view raw) {
  if (normalized.empty()) return context.blind_index->compute(tenant, "malformed", raw);
  return context.blind_index->compute(tenant, field_name(kind), normalized);
}

std::int64_t unknown_locked_until(storage::Transaction& tx, const std::string& tenant,
                                  const storage::Bytes& key, std::int64_t now_ms) {
  const auto row = tx.logins().find_throttle(tenant, key);
  return row && row->locked_until_ms > now_ms ? row->locked_until_ms : 0;
}

std::int64_t fail_unknown(storage::Transaction& tx, const Context& context,
                          const std::string& tenant, const storage::Bytes& key) {
  const auto now = to_ms(context.now());
  storage::SignInThrottleRow row = tx.logins().lock_throttle(tenant, key, now);
  const LockState before = lock_state(row);
  if (is_locked(before, now)) return row.locked_until_ms;
  set_lock_state(row, after_failure(context.options.lockout, before, now));
  row.updated_at_ms = now;
  tx.logins().save_throttle(row);
  return 0;
}

}  // namespace member::detail
