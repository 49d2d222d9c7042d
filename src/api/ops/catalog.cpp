// catalog.* operations (member::Catalog).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kAdmin = R"({"kind": "admin", "id": "ops-anna"})";
constexpr const char* kItem =
    R"({"item_id": "mug-01", "name": "Coffee mug", "points_cost": 500, "stock": 20, "active": true})";

struct ItemRequest {
  std::string item_id;
};
ItemRequest decode_item_request(Fields& f) {
  return {f.str("item_id")};
}

struct ListRequest {
  bool include_inactive = false;
  Page page;
};
ListRequest decode_list(Fields& f) {
  ListRequest r;
  r.include_inactive = f.boolean("include_inactive");
  r.page = decode_page(f);
  return r;
}

}  // namespace

void register_catalog_operations(OperationTable& t) {
  t.add("catalog.put", "Creates or replaces a catalog item (staff only).", kAdmin, kItem, kItem,
        decode_catalog_item, [](Host& h, const Actor& a, const CatalogItem& item) -> Json {
          return encode(h.system.catalog().put(a, item));
        });
  t.add("catalog.get", "One item by id. Errors: not_found.", R"({"kind": "anonymous"})",
        R"({"item_id": "mug-01"})", kItem, decode_item_request,
        [](Host& h, const Actor& a, const ItemRequest& r) -> Json {
          return encode(h.system.catalog().get(a, r.item_id));
        });
  t.add("catalog.list", "Items by id; only active ones unless include_inactive.",
        R"({"kind": "anonymous"})", R"({"include_inactive": false, "limit": 50, "offset": 0})",
        std::string(R"({"items": [)") + kItem + "]}", decode_list,
        [](Host& h, const Actor& a, const ListRequest& r) -> Json {
          return {{"items", encode_list(h.system.catalog().list(a, r.include_inactive, r.page))}};
        });
  t.add("catalog.remove", "Deletes an item (staff only). Errors: not_found.", kAdmin,
        R"({"item_id": "mug-01"})", "{}", decode_item_request,
        [](Host& h, const Actor& a, const ItemRequest& r) -> Json {
          h.system.catalog().remove(a, r.item_id);
          return Json::object();
        });
  t.add(
      "catalog.redemptions",
      "The user's redemptions, newest first, with the delivery address decrypted (the user "
      "themself or staff); a reversed one names its reversal's entry in reversed_by (empty "
      "while it stands). Errors: invalid_argument (user_id, limit), permission_denied, "
      "not_found.",
      R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "limit": 20, "offset": 0})",
      R"({"redemptions": [{"redemption_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d91", "item_id": "mug-01", "quantity": 1, "points": 500, "delivery_address": "1 Main St, Springfield", "created_at": "2026-01-31T12:00:00.000Z", "reversed_by": ""}]})",
      decode_user_page, [](Host& h, const Actor& a, const UserPageRequest& r) -> Json {
        return {{"redemptions", encode_list(h.system.catalog().redemptions(a, r.user_id, r.page))}};
      });
}

}  // namespace member::api
