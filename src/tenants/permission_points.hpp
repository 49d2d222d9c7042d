// The one table of built-in permission points (E2) and which built-in role
// holds each; docs/tenants.md lists the same table for readers.
#pragma once

#include <span>
#include <string_view>

namespace member::detail {

/// Which built-in roles hold a point (bit flags).
enum PointHolders : unsigned {
  kHeldByAdmin = 1,     ///< the "admin" role (admin actors)
  kHeldByInternal = 2,  ///< the "internal" role (service actors)
  kGlobal = 4,          ///< not a tenant's point: only super_admin and system
};

struct BuiltinPoint {
  std::string_view name;
  unsigned holders;
  std::string_view description;
};

/// Every built-in point, sorted by name.
std::span<const BuiltinPoint> builtin_points() noexcept;

/// The built-in point named `name`, or nullptr.
const BuiltinPoint* find_builtin_point(std::string_view name) noexcept;

/// The built-in role names, in the order roles are listed.
inline constexpr std::string_view kBuiltinRoles[] = {"public", "member", "admin", "internal",
                                                     "super_admin"};

bool is_builtin_role(std::string_view name) noexcept;

}  // namespace member::detail
