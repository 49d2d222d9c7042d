// crypto/aead and crypto/keyring: field encryption bound to its place, and
// per-user data keys wrapped by the master key (with rotation).
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/aead.hpp"
#include "crypto/keyring.hpp"
#include "crypto/secret_key.hpp"
#include "support/fixtures.hpp"

using namespace member;
using member::crypto::Bytes;
using member::crypto::Keyring;
using member::crypto::SecretKey;

namespace {

std::string text(const Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

bool same_key(const SecretKey& a, const SecretKey& b) {
  return std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin());
}

bool contains(const Bytes& haystack, std::string_view needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}

constexpr std::string_view kAd = "users/email/default/1b4e28ba-2fa1-4d2e-883f-0016d3cca427k3x9";

}  // namespace

// ---------------------------------------------------------------------------
// AEAD

TEST_CASE("H1 aead: seal/open round trip with the documented layout") {
  const SecretKey key = SecretKey::generate();
  const Bytes sealed = crypto::seal(key, "alice@example.com", kAd);
  CHECK(sealed.size() == 1 + 12 + 17 + 16);
  CHECK(sealed[0] == 0x01);
  CHECK_FALSE(contains(sealed, "alice"));
  CHECK(text(crypto::open(key, sealed, kAd)) == "alice@example.com");
}

TEST_CASE("H1 aead: empty, binary and large plaintexts round-trip") {
  const SecretKey key = SecretKey::generate();
  const Bytes empty = crypto::seal(key, "", kAd);
  CHECK(empty.size() == 1 + 12 + 16);
  CHECK(crypto::open(key, empty, kAd).empty());

  std::vector<std::uint8_t> binary(256);
  for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<std::uint8_t>(i);
  const Bytes sealed_binary = crypto::seal(key, std::span<const std::uint8_t>(binary), kAd);
  CHECK(crypto::open(key, sealed_binary, kAd) == binary);

  const std::string large(100000, 'z');
  CHECK(text(crypto::open(key, crypto::seal(key, large, kAd), kAd)) == large);
  // Empty associated data is allowed as well.
  CHECK(text(crypto::open(key, crypto::seal(key, "x", ""), "")) == "x");
}

TEST_CASE("H1 aead: a fresh nonce every time, so equal plaintexts give different ciphertexts") {
  const SecretKey key = SecretKey::generate();
  const Bytes a = crypto::seal(key, "13800138000", kAd);
  const Bytes b = crypto::seal(key, "13800138000", kAd);
  CHECK(a != b);
  CHECK(std::vector<std::uint8_t>(a.begin() + 1, a.begin() + 13) !=
        std::vector<std::uint8_t>(b.begin() + 1, b.begin() + 13));
  CHECK(text(crypto::open(key, a, kAd)) == text(crypto::open(key, b, kAd)));
}

TEST_CASE("H1 aead: flipping any bit of the sealed value is a key_error") {
  const SecretKey key = SecretKey::generate();
  const Bytes sealed = crypto::seal(key, "Zhang San", kAd);
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    for (std::uint8_t bit : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
      Bytes tampered = sealed;
      tampered[i] ^= bit;
      INFO("byte " << i << " bit " << int(bit));
      test::check_error([&] { (void)crypto::open(key, tampered, kAd); }, Errc::key_error);
    }
  }
  // The original still opens.
  CHECK(text(crypto::open(key, sealed, kAd)) == "Zhang San");
}

TEST_CASE("H1 aead: a value moved to another row, column or tenant does not open") {
  const SecretKey key = SecretKey::generate();
  const Bytes sealed = crypto::seal(key, "alice@example.com", "users/email/default/row-1");
  for (std::string_view other :
       {"users/email/default/row-2", "users/mobile/default/row-1", "users/email/acme/row-1",
        "users/email/default/row-1 ", "", "USERS/EMAIL/DEFAULT/ROW-1"}) {
    INFO("associated data: " << other);
    test::check_error([&] { (void)crypto::open(key, sealed, other); }, Errc::key_error);
  }
}

TEST_CASE("H1 aead: another key, truncation and malformed input are key_errors") {
  const SecretKey key = SecretKey::generate();
  const SecretKey other = SecretKey::generate();
  const Bytes sealed = crypto::seal(key, "secret value", kAd);
  test::check_error([&] { (void)crypto::open(other, sealed, kAd); }, Errc::key_error);

  for (std::size_t length : {std::size_t{0}, std::size_t{1}, std::size_t{13}, std::size_t{28},
                             std::size_t{29}, sealed.size() - 1}) {
    INFO("truncated to " << length);
    const Bytes truncated(sealed.begin(), sealed.begin() + static_cast<std::ptrdiff_t>(length));
    test::check_error([&] { (void)crypto::open(key, truncated, kAd); }, Errc::key_error);
  }
  Bytes extended = sealed;
  extended.push_back(0);
  test::check_error([&] { (void)crypto::open(key, extended, kAd); }, Errc::key_error);

  Bytes wrong_format = sealed;
  wrong_format[0] = 0x02;
  test::check_error([&] { (void)crypto::open(key, wrong_format, kAd); }, Errc::key_error);
  // All-zero garbage of a plausible size.
  test::check_error([&] { (void)crypto::open(key, Bytes(64, 0), kAd); }, Errc::key_error);
}

TEST_CASE("H1 aead: error messages do not reveal the plaintext or the key") {
  const SecretKey key = SecretKey::from_hex(test::kTestMasterKey, "master key");
  Bytes sealed = crypto::seal(key, "alice@example.com", kAd);
  sealed.back() ^= 1;
  try {
    (void)crypto::open(key, sealed, kAd);
    FAIL("expected key_error");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::key_error);
    CHECK(std::string_view(e.what()).find("alice") == std::string_view::npos);
    CHECK(std::string_view(e.what()).find("000102") == std::string_view::npos);
  }
}

// ---------------------------------------------------------------------------
// Keyring

TEST_CASE("H1 keyring: wrap/unwrap round trip with the master key id in front") {
  const SecretKey master = SecretKey::from_hex(test::kTestMasterKey, "master key");
  const Keyring ring(master, {});
  const SecretKey data_key = SecretKey::generate();
  const Bytes wrapped = ring.wrap(data_key, "user-key/default/u1");
  CHECK(wrapped.size() == 1 + 8 + 1 + 12 + 32 + 16);
  CHECK(wrapped[0] == 0x01);
  const auto id = master.id();
  CHECK(std::equal(id.begin(), id.end(), wrapped.begin() + 1));
  // The data key does not appear in clear.
  CHECK(std::search(wrapped.begin(), wrapped.end(), data_key.bytes().begin(),
                    data_key.bytes().end()) == wrapped.end());
  CHECK(same_key(ring.unwrap(wrapped, "user-key/default/u1"), data_key));
  // Wrapping twice gives different bytes that unwrap to the same key.
  const Bytes again = ring.wrap(data_key, "user-key/default/u1");
  CHECK(again != wrapped);
  CHECK(same_key(ring.unwrap(again, "user-key/default/u1"), data_key));
}

TEST_CASE("H1 keyring: the purpose is bound to the wrapped key") {
  const Keyring ring(SecretKey::generate(), {});
  const SecretKey data_key = SecretKey::generate();
  const Bytes wrapped = ring.wrap(data_key, "user-key/default/u1");
  test::check_error([&] { (void)ring.unwrap(wrapped, "user-key/default/u2"); }, Errc::key_error);
  test::check_error([&] { (void)ring.unwrap(wrapped, "blind-index/default"); }, Errc::key_error);
  test::check_error([&] { (void)ring.unwrap(wrapped, ""); }, Errc::key_error);
}

TEST_CASE("H1 keyring: an unknown master key is a key_error") {
  const Keyring ring(SecretKey::generate(), {});
  const Keyring stranger(SecretKey::generate(), {});
  const Bytes wrapped = ring.wrap(SecretKey::generate(), "purpose");
  test::check_error([&] { (void)stranger.unwrap(wrapped, "purpose"); }, Errc::key_error);
}

TEST_CASE("H1 keyring: after a rotation, keys wrapped by a previous master still unwrap") {
  const SecretKey old_master = SecretKey::generate();
  const SecretKey older_master = SecretKey::generate();
  const SecretKey new_master = SecretKey::generate();
  const SecretKey k1 = SecretKey::generate();
  const SecretKey k2 = SecretKey::generate();
  const Bytes by_old = Keyring(old_master, {}).wrap(k1, "user-key/u1");
  const Bytes by_older = Keyring(older_master, {}).wrap(k2, "user-key/u2");

  const Keyring rotated(new_master, {old_master, older_master});
  CHECK(same_key(rotated.unwrap(by_old, "user-key/u1"), k1));
  CHECK(same_key(rotated.unwrap(by_older, "user-key/u2"), k2));

  // New wraps use the new master; the old keyring cannot read them.
  const Bytes by_new = rotated.wrap(k1, "user-key/u1");
  const auto new_id = new_master.id();
  CHECK(std::equal(new_id.begin(), new_id.end(), by_new.begin() + 1));
  CHECK(same_key(rotated.unwrap(by_new, "user-key/u1"), k1));
  test::check_error([&] { (void)Keyring(old_master, {}).unwrap(by_new, "user-key/u1"); },
                    Errc::key_error);
  // Dropping a previous key makes what it wrapped unreadable.
  test::check_error(
      [&] { (void)Keyring(new_master, {old_master}).unwrap(by_older, "user-key/u2"); },
      Errc::key_error);
}

TEST_CASE("H1 keyring: tampered, truncated and malformed wrapped keys are key_errors") {
  const Keyring ring(SecretKey::generate(), {});
  const Bytes wrapped = ring.wrap(SecretKey::generate(), "p");
  for (std::size_t i = 0; i < wrapped.size(); ++i) {
    Bytes tampered = wrapped;
    tampered[i] ^= 0x10;
    INFO("byte " << i);
    test::check_error([&] { (void)ring.unwrap(tampered, "p"); }, Errc::key_error);
  }
  for (std::size_t length : {std::size_t{0}, std::size_t{1}, std::size_t{9}, std::size_t{10},
                             std::size_t{38}, wrapped.size() - 1}) {
    INFO("truncated to " << length);
    const Bytes truncated(wrapped.begin(), wrapped.begin() + static_cast<std::ptrdiff_t>(length));
    test::check_error([&] { (void)ring.unwrap(truncated, "p"); }, Errc::key_error);
  }
}

TEST_CASE("H1 keyring: a wrapped value that is not a 32-byte key is a key_error") {
  // Seal 16 bytes under the master's own format: it authenticates but is no key.
  const SecretKey master = SecretKey::generate();
  const auto id = master.id();
  const std::vector<std::uint8_t> short_key(16, 7);
  const Bytes sealed = crypto::seal(master, std::span<const std::uint8_t>(short_key), "p");
  Bytes wrapped{0x01};
  wrapped.insert(wrapped.end(), id.begin(), id.end());
  wrapped.insert(wrapped.end(), sealed.begin(), sealed.end());
  test::check_error([&] { (void)Keyring(master, {}).unwrap(wrapped, "p"); }, Errc::key_error);
}
