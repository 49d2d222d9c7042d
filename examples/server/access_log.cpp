#include "access_log.hpp"

#include "api/json.hpp"

namespace member::server {

void AccessLog::write(const AccessEntry& e) {
  api::Json line = {
      {"ts", api::format_time(e.at)},
      {"method", e.method},
      {"path", e.path},
      {"status", e.status},
      {"ms", static_cast<double>(static_cast<long long>(e.duration_ms * 1000)) / 1000},
      {"actor", e.actor},
      {"tenant", e.tenant},
      {"in", e.request_bytes},
      {"out", e.response_bytes}};
  if (!e.error.empty()) line["error"] = e.error;
  const std::string text = api::dump(line);
  std::lock_guard lock(mutex_);
  out_ << text << '\n' << std::flush;
}

}  // namespace member::server
