#include "config.hpp"

#include <charconv>

#include "member/error.hpp"

namespace member::server {

namespace {

struct Setting {
  const char* flag;
  const char* env;
  const char* help;
  std::function<void(Config&, const std::string&)> set;
};

template <class Int>
Int number(const std::string& text, const char* flag, Int low, Int high) {
  Int value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < low || value > high) {
    throw Error(Errc::invalid_argument,
                std::string(flag) + ": must be a number from " + std::to_string(low) + " to " +
                    std::to_string(high),
                flag);
  }
  return value;
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      {"--bind", "MEMBER_SERVER_BIND", "address to listen on (default 127.0.0.1)",
       [](Config& c, const std::string& v) { c.bind = v; }},
      {"--port", "MEMBER_SERVER_PORT", "TCP port (default 8080; 0 picks a free one)",
       [](Config& c, const std::string& v) { c.port = number<int>(v, "--port", 0, 65535); }},
      {"--database", "MEMBER_DATABASE",
       "SQLite file, :memory: or postgresql://... (default var/member.db)",
       [](Config& c, const std::string& v) { c.database = v; }},
      {"--key-file", "MEMBER_KEY_FILE",
       "master key file (default: the database path plus .key, created 0600)",
       [](Config& c, const std::string& v) { c.key_file = v; }},
      {"--internal-secret-file", "MEMBER_INTERNAL_SECRET_FILE",
       "file holding the shared secret of internal callers (X-Internal-Secret); unset: "
       "internal callers are refused",
       [](Config& c, const std::string& v) { c.internal_secret_file = v; }},
      {"--max-body", "MEMBER_SERVER_MAX_BODY",
       "largest request body in bytes (default 1048576; larger: 413)",
       [](Config& c, const std::string& v) {
         c.max_body_bytes = number<std::size_t>(v, "--max-body", 1, std::size_t{64} << 20);
       }},
      {"--member-rate", "MEMBER_SERVER_MEMBER_RATE", "requests per minute per member (default 100)",
       [](Config& c, const std::string& v) {
         c.member_per_minute = number<std::uint32_t>(v, "--member-rate", 0, 1000000);
       }},
      {"--admin-rate", "MEMBER_SERVER_ADMIN_RATE",
       "requests per minute per operator (default 1000)",
       [](Config& c, const std::string& v) {
         c.admin_per_minute = number<std::uint32_t>(v, "--admin-rate", 0, 1000000);
       }},
      {"--anonymous-rate", "MEMBER_SERVER_ANONYMOUS_RATE",
       "requests per minute per client address without credentials (default 100)",
       [](Config& c, const std::string& v) {
         c.anonymous_per_minute = number<std::uint32_t>(v, "--anonymous-rate", 0, 1000000);
       }},
      {"--fake-clock", "MEMBER_SERVER_FAKE_CLOCK",
       "TESTS ONLY: run on a manual clock starting at this UTC time "
       "(2026-01-31T12:00:00Z) and serve POST /_test/clock/advance to internal callers",
       [](Config& c, const std::string& v) { c.fake_clock = v; }},
  };
  return all;
}

}  // namespace

Config parse_config(const std::vector<std::string>& args,
                    const std::function<const char*(const char*)>& env) {
  Config config;
  for (const auto& s : settings()) {
    if (const char* value = env(s.env); value && *value) s.set(config, value);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      config.help = true;
      continue;
    }
    if (arg == "--openapi") {
      config.openapi = true;
      continue;
    }
    const auto eq = arg.find('=');
    const std::string flag = arg.substr(0, eq);
    const Setting* setting = nullptr;
    for (const auto& s : settings()) {
      if (flag == s.flag) setting = &s;
    }
    if (!setting) throw Error(Errc::invalid_argument, flag + ": unknown flag (see --help)", flag);
    if (eq != std::string::npos) {
      setting->set(config, arg.substr(eq + 1));
    } else if (i + 1 < args.size()) {
      setting->set(config, args[++i]);
    } else {
      throw Error(Errc::invalid_argument, flag + ": needs a value", flag);
    }
  }
  return config;
}

std::string usage_text() {
  std::string text =
      "member-server: the seeds' HTTP APIs over the member library.\n\n"
      "usage: member-server [--flag value | --flag=value]...\n\n";
  for (const auto& s : settings()) {
    text += "  " + std::string(s.flag) + " (env " + s.env + ")\n      " + s.help + "\n";
  }
  text +=
      "  --openapi\n      print the OpenAPI document of every route (docs/openapi.yaml)\n"
      "  --help\n      this text\n\n"
      "Prints \"listening on ADDRESS:PORT\" once it serves; SIGINT or SIGTERM stop it\n"
      "after the requests in flight. Authentication and routes: examples/server/README.md.\n";
  return text;
}

}  // namespace member::server
