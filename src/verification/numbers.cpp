#include "verification/numbers.hpp"

#include <algorithm>
#include <array>

#include "core/validation.hpp"
#include "member/error.hpp"

namespace member::detail {
namespace {

[[noreturn]] void invalid(std::string_view field, std::string_view why) {
  throw Error(Errc::invalid_argument, std::string(field) + ": " + std::string(why),
              std::string(field));
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// The first two digits of a resident ID: the province-level division.
bool known_province(std::string_view code) {
  static constexpr std::array<std::string_view, 35> kCodes = {
      "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
      "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
      "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83"};
  return std::find(kCodes.begin(), kCodes.end(), code) != kCodes.end();
}

}  // namespace

char resident_id_check_char(std::string_view first17) noexcept {
  static constexpr std::array<int, 17> kWeights = {7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                   3, 7, 9,  10, 5, 8, 4, 2};
  static constexpr std::string_view kCheck = "10X98765432";
  int sum = 0;
  for (std::size_t i = 0; i < kWeights.size() && i < first17.size(); ++i) {
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheck[static_cast<std::size_t>(sum % 11)];
}

std::string normalize_resident_id(std::string_view field, std::string_view number,
                                  std::chrono::sys_days today) {
  if (number.empty()) invalid(field, "is empty");
  if (number.size() != 18) invalid(field, "must be 18 characters");
  std::string id(number);
  if (id.back() == 'x') id.back() = 'X';
  const std::string_view first17 = std::string_view(id).substr(0, 17);
  if (!all_digits(first17) || !(all_digits(id.substr(17)) || id.back() == 'X')) {
    invalid(field, "must be 17 digits and a check digit or X");
  }
  if (!known_province(first17.substr(0, 2))) invalid(field, "has an unknown region code");
  const std::string birth = id.substr(6, 4) + "-" + id.substr(10, 2) + "-" + id.substr(12, 2);
  try {
    validate_date(field, birth, today);
  } catch (const Error&) {
    invalid(field, "has an invalid birth date");
  }
  if (resident_id_check_char(first17) != id.back()) invalid(field, "has a wrong check digit");
  return id;
}

bool luhn_valid(std::string_view digits) noexcept {
  int sum = 0;
  bool double_it = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double_it = !double_it;
  }
  return !digits.empty() && sum % 10 == 0;
}

std::string normalize_bank_card(std::string_view field, std::string_view number) {
  if (number.empty()) invalid(field, "is empty");
  if (number.size() > 40) invalid(field, "is too long");
  std::string digits;
  for (char c : number) {
    if (c != ' ' && c != '-') digits.push_back(c);
  }
  if (!all_digits(digits)) invalid(field, "may only contain digits");
  if (digits.size() < 12 || digits.size() > 19) invalid(field, "must be 12-19 digits");
  if (!luhn_valid(digits)) invalid(field, "fails the Luhn check");
  return digits;
}

std::string mask_number(std::string_view number) {
  std::string masked(number);
  if (masked.size() <= 8) {
    for (std::size_t i = 0; i + 2 < masked.size(); ++i) masked[i] = '*';
    return masked;
  }
  for (std::size_t i = 4; i + 4 < masked.size(); ++i) masked[i] = '*';
  return masked;
}

}  // namespace member::detail
