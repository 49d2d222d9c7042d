// Address routes of seed 003 (/api/user/addresses) over the addresses.*
// operations. The address id is the path's {address_id} segment.
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

Json list(const HttpInput& in) {
  return own_id(in);
}

Json add(const HttpInput& in) {
  return own(in.body, in.actor);
}

Json update(const HttpInput& in) {
  Json request = own(in.body, in.actor);
  request["address_id"] = in.query("address_id").value_or("");
  return request;
}

Json remove(const HttpInput& in) {
  Json request = own_id(in);
  request["address_id"] = in.query("address_id").value_or("");
  return request;
}

}  // namespace

std::vector<Route> addresses_routes() {
  const std::string base = "/api/user/addresses";
  return {
      {"GET", base, "addresses.list", Access::member, "003", Body::none, list},
      {"POST", base, "addresses.add", Access::member, "003", Body::json, add},
      {"PUT", base + "/{address_id}", "addresses.update", Access::member, "003", Body::json,
       update},
      {"DELETE", base + "/{address_id}", "addresses.remove", Access::member, "003", Body::none,
       remove},
  };
}

}  // namespace member::server
