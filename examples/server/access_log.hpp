// The structured access log: one JSON object per line (time, method, path,
// status, duration, actor kind, tenant, sizes). Paths are logged without
// their query string, and no header, body or user id is logged, so the log
// holds no personal data or secrets.
//
// Thread-safe: lines from concurrent requests never interleave.
#pragma once

#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

#include "member/clock.hpp"

namespace member::server {

struct AccessEntry {
  TimePoint at;
  std::string method;
  std::string path;  ///< without the query string
  int status = 0;
  double duration_ms = 0;
  std::string actor;   ///< the actor kind, or "-" when authentication failed
  std::string tenant;  ///< "-" when not read
  std::size_t request_bytes = 0;
  std::size_t response_bytes = 0;
  std::string error;  ///< the member Errc name of a failure, or empty
};

class AccessLog {
 public:
  /// Writes to `out` (stderr in the server); `out` must outlive the log.
  explicit AccessLog(std::ostream& out) : out_(out) {}

  /// Appends one line and flushes it.
  void write(const AccessEntry& entry);

 private:
  std::mutex mutex_;
  std::ostream& out_;
};

}  // namespace member::server
