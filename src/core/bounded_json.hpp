// JSON from callers, parsed with its nesting bounded: serialising a value
// recurses once per level, so a deeply nested one could exhaust the stack.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace member::detail {

/// The deepest nesting accepted.
inline constexpr int kMaxJsonDepth = 32;

/// Parses `text`. Throws invalid_argument naming `field` when it is not
/// JSON or nests deeper than kMaxJsonDepth.
nlohmann::json parse_bounded_json(std::string_view field, std::string_view text);

}  // namespace member::detail
