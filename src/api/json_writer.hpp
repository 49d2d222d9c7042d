// A streaming JSON writer into a std::string: compact output (no spaces),
// members in the order written, strings escaped exactly as api::dump()
// (nlohmann::json) escapes them, times as api::format_time(). The operations
// that answer through it (OperationTable::add_text) write their response
// once, here, for the fast path and the general path alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "member/clock.hpp"

namespace member::api {

class JsonWriter {
 public:
  /// Appends to `out`.
  explicit JsonWriter(std::string& out) : out_(out) {}

  void begin_object();
  void end_object();
  /// The name of the next member: a name from the program, not data, so it
  /// must need no escaping (plain ASCII, no '"' or '\\'; checked in debug
  /// builds). Write members in name order to get the text api::dump()
  /// gives (its objects are sorted by name).
  void key(std::string_view name);
  void string(std::string_view value);
  void integer(std::int64_t value);
  void boolean(bool value);
  void null();
  /// A UTC time as api::format_time() writes it.
  void time(TimePoint value);
  void time_or_null(const std::optional<TimePoint>& value);

 private:
  void separate();
  void quoted(std::string_view text);
  std::string& out_;
  bool comma_ = false;  ///< the next member or element needs a ','
};

}  // namespace member::api
