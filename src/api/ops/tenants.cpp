// tenants.* and roles.* operations (member::Tenants, member::Roles; E1-E3).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kSuperAdmin = R"({"kind": "super_admin", "id": "root-ops"})";
constexpr const char* kAdmin = R"({"kind": "admin", "id": "ops-anna"})";
constexpr const char* kUserId = "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9";
constexpr const char* kTenant =
    R"({"id": "shop-eu", "name": "Shop Europe", "status": "active", "settings": {"currency": "EUR"}, "created_at": "2026-01-31T12:00:00.000Z", "updated_at": "2026-01-31T12:00:00.000Z"})";
constexpr const char* kRole =
    R"({"name": "support", "description": "customer support", "builtin": false, "permissions": ["accounts.set_status"]})";
constexpr const char* kPoint =
    R"({"name": "reports.export", "description": "export reports", "builtin": false, "global": false})";

Json encode(const Tenant& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"status", to_string(t.status)},
          {"settings", Json::parse(t.settings)},
          {"created_at", format_time(t.created_at)},
          {"updated_at", format_time(t.updated_at)}};
}

Json encode(const Role& r) {
  return {{"name", r.name},
          {"description", r.description},
          {"builtin", r.builtin},
          {"permissions", r.permissions}};
}

Json encode(const PermissionPoint& p) {
  return {{"name", p.name},
          {"description", p.description},
          {"builtin", p.builtin},
          {"global", p.global}};
}

Json encode(const TenantUser& u) {
  return {{"user_id", u.user_id},
          {"home_tenant", u.home_tenant},
          {"username", u.username},
          {"status", to_string(u.status)},
          {"since", format_time(u.since)}};
}

Json encode(const TenantImportResult& r) {
  return {{"line", r.line},
          {"id", r.id},
          {"code", to_string(r.code)},
          {"message", r.message},
          {"field", r.field}};
}

template <class T>
Json list_of(const std::vector<T>& items) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(encode(item));
  return out;
}

/// A JSON object member as its text (absent: nullopt).
std::optional<std::string> settings_of(Fields& f) {
  const Json* settings = f.object("settings");
  return settings ? std::optional(settings->dump()) : std::nullopt;
}

Tenant decode_tenant(Fields& f) {
  Tenant t;
  t.id = f.str("id");
  t.name = f.str("name");
  t.status = f.enumeration<TenantStatus>("status", 2, TenantStatus::active);
  t.settings = settings_of(f).value_or("{}");
  return t;
}

TenantUpdate decode_update(Fields& f) {
  TenantUpdate u;
  u.id = f.str("id");
  u.name = f.opt_str("name");
  u.status = f.opt_enum<TenantStatus>("status", 2);
  u.settings = settings_of(f);
  return u;
}

TenantQuery decode_query(Fields& f) {
  TenantQuery q;
  q.name_contains = f.str("name_contains");
  q.status = f.opt_enum<TenantStatus>("status", 2);
  q.page = decode_page(f);
  return q;
}

TenantQuery decode_filters(Fields& f) {
  TenantQuery q;
  q.name_contains = f.str("name_contains");
  q.status = f.opt_enum<TenantStatus>("status", 2);
  return q;
}

struct IdRequest {
  std::string id;
  bool force = false;
};
IdRequest decode_id(Fields& f) {
  return {f.str("id"), false};
}
IdRequest decode_delete(Fields& f) {
  IdRequest r;
  r.id = f.str("id");
  r.force = f.boolean("force");
  return r;
}

struct LinesRequest {
  std::string lines;
};
LinesRequest decode_lines(Fields& f) {
  return {f.str("lines")};
}

struct UserRequest {
  std::string user_id;
};
UserRequest decode_user(Fields& f) {
  return {f.str("user_id")};
}

std::vector<std::string> strings_of(Fields& f, std::string_view name) {
  std::vector<std::string> out;
  if (const Json* items = f.array(name)) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      if (!items->at(i).is_string()) invalid(element_path(f.path(name), i), "not a string");
      out.push_back(items->at(i).get<std::string>());
    }
  }
  return out;
}

struct AssignTenantsRequest {
  std::string user_id;
  std::vector<std::string> tenants;
};
AssignTenantsRequest decode_assign_tenants(Fields& f) {
  AssignTenantsRequest r;
  r.user_id = f.str("user_id");
  r.tenants = strings_of(f, "tenants");
  return r;
}

Role decode_role(Fields& f) {
  Role r;
  r.name = f.str("name");
  r.description = f.str("description");
  return r;
}

PermissionPoint decode_point(Fields& f) {
  PermissionPoint p;
  p.name = f.str("name");
  p.description = f.str("description");
  return p;
}

Page decode_only_page(Fields& f) {
  return decode_page(f);
}

template <class Item, class Read>
std::vector<Item> items_of(Fields& f, std::string_view name, Read read) {
  std::vector<Item> out;
  if (const Json* items = f.array(name)) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      Fields item(items->at(i), element_path(f.path(name), i));
      out.push_back(read(item));
      item.finish();
    }
  }
  return out;
}

std::vector<RoleAssignment> decode_assignments(Fields& f) {
  return items_of<RoleAssignment>(f, "assignments", [](Fields& item) {
    RoleAssignment a;
    a.user_id = item.str("user_id");
    a.role = item.str("role");
    return a;
  });
}

std::vector<Role> decode_roles(Fields& f) {
  return items_of<Role>(f, "roles", decode_role);
}

std::vector<PermissionGrant> decode_grants(Fields& f) {
  return items_of<PermissionGrant>(f, "grants", [](Fields& item) {
    PermissionGrant g;
    g.role = item.str("role");
    g.permission = item.str("permission");
    return g;
  });
}

struct CheckRequest {
  std::string permission;
};
CheckRequest decode_check(Fields& f) {
  return {f.str("permission")};
}

std::string with_user(const char* rest = "") {
  return std::string(R"({"user_id": ")") + kUserId + "\"" + rest + "}";
}

void register_tenant_management(OperationTable& t) {
  t.add(
      "tenants.create",
      "Creates a tenant (tenants.manage: super_admin or system). Errors: invalid_argument, "
      "conflict, permission_denied.",
      kSuperAdmin,
      R"({"id": "shop-eu", "name": "Shop Europe", "status": "active", "settings": {"currency": "EUR"}})",
      kTenant, decode_tenant, [](Host& h, const Actor& a, const Tenant& r) -> Json {
        return encode(h.system.tenants().create(a, r));
      });
  t.add("tenants.get",
        "One tenant (tenants.manage, or staff of that tenant). Errors: not_found, "
        "permission_denied.",
        kSuperAdmin, R"({"id": "shop-eu"})", kTenant, decode_id,
        [](Host& h, const Actor& a, const IdRequest& r) -> Json {
          return encode(h.system.tenants().get(a, r.id));
        });
  t.add("tenants.list",
        "Tenants by id, filtered by a name substring and status, paged (tenants.manage).",
        kSuperAdmin, R"({"name_contains": "shop", "status": "active", "limit": 50, "offset": 0})",
        std::string(R"({"tenants": [)") + kTenant + "]}", decode_query,
        [](Host& h, const Actor& a, const TenantQuery& q) -> Json {
          return {{"tenants", list_of(h.system.tenants().list(a, q))}};
        });
  t.add("tenants.update",
        "Changes name, status or settings of a tenant (tenants.manage); the default tenant "
        "cannot be disabled. Errors: not_found, failed_precondition.",
        kSuperAdmin, R"({"id": "shop-eu", "status": "disabled"})", kTenant, decode_update,
        [](Host& h, const Actor& a, const TenantUpdate& u) -> Json {
          return encode(h.system.tenants().update(a, u));
        });
  t.add("tenants.delete",
        "Deletes a tenant (tenants.manage); refused with failed_precondition while it has "
        "users unless force, which removes all its data. Returns the rows removed.",
        kSuperAdmin, R"({"id": "shop-eu", "force": true})", R"({"removed": 42})", decode_delete,
        [](Host& h, const Actor& a, const IdRequest& r) -> Json {
          return {{"removed", h.system.tenants().remove(a, r.id, r.force)}};
        });
  t.add("tenants.import",
        "Creates tenants from JSON lines (the export format); each line succeeds or fails "
        "alone and gets a result (tenants.manage).",
        kSuperAdmin, R"({"lines": "{\"id\": \"shop-eu\", \"name\": \"Shop Europe\"}\n"})",
        R"({"results": [{"line": 1, "id": "shop-eu", "code": "ok", "message": "", "field": ""}]})",
        decode_lines, [](Host& h, const Actor& a, const LinesRequest& r) -> Json {
          return {{"results", list_of(h.system.tenants().import_lines(a, r.lines))}};
        });
  t.add(
      "tenants.export", "Every tenant matching the filters as JSON lines (tenants.manage).",
      kSuperAdmin, R"({"name_contains": "", "status": "active"})",
      R"({"lines": "{\"created_at\":0,\"id\":\"default\",\"name\":\"Default tenant\",\"settings\":{},\"status\":\"active\",\"updated_at\":0}\n"})",
      decode_filters, [](Host& h, const Actor& a, const TenantQuery& q) -> Json {
        return {{"lines", h.system.tenants().export_lines(a, q)}};
      });
  t.add("tenants.assign_user",
        "Makes the listed tenants the memberships of a user of the actor's tenant "
        "(tenants.manage). Errors: not_found (user, tenant).",
        kSuperAdmin, with_user(R"(, "tenants": ["shop-eu"])"), R"({"tenants": ["shop-eu"]})",
        decode_assign_tenants, [](Host& h, const Actor& a, const AssignTenantsRequest& r) -> Json {
          return {{"tenants", h.system.tenants().assign_user_tenants(a, r.user_id, r.tenants)}};
        });
  t.add(
      "tenants.users",
      "The users of the actor's tenant, its own and its members from other tenants, oldest "
      "first, with the total over all pages (tenants.users: the tenant's staff).",
      kAdmin, R"({"limit": 50, "offset": 0})",
      std::string(R"({"users": [{"user_id": ")") + kUserId +
          R"(", "home_tenant": "shop-eu", "username": "alice", "status": "active", "since": "2026-01-31T12:00:00.000Z"}], "total": 1})",
      decode_only_page, [](Host& h, const Actor& a, const Page& p) -> Json {
        const TenantUserList list = h.system.tenants().users(a, p);
        return {{"users", list_of(list.users)}, {"total", list.total}};
      });
  t.add("tenants.user_tenants",
        "The user's home tenant, then the tenants they are a member of (the user, staff, or "
        "tenants.manage).",
        kAdmin, with_user(), R"({"tenants": ["default", "shop-eu"]})", decode_user,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"tenants", h.system.tenants().user_tenants(a, r.user_id)}};
        });
}

void register_role_operations(OperationTable& t) {
  t.add(
      "roles.create", "Creates a custom role in the actor's tenant (roles.manage).", kAdmin,
      R"({"name": "support", "description": "customer support"})",
      R"({"name": "support", "description": "customer support", "builtin": false, "permissions": []})",
      decode_role, [](Host& h, const Actor& a, const Role& r) -> Json {
        return encode(h.system.roles().create_role(a, r));
      });
  t.add(
      "roles.create_batch",
      "Creates several custom roles in the actor's tenant, all or none (roles.manage). Errors: "
      "invalid_argument (roles[i].name: built-in or listed twice), conflict (roles[i].name).",
      kAdmin,
      R"({"roles": [{"name": "support", "description": "customer support"}, {"name": "auditor", "description": "reads the audit trail"}]})",
      R"({"roles": [{"name": "support", "description": "customer support", "builtin": false, "permissions": []}, {"name": "auditor", "description": "reads the audit trail", "builtin": false, "permissions": []}]})",
      decode_roles, [](Host& h, const Actor& a, const std::vector<Role>& r) -> Json {
        return {{"roles", list_of(h.system.roles().create_roles(a, r))}};
      });
  t.add("roles.list",
        "The built-in roles, then the tenant's, each with its permission points (roles.read).",
        kAdmin, R"({"limit": 50, "offset": 0})", std::string(R"({"roles": [)") + kRole + "]}",
        decode_only_page, [](Host& h, const Actor& a, const Page& p) -> Json {
          return {{"roles", list_of(h.system.roles().roles(a, p))}};
        });
  t.add("roles.create_permission",
        "Creates a custom permission point in the actor's tenant (roles.manage).", kAdmin,
        R"({"name": "reports.export", "description": "export reports"})", kPoint, decode_point,
        [](Host& h, const Actor& a, const PermissionPoint& p) -> Json {
          return encode(h.system.roles().create_permission(a, p));
        });
  t.add("roles.permissions", "The built-in permission points, then the tenant's (roles.read).",
        kAdmin, R"({"limit": 50, "offset": 0})",
        std::string(R"({"permissions": [)") + kPoint + "]}", decode_only_page,
        [](Host& h, const Actor& a, const Page& p) -> Json {
          return {{"permissions", list_of(h.system.roles().permissions(a, p))}};
        });
  t.add("roles.assign",
        "Assigns roles to users, all or none (roles.manage). Errors: not_found (user, role), "
        "permission_denied (a role holding a point the actor does not hold).",
        kAdmin,
        std::string(R"({"assignments": [{"user_id": ")") + kUserId + R"(", "role": "support"}]})",
        "{}", decode_assignments,
        [](Host& h, const Actor& a, const std::vector<RoleAssignment>& r) -> Json {
          h.system.roles().assign_roles(a, r);
          return Json::object();
        });
  t.add("roles.grant",
        "Grants permission points to custom roles, all or none (roles.manage). Errors: "
        "permission_denied (a point the actor does not hold).",
        kAdmin, R"({"grants": [{"role": "support", "permission": "accounts.set_status"}]})", "{}",
        decode_grants, [](Host& h, const Actor& a, const std::vector<PermissionGrant>& r) -> Json {
          h.system.roles().grant_permissions(a, r);
          return Json::object();
        });
  t.add("roles.user_roles",
        "The user's roles in the actor's tenant (the user themself, or roles.read).", kAdmin,
        with_user(), R"({"roles": ["member", "support"]})", decode_user,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"roles", h.system.roles().user_roles(a, r.user_id)}};
        });
  t.add("roles.user_permissions",
        "The user's effective permission points in the actor's tenant (the user themself, or "
        "roles.read).",
        kAdmin, with_user(), R"({"permissions": ["accounts.set_status"]})", decode_user,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"permissions", h.system.roles().user_permissions(a, r.user_id)}};
        });
  t.add("roles.check", "True when the actor holds the permission point in its tenant.", kAdmin,
        R"({"permission": "points.adjust"})", R"({"allowed": true})", decode_check,
        [](Host& h, const Actor& a, const CheckRequest& r) -> Json {
          return {{"allowed", h.system.roles().check(a, r.permission)}};
        });
}

}  // namespace

void register_tenants_operations(OperationTable& t) {
  register_tenant_management(t);
  register_role_operations(t);
}

}  // namespace member::api
