// Seed 004's multi-tenancy routes (/api/tenants, /api/tenants/{tenant_id}/...,
// /api/users/{id}/tenants) over the tenants.* operations, and its role and
// permission routes (/api/roles, /api/role, /api/permissions, ...) over the
// roles.* operations. Tenant management is for super admins; a
// "{tenant_id}" segment is the tenant the call acts in (server.cpp,
// in_path_tenant()).
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

const std::map<std::string, std::string> kTenantNames = {{"tenant_id", "id"},
                                                         {"tenant_name", "name"}};

Json body(const HttpInput& in) {
  return in.body;
}

Json page(const HttpInput& in) {
  Json request = Json::object();
  page_from_query(in, request);
  return request;
}

// The list and export filters: "name" (a substring) and "status".
Json filters(const HttpInput& in) {
  Json request = Json::object();
  if (auto name = in.query("name")) request["name_contains"] = *name;
  if (auto status = in.query("status")) request["status"] = *status;
  return request;
}

Json list(const HttpInput& in) {
  Json request = filters(in);
  page_from_query(in, request);
  return request;
}

// The tenant the path names, as "id".
Json with_id(Json request, const HttpInput& in) {
  request["id"] = in.query("id").value_or("");
  return request;
}

Json create(const HttpInput& in) {
  return renamed(in.body, kTenantNames);
}

Json get(const HttpInput& in) {
  return with_id(Json::object(), in);
}

Json update(const HttpInput& in) {
  return with_id(renamed(in.body, kTenantNames), in);
}

// "force" in the body, or "?force=true" (also "1" / "false", "0").
Json remove(const HttpInput& in) {
  Json request = with_id(in.body, in);
  if (auto force = in.query("force")) {
    if (*force != "true" && *force != "1" && *force != "false" && *force != "0") {
      api::invalid("force", "must be true or false");
    }
    request["force"] = *force == "true" || *force == "1";
  }
  return request;
}

// Export's JSON lines as "lines", or the tenants as an array of objects
// ("tenants"), each becoming one line.
Json import(const HttpInput& in) {
  Json request = in.body;
  auto tenants = request.find("tenants");
  if (tenants == request.end()) return request;
  if (!tenants->is_array()) api::invalid("tenants", "must be an array of tenant objects");
  std::string lines;
  for (const Json& tenant : *tenants) lines += api::dump(tenant) + "\n";
  request.erase(tenants);
  if (!request.contains("lines")) request["lines"] = lines;
  return request;
}

// The body is seed 004's array of tenant ids, or {"tenants": [...]} /
// {"tenant_ids": [...]}.
Json assign_tenants(const HttpInput& in) {
  Json given = api::parse(in.raw_body, "body");
  Json request = given.is_array() ? Json{{"tenants", std::move(given)}}
                                  : renamed(std::move(given), {{"tenant_ids", "tenants"}});
  if (!request.is_object()) api::invalid("body", "must be an array of tenant ids or an object");
  request["user_id"] = in.query("id").value_or("");
  return request;
}

Json user_tenants(const HttpInput& in) {
  return {{"user_id", in.query("id").value_or("")}};
}

// A batch operation's request: `body` as is when it holds the list
// (`list_name`); else one item per entry of `plural` (or the one `single`),
// each with the body's `fixed` member. Other members stay at the top, where
// the operation refuses them as unknown.
Json batch(Json body, const std::string& list_name, const std::string& fixed,
           const std::string& single, const std::string& plural) {
  if (body.contains(list_name)) return body;
  Json values = Json::array();
  if (auto many = body.find(plural); many != body.end()) {
    if (!many->is_array()) api::invalid(plural, "must be an array");
    values = std::move(*many);
    body.erase(many);
  }
  if (auto one = body.find(single); one != body.end()) {
    values.push_back(std::move(*one));
    body.erase(one);
  }
  Json fixed_value = "";
  if (auto it = body.find(fixed); it != body.end()) {
    fixed_value = std::move(*it);
    body.erase(it);
  }
  if (values.empty()) api::invalid(single, "is required");
  Json items = Json::array();
  for (Json& value : values) items.push_back({{fixed, fixed_value}, {single, std::move(value)}});
  body[list_name] = std::move(items);
  return body;
}

Json assign_roles(const HttpInput& in) {
  return batch(renamed(in.body, {{"userId", "user_id"}}), "assignments", "user_id", "role",
               "roles");
}

Json grant(const HttpInput& in) {
  return batch(in.body, "grants", "role", "permission", "permissions");
}

// seed 004 names no body: {"roles": [{name, description}, ...]} or a bare
// array of role objects (all or none).
Json create_roles(const HttpInput& in) {
  Json given = api::parse(in.raw_body, "body");
  if (given.is_array()) return {{"roles", std::move(given)}};
  if (!given.is_object()) api::invalid("body", "must be an array of roles or an object");
  return given;
}

Json check(const HttpInput& in) {
  return {{"permission", in.query("permission").value_or("")}};
}

}  // namespace

std::vector<Route> tenants_routes() {
  const std::string t = "/api/tenants";
  return {
      // seed 004, 1. tenant management
      {"GET", t, "tenants.list", Access::super_admin, "004", Body::none, list},
      {"POST", t, "tenants.create", Access::super_admin, "004", Body::json, create},
      {"GET", t + "/export", "tenants.export", Access::super_admin, "004", Body::none, filters},
      {"POST", t + "/import", "tenants.import", Access::super_admin, "004", Body::json, import},
      {"GET", t + "/{id}", "tenants.get", Access::admin, "004", Body::none, get},
      {"POST", t + "/{id}/update", "tenants.update", Access::super_admin, "004", Body::json,
       update},
      {"POST", t + "/{id}/delete", "tenants.delete", Access::super_admin, "004", Body::json,
       remove},
      // seed 004, 2. users and resources of a tenant
      {"GET", t + "/{tenant_id}/users", "tenants.users", Access::admin, "004", Body::none, page},
      {"POST", t + "/{tenant_id}/users/batch", "accounts.register_batch", Access::admin, "004",
       Body::json, body},
      {"GET", t + "/{tenant_id}/roles", "roles.list", Access::admin, "004", Body::none, page},
      {"POST", t + "/{tenant_id}/roles/batch", "roles.create_batch", Access::admin, "004",
       Body::text, create_roles},
      {"GET", t + "/{tenant_id}/permissions", "roles.permissions", Access::admin, "004", Body::none,
       page},
      // seed 004, 3. users and tenants
      {"GET", "/api/users/{id}/tenants", "tenants.user_tenants", Access::member, "004", Body::none,
       user_tenants},
      {"POST", "/api/users/{id}/tenants/assign", "tenants.assign_user", Access::super_admin, "004",
       Body::text, assign_tenants},
      // seed 004, roles and permissions
      {"GET", "/api/user/roles", "roles.user_roles", Access::member, "004", Body::none, own_id},
      {"GET", "/api/user/permissions", "roles.user_permissions", Access::member, "004", Body::none,
       own_id},
      {"GET", "/api/roles", "roles.list", Access::admin, "004", Body::none, page},
      {"POST", "/api/role", "roles.create", Access::admin, "004", Body::json, body},
      {"POST", "/api/role/assign", "roles.assign", Access::admin, "004", Body::json, assign_roles},
      {"GET", "/api/permissions", "roles.permissions", Access::admin, "004", Body::none, page},
      {"POST", "/api/permission", "roles.create_permission", Access::admin, "004", Body::json,
       body},
      {"POST", "/api/role/permission/assign", "roles.grant", Access::admin, "004", Body::json,
       grant},
      // no seed names a check
      {"GET", "/api/user/permissions/check", "roles.check", Access::member, "member", Body::none,
       check},
  };
}

}  // namespace member::server
