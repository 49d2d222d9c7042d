// Statistics (C6): indexed counts and running totals, never a journal scan.
#include <chrono>
#include <map>

#include "core/access.hpp"
#include "core/time.hpp"
#include "loyalty/ladder.hpp"
#include "loyalty/level_rules.hpp"
#include "member/loyalty.hpp"

namespace member {
namespace {

constexpr std::int64_t kDayMs = 24 * 3600 * 1000;

std::int64_t day_of(TimePoint t) {
  using namespace std::chrono;
  return floor<days>(t).time_since_epoch().count();
}

std::int64_t share(std::int64_t part, std::int64_t whole) {
  return whole == 0 ? 0 : part / whole;
}

}  // namespace

StatisticsOverview Loyalty::overview(const Actor& actor, std::uint32_t active_days) {
  detail::require_permission(context_, actor, "loyalty.statistics");
  if (active_days < 1 || active_days > 3660) {
    throw Error(Errc::invalid_argument, "active_days: must be 1..3660", "active_days");
  }
  using namespace std::chrono;
  const TimePoint now = context_.now();
  const year_month_day today(floor<days>(now));
  const std::int64_t month_start =
      detail::to_ms(TimePoint(sys_days(today.year() / today.month() / 1)));
  const std::int64_t now_ms = detail::to_ms(now);
  auto tx = context_.storage->read();
  auto& store = tx->loyalty();
  StatisticsOverview o;
  o.total_members = tx->users().count(actor.tenant);
  o.active_members = store.count_active_members(actor.tenant, now_ms - active_days * kDayMs);
  o.new_members_this_month =
      store.count_new_users(actor.tenant, month_start, std::numeric_limits<std::int64_t>::max());
  std::tie(o.points_issued, o.points_redeemed) = store.points_totals(actor.tenant);
  return o;
}

std::vector<LevelShare> Loyalty::level_distribution(const Actor& actor) {
  detail::require_permission(context_, actor, "loyalty.statistics");
  auto tx = context_.storage->read();
  auto& store = tx->loyalty();
  const auto ladder = detail::load_ladder(*tx, actor.tenant);
  const std::int64_t total = tx->users().count(actor.tenant);
  std::vector<LevelShare> out;
  std::vector<storage::LevelTotals> sums(ladder.size());
  for (const auto& row : store.level_totals(actor.tenant)) {
    // A code the ladder no longer has counts on the lowest level.
    const std::size_t at = detail::level_index(ladder, row.level_code).value_or(0);
    sums[at].members += row.members;
    sums[at].spent += row.spent;
    sums[at].points += row.points;
  }
  // Users without a loyalty row (no orders, no points) are on the lowest level.
  std::int64_t counted = 0;
  for (const auto& s : sums) counted += s.members;
  sums[0].members += total - counted;
  for (std::size_t i = 0; i < ladder.size(); ++i) {
    out.push_back({ladder[i].code, ladder[i].name, sums[i].members,
                   static_cast<std::int32_t>(share(sums[i].members * 10000, total)),
                   share(sums[i].spent, sums[i].members), share(sums[i].points, sums[i].members)});
  }
  return out;
}

std::vector<DailyTrend> Loyalty::trends(const Actor& actor, TimePoint from, TimePoint to) {
  detail::require_permission(context_, actor, "loyalty.statistics");
  const std::int64_t first = day_of(from);
  const std::int64_t last = day_of(to);
  if (last <= first || last - first > 366) {
    throw Error(Errc::invalid_argument, "to: must be 1..366 days after from", "to");
  }
  std::map<std::int64_t, storage::DailyTotals> found;
  for (const auto& d :
       context_.storage->read()->loyalty().daily_totals(actor.tenant, first, last)) {
    found[d.day] = d;
  }
  std::vector<DailyTrend> out;
  for (std::int64_t day = first; day < last; ++day) {
    const auto& d = found[day];
    out.push_back({detail::from_ms(day * kDayMs), d.new_members, d.upgrades, d.earned, d.spent});
  }
  return out;
}

}  // namespace member
