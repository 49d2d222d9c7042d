#include "api/json_writer.hpp"

#include <cassert>
#include <charconv>
#include <cstring>

#include "api/flat.hpp"
#include "api/json.hpp"

namespace member::api {

void JsonWriter::separate() {
  if (comma_) out_ += ',';
}

void JsonWriter::quoted(std::string_view text) {
  if (plain_prefix(text) == text.size()) {
    const std::size_t at = out_.size();
    out_.resize(at + text.size() + 2);
    char* to = out_.data() + at;
    *to = '"';
    std::memcpy(to + 1, text.data(), text.size());
    to[text.size() + 1] = '"';
  } else {
    // Escapes and UTF-8 checks are nlohmann's, so the text matches dump().
    out_ += dump(Json(text));
  }
}

void JsonWriter::begin_object() {
  separate();
  out_ += '{';
  comma_ = false;
}

void JsonWriter::end_object() {
  out_ += '}';
  comma_ = true;
}

void JsonWriter::key(std::string_view name) {
  assert(plain_prefix(name) == name.size());
  // ,"name":
  const std::size_t at = out_.size();
  out_.resize(at + name.size() + 3 + (comma_ ? 1 : 0));
  char* to = out_.data() + at;
  if (comma_) *to++ = ',';
  *to++ = '"';
  std::memcpy(to, name.data(), name.size());
  to[name.size()] = '"';
  to[name.size() + 1] = ':';
  comma_ = false;
}

void JsonWriter::string(std::string_view value) {
  separate();
  quoted(value);
  comma_ = true;
}

void JsonWriter::integer(std::int64_t value) {
  separate();
  char text[24];
  const auto end = std::to_chars(text, text + sizeof text, value).ptr;
  out_.append(text, end);
  comma_ = true;
}

void JsonWriter::boolean(bool value) {
  separate();
  out_ += value ? "true" : "false";
  comma_ = true;
}

void JsonWriter::null() {
  separate();
  out_ += "null";
  comma_ = true;
}

void JsonWriter::time(TimePoint value) {
  separate();
  out_ += '"';
  append_time(out_, value);
  out_ += '"';
  comma_ = true;
}

void JsonWriter::time_or_null(const std::optional<TimePoint>& value) {
  if (value) {
    time(*value);
  } else {
    null();
  }
}

}  // namespace member::api
