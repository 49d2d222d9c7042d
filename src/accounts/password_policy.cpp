#include "accounts/password_policy.hpp"

#include "core/utf8.hpp"
#include "member/error.hpp"

namespace member::detail {
namespace {

[[noreturn]] void reject(std::string_view field, std::string_view why) {
  throw Error(Errc::invalid_argument, std::string(field) + ": " + std::string(why),
              std::string(field));
}

}  // namespace

std::string normalize_password(std::string_view field, std::string_view password) {
  if (password.empty()) reject(field, "is empty");
  if (password.size() > 4096) reject(field, "is too long");
  if (!is_valid_utf8(password)) reject(field, "is not valid UTF-8");
  if (password.find('\0') != std::string_view::npos) reject(field, "contains a NUL character");
  return to_nfc(password);
}

void check_password_policy(const PasswordPolicy& policy, std::string_view field,
                           std::string_view normalized) {
  const std::size_t length = count_code_points(normalized);
  if (length < policy.min_length) {
    reject(field, "must be at least " + std::to_string(policy.min_length) + " characters");
  }
  if (length > policy.max_length) {
    reject(field, "must be at most " + std::to_string(policy.max_length) + " characters");
  }
  bool lower = false, upper = false, digit = false, symbol = false;
  for (unsigned char c : normalized) {
    if (c >= 'a' && c <= 'z')
      lower = true;
    else if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (c >= '0' && c <= '9')
      digit = true;
    else
      symbol = true;  // punctuation, space, or any non-ASCII character
  }
  if (policy.require_lowercase && !lower) reject(field, "needs a lower-case letter");
  if (policy.require_uppercase && !upper) reject(field, "needs an upper-case letter");
  if (policy.require_digit && !digit) reject(field, "needs a digit");
  if (policy.require_symbol && !symbol) reject(field, "needs a symbol");
  if (policy.reject_common && is_common_password(normalized)) {
    reject(field, "is too common; choose a less predictable password");
  }
}

}  // namespace member::detail
