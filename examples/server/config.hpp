// The server's configuration from flags and environment variables (a flag
// wins over its variable); `--help` prints usage_text().
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace member::server {

struct Config {
  std::string bind = "127.0.0.1";
  int port = 8080;  ///< 0: any free port (the chosen one is printed)
  std::string database = "var/member.db";
  std::string key_file;              ///< empty: the database path plus ".key"
  std::string internal_secret_file;  ///< empty: internal callers disabled
  std::size_t max_body_bytes = 1 << 20;
  std::uint32_t member_per_minute = 100;
  std::uint32_t admin_per_minute = 1000;
  std::uint32_t anonymous_per_minute = 100;  ///< per client address
  std::optional<std::string> fake_clock;     ///< tests: start time of a manual clock
  bool help = false;
  bool openapi = false;  ///< print docs/openapi.yaml and exit
};

/// Reads `args` (argv without the program name) over the environment read
/// through `env` (returns nullptr when unset). Errors: invalid_argument naming
/// the flag (unknown flag, missing or malformed value).
Config parse_config(const std::vector<std::string>& args,
                    const std::function<const char*(const char*)>& env);

/// The --help text.
std::string usage_text();

}  // namespace member::server
