#include "core/validation.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/bounded_json.hpp"
#include "core/ids.hpp"
#include "core/utf8.hpp"
#include "member/error.hpp"

namespace member::detail {
namespace {

[[noreturn]] void invalid(std::string_view field, std::string_view why) {
  throw Error(Errc::invalid_argument, std::string(field) + ": " + std::string(why),
              std::string(field));
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}

bool is_atext(char c) {
  return is_alnum(c) || std::string_view("!#$%&'*+/=?^_`{|}~-").find(c) != std::string_view::npos;
}

bool valid_dot_atom(std::string_view local) {
  if (local.empty() || local.front() == '.' || local.back() == '.') return false;
  char previous = 0;
  for (char c : local) {
    if (c == '.' ? previous == '.' : !is_atext(c)) return false;
    previous = c;
  }
  return true;
}

bool valid_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  std::size_t labels = 0;
  std::string_view last;
  while (true) {
    const auto dot = domain.find('.');
    const std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    if (!std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; })) {
      return false;
    }
    ++labels;
    last = label;
    if (dot == std::string_view::npos) break;
    domain.remove_prefix(dot + 1);
  }
  const bool alphabetic_tld =
      last.size() >= 2 && (std::all_of(last.begin(), last.end(), is_alpha) ||
                           (last.substr(0, 4) == "xn--" && last.size() > 4));
  return labels >= 2 && alphabetic_tld;
}

std::string strip_phone_separators(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c != ' ' && c != '-') out.push_back(c);
  }
  return out;
}

bool chinese_mobile(std::string_view digits) {
  return digits.size() == 11 && digits[0] == '1' && digits[1] >= '3' && digits[1] <= '9' &&
         std::all_of(digits.begin(), digits.end(), is_digit);
}

}  // namespace

void validate_text(std::string_view field, std::string_view value, std::size_t max_bytes,
                   bool multiline) {
  if (value.size() > max_bytes) invalid(field, "is too long");
  if (!is_valid_utf8(value)) invalid(field, "is not valid UTF-8");
  for (unsigned char c : value) {
    const bool allowed_break = multiline && (c == '\t' || c == '\n' || c == '\r');
    if ((c < 0x20 || c == 0x7F) && !allowed_break) invalid(field, "contains a control character");
  }
}

void validate_required_text(std::string_view field, std::string_view value, std::size_t max_bytes) {
  if (value.empty()) invalid(field, "is required");
  validate_text(field, value, max_bytes);
}

std::string normalize_email(std::string_view field, std::string_view email) {
  if (email.empty()) invalid(field, "is empty");
  if (email.size() > 254) invalid(field, "is too long");
  validate_text(field, email, 254);
  const auto at = email.rfind('@');
  if (at == std::string_view::npos) invalid(field, "is not an email address");
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.size() > 64 || !valid_dot_atom(local) || !valid_domain(domain)) {
    invalid(field, "is not an email address");
  }
  return ascii_lower(email);
}

bool looks_like_mobile(std::string_view text) noexcept {
  bool digit = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      digit = true;
    } else if (!(c == ' ' || c == '-' || (c == '+' && i == 0))) {
      return false;
    }
  }
  return digit;
}

std::string normalize_mobile(std::string_view field, std::string_view mobile) {
  if (mobile.empty()) invalid(field, "is empty");
  if (mobile.size() > 32) invalid(field, "is too long");
  validate_text(field, mobile, 32);
  if (!looks_like_mobile(mobile)) invalid(field, "is not a mobile number");
  const std::string compact = strip_phone_separators(mobile);
  if (compact.front() != '+') {
    if (!chinese_mobile(compact)) invalid(field, "is not a mobile number");
    return "+86" + compact;
  }
  const std::string_view digits = std::string_view(compact).substr(1);
  if (digits.size() < 8 || digits.size() > 15 || digits.front() == '0' ||
      !std::all_of(digits.begin(), digits.end(), is_digit)) {
    invalid(field, "is not an E.164 mobile number");
  }
  if (digits.substr(0, 2) == "86" && !chinese_mobile(digits.substr(2))) {
    invalid(field, "is not a Chinese mobile number");
  }
  return compact;
}

std::string normalize_username(std::string_view field, std::string_view username) {
  if (username.empty()) invalid(field, "is empty");
  if (username.size() < 3) invalid(field, "is shorter than 3 characters");
  if (username.size() > 32) invalid(field, "is longer than 32 characters");
  validate_text(field, username, 32);
  if (!is_alpha(username.front())) invalid(field, "must start with a letter");
  const bool allowed = std::all_of(username.begin(), username.end(), [](char c) {
    return is_alnum(c) || c == '_' || c == '.' || c == '-';
  });
  if (!allowed) invalid(field, "may only contain letters, digits, '_', '.' and '-'");
  return ascii_lower(username);
}

void validate_date(std::string_view field, std::string_view date, std::chrono::sys_days today) {
  using namespace std::chrono;
  const bool shape = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                     std::all_of(date.begin(), date.begin() + 4, is_digit) && is_digit(date[5]) &&
                     is_digit(date[6]) && is_digit(date[8]) && is_digit(date[9]);
  if (!shape) invalid(field, "is not a YYYY-MM-DD date");
  const int y = std::stoi(std::string(date.substr(0, 4)));
  const unsigned m = static_cast<unsigned>(std::stoi(std::string(date.substr(5, 2))));
  const unsigned d = static_cast<unsigned>(std::stoi(std::string(date.substr(8, 2))));
  const year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) invalid(field, "is not a calendar date");
  if (sys_days{ymd} < sys_days{year{1900} / January / 1} || sys_days{ymd} > today) {
    invalid(field, "is out of range");
  }
}

void validate_url(std::string_view field, std::string_view url) {
  validate_text(field, url, 2048);
  if (url.find(' ') != std::string_view::npos) invalid(field, "contains a space");
  const std::string lower = ascii_lower(url.substr(0, 8));
  const bool scheme = lower.rfind("https://", 0) == 0 || lower.rfind("http://", 0) == 0;
  if (!scheme) invalid(field, "must be an http or https URL");
  const auto host_start = url.find("//") + 2;
  if (host_start >= url.size() || !is_alnum(url[host_start])) invalid(field, "has no host");
}

std::string normalize_json_object(std::string_view field, std::string_view json) {
  if (json.empty()) return "{}";
  validate_text(field, json, 64 * 1024, true);
  const nlohmann::json value = parse_bounded_json(field, json);
  if (!value.is_object()) invalid(field, "must be a JSON object");
  return value.dump();
}

void validate_token(std::string_view field, std::string_view value, std::size_t max_bytes) {
  if (value.empty()) invalid(field, "is empty");
  if (value.size() > max_bytes) invalid(field, "is too long");
  const bool allowed = std::all_of(value.begin(), value.end(), [](char c) {
    return is_alnum(c) || c == '_' || c == '.' || c == '-';
  });
  if (!allowed) invalid(field, "may only contain letters, digits, '_', '.' and '-'");
}

void validate_user_id(std::string_view field, std::string_view id) {
  if (id.empty()) invalid(field, "is empty");
  if (!is_user_id(id)) invalid(field, "is not a user id");
}

void validate_page(const Page& page) {
  if (page.limit < 1 || page.limit > 1000) invalid("page.limit", "must be 1..1000");
}

}  // namespace member::detail
