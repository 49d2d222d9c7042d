// Conversions between TimePoint and the integer milliseconds storage keeps.
#pragma once

#include <chrono>
#include <cstdint>

#include "member/clock.hpp"

namespace member::detail {

inline std::int64_t to_ms(TimePoint t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

inline TimePoint from_ms(std::int64_t ms) {
  return TimePoint{std::chrono::duration_cast<TimePoint::duration>(std::chrono::milliseconds(ms))};
}

}  // namespace member::detail
