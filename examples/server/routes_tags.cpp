// Tag routes of seed 003 (/api/user/tags) over the tags.* operations. Seed
// 003 prefixes the names with "tag_".
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

Json list(const HttpInput& in) {
  Json request = own_id(in);
  if (auto type = in.query("type")) request["type"] = *type;
  return request;
}

Json set(const HttpInput& in) {
  return own(renamed(in.body, {{"tag_type", "type"}, {"tag_key", "key"}, {"tag_value", "value"}}),
             in.actor);
}

}  // namespace

std::vector<Route> tags_routes() {
  return {
      {"GET", "/api/user/tags", "tags.list", Access::member, "003", Body::none, list},
      {"POST", "/api/user/tags", "tags.set", Access::member, "003", Body::json, set},
  };
}

}  // namespace member::server
