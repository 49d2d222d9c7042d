// tags.* operations (member::Tags): behavior, preference and attribute tags.
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kService = R"({"kind": "service", "id": "profiling"})";
constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kTag =
    R"({"type": "preference", "key": "channel", "value": "mobile-app", "weight": 0.8, "updated_at": "2026-01-31T12:00:00.000Z"})";

struct ListRequest {
  std::string user_id;
  std::optional<TagType> type;
};
ListRequest decode_list(Fields& f) {
  ListRequest r;
  r.user_id = f.str("user_id");
  r.type = f.opt_enum<TagType>("type", 3);
  return r;
}

struct RemoveRequest {
  std::string user_id;
  std::optional<TagType> type;
  std::string key;
};
RemoveRequest decode_remove(Fields& f) {
  RemoveRequest r;
  r.user_id = f.str("user_id");
  r.type = f.opt_enum<TagType>("type", 3);
  r.key = f.str("key");
  return r;
}

}  // namespace

void register_tags_operations(OperationTable& t) {
  t.add(
      "tags.set",
      "Creates the user's tag (type, key) or replaces its value and weight (0..1); type is "
      "behavior, preference or attribute (the default). Errors: invalid_argument naming the "
      "field, permission_denied, not_found, failed_precondition (account not active).",
      kService,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "type": "preference", "key": "channel", "value": "mobile-app", "weight": 0.8})",
      kTag, decode_tag, [](Host& h, const Actor& a, const TagRequest& r) -> Json {
        return encode(h.system.tags().set(a, r));
      });
  t.add("tags.list",
        "The user's tags of one type, or of every type when type is absent, by type then key. "
        "Errors: invalid_argument, permission_denied, not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "type": "preference"})",
        std::string(R"({"tags": [)") + kTag + "]}", decode_list,
        [](Host& h, const Actor& a, const ListRequest& r) -> Json {
          return {{"tags", encode_list(h.system.tags().list(a, r.user_id, r.type))}};
        });
  t.add(
      "tags.remove",
      "Removes a tag (type required). Errors: invalid_argument, permission_denied, not_found "
      "(key), failed_precondition.",
      kService,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "type": "preference", "key": "channel"})",
      "{}", decode_remove, [](Host& h, const Actor& a, const RemoveRequest& r) -> Json {
        if (!r.type) invalid("type", "is required");
        h.system.tags().remove(a, r.user_id, *r.type, r.key);
        return Json::object();
      });
}

}  // namespace member::api
