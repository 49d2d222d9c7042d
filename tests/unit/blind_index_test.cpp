// crypto/blind_index: keyed HMAC-SHA256 lookup indexes for email and mobile (H1).
#include <botan/mac.h>

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "crypto/blind_index.hpp"
#include "crypto/secret_key.hpp"
#include "support/fixtures.hpp"

using namespace member;
using member::crypto::BlindIndex;
using member::crypto::Bytes;
using member::crypto::SecretKey;

namespace {

const SecretKey& test_key() {
  static const SecretKey key = SecretKey::from_hex(test::kTestMasterKey, "test key");
  return key;
}

/// The documented construction, computed independently: HMAC-SHA256 over
/// big-endian 32-bit length || bytes, for tenant, kind and value in turn.
Bytes reference(const SecretKey& key, std::string_view tenant, std::string_view kind,
                std::string_view value) {
  auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  mac->set_key(key.bytes().data(), key.bytes().size());
  for (std::string_view part : {tenant, kind, value}) {
    const auto n = static_cast<std::uint32_t>(part.size());
    const std::uint8_t prefix[4] = {
        static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
        static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    mac->update(prefix, 4);
    mac->update(reinterpret_cast<const std::uint8_t*>(part.data()), part.size());
  }
  const auto tag = mac->final();
  return Bytes(tag.begin(), tag.end());
}

}  // namespace

TEST_CASE("H1 blind index: deterministic 32-byte HMAC-SHA256") {
  const BlindIndex index(test_key());
  const Bytes a = index.compute("default", "email", "alice@example.com");
  const Bytes b = index.compute("default", "email", "alice@example.com");
  CHECK(a.size() == 32);
  CHECK(a == b);
  // A second instance with the same key agrees (indexes survive a restart).
  CHECK(BlindIndex(test_key()).compute("default", "email", "alice@example.com") == a);
}

TEST_CASE("H1 blind index: matches the length-prefixed construction exactly") {
  const BlindIndex index(test_key());
  CHECK(index.compute("default", "email", "alice@example.com") ==
        reference(test_key(), "default", "email", "alice@example.com"));
  CHECK(index.compute("default", "mobile", "+8613800138000") ==
        reference(test_key(), "default", "mobile", "+8613800138000"));
  CHECK(index.compute("", "", "") == reference(test_key(), "", "", ""));
}

TEST_CASE("H1 blind index: differs by tenant, kind, value and key") {
  const BlindIndex index(test_key());
  const Bytes base = index.compute("default", "email", "alice@example.com");
  std::set<Bytes> seen{base};
  seen.insert(index.compute("acme", "email", "alice@example.com"));
  seen.insert(index.compute("default", "mobile", "alice@example.com"));
  seen.insert(index.compute("default", "email", "alice@example.org"));
  seen.insert(index.compute("default", "email", "Alice@example.com"));
  seen.insert(index.compute("default", "email", "alice@example.com "));
  seen.insert(index.compute("default", "email", ""));
  seen.insert(BlindIndex(SecretKey::generate()).compute("default", "email", "alice@example.com"));
  CHECK(seen.size() == 8);
}

TEST_CASE("H1 blind index: length prefixes keep part boundaries apart") {
  const BlindIndex index(test_key());
  CHECK(index.compute("ab", "c", "v") != index.compute("a", "bc", "v"));
  CHECK(index.compute("t", "ab", "c") != index.compute("t", "a", "bc"));
  CHECK(index.compute("", "ab", "x") != index.compute("a", "b", "x"));
  CHECK(index.compute("t", "", "kv") != index.compute("t", "k", "v"));
  CHECK(index.compute("tk", "", "v") != index.compute("t", "k", "v"));
  // NUL bytes are data, not terminators.
  using namespace std::string_view_literals;
  CHECK(index.compute("a\0b"sv, "c", "d") != index.compute("a"sv, "c", "d"));
  CHECK(index.compute("a\0b"sv, "c", "d") != index.compute("a"sv, "\0bc"sv, "d"));
}

TEST_CASE("H1 blind index: many distinct values give distinct indexes") {
  const BlindIndex index(test_key());
  std::set<Bytes> seen;
  for (int i = 0; i < 2000; ++i) {
    seen.insert(index.compute("default", "mobile", "+86138" + std::to_string(10000000 + i)));
  }
  CHECK(seen.size() == 2000);
}
