#include "loyalty/benefit_rules.hpp"

#include <chrono>
#include <limits>
#include <string>

#include "core/validation.hpp"
#include "member/error.hpp"

namespace member::detail {
namespace {

using namespace std::chrono;

std::int64_t ms_of(sys_days day) {
  return duration_cast<milliseconds>(day.time_since_epoch()).count();
}

void bad(const std::string& field, const std::string& why) {
  throw Error(Errc::invalid_argument, field + ": " + why, field);
}

}  // namespace

void validate_benefit(const Benefit& b) {
  validate_token("benefit_id", b.benefit_id, 64);
  if (b.name.empty()) bad("name", "is empty");
  validate_text("name", b.name, 100);
  if (b.type.empty() || b.type.size() > 32 ||
      b.type.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos) {
    bad("type", "must be 1-32 characters from A-Z, 0-9 and _");
  }
  if (b.value < 0 || b.value > 1'000'000'000'000) bad("value", "must be 0..10^12");
  validate_text("description", b.description, 500, true);
  validate_token("min_level", b.min_level, 32);
  if (b.usage_limit < 0 || b.usage_limit > 1'000'000) bad("usage_limit", "must be 0..1000000");
  const int period = static_cast<int>(b.period);
  if (period < 0 || period > 3) bad("period", "unknown period");
  if (b.valid_from && b.valid_until && *b.valid_until <= *b.valid_from) {
    bad("valid_until", "must be after valid_from");
  }
}

Window period_window(BenefitPeriod period, std::int64_t now_ms) {
  if (period == BenefitPeriod::whole) {
    return {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
  }
  const auto day = floor<days>(sys_time<milliseconds>(milliseconds(now_ms)));
  if (period == BenefitPeriod::day) return {ms_of(day), ms_of(day + days(1))};
  const year_month_day ymd(day);
  if (period == BenefitPeriod::month) {
    const auto first = ymd.year() / ymd.month() / 1;
    return {ms_of(sys_days(first)), ms_of(sys_days(first + months(1)))};
  }
  const auto first = ymd.year() / January / 1;
  return {ms_of(sys_days(first)), ms_of(sys_days(first + years(1)))};
}

bool in_birthday_month(std::string_view birthday, std::int64_t now_ms) {
  if (birthday.size() != 10 || birthday[4] != '-' || birthday[7] != '-') return false;
  const char tens = birthday[5];
  const char ones = birthday[6];
  if (tens < '0' || tens > '1' || ones < '0' || ones > '9') return false;
  const unsigned month = static_cast<unsigned>((tens - '0') * 10 + (ones - '0'));
  const auto day = floor<days>(sys_time<milliseconds>(milliseconds(now_ms)));
  return month >= 1 && month <= 12 && year_month_day(day).month() == std::chrono::month(month);
}

}  // namespace member::detail
