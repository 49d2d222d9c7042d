#include "ledger/expiry.hpp"

#include <chrono>

namespace member::detail {

std::int64_t add_months(std::int64_t ms, std::uint32_t months) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds(ms)};
  const sys_days day = floor<days>(t);
  const auto time_of_day = t - day;
  year_month_day date{day};
  date += std::chrono::months(months);
  if (!date.ok()) date = date.year() / date.month() / last;
  return (sys_days{date} + time_of_day).time_since_epoch().count();
}

std::int64_t lot_expiry_ms(const LedgerPolicy& policy, Asset asset, const std::string& event_type,
                           std::int64_t earned_ms) {
  if (asset == Asset::money) return 0;
  const auto rule = policy.expiry_months_by_event.find(event_type);
  const std::uint32_t months =
      rule == policy.expiry_months_by_event.end() ? policy.expiry_months : rule->second;
  return months == 0 ? 0 : add_months(earned_ms, months);
}

}  // namespace member::detail
