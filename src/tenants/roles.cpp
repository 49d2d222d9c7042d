// Roles and permission points (E2, E3). Built-in roles are not stored: their
// permissions follow from the table in permission_points.cpp; custom roles,
// custom points and all assignments are rows of the actor's tenant.
#include <algorithm>

#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/context.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "member/tenants.hpp"
#include "tenants/access_cache.hpp"
#include "tenants/permission_points.hpp"

namespace member {
namespace {

constexpr std::size_t kMaxBatch = 1000;

/// 3-64 characters from [a-z0-9_.-] with at least one '.': "<module>.<verb>".
void validate_point_name(std::string_view field, const std::string& name) {
  const bool ok =
      name.size() >= 3 && name.size() <= 64 && name.find('.') != std::string::npos &&
      std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
      });
  if (!ok) {
    throw Error(Errc::invalid_argument,
                std::string(field) + ": 3-64 characters from a-z 0-9 _ . - with a '.'",
                std::string(field));
  }
}

void validate_batch(std::string_view field, std::size_t size) {
  if (size < 1 || size > kMaxBatch) {
    throw Error(Errc::invalid_argument, std::string(field) + ": 1..1000 per call",
                std::string(field));
  }
}

std::string at(std::string_view list, std::size_t i, std::string_view member) {
  return std::string(list) + "[" + std::to_string(i) + "]." + std::string(member);
}

/// The tenant's points: the built-in ones (global ones too), then custom.
std::vector<PermissionPoint> all_points(storage::Transaction& tx, const std::string& tenant) {
  std::vector<PermissionPoint> out;
  for (const auto& p : detail::builtin_points()) {
    out.push_back({.name = std::string(p.name),
                   .description = std::string(p.description),
                   .builtin = true,
                   .global = (p.holders & detail::kGlobal) != 0});
  }
  for (auto& row : tx.access().permissions(tenant)) {
    out.push_back({.name = std::move(row.name), .description = std::move(row.description)});
  }
  return out;
}

/// The points a built-in role holds in the tenant.
std::vector<std::string> builtin_role_points(std::string_view role,
                                             const std::vector<PermissionPoint>& points) {
  std::vector<std::string> out;
  for (const auto& p : points) {
    const auto* builtin = detail::find_builtin_point(p.name);
    const unsigned holders =
        builtin ? builtin->holders : detail::kHeldByAdmin | detail::kHeldByInternal;
    const bool held = role == "admin"      ? (holders & detail::kHeldByAdmin) != 0
                      : role == "internal" ? (holders & detail::kHeldByInternal) != 0
                      : role == "super_admin"
                          ? (holders & (detail::kHeldByAdmin | detail::kGlobal)) != 0
                          : false;
    if (held) out.push_back(p.name);
  }
  return out;
}

std::string_view builtin_role_description(std::string_view role) {
  if (role == "public") return "anonymous callers (seed 001 public)";
  if (role == "member") return "signed-in members acting on their own account (seed 001 member)";
  if (role == "admin") return "tenant staff: every permission point of the tenant";
  if (role == "internal") return "internal services (seed 001 internal)";
  return "staff across tenants: every tenant's points and tenant management";
}

/// The user must be of the tenant (not erased) or a member of it.
void require_user_in_tenant(storage::Transaction& tx, const std::string& tenant,
                            const std::string& user_id, const std::string& field) {
  const auto own = tx.users().find_by_id(tenant, user_id);
  if ((!own || own->data_key.empty()) && !tx.tenants().member_home(tenant, user_id)) {
    throw Error(Errc::not_found, field + ": user not found in the tenant", field);
  }
}

/// The user's effective points, computed from the rows (no cache).
std::vector<std::string> effective_points(storage::Transaction& tx, const std::string& tenant,
                                          const std::vector<std::string>& roles) {
  const auto points = all_points(tx, tenant);
  std::vector<std::string> out;
  for (const std::string& role : roles) {
    auto held = detail::is_builtin_role(role) ? builtin_role_points(role, points)
                                              : tx.access().role_permissions(tenant, role);
    out.insert(out.end(), held.begin(), held.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

/// No one hands out a point they do not hold, so roles.manage does not reach
/// the internal-only points: the actor must hold each of `points`.
void require_holds(const detail::Context& context, const Actor& actor, storage::Transaction& tx,
                   const std::vector<std::string>& points, const std::string& field) {
  for (const std::string& point : points) {
    if (!detail::holds_permission(context, actor, point, &tx)) {
      throw Error(Errc::permission_denied,
                  field + ": hands out " + point + ", which the actor does not hold", field);
    }
  }
}

/// Stores a new custom role or permission point ("role", "permission"):
/// conflict when the name is taken. Audit: "<kind>.create".
void insert_custom(detail::Context& context, const Actor& actor, storage::RoleRow row,
                   const std::string& kind) {
  detail::validate_text("description", row.description, 500);
  row.created_at_ms = detail::to_ms(context.now());
  auto tx = context.storage->write();
  const bool role = kind == "role";
  auto& store = tx->access();
  if (role ? store.find_role(row.tenant, row.name) : store.find_permission(row.tenant, row.name)) {
    throw Error(Errc::conflict, "name: is already taken", "name");
  }
  role ? store.insert_role(row) : store.insert_permission(row);
  detail::record_audit(*tx, context, actor, kind + ".create", "", {{kind, row.name}});
  tx->commit();
  context.access->invalidate();
}

template <class T>
std::vector<T> page_of(std::vector<T> all, const Page& page) {
  detail::validate_page(page);
  std::vector<T> out;
  for (std::size_t i = page.offset; i < all.size() && out.size() < page.limit; ++i) {
    out.push_back(std::move(all[i]));
  }
  return out;
}

}  // namespace

Role Roles::create_role(const Actor& actor, const Role& role) {
  detail::require_permission(context_, actor, "roles.manage");
  detail::validate_token("name", role.name, 64);
  if (detail::is_builtin_role(role.name)) {
    throw Error(Errc::invalid_argument, "name: is a built-in role", "name");
  }
  insert_custom(context_, actor, {actor.tenant, role.name, role.description, 0}, "role");
  return {.name = role.name, .description = role.description};
}

std::vector<Role> Roles::create_roles(const Actor& actor, const std::vector<Role>& roles) {
  detail::require_permission(context_, actor, "roles.manage");
  validate_batch("roles", roles.size());
  for (std::size_t i = 0; i < roles.size(); ++i) {
    const std::string field = at("roles", i, "name");
    detail::validate_token(field, roles[i].name, 64);
    if (detail::is_builtin_role(roles[i].name)) {
      throw Error(Errc::invalid_argument, field + ": is a built-in role", field);
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (roles[j].name == roles[i].name) {
        throw Error(Errc::invalid_argument, field + ": listed twice", field);
      }
    }
    detail::validate_text(at("roles", i, "description"), roles[i].description, 500);
  }
  const std::int64_t now_ms = detail::to_ms(context_.now());
  auto tx = context_.storage->write();
  std::vector<Role> out;
  for (std::size_t i = 0; i < roles.size(); ++i) {
    if (tx->access().find_role(actor.tenant, roles[i].name)) {
      const std::string field = at("roles", i, "name");
      throw Error(Errc::conflict, field + ": is already taken", field);
    }
    tx->access().insert_role({actor.tenant, roles[i].name, roles[i].description, now_ms});
    detail::record_audit(*tx, context_, actor, "role.create", "", {{"role", roles[i].name}});
    out.push_back({.name = roles[i].name, .description = roles[i].description});
  }
  tx->commit();
  context_.access->invalidate();
  return out;
}

std::vector<Role> Roles::roles(const Actor& actor, Page page) {
  detail::require_permission(context_, actor, "roles.read");
  detail::validate_page(page);
  auto tx = context_.storage->read();
  const auto points = all_points(*tx, actor.tenant);
  std::vector<Role> all;
  for (std::string_view name : detail::kBuiltinRoles) {
    all.push_back({.name = std::string(name),
                   .description = std::string(builtin_role_description(name)),
                   .builtin = true,
                   .permissions = builtin_role_points(name, points)});
  }
  for (auto& row : tx->access().roles(actor.tenant)) {
    all.push_back({.name = row.name,
                   .description = std::move(row.description),
                   .permissions = tx->access().role_permissions(actor.tenant, row.name)});
  }
  return page_of(std::move(all), page);
}

PermissionPoint Roles::create_permission(const Actor& actor, const PermissionPoint& point) {
  detail::require_permission(context_, actor, "roles.manage");
  validate_point_name("name", point.name);
  if (detail::find_builtin_point(point.name)) {
    throw Error(Errc::invalid_argument, "name: is a built-in permission point", "name");
  }
  insert_custom(context_, actor, {actor.tenant, point.name, point.description, 0}, "permission");
  return {.name = point.name, .description = point.description};
}

std::vector<PermissionPoint> Roles::permissions(const Actor& actor, Page page) {
  detail::require_permission(context_, actor, "roles.read");
  detail::validate_page(page);
  auto tx = context_.storage->read();
  return page_of(all_points(*tx, actor.tenant), page);
}

void Roles::assign_roles(const Actor& actor, const std::vector<RoleAssignment>& assignments) {
  detail::require_permission(context_, actor, "roles.manage");
  validate_batch("assignments", assignments.size());
  for (std::size_t i = 0; i < assignments.size(); ++i) {
    const auto& a = assignments[i];
    detail::validate_user_id(at("assignments", i, "user_id"), a.user_id);
    detail::validate_token(at("assignments", i, "role"), a.role, 64);
    if (detail::is_builtin_role(a.role) && a.role != "admin" && a.role != "internal") {
      const std::string field = at("assignments", i, "role");
      throw Error(Errc::invalid_argument, field + ": this built-in role cannot be assigned", field);
    }
  }
  auto tx = context_.storage->write();
  const std::int64_t now = detail::to_ms(context_.now());
  for (std::size_t i = 0; i < assignments.size(); ++i) {
    const auto& a = assignments[i];
    require_user_in_tenant(*tx, actor.tenant, a.user_id, at("assignments", i, "user_id"));
    if (!detail::is_builtin_role(a.role) && !tx->access().find_role(actor.tenant, a.role)) {
      const std::string field = at("assignments", i, "role");
      throw Error(Errc::not_found, field + ": role not found", field);
    }
    require_holds(context_, actor, *tx, effective_points(*tx, actor.tenant, {a.role}),
                  at("assignments", i, "role"));
    tx->access().assign(actor.tenant, a.user_id, a.role, now);
    detail::record_audit(*tx, context_, actor, "role.assign", a.user_id, {{"role", a.role}});
  }
  tx->commit();
  context_.access->invalidate();
}

void Roles::grant_permissions(const Actor& actor, const std::vector<PermissionGrant>& grants) {
  detail::require_permission(context_, actor, "roles.manage");
  validate_batch("grants", grants.size());
  for (std::size_t i = 0; i < grants.size(); ++i) {
    const auto& g = grants[i];
    const std::string role_field = at("grants", i, "role");
    const std::string point_field = at("grants", i, "permission");
    detail::validate_token(role_field, g.role, 64);
    if (detail::is_builtin_role(g.role)) {
      throw Error(Errc::invalid_argument, role_field + ": built-in roles' points are fixed",
                  role_field);
    }
    validate_point_name(point_field, g.permission);
    const auto* builtin = detail::find_builtin_point(g.permission);
    if (builtin && (builtin->holders & detail::kGlobal)) {
      throw Error(Errc::invalid_argument, point_field + ": a global point cannot be granted",
                  point_field);
    }
  }
  auto tx = context_.storage->write();
  for (std::size_t i = 0; i < grants.size(); ++i) {
    const auto& g = grants[i];
    if (!tx->access().find_role(actor.tenant, g.role)) {
      const std::string field = at("grants", i, "role");
      throw Error(Errc::not_found, field + ": role not found", field);
    }
    if (!detail::find_builtin_point(g.permission) &&
        !tx->access().find_permission(actor.tenant, g.permission)) {
      const std::string field = at("grants", i, "permission");
      throw Error(Errc::not_found, field + ": permission point not found", field);
    }
    require_holds(context_, actor, *tx, {g.permission}, at("grants", i, "permission"));
    tx->access().grant(actor.tenant, g.role, g.permission);
    detail::record_audit(*tx, context_, actor, "role.grant", "",
                         {{"role", g.role}, {"permission", g.permission}});
  }
  tx->commit();
  context_.access->invalidate();
}

std::vector<std::string> Roles::user_roles(const Actor& actor, const std::string& user_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_tenant(context_, actor);
  if (!detail::holds_permission(context_, actor, "roles.read")) {
    detail::require_access(context_, actor, user_id);
  }
  auto tx = context_.storage->read();
  require_user_in_tenant(*tx, actor.tenant, user_id, "user_id");
  std::vector<std::string> roles{"member"};
  for (std::string& r : tx->access().user_roles(actor.tenant, user_id))
    roles.push_back(std::move(r));
  return roles;
}

std::vector<std::string> Roles::user_permissions(const Actor& actor, const std::string& user_id) {
  const std::vector<std::string> roles = user_roles(actor, user_id);
  auto tx = context_.storage->read();
  return effective_points(*tx, actor.tenant, roles);
}

bool Roles::check(const Actor& actor, const std::string& permission) {
  validate_point_name("permission", permission);
  detail::require_tenant(context_, actor);
  if (!detail::find_builtin_point(permission)) {
    auto tx = context_.storage->read();
    if (!tx->access().find_permission(actor.tenant, permission)) return false;
  }
  return detail::holds_permission(context_, actor, permission);
}

}  // namespace member
