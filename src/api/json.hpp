// Strict JSON reading and the shared encodings of times and enums, used by
// the operation table (src/api/operations.hpp) that the C ABI and the example
// servers both serve.
//
// Reading is strict: a field of the wrong type, and any field the operation
// does not know, is Errc::invalid_argument naming the field's JSON path
// ("items[3].amount"). Messages name paths and expected types, never values.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "member/clock.hpp"
#include "member/error.hpp"

namespace member::api {

using Json = nlohmann::json;

/// Arrays and objects nested deeper than this are refused.
inline constexpr std::size_t kMaxDepth = 64;

/// Parses request text. Malformed JSON is invalid_argument with field `path`;
/// the message gives the byte offset, never the text. Nesting deeper than
/// kMaxDepth is refused before parsing.
Json parse(std::string_view text, const std::string& path);

/// Serialises a response; invalid UTF-8 (never expected) is replaced.
std::string dump(const Json& value);

/// "2026-01-31T12:00:00.000Z" (UTC, milliseconds).
std::string format_time(TimePoint t);
/// Appends format_time(t) to `out` (the one definition of the format).
void append_time(std::string& out, TimePoint t);
Json time_or_null(const std::optional<TimePoint>& t);

/// Throws invalid_argument naming `path`: "<path>: <what>".
[[noreturn]] void invalid(const std::string& path, std::string_view what);

/// Reads the members of one JSON object. Every member read is remembered;
/// finish() rejects the ones never read (unknown fields). Absent members get
/// the default given; null counts as absent only for the optional readers.
class Fields {
 public:
  /// Throws invalid_argument when `value` is not an object.
  Fields(const Json& value, std::string path);

  std::string str(std::string_view name, std::string fallback = {});
  /// A string member as a view into the JSON value read (valid as long as it).
  std::string_view view(std::string_view name, std::string_view fallback = {});
  std::optional<std::string> opt_str(std::string_view name);
  std::int64_t i64(std::string_view name, std::int64_t fallback = 0);
  std::optional<std::int64_t> opt_i64(std::string_view name);
  std::uint32_t u32(std::string_view name, std::uint32_t fallback);
  bool boolean(std::string_view name, bool fallback = false);
  std::optional<bool> opt_boolean(std::string_view name);
  /// A finite JSON number (integers too).
  std::optional<double> opt_f64(std::string_view name);
  double f64(std::string_view name, double fallback);
  /// For updates: absent is nullopt (unchanged), null is an empty inner
  /// optional (clear), a number is that number.
  std::optional<std::optional<double>> clearable_f64(std::string_view name);
  std::optional<TimePoint> opt_time(std::string_view name);
  /// A member that must be an array (absent: nullptr).
  const Json* array(std::string_view name);
  /// A member that must be an object (absent: nullptr).
  const Json* object(std::string_view name);
  /// Reads an enum by its to_string() name; `count` values 0..count-1.
  template <class E>
  std::optional<E> opt_enum(std::string_view name, int count) {
    auto text = opt_str(name);
    if (!text) return std::nullopt;
    for (int i = 0; i < count; ++i) {
      if (to_string(static_cast<E>(i)) == *text) return static_cast<E>(i);
    }
    invalid(path(name), "unknown value");
  }
  template <class E>
  E enumeration(std::string_view name, int count, E fallback) {
    return opt_enum<E>(name, count).value_or(fallback);
  }

  /// The JSON path of a member: "items[3].amount".
  std::string path(std::string_view name) const;
  /// Marks a member as read without reading it (handled elsewhere).
  void skip(std::string_view name);
  /// Throws invalid_argument naming the first member never read.
  void finish() const;

 private:
  const Json* get(std::string_view name);
  const Json& value_;
  std::string path_;
  std::set<std::string, std::less<>> read_;
};

/// The path of an array element: "items[3]".
std::string element_path(const std::string& array_path, std::size_t index);

}  // namespace member::api
