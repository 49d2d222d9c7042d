#include "routes.hpp"

#include <charconv>
#include <regex>

#include "api/operations.hpp"

namespace member::server {

std::string_view to_string(Access access) noexcept {
  switch (access) {
    case Access::open:
      return "public";
    case Access::member:
      return "member";
    case Access::admin:
      return "admin";
    case Access::internal:
      return "internal";
    case Access::super_admin:
      return "super_admin";
  }
  return "?";
}

const std::vector<Route>& route_table() {
  static const std::vector<Route> table = [] {
    std::vector<Route> all;
    for (auto module :
         {accounts_routes, points_routes, audit_routes, sessions_routes, bindings_routes,
          identities_routes, addresses_routes, tags_routes, verifications_routes, loyalty_routes,
          messages_routes, codes_routes, tenants_routes}) {
      for (auto& route : module()) {
        if (!api::find_operation(route.operation)) {
          throw Error(Errc::internal, "route " + route.path + ": unknown operation");
        }
        all.push_back(std::move(route));
      }
    }
    return all;
  }();
  return table;
}

std::vector<std::string> path_parameters(const std::string& path) {
  static const std::regex parameter(R"(\{([a-z_]+)\})");
  std::vector<std::string> names;
  for (std::sregex_iterator it(path.begin(), path.end(), parameter), end; it != end; ++it) {
    names.push_back((*it)[1].str());
  }
  return names;
}

api::Json own(api::Json request, const Actor& actor) {
  if (actor.kind == ActorKind::user && !request.contains("user_id")) request["user_id"] = actor.id;
  return request;
}

api::Json with_peer_ip(api::Json request, const HttpInput& in) {
  request["ip"] = in.remote_addr;
  return request;
}

api::Json own_id(const HttpInput& in) {
  if (in.actor.kind == ActorKind::user) return {{"user_id", in.actor.id}};
  return {{"user_id", in.query("user_id").value_or("")}};
}

api::Json renamed(api::Json object, const std::map<std::string, std::string>& names) {
  for (const auto& [from, to] : names) {
    auto it = object.find(from);
    if (it == object.end() || object.contains(to)) continue;
    object[to] = std::move(*it);
    object.erase(from);
  }
  return object;
}

api::Json object_as_text(api::Json object, const std::string& name) {
  auto it = object.find(name);
  if (it != object.end() && it->is_object()) *it = api::dump(*it);
  return object;
}

namespace {

std::int64_t positive(const HttpInput& in, std::string_view name, std::int64_t fallback) {
  const auto text = in.query(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < 1) {
    api::invalid(std::string(name), "must be a positive integer");
  }
  return value;
}

}  // namespace

void page_from_query(const HttpInput& in, api::Json& request) {
  const std::int64_t limit = positive(in, "limit", 20);
  const std::int64_t page = positive(in, "page", 1);
  if (page > 1'000'000 || limit > 1'000'000) api::invalid("page", "is too large");
  request["limit"] = limit;
  request["offset"] = (page - 1) * limit;
}

api::Json own_page(const HttpInput& in) {
  api::Json request = own_id(in);
  page_from_query(in, request);
  return request;
}

}  // namespace member::server
