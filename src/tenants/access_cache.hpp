// The per-System cache behind every tenant and permission check (E1, E2).
//
// Tenant states and the grants of user actors are read once and kept for
// kAccessCacheTtl (by the System's clock), so the hot paths (points, token
// verification) pay no query for them. Every change made through this System
// invalidates at once; a change made by another process shows after the TTL.
// A load that raced with an invalidation is not stored (generation counter).
// Thread-safe: one instance shared by all threads of a System.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <shared_mutex>
#include <string>
#include <utility>

#include "member/storage.hpp"

namespace member::detail {

struct Context;

/// What the roles assigned to one user in one tenant grant.
struct Grants {
  bool all = false;       ///< holds the built-in "admin" role (every point of the tenant)
  bool internal = false;  ///< holds the built-in "internal" role
  std::set<std::string, std::less<>> points;
};

class AccessCache {
 public:
  /// Throws not_found (no such tenant) or failed_precondition (disabled),
  /// both with field "tenant". `tx`, when given, is used for a cache miss
  /// (pass it whenever the caller holds a transaction).
  void require_active(const Context& context, const std::string& tenant, storage::Transaction* tx);

  /// The grants of the user's roles in the tenant (none for an unknown or
  /// inactive user who is not a member).
  std::shared_ptr<const Grants> grants(const Context& context, const std::string& tenant,
                                       const std::string& user_id, storage::Transaction* tx);

  /// Forgets everything (after any tenant, role or permission change).
  void invalidate();

 private:
  struct TenantEntry {
    bool exists = false;
    bool active = false;
    std::int64_t loaded_ms = 0;
  };
  struct GrantEntry {
    std::shared_ptr<const Grants> grants;
    std::int64_t loaded_ms = 0;
  };

  std::shared_mutex mutex_;
  std::uint64_t generation_ = 0;
  std::map<std::string, TenantEntry, std::less<>> tenants_;
  std::map<std::pair<std::string, std::string>, GrantEntry, std::less<>> grants_;
};

/// Runs `load(tx)` in `tx`, or in a new read transaction when `tx` is null.
template <class Load>
auto with_transaction(const std::shared_ptr<storage::Storage>& storage, storage::Transaction* tx,
                      Load&& load) {
  if (tx) return load(*tx);
  auto own = storage->read();
  return load(*own);
}

}  // namespace member::detail
