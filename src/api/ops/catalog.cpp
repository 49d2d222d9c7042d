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
}

}  // namespace member::api
