#include "openapi.hpp"

#include <cctype>

#include "api/operations.hpp"
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

// Block-style YAML of a JSON value; strings are written as JSON strings,
// which YAML reads as double-quoted scalars.
void yaml(const Json& value, int indent, std::string& out);

std::string pad(int indent) {
  return std::string(static_cast<std::size_t>(indent), ' ');
}

bool scalar(const Json& value) {
  return !value.is_structured() || value.empty();
}

// Keys that YAML reads back as the same string without quotes.
std::string key_text(const std::string& key) {
  const bool plain = !key.empty() &&
                     (std::isalpha(static_cast<unsigned char>(key[0])) || key[0] == '/' ||
                      key[0] == '$' || key[0] == '_') &&
                     key.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                         "0123456789_./${}-") == std::string::npos;
  return plain ? key : api::dump(key);
}

void yaml(const Json& value, int indent, std::string& out) {
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      out.append(pad(indent)).append(key_text(key)).push_back(':');
      if (scalar(member)) {
        out.append(" ").append(api::dump(member)).push_back('\n');
      } else {
        out += "\n";
        yaml(member, indent + 2, out);
      }
    }
  } else if (value.is_array()) {
    for (const auto& element : value) {
      if (scalar(element)) {
        out.append(pad(indent)).append("- ").append(api::dump(element)).push_back('\n');
      } else {
        out.append(pad(indent)).append("-\n");
        yaml(element, indent + 2, out);
      }
    }
  } else {
    out.append(pad(indent)).append(api::dump(value)).push_back('\n');
  }
}

Json envelope_example(const Json& data) {
  return {{"code", 200},
          {"message", "success"},
          {"data", data},
          {"timestamp", "2026-01-31T12:00:00.000Z"}};
}

Json error_response(const char* what) {
  return {{"description", what},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Envelope"}}}}}}}};
}

Json security_of(Access access) {
  switch (access) {
    case Access::open:
      return Json::array();
    case Access::member:
      return Json::array({{{"actAsUser", Json::array()}, {"internalSecret", Json::array()}},
                          {{"internalSecret", Json::array()}}});
    case Access::admin:
      return Json::array({{{"actAsAdmin", Json::array()}, {"internalSecret", Json::array()}}});
    case Access::internal:
      return Json::array({{{"internalSecret", Json::array()}}});
    case Access::super_admin:
      return Json::array({{{"actAsSuperAdmin", Json::array()}, {"internalSecret", Json::array()}}});
  }
  return Json::array();
}

// "001:GET:/api/v1/member-system/profile" (appended piecewise: g++ 12 -O3
// warns falsely, -Wrestrict, on chained string + literal here).
std::string operation_id(const Route& route) {
  std::string id = route.seed;
  id.append(":").append(route.method).append(":").append(route.path);
  return id;
}

Json operation_of(const Route& route) {
  const api::Operation& op = *api::find_operation(route.operation);
  Json responses = {{"200",
                     {{"description", "success"},
                      {"content",
                       {{"application/json",
                         {{"example", envelope_example(Json::parse(op.response_example))}}}}}}},
                    {"400", error_response("bad input: malformed JSON, wrong type, unknown field")},
                    {"429", error_response("rate limited (Retry-After)")}};
  if (route.access != Access::open) {
    responses["401"] = error_response("missing or wrong credentials");
    responses["403"] = error_response("this caller may not do this");
  }
  Json out = {{"operationId", operation_id(route)},
              {"summary", op.summary},
              {"tags", Json::array({route.operation.substr(0, route.operation.find('.'))})},
              {"x-member-operation", route.operation},
              {"x-access", to_string(route.access)},
              {"x-seed", route.seed},
              {"security", security_of(route.access)},
              {"parameters", Json::array({{{"$ref", "#/components/parameters/Tenant"}}})},
              {"responses", responses}};
  for (const std::string& name : path_parameters(route.path)) {
    out["parameters"].push_back(
        {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  if (route.asserts_identity) {
    out["parameters"].push_back(
        {{"name", "X-Identity-Verified"},
         {"in", "header"},
         {"required", true},
         {"description",
          "The internal secret: the gateway that verified the third-party identity with its "
          "provider vouches for it (403 without it)"},
         {"schema", {{"type", "string"}}}});
    out["responses"]["403"] = error_response(
        "no gateway vouched for the identity, or this caller "
        "may not do this");
  }
  if (route.body == Body::json) {
    out["requestBody"] = {
        {"required", true},
        {"description",
         "The operation's request (seed field names are translated, see "
         "examples/server/README.md); the example uses the operation's names."},
        {"content",
         {{"application/json",
           {{"schema", {{"type", "object"}}}, {"example", Json::parse(op.request_example)}}}}}};
  } else if (route.body == Body::text) {
    out["requestBody"] = {{"required", true},
                          {"content", {{"text/plain", {{"schema", {{"type", "string"}}}}}}}};
  }
  return out;
}

Json document() {
  Json paths = Json::object();
  for (const Route& route : route_table()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(c - 'A' + 'a');
    paths[route.path][method] = operation_of(route);
  }
  paths["/healthz"]["get"] = {
      {"operationId", "member:GET:/healthz"},
      {"summary", "Liveness: 200 while the server serves."},
      {"x-access", "public"},
      {"x-seed", "member"},
      {"security", Json::array()},
      {"responses",
       {{"200",
         {{"description", "serving"},
          {"content",
           {{"application/json", {{"example", envelope_example({{"status", "ok"}})}}}}}}}}}};
  const auto header = [](const char* name) {
    return Json{{"type", "apiKey"}, {"in", "header"}, {"name", name}};
  };
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "member-server"},
            {"version", "0.1.0"},
            {"description",
             "The seeds' HTTP APIs over the member library (examples/server). Generated by "
             "`member-server --openapi`; tests/e2e checks this file against the route table."}}},
          {"servers", Json::array({{{"url", "http://127.0.0.1:8080"}}})},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"internalSecret", header("X-Internal-Secret")},
              {"actAsUser", header("X-Act-As-User")},
              {"actAsAdmin", header("X-Act-As-Admin")},
              {"actAsSuperAdmin", header("X-Act-As-Super-Admin")}}},
            {"parameters",
             {{"Tenant",
               {{"name", "X-Tenant-Id"},
                {"in", "header"},
                {"required", false},
                {"schema", {{"type", "string"}, {"default", "default"}}}}}}},
            {"schemas",
             {{"Envelope",
               {{"type", "object"},
                {"required", Json::array({"code", "message", "data", "timestamp"})},
                {"properties",
                 {{"code", {{"type", "integer"}}},
                  {"message", {{"type", "string"}}},
                  {"data", {{"type", "object"}}},
                  {"timestamp", {{"type", "string"}, {"format", "date-time"}}}}}}}}}}}};
}

}  // namespace

std::string render_openapi() {
  std::string out = "# Generated by `member-server --openapi` from the route table; do not edit.\n";
  yaml(document(), 0, out);
  return out;
}

}  // namespace member::server
