// The pure rules of benefits (C3): validation, the period a usage limit
// counts in, the birthday month. UTC calendar; no database, no clock.
#pragma once

#include <cstdint>
#include <string_view>

#include "member/loyalty.hpp"

namespace member::detail {

/// Checks a benefit's own fields (not whether min_level is on the ladder).
/// Throws invalid_argument naming the field.
void validate_benefit(const Benefit& benefit);

/// [from, to) in milliseconds.
struct Window {
  std::int64_t from = 0;
  std::int64_t to = 0;
};

/// The period containing `now_ms`: its UTC day, month or year; the whole
/// time line for BenefitPeriod::whole.
Window period_window(BenefitPeriod period, std::int64_t now_ms);

/// True when `birthday` (YYYY-MM-DD) falls in the UTC month of `now_ms`;
/// false for an empty or malformed birthday.
bool in_birthday_month(std::string_view birthday, std::int64_t now_ms);

}  // namespace member::detail
