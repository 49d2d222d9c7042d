// The pure rules of levels and order points (C2, C5): no database, no clock.
// Money in minor units, rates in basis points; every division rounds down.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "member/loyalty.hpp"

namespace member::detail {

inline constexpr std::int64_t kBasisPoints = 10000;
inline constexpr std::int64_t kMaxOrderAmount = 1'000'000'000'000;  ///< minor units

/// Checks a ladder (see Loyalty::set_levels) and numbers it 1..n. Throws
/// invalid_argument naming "levels[i].field".
void validate_levels(std::vector<Level>& levels);

/// The highest level whose required spend `spend` reaches (0 when below all).
std::size_t level_for_spend(const std::vector<Level>& levels, std::int64_t spend);

/// The position of `code` in the ladder, if there.
std::optional<std::size_t> level_index(const std::vector<Level>& levels, std::string_view code);

struct Progress {
  std::optional<std::size_t> next;   ///< the level above, none at the top
  std::int64_t remaining = 0;        ///< spend still needed for it (>= 0)
  std::int32_t progress_bp = 10000;  ///< spend / its requirement, rounded down, at most 10000
};

/// Where a member on level `current` with `spend` stands towards the next level.
Progress progress(const std::vector<Level>& levels, std::size_t current, std::int64_t spend);

/// floor(amount/100 x rate_bp/10000 x multiplier_bp/10000): the points an
/// order of `amount` minor units earns.
std::int64_t order_points(std::int64_t amount, std::int64_t rate_bp, std::int64_t multiplier_bp);

/// floor(points x refunded / amount): how much of an order's points all its
/// refunds so far (`refunded` of `amount`) take back in total.
std::int64_t refunded_points(std::int64_t points, std::int64_t amount, std::int64_t refunded);

/// The flags as a bit set for storage, and back.
int flags_to_bits(const LevelFlags& flags);
LevelFlags flags_from_bits(int bits);

}  // namespace member::detail
