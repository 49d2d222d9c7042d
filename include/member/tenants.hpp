// Tenants (REQUIREMENTS E1, seed 004) and roles and permission points (E2, E3).
//
// Every record belongs to one tenant and every call runs in the tenant of its
// Actor. The "default" tenant exists from the first schema on and is the
// system tenant: it cannot be disabled or deleted, and the audit records of
// tenant management (create, update, delete, import) go to its audit chain.
// A call in a tenant that does not exist is refused with not_found (field
// "tenant"), in a disabled tenant with failed_precondition (field "tenant").
//
// Membership: a user's account lives in its home tenant (the tenant it was
// registered in). Tenants::assign_user_tenants() makes the user a member of
// further tenants. A member of tenant T may act in T as Actor::user(id, T)
// with the roles assigned to them in T (permission checks, Roles::check());
// what such an actor creates in T belongs to T. Their account, profile,
// points and sessions stay in the home tenant.
//
// Permissions: a permission point is a name like "points.adjust". The built-in
// points are listed by Roles::permissions() and in docs/tenants.md; a tenant
// adds its own. Built-in roles map the seed-001 caller levels: "public"
// (anonymous actors) and "member" (user actors) hold no permission point --
// what a member may do with their own account is the self-service rule, not a
// permission -- "admin" (admin actors) and "internal" (service actors) hold
// every permission point of their tenant, and "super_admin" (super_admin and
// system actors) holds them in every tenant plus the global ones
// ("tenants.manage"). A user actor holds the union of the roles assigned to
// them in the tenant (the built-in "admin" and "internal" may be assigned).
//
// Checks are cached per System (shared by its threads): a change made through
// this System is seen at once; a change made by another process is seen after
// at most kAccessCacheTtl.
//
// Both services are thread-safe; obtain them from member::System.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "member/accounts.hpp"
#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/error.hpp"
#include "member/export.hpp"
#include "member/page.hpp"

namespace member {

namespace detail {
struct Context;
}

/// How long a cached tenant state or permission set is trusted before it is
/// read again (changes made by other processes show after at most this).
inline constexpr std::chrono::seconds kAccessCacheTtl{5};

enum class TenantStatus : int {
  active = 0,
  disabled = 1,  ///< every call in the tenant is refused
};

/// The stable name of a status ("active", "disabled").
MEMBER_EXPORT std::string_view to_string(TenantStatus status) noexcept;

struct Tenant {
  std::string id;    ///< the tenant code: 1-64 characters from [A-Za-z0-9_.-]
  std::string name;  ///< 1-200 characters
  TenantStatus status = TenantStatus::active;
  std::string settings = "{}";  ///< a JSON object, at most 16 KiB
  TimePoint created_at{};
  TimePoint updated_at{};
};

struct TenantQuery {
  std::string name_contains;  ///< case-insensitive substring of the name; empty for any
  std::optional<TenantStatus> status;
  Page page;
};

/// The fields to change; absent ones stay.
struct TenantUpdate {
  std::string id;
  std::optional<std::string> name;
  std::optional<TenantStatus> status;
  std::optional<std::string> settings;
};

/// The outcome of one line of an import.
struct TenantImportResult {
  std::uint32_t line = 0;  ///< 1-based
  std::string id;          ///< the tenant id, when the line had one
  Errc code = Errc::ok;
  std::string message;
  std::string field;
};

/// A user of a tenant: one registered in it, or a member from another tenant
/// (Tenants::assign_user_tenants()).
struct TenantUser {
  std::string user_id;
  std::string home_tenant;                       ///< the tenant itself for its own users
  std::string username;                          ///< empty when the account has none
  AccountStatus status = AccountStatus::active;  ///< the account's, in its home tenant
  TimePoint since{};  ///< registered in the tenant, or made a member of it
};

/// One page of a tenant's users and how many there are over all pages.
struct TenantUserList {
  std::vector<TenantUser> users;  ///< oldest first, then by user id
  std::int64_t total = 0;
};

class MEMBER_EXPORT Tenants {
 public:
  /// Creates a tenant (global permission "tenants.manage": super admin or
  /// system). Throws invalid_argument (id, name, settings, status),
  /// conflict (id taken), permission_denied. Audit: "tenant.create".
  Tenant create(const Actor& actor, const Tenant& tenant);

  /// One tenant: "tenants.manage", or any staff actor of that same tenant.
  /// Throws not_found, permission_denied.
  Tenant get(const Actor& actor, const std::string& id);

  /// Tenants by id, filtered ("tenants.manage"). Throws invalid_argument
  /// (limit, offset, name_contains), permission_denied.
  std::vector<Tenant> list(const Actor& actor, const TenantQuery& query = {});

  /// Changes name, status or settings ("tenants.manage"), with the tenant's
  /// row locked, so a concurrent change of other fields is kept. The default
  /// tenant cannot be disabled (failed_precondition). Throws
  /// invalid_argument, not_found, permission_denied. Audit: "tenant.update".
  Tenant update(const Actor& actor, const TenantUpdate& update);

  /// Deletes a tenant ("tenants.manage"). Refused with failed_precondition
  /// while it has users (its own or members from other tenants) unless
  /// `force`; a forced delete removes every row of
  /// the tenant in every table, its audit chain included, in one
  /// transaction. The default tenant cannot be deleted. Returns the rows
  /// removed. Throws not_found, permission_denied. Audit: "tenant.delete" in
  /// the default tenant's chain.
  std::uint64_t remove(const Actor& actor, const std::string& id, bool force = false);

  /// Creates tenants from JSON lines (one object per line, fields as in
  /// export_lines(); blank lines skipped). Each line succeeds or fails on its
  /// own (a line nested over 32 levels is refused, field "line"); the
  /// results say which ("tenants.manage"). Throws invalid_argument (lines:
  /// over 10000 non-blank lines), permission_denied. Audit: "tenant.create"
  /// per tenant created.
  std::vector<TenantImportResult> import_lines(const Actor& actor, std::string_view lines);

  /// Every tenant matching the query's filters as JSON lines: {"id", "name",
  /// "status", "settings", "created_at", "updated_at"} ("tenants.manage").
  /// The page is ignored: the whole selection is exported.
  std::string export_lines(const Actor& actor, const TenantQuery& query = {});

  /// Makes `tenants` the memberships of the user `user_id` of the actor's
  /// tenant (their home tenant; it is implied and may not be listed). Roles
  /// the user held in tenants left are removed. Needs "tenants.manage".
  /// Throws invalid_argument (user_id, tenants), not_found (user, tenant),
  /// permission_denied. Audit: "tenant.members" in the home tenant.
  std::vector<std::string> assign_user_tenants(const Actor& actor, const std::string& user_id,
                                               const std::vector<std::string>& tenants);

  /// The user's home tenant first, then their memberships by id (the user
  /// themself, staff of the home tenant, or "tenants.manage"). Throws
  /// invalid_argument, not_found, permission_denied.
  std::vector<std::string> user_tenants(const Actor& actor, const std::string& user_id);

  /// The users of the actor's tenant, its own and its members from other
  /// tenants, paged, with the total ("tenants.users": the tenant's staff,
  /// or a super admin acting in it). Throws invalid_argument (limit,
  /// offset), permission_denied, and the tenant errors. No audit (a read).
  TenantUserList users(const Actor& actor, Page page = {});

 private:
  friend class System;
  explicit Tenants(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

struct Role {
  std::string name;         ///< 1-64 characters from [A-Za-z0-9_.-]
  std::string description;  ///< at most 500 characters
  bool builtin = false;
  /// The permission points granted (for admin, internal and super_admin:
  /// every point of the tenant).
  std::vector<std::string> permissions;
};

struct PermissionPoint {
  std::string name;  ///< "<module>.<verb>", 3-64 characters from [a-z0-9_.-]
  std::string description;
  bool builtin = false;
  bool global = false;  ///< not a tenant's: only super_admin holds it
};

struct RoleAssignment {
  std::string user_id;
  std::string role;
};

struct PermissionGrant {
  std::string role;
  std::string permission;
};

class MEMBER_EXPORT Roles {
 public:
  /// Creates a custom role in the actor's tenant ("roles.manage"). Throws
  /// invalid_argument (name, description; built-in names are reserved),
  /// conflict, permission_denied. Audit: "role.create".
  Role create_role(const Actor& actor, const Role& role);

  /// Creates several custom roles in the actor's tenant, all or none, in one
  /// transaction (1-1000 roles; "roles.manage"). Throws invalid_argument
  /// (roles[i].name, roles[i].description; a built-in name, or a name listed
  /// twice), conflict (roles[i].name already taken), permission_denied.
  /// Audit: "role.create" per role.
  std::vector<Role> create_roles(const Actor& actor, const std::vector<Role>& roles);

  /// The built-in roles then the tenant's roles by name, each with its
  /// permissions ("roles.read"). Throws invalid_argument (limit, offset).
  std::vector<Role> roles(const Actor& actor, Page page = {});

  /// Creates a custom permission point in the actor's tenant
  /// ("roles.manage"). Throws invalid_argument (name; built-in names are
  /// reserved), conflict, permission_denied. Audit: "permission.create".
  PermissionPoint create_permission(const Actor& actor, const PermissionPoint& point);

  /// The built-in permission points then the tenant's by name ("roles.read").
  std::vector<PermissionPoint> permissions(const Actor& actor, Page page = {});

  /// Assigns roles to users, all or none (1-1000 assignments;
  /// "roles.manage"). The user must be of the tenant or a member of it; the
  /// role built-in "admin" or "internal", or a custom role, holding no
  /// point the actor does not hold. Throws invalid_argument
  /// (assignments[i].user_id/role), not_found, permission_denied (also
  /// assignments[i].role for such a point). Audit: "role.assign" per
  /// assignment.
  void assign_roles(const Actor& actor, const std::vector<RoleAssignment>& assignments);

  /// Grants permission points to custom roles, all or none (1-1000 grants;
  /// "roles.manage"). Global points, and points the actor does not hold,
  /// cannot be granted. Throws invalid_argument (grants[i].role/permission),
  /// not_found, permission_denied (also grants[i].permission for a point
  /// the actor does not hold). Audit: "role.grant" per grant.
  void grant_permissions(const Actor& actor, const std::vector<PermissionGrant>& grants);

  /// The roles assigned to the user in the actor's tenant (the user themself
  /// or "roles.read"). Throws invalid_argument, not_found, permission_denied.
  std::vector<std::string> user_roles(const Actor& actor, const std::string& user_id);

  /// The user's effective permission points in the actor's tenant: the union
  /// over their roles (the user themself or "roles.read").
  std::vector<std::string> user_permissions(const Actor& actor, const std::string& user_id);

  /// True when the actor holds `permission` in its tenant. Throws
  /// invalid_argument (permission), and the tenant errors.
  bool check(const Actor& actor, const std::string& permission);

 private:
  friend class System;
  explicit Roles(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
