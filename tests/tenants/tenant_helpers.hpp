// Helpers shared by the tenant and role tests (E1-E3): actors, a second
// tenant, and a Storage that counts the transactions the services open.
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "sessions/session_helpers.hpp"

namespace member::test {

inline const Actor kRoot = Actor::super_admin("root-ops");
inline const Actor kAdminA = Actor::admin("ops-a");

/// Creates tenant `id` ("Tenant <id>") as the super admin.
inline Tenant add_tenant(System& sys, const std::string& id,
                         TenantStatus status = TenantStatus::active) {
  return sys.tenants().create(kRoot, {.id = id, .name = "Tenant " + id, .status = status});
}

/// A real backend wrapped to count the transactions opened through it.
class CountingStorage final : public storage::Storage {
 public:
  explicit CountingStorage(std::shared_ptr<storage::Storage> inner) : inner_(std::move(inner)) {}
  std::unique_ptr<storage::Transaction> read() override {
    ++count;
    return inner_->read();
  }
  std::unique_ptr<storage::Transaction> write() override {
    ++count;
    return inner_->write();
  }
  std::atomic<int> count{0};

 private:
  std::shared_ptr<storage::Storage> inner_;
};

}  // namespace member::test
