#include "loyalty/level_rules.hpp"

#include <set>
#include <string>

#include "core/validation.hpp"
#include "member/error.hpp"

namespace member::detail {
namespace {

// 128-bit intermediates keep amount x rate x multiplier exact.
__extension__ typedef __int128 Wide;

[[noreturn]] void bad_level(std::size_t i, const std::string& field, const std::string& why) {
  const std::string name = "levels[" + std::to_string(i) + "]." + field;
  throw Error(Errc::invalid_argument, name + ": " + why, name);
}

}  // namespace

void validate_levels(std::vector<Level>& levels) {
  if (levels.empty() || levels.size() > 50) {
    throw Error(Errc::invalid_argument, "levels: need 1..50 levels", "levels");
  }
  std::set<std::string> codes;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    Level& level = levels[i];
    const std::string prefix = "levels[" + std::to_string(i) + "].";
    validate_token(prefix + "code", level.code, 32);
    if (!codes.insert(level.code).second) bad_level(i, "code", "is used twice");
    if (level.name.empty()) bad_level(i, "name", "is empty");
    validate_text(prefix + "name", level.name, 100);
    if (i == 0 && level.required_spend != 0) bad_level(i, "required_spend", "the first must be 0");
    if (i > 0 && level.required_spend <= levels[i - 1].required_spend) {
      bad_level(i, "required_spend", "must be above the level below");
    }
    if (level.required_spend > kMaxOrderAmount) bad_level(i, "required_spend", "is too large");
    if (level.discount_rate_bp < 1 || level.discount_rate_bp > kBasisPoints) {
      bad_level(i, "discount_rate_bp", "must be 1..10000");
    }
    if (level.point_multiplier_bp < 1 || level.point_multiplier_bp > 100 * kBasisPoints) {
      bad_level(i, "point_multiplier_bp", "must be 1..1000000");
    }
    level.level_id = static_cast<std::int64_t>(i + 1);
  }
}

std::size_t level_for_spend(const std::vector<Level>& levels, std::int64_t spend) {
  std::size_t found = 0;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (spend >= levels[i].required_spend) found = i;
  }
  return found;
}

std::optional<std::size_t> level_index(const std::vector<Level>& levels, std::string_view code) {
  for (std::size_t i = 0; i < levels.size(); ++i) {
    if (levels[i].code == code) return i;
  }
  return std::nullopt;
}

Progress progress(const std::vector<Level>& levels, std::size_t current, std::int64_t spend) {
  Progress p;
  if (current + 1 >= levels.size()) return p;
  p.next = current + 1;
  const std::int64_t required = levels[current + 1].required_spend;
  const std::int64_t have = spend < 0 ? 0 : spend;
  p.remaining = have >= required ? 0 : required - have;
  const auto bp = static_cast<Wide>(have) * kBasisPoints / required;
  p.progress_bp = static_cast<std::int32_t>(bp > kBasisPoints ? kBasisPoints : bp);
  return p;
}

std::int64_t order_points(std::int64_t amount, std::int64_t rate_bp, std::int64_t multiplier_bp) {
  if (amount <= 0 || rate_bp <= 0 || multiplier_bp <= 0) return 0;
  const Wide product = static_cast<Wide>(amount) * rate_bp * multiplier_bp;
  return static_cast<std::int64_t>(product / (Wide{100} * kBasisPoints * kBasisPoints));
}

std::int64_t refunded_points(std::int64_t points, std::int64_t amount, std::int64_t refunded) {
  if (amount <= 0 || points <= 0 || refunded <= 0) return 0;
  if (refunded >= amount) return points;
  return static_cast<std::int64_t>(static_cast<Wide>(points) * refunded / amount);
}

int flags_to_bits(const LevelFlags& f) {
  return (f.free_shipping ? 1 : 0) | (f.birthday_gift ? 2 : 0) | (f.priority_service ? 4 : 0) |
         (f.exclusive_events ? 8 : 0);
}

LevelFlags flags_from_bits(int bits) {
  return {(bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0};
}

}  // namespace member::detail

namespace member {

std::vector<Level> default_levels() {
  constexpr std::int64_t kUnit = 100;  // minor units per currency unit
  std::vector<Level> levels = {
      {1, "BASIC", "Basic", 0, 10000, 10000, {}},
      {2, "BRONZE", "Bronze", 500 * kUnit, 9500, 10000, {false, true, false, false}},
      {3, "SILVER", "Silver", 2000 * kUnit, 9000, 10000, {true, true, false, false}},
      {4, "GOLD", "Gold", 5000 * kUnit, 8500, 12000, {true, true, true, false}},
      {5, "PLATINUM", "Platinum", 20000 * kUnit, 8000, 15000, {true, true, true, true}},
  };
  return levels;
}

}  // namespace member
