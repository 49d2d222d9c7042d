// The route table: each HTTP route of a seed and the shared JSON operation
// (src/api/operations.hpp) it runs. A route only translates HTTP to the
// operation's request (names, path, query, the caller's own user id); every
// rule lives in the operation. Each module's routes live in their own file,
// routes_<module>.cpp, and join the table in routes.cpp.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/json.hpp"
#include "member/actor.hpp"

namespace member::server {

/// Who may call a route (the seed-001 permission matrix).
enum class Access {
  open,         ///< public: anyone, no credentials
  member,       ///< a signed-in user (or staff acting for one)
  admin,        ///< an operator of the tenant (or a super admin)
  internal,     ///< an internal service (shared secret)
  super_admin,  ///< an operator across tenants (seed 004 "super admin")
};
std::string_view to_string(Access access) noexcept;

/// What a route reads from the HTTP request.
struct HttpInput {
  const api::Json& body;  ///< the JSON body (an empty object when there is none)
  const std::string& raw_body;
  /// A "{name}" segment of the route's path, else the query parameter.
  std::function<std::optional<std::string>(std::string_view)> query;
  const Actor& actor;
  const std::string& remote_addr;
  const std::string& session_id;  ///< the bearer token's session, else empty
};

/// How the body is read: a JSON object, or plain text (seed 002's withdraw).
enum class Body { json, text, none };

struct Route {
  std::string method;  ///< GET, POST, PUT, DELETE
  /// Exact path, e.g. "/api/v1/member-system/profile"; a "{name}" segment
  /// matches one path segment, read through HttpInput::query("name").
  std::string path;
  std::string operation;  ///< the operation it runs, e.g. "accounts.profile"
  Access access;
  std::string seed;  ///< the seed document the route comes from ("001", or "member")
  Body body = Body::json;
  /// Builds the operation's request object from the HTTP request.
  std::function<api::Json(const HttpInput&)> request;
  /// Runs the operation as the system actor once the caller passed the access
  /// check (only the fake-clock test hook does).
  bool as_system = false;
  /// The body asserts a third-party identity (provider, subject, union id),
  /// which only a gateway that verified it with its provider may do: the
  /// request must carry X-Identity-Verified with the internal secret.
  bool asserts_identity = false;
};

/// Every route, in registration order; the operation of each exists.
const std::vector<Route>& route_table();

/// The "{name}" segments of a route path, in order.
std::vector<std::string> path_parameters(const std::string& path);

std::vector<Route> accounts_routes();
std::vector<Route> points_routes();
std::vector<Route> audit_routes();
std::vector<Route> sessions_routes();
std::vector<Route> bindings_routes();
std::vector<Route> identities_routes();
std::vector<Route> addresses_routes();
std::vector<Route> tags_routes();
std::vector<Route> verifications_routes();
std::vector<Route> loyalty_routes();
std::vector<Route> messages_routes();
std::vector<Route> codes_routes();
std::vector<Route> tenants_routes();

// Translation helpers for the route files.

/// `request` with "user_id" set to the caller's own id when a user calls
/// without naming one (staff name the user they act on).
api::Json own(api::Json request, const Actor& actor);
/// Only {"user_id": ...}: the caller's own id, or the "user_id" query
/// parameter for staff.
api::Json own_id(const HttpInput& in);
/// `request` with "ip" set to the address the connection came from. An "ip"
/// in the body is replaced: the login log and the session record where a
/// request really came from, not what its client claims.
api::Json with_peer_ip(api::Json request, const HttpInput& in);
/// Renames members of `object` (seed name -> operation name); absent ones are skipped.
api::Json renamed(api::Json object, const std::map<std::string, std::string>& names);
/// A member holding a JSON object is replaced by its text (operations take
/// preferences, addresses and related data as JSON text).
api::Json object_as_text(api::Json object, const std::string& name);
/// Sets "limit" and "offset" from the "page" and "limit" query parameters
/// (page counts from 1). Errors: invalid_argument naming the parameter.
void page_from_query(const HttpInput& in, api::Json& request);
/// own_id() with the page of page_from_query(): a list of the caller's own.
api::Json own_page(const HttpInput& in);

}  // namespace member::server
