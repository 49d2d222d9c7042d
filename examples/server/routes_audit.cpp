// The audit trail for operators (no seed route; member's own addition under
// seed 001's admin prefix) over audit.list.
#include "routes.hpp"

namespace member::server {

std::vector<Route> audit_routes() {
  return {
      {"GET", "/api/v1/member-system/admin/audit", "audit.list", Access::admin, "member",
       Body::none,
       [](const HttpInput& in) {
         api::Json request = api::Json::object();
         if (auto user = in.query("user_id")) request["user_id"] = *user;
         if (auto action = in.query("action")) request["action"] = *action;
         page_from_query(in, request);
         return request;
       }},
  };
}

}  // namespace member::server
