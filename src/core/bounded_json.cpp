#include "core/bounded_json.hpp"

#include <algorithm>
#include <string>

#include "member/error.hpp"

namespace member::detail {

nlohmann::json parse_bounded_json(std::string_view field, std::string_view text) {
  int deepest = 0;
  const auto track_depth = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    deepest = std::max(deepest, depth);
    return depth <= kMaxJsonDepth;
  };
  nlohmann::json value = nlohmann::json::parse(text, track_depth, false);
  const std::string name(field);
  if (deepest > kMaxJsonDepth)
    throw Error(Errc::invalid_argument, name + ": is nested too deeply", name);
  if (value.is_discarded()) throw Error(Errc::invalid_argument, name + ": is not valid JSON", name);
  return value;
}

}  // namespace member::detail
