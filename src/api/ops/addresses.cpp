// addresses.* operations (member::Addresses): postal and farm addresses.
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kAddress =
    R"({"address_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7da0", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9",
 "name": "Family farm", "contact_name": "Li Si", "contact_phone": "+86 138-0013-8000",
 "province": "Zhejiang", "city": "Hangzhou", "county": "Lin'an", "address": "12 Tea Garden Road",
 "longitude": 119.72, "latitude": 30.23, "address_type": "farm", "is_default": true,
 "created_at": "2026-01-31T12:00:00.000Z", "updated_at": "2026-01-31T12:00:00.000Z"})";

struct AddressRequest {
  std::string user_id;
  std::string address_id;
};
AddressRequest decode_address_request(Fields& f) {
  AddressRequest r;
  r.user_id = f.str("user_id");
  r.address_id = f.str("address_id");
  return r;
}

}  // namespace

void register_addresses_operations(OperationTable& t) {
  t.add(
      "addresses.add",
      "Adds an address (A8); address_id and times are assigned. The first address, or one "
      "with is_default true, becomes the default. Errors: invalid_argument naming the field "
      "(never its value), permission_denied, not_found, failed_precondition (account not "
      "active), resource_exhausted (more than 100 addresses).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "name": "Family farm", "contact_name": "Li Si", "contact_phone": "+86 138-0013-8000", "province": "Zhejiang", "city": "Hangzhou", "county": "Lin'an", "address": "12 Tea Garden Road", "longitude": 119.72, "latitude": 30.23, "address_type": "farm", "is_default": true})",
      kAddress, decode_address, [](Host& h, const Actor& a, const Address& r) -> Json {
        return encode(h.system.addresses().add(a, r));
      });
  t.add(
      "addresses.update",
      "Changes the fields present in the request (an empty string clears an optional one, "
      "null clears longitude or latitude; is_default true moves the default here) and "
      "returns the address. Errors: as addresses.add, and not_found (address_id).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "address_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7da0", "contact_phone": "+86 138-0013-8000", "is_default": true})",
      kAddress, decode_address_update, [](Host& h, const Actor& a, const AddressUpdate& r) -> Json {
        return encode(h.system.addresses().update(a, r));
      });
  t.add(
      "addresses.remove",
      "Deletes an address; when it was the default the newest remaining one becomes the "
      "default. Errors: invalid_argument, permission_denied, not_found, failed_precondition.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "address_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7da0"})",
      "{}", decode_address_request, [](Host& h, const Actor& a, const AddressRequest& r) -> Json {
        h.system.addresses().remove(a, r.user_id, r.address_id);
        return Json::object();
      });
  t.add(
      "addresses.get", "One address. Errors: invalid_argument, permission_denied, not_found.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "address_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7da0"})",
      kAddress, decode_address_request,
      [](Host& h, const Actor& a, const AddressRequest& r) -> Json {
        return encode(h.system.addresses().get(a, r.user_id, r.address_id));
      });
  t.add("addresses.list",
        "The user's addresses, newest first. Errors: invalid_argument, permission_denied, "
        "not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
        std::string(R"({"addresses": [)") + kAddress + "]}", decode_user_request,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"addresses", encode_list(h.system.addresses().list(a, r.user_id))}};
        });
}

}  // namespace member::api
