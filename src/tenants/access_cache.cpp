#include "tenants/access_cache.hpp"

#include <mutex>

#include "core/context.hpp"
#include "core/time.hpp"
#include "member/accounts.hpp"
#include "member/tenants.hpp"
#include "tenants/permission_points.hpp"

namespace member::detail {
namespace {

/// Caches bigger than this are emptied rather than grown without bound.
constexpr std::size_t kMaxEntries = 100000;

constexpr std::int64_t kTtlMs =
    std::chrono::duration_cast<std::chrono::milliseconds>(kAccessCacheTtl).count();

bool fresh(std::int64_t loaded_ms, std::int64_t now_ms) {
  return now_ms >= loaded_ms && now_ms - loaded_ms < kTtlMs;
}

Grants load_grants(storage::Transaction& tx, const std::string& tenant,
                   const std::string& user_id) {
  Grants g;
  // Roles count only while the account may act: a member from another
  // tenant by its account there (disabled, blocked or withdrawn at home is
  // nothing here either, and so is an account of a disabled home tenant).
  auto user = tx.users().find_by_id(tenant, user_id);
  if (!user) {
    if (const auto home = tx.tenants().member_home(tenant, user_id)) {
      const auto home_tenant = tx.tenants().find(*home);
      if (!home_tenant || home_tenant->status != static_cast<int>(TenantStatus::active)) return g;
      user = tx.users().find_by_id(*home, user_id);
    }
  }
  if (!user || user->status != static_cast<int>(AccountStatus::active)) return g;
  for (const std::string& role : tx.access().user_roles(tenant, user_id)) {
    if (role == "admin") g.all = true;
    if (role == "internal") g.internal = true;
    for (std::string& p : tx.access().role_permissions(tenant, role)) g.points.insert(std::move(p));
  }
  return g;
}

}  // namespace

void AccessCache::require_active(const Context& context, const std::string& tenant,
                                 storage::Transaction* tx) {
  const std::int64_t now = to_ms(context.now());
  TenantEntry entry;
  bool hit = false;
  std::uint64_t generation = 0;
  {
    std::shared_lock lock(mutex_);
    generation = generation_;
    const auto it = tenants_.find(tenant);
    if (it != tenants_.end() && fresh(it->second.loaded_ms, now)) {
      entry = it->second;
      hit = true;
    }
  }
  if (!hit) {
    const auto row = with_transaction(
        context.storage, tx, [&](storage::Transaction& t) { return t.tenants().find(tenant); });
    entry = {row.has_value(), row && row->status == static_cast<int>(TenantStatus::active), now};
    std::unique_lock lock(mutex_);
    if (generation == generation_) {
      if (tenants_.size() >= kMaxEntries) tenants_.clear();
      tenants_[tenant] = entry;
    }
  }
  if (!entry.exists) throw Error(Errc::not_found, "tenant not found", "tenant");
  if (!entry.active) throw Error(Errc::failed_precondition, "the tenant is disabled", "tenant");
}

std::shared_ptr<const Grants> AccessCache::grants(const Context& context, const std::string& tenant,
                                                  const std::string& user_id,
                                                  storage::Transaction* tx) {
  const std::int64_t now = to_ms(context.now());
  auto key = std::make_pair(tenant, user_id);
  std::uint64_t generation = 0;
  {
    std::shared_lock lock(mutex_);
    generation = generation_;
    const auto it = grants_.find(key);
    if (it != grants_.end() && fresh(it->second.loaded_ms, now)) return it->second.grants;
  }
  auto loaded = std::make_shared<const Grants>(
      with_transaction(context.storage, tx,
                       [&](storage::Transaction& t) { return load_grants(t, tenant, user_id); }));
  std::unique_lock lock(mutex_);
  if (generation == generation_) {
    if (grants_.size() >= kMaxEntries) grants_.clear();
    grants_[std::move(key)] = {loaded, now};
  }
  return loaded;
}

void AccessCache::invalidate() {
  std::unique_lock lock(mutex_);
  ++generation_;
  tenants_.clear();
  grants_.clear();
}

}  // namespace member::detail
