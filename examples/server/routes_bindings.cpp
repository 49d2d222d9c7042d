// Customer and transaction binding routes of seed 000 (/customer/*,
// /trans/*) over the bindings.* operations.
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

// Seed 000 clients send camelCase names; the operations use snake_case.
Json binding_request(const HttpInput& in) {
  return own(renamed(in.body, {{"userId", "user_id"},
                               {"customerId", "customer_id"},
                               {"customerName", "customer_name"},
                               {"certificateType", "certificate_type"},
                               {"boundAt", "bound_at"},
                               {"transType", "trans_type"},
                               {"transId", "trans_id"}}),
             in.actor);
}

Json bind_transaction(const HttpInput& in) {
  return object_as_text(binding_request(in), "metadata");
}

Json customers(const HttpInput& in) {
  return own_id(in);
}

// GET /trans/bindingList/byTransTypeAndId?trans_type=&trans_id=
Json transaction(const HttpInput& in) {
  return {{"trans_type", in.query("trans_type").value_or("")},
          {"trans_id", in.query("trans_id").value_or("")}};
}

// GET /trans/bindingList?trans_type=&page=&limit= (staff add user_id).
Json transactions(const HttpInput& in) {
  Json request = own_id(in);
  request["trans_type"] = in.query("trans_type").value_or("");
  page_from_query(in, request);
  return request;
}

}  // namespace

std::vector<Route> bindings_routes() {
  return {
      {"POST", "/customer/bind", "bindings.bind_customer", Access::member, "000", Body::json,
       binding_request},
      {"GET", "/customer/bindingList", "bindings.customers", Access::member, "000", Body::none,
       customers},
      {"POST", "/customer/binding", "bindings.unbind_customer", Access::member, "000", Body::json,
       binding_request},
      {"POST", "/trans/bind", "bindings.bind_transaction", Access::member, "000", Body::json,
       bind_transaction},
      // The seed writes "/trans//bindingList/byTransTypeAndId"; the doubled
      // slash is a typo (clients normalise it away).
      {"GET", "/trans/bindingList/byTransTypeAndId", "bindings.transaction", Access::member, "000",
       Body::none, transaction},
      {"GET", "/trans/bindingList", "bindings.transactions", Access::member, "000", Body::none,
       transactions},
      {"DELETE", "/trans/binding", "bindings.unbind_transaction", Access::member, "000", Body::json,
       binding_request},
  };
}

}  // namespace member::server
