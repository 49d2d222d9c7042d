// meta.* operations: what this library offers, so hosts and bindings can
// discover operations without a new ABI function.
#include "api/modules.hpp"
#include "api/operations.hpp"
#include "member/version.hpp"

namespace member::api {

void register_meta_operations(OperationTable& t) {
  t.add(
      "meta.operations", "The name and summary of every operation, sorted by name.",
      R"({"kind": "anonymous"})", "{}",
      R"({"version": "0.1.0", "operations": [{"name": "accounts.change_identifier", "summary": "Changes the username, email or mobile..."}]})",
      decode_no_fields, [](Host&, const Actor&, const NoFields&) -> Json {
        Json list = Json::array();
        for (const auto& op : operations()) {
          list.push_back({{"name", op.name}, {"summary", op.summary}});
        }
        return {{"version", std::string(version())}, {"operations", std::move(list)}};
      });
}

}  // namespace member::api
