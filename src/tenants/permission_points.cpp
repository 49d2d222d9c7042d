#include "tenants/permission_points.hpp"

#include <algorithm>
#include <array>

namespace member::detail {
namespace {

constexpr unsigned kStaff = kHeldByAdmin | kHeldByInternal;

constexpr std::array kPoints = std::to_array<BuiltinPoint>({
    {"accounts.import_hash", kStaff, "register accounts with a legacy password hash"},
    {"accounts.register_batch", kStaff, "register accounts in batches"},
    {"accounts.set_status", kStaff, "enable, disable, block or close accounts"},
    {"accounts.verified_identifiers", kStaff, "register with an email or mobile already verified"},
    {"audit.logins", kStaff, "read the login log of any user or the whole tenant"},
    {"audit.purge", kStaff, "purge old login-log entries"},
    {"audit.read", kStaff, "read the audit trail of any user or the whole tenant"},
    {"audit.verify", kStaff, "verify the tenant's audit chain"},
    {"catalog.manage", kStaff, "create, change and remove catalog items"},
    {"codes.outbox", kStaff, "read and acknowledge the verification-code outbox"},
    {"loyalty.benefits", kStaff, "list every benefit, inactive ones included"},
    {"loyalty.configure", kHeldByAdmin,
     "set levels, settings, the webhook secret, benefits and activities"},
    {"loyalty.downgrades", kStaff, "run the level downgrade evaluation"},
    {"loyalty.order_events", kStaff, "apply order events"},
    {"loyalty.set_level", kHeldByAdmin, "set a member's level by hand"},
    {"loyalty.settings", kStaff, "read the loyalty settings"},
    {"loyalty.statistics", kStaff, "read overview, level distribution and trends"},
    {"messages.send", kStaff, "send messages to a user, a role or the whole tenant"},
    {"points.adjust", kStaff, "adjust a points balance by hand"},
    {"points.batch", kStaff, "apply points batches"},
    {"points.earn", kStaff, "credit points"},
    {"points.expire", kStaff, "run points expiry"},
    {"points.reverse", kStaff, "reverse a points movement"},
    {"privacy.erase", kStaff, "erase any user of the tenant"},
    {"roles.manage", kHeldByAdmin,
     "create roles and permission points, assign roles, grant permissions"},
    {"roles.read", kStaff, "list roles, permission points and any user's roles"},
    {"tenants.manage", kGlobal, "create, change, delete, import and export tenants"},
    {"tenants.users", kStaff, "list the tenant's users and members"},
    {"verifications.decide", kStaff, "approve or reject identity checks"},
    {"verifications.payment_account", kHeldByInternal, "read a member's verified bank card"},
    {"wallet.adjust", kStaff, "adjust a wallet balance by hand"},
    {"wallet.batch", kStaff, "apply wallet batches"},
    {"wallet.earn", kStaff, "credit a wallet"},
    {"wallet.expire", kStaff, "run wallet expiry"},
    {"wallet.reverse", kStaff, "reverse a wallet movement"},
});

static_assert(std::is_sorted(kPoints.begin(), kPoints.end(),
                             [](const BuiltinPoint& a, const BuiltinPoint& b) {
                               return a.name < b.name;
                             }));

}  // namespace

std::span<const BuiltinPoint> builtin_points() noexcept {
  return kPoints;
}

const BuiltinPoint* find_builtin_point(std::string_view name) noexcept {
  const auto it =
      std::lower_bound(kPoints.begin(), kPoints.end(), name,
                       [](const BuiltinPoint& p, std::string_view n) { return p.name < n; });
  return it != kPoints.end() && it->name == name ? &*it : nullptr;
}

bool is_builtin_role(std::string_view name) noexcept {
  return std::find(std::begin(kBuiltinRoles), std::end(kBuiltinRoles), name) !=
         std::end(kBuiltinRoles);
}

}  // namespace member::detail
