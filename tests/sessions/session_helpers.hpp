// Helpers shared by the session tests (F1, F2, D1, D2): a System on a real
// database (SQLite file, or PostgreSQL when MEMBER_TEST_POSTGRES is set) with
// a manual clock and a member, and tools to forge tokens for tampering tests.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "accounts/account_helpers.hpp"
#include "core/base64url.hpp"
#include "crypto/token_keys.hpp"
#include "member/sessions.hpp"
#include "support/postgres.hpp"

namespace member::test {

inline const Actor kAnonymous = Actor::anonymous();
inline const Actor kStaff = Actor::admin("ops-1");

/// 2024-03-15 12:00:00 UTC.
inline TimePoint session_start() {
  return TimePoint{std::chrono::seconds(1710504000)};
}

/// Hex of 32 bytes i, i+1, ...: a fixed token key for tests.
inline std::string test_secret(int first) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (int i = 0; i < 32; ++i) {
    const auto b = static_cast<unsigned>((first + i) & 0xff);
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

/// A database the tests run on: a SQLite file, or a fresh PostgreSQL schema.
struct Backend {
  std::string name;
  std::function<Options()> options;  ///< the same database on every call
};

/// SQLite always; PostgreSQL too when the test server is there.
inline std::vector<Backend> backends(const TempDir& dir) {
  std::vector<Backend> all;
  all.push_back({"sqlite", [&dir] {
                   Options o = file_options(dir);
                   o.durability = Durability::normal;
                   return o;
                 }});
#ifdef MEMBER_TEST_WITH_POSTGRES
  if (const auto server = postgres_server()) {
    const std::string conninfo = fresh_postgres_schema(*server);
    all.push_back({"postgres", [conninfo] {
                     Options o;
                     o.database = conninfo;
                     o.master_key = kTestMasterKey;
                     o.password_hashing = cheap_hashing();
                     o.pool_size = 4;
                     return o;
                   }});
  }
#endif
  return all;
}

/// The PostgreSQL backend's options (a fresh schema), or nothing when the
/// PostgreSQL tests are skipped.
inline std::optional<Options> postgres_options(const TempDir& dir) {
  for (const Backend& b : backends(dir)) {
    if (b.name == "postgres") return b.options();
  }
  return std::nullopt;
}

/// A System with a manual clock and one member, "alice".
struct SessionFixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(session_start());
  std::unique_ptr<System> sys;
  std::string alice;

  explicit SessionFixture(Options o, bool register_alice = true) {
    o.clock = clock;
    sys = std::make_unique<System>(std::move(o));
    if (register_alice) {
      alice = sys->accounts().register_user(kAnonymous, with_username("alice"));
    }
  }

  Sessions& sessions() { return sys->sessions(); }

  SessionSignIn sign_in(const std::string& identifier = "alice",
                        const std::string& device = "phone-1", const std::string& type = "phone") {
    SessionSignInRequest r;
    r.credentials = credentials(identifier);
    r.credentials.device_id = device;
    r.credentials.platform = "ios 17";
    r.credentials.ip = "203.0.113.7";
    r.device_type = type;
    r.device_name = "Alice's " + type;
    r.app_version = "3.1.0";
    return sessions().sign_in(kAnonymous, r);
  }

  /// True when the access token verifies; false when refused as unauthenticated.
  bool valid(const std::string& token, VerifyOptions options = {}) {
    return succeeds([&] { sessions().verify(token, options); });
  }
  bool refreshes(const std::string& refresh_token) {
    return succeeds([&] { sessions().refresh(kAnonymous, refresh_token); });
  }
};

/// Runs `body(fixture)` (or `body(fixture, backend)`) once per backend, each
/// with a fresh fixture whose options `adjust` may change first.
template <class Body>
void on_each_backend(Body body, const std::function<void(Options&)>& adjust = {}) {
  TempDir dir;
  for (const Backend& backend : backends(dir)) {
    CAPTURE(backend.name);
    Options o = backend.options();
    if (adjust) adjust(o);
    SessionFixture f(o);
    if constexpr (std::is_invocable_v<Body&, SessionFixture&, const Backend&>) {
      body(f, backend);
    } else {
      body(f);
    }
  }
}

/// The three parts of a JWT.
struct TokenParts {
  std::string header, payload, signature;  ///< decoded header and payload, encoded signature
};

inline std::string decode(std::string_view text) {
  std::string out(text.size(), '\0');
  const auto n = detail::base64url_decode(
      text, std::span(reinterpret_cast<std::uint8_t*>(out.data()), out.size()));
  REQUIRE(n.has_value());
  out.resize(*n);
  return out;
}

inline TokenParts split(const std::string& token) {
  const auto a = token.find('.');
  const auto b = token.find('.', a + 1);
  return {decode(token.substr(0, a)), decode(token.substr(a + 1, b - a - 1)), token.substr(b + 1)};
}

/// A token of `header` and `payload` with `signature` (already encoded).
inline std::string assemble(const std::string& header, const std::string& payload,
                            const std::string& signature) {
  return detail::base64url_encode(header) + "." + detail::base64url_encode(payload) + "." +
         signature;
}

/// HS256-signs `header`.`payload` with the raw key bytes of `secret_hex`.
inline std::string hs256_token(const std::string& header, const std::string& payload,
                               std::span<const std::uint8_t> key) {
  const std::string input =
      detail::base64url_encode(header) + "." + detail::base64url_encode(payload);
  return input + "." + detail::base64url_encode(crypto::HmacSha256(key).mac(input));
}

inline std::vector<std::uint8_t> bytes_of_hex(const std::string& hex) {
  std::vector<std::uint8_t> out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

/// `text` with the first `from` replaced by `to`.
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

}  // namespace member::test
