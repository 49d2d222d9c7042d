#include "api/json.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace member::api {

namespace {

bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

/// The years a TimePoint (nanoseconds in 64 bits around 1970) holds whole.
constexpr int kFirstYear = 1678;
constexpr int kLastYear = 2261;

/// "YYYY-MM-DDTHH:MM:SS[.fraction]Z"; the fraction is kept to milliseconds.
/// Years outside kFirstYear..kLastYear are refused: they would wrap.
std::optional<TimePoint> parse_time(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (s.size() < 20 || !digits(s, 0, 4, y) || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, h) ||
      s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec) || h > 23 ||
      mi > 59 || sec > 59 || y < kFirstYear || y > kLastYear) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year(y), std::chrono::month(unsigned(mo)),
                                         std::chrono::day(unsigned(d))};
  if (!date.ok()) return std::nullopt;
  std::size_t at = 19;
  int ms = 0;
  if (s[at] == '.') {
    ++at;
    int scale = 100;
    const std::size_t start = at;
    while (at < s.size() && s[at] >= '0' && s[at] <= '9') {
      ms += (s[at] - '0') * scale;
      scale /= 10;
      ++at;
    }
    if (at == start || at - start > 9) return std::nullopt;
  }
  if (at + 1 != s.size() || (s[at] != 'Z' && s[at] != 'z')) return std::nullopt;
  return TimePoint{std::chrono::sys_days(date)} + std::chrono::hours(h) + std::chrono::minutes(mi) +
         std::chrono::seconds(sec) + std::chrono::milliseconds(ms);
}

/// The deepest nesting of arrays and objects in `text` (strings skipped):
/// the parser recurses per level, so depth is bounded before it runs.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

void invalid(const std::string& path, std::string_view what) {
  throw Error(Errc::invalid_argument, path + ": " + std::string(what), path);
}

Json parse(std::string_view text, const std::string& path) {
  if (nesting_depth(text) > kMaxDepth) invalid(path, "nested too deeply");
  try {
    return Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    // The library's message quotes the input; only the offset goes out.
    invalid(path, "malformed JSON at byte " + std::to_string(e.byte));
  } catch (const Json::exception&) {
    // A number beyond a double's range (1e400) is out_of_range, not a
    // parse error.
    invalid(path, "holds a number out of range");
  }
}

std::string dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

void two_digits(char* at, unsigned value) {
  at[0] = char('0' + value / 10);
  at[1] = char('0' + value % 10);
}

}  // namespace

void append_time(std::string& out, TimePoint t) {
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(t);
  const auto day = std::chrono::floor<std::chrono::days>(ms);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss<std::chrono::milliseconds> time{ms - day};
  // TimePoint counts nanoseconds: its years (1677-2262) have four digits.
  const auto year = unsigned(int(date.year()));
  char text[24];
  two_digits(text, year / 100);
  two_digits(text + 2, year % 100);
  out.append(text, 4);
  // "-MM-DDTHH:MM:SS.mmmZ"
  char* at = text;
  *at++ = '-';
  two_digits(at, unsigned(date.month()));
  at += 2;
  *at++ = '-';
  two_digits(at, unsigned(date.day()));
  at += 2;
  *at++ = 'T';
  two_digits(at, unsigned(time.hours().count()));
  at += 2;
  *at++ = ':';
  two_digits(at, unsigned(time.minutes().count()));
  at += 2;
  *at++ = ':';
  two_digits(at, unsigned(time.seconds().count()));
  at += 2;
  *at++ = '.';
  const auto millis = unsigned(time.subseconds().count());
  *at++ = char('0' + millis / 100);
  two_digits(at, millis % 100);
  at += 2;
  *at++ = 'Z';
  out.append(text, std::size_t(at - text));
}

std::string format_time(TimePoint t) {
  std::string out;
  append_time(out, t);
  return out;
}

Json time_or_null(const std::optional<TimePoint>& t) {
  return t ? Json(format_time(*t)) : Json(nullptr);
}

std::string element_path(const std::string& array_path, std::size_t index) {
  return array_path + "[" + std::to_string(index) + "]";
}

Fields::Fields(const Json& value, std::string path) : value_(value), path_(std::move(path)) {
  if (!value_.is_object()) invalid(path_.empty() ? "request" : path_, "must be a JSON object");
}

std::string Fields::path(std::string_view name) const {
  return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
}

void Fields::skip(std::string_view name) {
  read_.emplace(name);
}

const Json* Fields::get(std::string_view name) {
  read_.emplace(name);
  const auto it = value_.find(name);
  return it == value_.end() ? nullptr : &*it;
}

std::string Fields::str(std::string_view name, std::string fallback) {
  const Json* v = get(name);
  if (!v) return fallback;
  if (!v->is_string()) invalid(path(name), "must be a string");
  return v->get<std::string>();
}

std::string_view Fields::view(std::string_view name, std::string_view fallback) {
  const Json* v = get(name);
  if (!v) return fallback;
  if (!v->is_string()) invalid(path(name), "must be a string");
  return v->get_ref<const std::string&>();
}

std::optional<std::string> Fields::opt_str(std::string_view name) {
  const Json* v = get(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string()) invalid(path(name), "must be a string");
  return v->get<std::string>();
}

std::optional<std::int64_t> Fields::opt_i64(std::string_view name) {
  const Json* v = get(name);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_number_integer()) {
    if (v->is_number_unsigned() &&
        v->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
      invalid(path(name), "is out of range");
    }
    return v->get<std::int64_t>();
  }
  invalid(path(name), "must be an integer");
}

std::int64_t Fields::i64(std::string_view name, std::int64_t fallback) {
  const Json* v = get(name);
  if (v && v->is_null()) invalid(path(name), "must be an integer");
  return opt_i64(name).value_or(fallback);
}

std::uint32_t Fields::u32(std::string_view name, std::uint32_t fallback) {
  const std::int64_t v = i64(name, fallback);
  if (v < 0 || v > std::int64_t(std::numeric_limits<std::uint32_t>::max())) {
    invalid(path(name), "is out of range");
  }
  return static_cast<std::uint32_t>(v);
}

bool Fields::boolean(std::string_view name, bool fallback) {
  const Json* v = get(name);
  if (!v) return fallback;
  if (!v->is_boolean()) invalid(path(name), "must be true or false");
  return v->get<bool>();
}

std::optional<bool> Fields::opt_boolean(std::string_view name) {
  const Json* v = get(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) invalid(path(name), "must be true or false");
  return v->get<bool>();
}

std::optional<double> Fields::opt_f64(std::string_view name) {
  const Json* v = get(name);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number()) invalid(path(name), "must be a number");
  const double d = v->get<double>();
  if (!std::isfinite(d)) invalid(path(name), "must be a finite number");
  return d;
}

double Fields::f64(std::string_view name, double fallback) {
  const Json* v = get(name);
  if (v && v->is_null()) invalid(path(name), "must be a number");
  return opt_f64(name).value_or(fallback);
}

std::optional<std::optional<double>> Fields::clearable_f64(std::string_view name) {
  const Json* v = get(name);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<double>{};
  return opt_f64(name);
}

std::optional<TimePoint> Fields::opt_time(std::string_view name) {
  auto text = opt_str(name);
  if (!text) return std::nullopt;
  auto t = parse_time(*text);
  if (!t) {
    invalid(path(name), "must be a UTC time such as 2026-01-31T12:00:00Z, in the years " +
                            std::to_string(kFirstYear) + " to " + std::to_string(kLastYear));
  }
  return t;
}

const Json* Fields::array(std::string_view name) {
  const Json* v = get(name);
  if (v && !v->is_array()) invalid(path(name), "must be an array");
  return v;
}

const Json* Fields::object(std::string_view name) {
  const Json* v = get(name);
  if (v && !v->is_object()) invalid(path(name), "must be a JSON object");
  return v;
}

void Fields::finish() const {
  for (const auto& [key, unused] : value_.items()) {
    if (!read_.contains(key)) invalid(path(key), "unknown field");
  }
}

}  // namespace member::api
