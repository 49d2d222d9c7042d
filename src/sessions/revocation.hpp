// The one mechanism that ends sessions (F1): revoke_sessions() marks them
// revoked in the database inside the caller's transaction, and, once that
// commits, remember_revoked() tells this process's RevocationList, which
// Sessions::verify consults without touching the database.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "member/actor.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Session ids revoked by this process, kept as long as an access token of
/// theirs could still be valid. Thread-safe; contains() takes a shared lock
/// only when something was revoked.
class RevocationList {
 public:
  /// Entries are dropped `keep_ms` after their revocation.
  explicit RevocationList(std::int64_t keep_ms) : keep_ms_(keep_ms) {}
  void add(const std::vector<std::string>& ids, std::int64_t now_ms);
  bool contains(std::string_view id) const;

 private:
  mutable std::shared_mutex mutex_;
  std::map<std::string, std::int64_t, std::less<>> revoked_;
  std::atomic<bool> any_{false};
  std::int64_t keep_ms_;
};

/// Which of a user's sessions revoke_sessions() ends: all of them, those of
/// one device, and never the session `except_id`.
struct SessionSelection {
  std::string device_id;
  std::string except_id;
};

/// Revokes the user's live sessions that `selection` picks and records
/// "session.revoke" with the reason and count when there were any. Returns
/// their ids for remember_revoked().
std::vector<std::string> revoke_sessions(storage::Transaction& tx, const Context& context,
                                         const Actor& actor, const std::string& user_id,
                                         std::string_view reason,
                                         const SessionSelection& selection = {});

/// After the transaction that revoked `ids` committed: verify() refuses them.
void remember_revoked(const Context& context, const std::vector<std::string>& ids);

}  // namespace member::detail
