// crypto/password_hasher: A2/A5 Argon2id hashing, verification of imported
// legacy hashes (bcrypt, PBKDF2-SHA256, Argon2) and rehash decisions.
#include <botan/argon2.h>
#include <botan/base64.h>
#include <botan/bcrypt.h>
#include <botan/hex.h>
#include <botan/pwdhash.h>
#include <botan/system_rng.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/password_hasher.hpp"
#include "support/fixtures.hpp"

using namespace member;
using member::crypto::PasswordHasher;
using member::test::cheap_hashing;
using namespace std::string_literals;

namespace {

constexpr std::string_view kCheapPrefix = "$argon2id$v=19$m=64,t=1,p=1$";

const PasswordHasher& cheap() {
  static const PasswordHasher hasher(cheap_hashing());
  return hasher;
}

std::vector<std::uint8_t> bytes_of(std::string_view s) {
  return std::vector<std::uint8_t>(s.begin(), s.end());
}

/// Standard base64; `padded` false strips the trailing '='.
std::string b64(const std::vector<std::uint8_t>& data, bool padded) {
  std::string out = Botan::base64_encode(data.data(), data.size());
  if (!padded) out.erase(std::find(out.begin(), out.end(), '='), out.end());
  return out;
}

/// passlib's adapted base64: '.' instead of '+', no padding.
std::string ab64(const std::vector<std::uint8_t>& data) {
  std::string out = b64(data, false);
  std::replace(out.begin(), out.end(), '+', '.');
  return out;
}

std::vector<std::uint8_t> pbkdf2_sha256(std::string_view password,
                                        const std::vector<std::uint8_t>& salt,
                                        std::size_t iterations, std::size_t length) {
  auto family = Botan::PasswordHashFamily::create_or_throw("PBKDF2(SHA-256)");
  auto kdf = family->from_params(iterations);
  std::vector<std::uint8_t> out(length);
  kdf->derive_key(out.data(), out.size(), password.data(), password.size(), salt.data(),
                  salt.size());
  return out;
}

std::vector<std::uint8_t> from_hex(std::string_view hex) {
  const auto decoded = Botan::hex_decode(std::string(hex));
  return std::vector<std::uint8_t>(decoded.begin(), decoded.end());
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = s.find(sep, start);
    parts.push_back(s.substr(start, at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Argon2id

TEST_CASE("A5 hasher: new hashes are Argon2id PHC strings with the configured parameters") {
  const std::string h = cheap().hash("correct horse battery staple");
  CHECK(h.starts_with(kCheapPrefix));
  const auto parts = split(h, '$');  // "", argon2id, v=19, m=..., salt, hash
  REQUIRE(parts.size() == 6);
  CHECK(parts[1] == "argon2id");
  CHECK(parts[2] == "v=19");
  CHECK(parts[3] == "m=64,t=1,p=1");
  CHECK(parts[4].size() >= 22);  // 16-byte salt, unpadded base64
  CHECK(parts[5].size() >= 43);  // 32-byte hash, unpadded base64
  CHECK(h.find("correct") == std::string::npos);
  CHECK(PasswordHasher::is_supported(h));
  CHECK_FALSE(cheap().needs_rehash(h));
  CHECK(cheap().params().memory_kib == 64);
  CHECK(cheap().params().iterations == 1);
  CHECK(cheap().params().parallelism == 1);
}

TEST_CASE("A5 hasher: a per-hash salt makes two hashes of one password differ") {
  const std::string a = cheap().hash("same password");
  const std::string b = cheap().hash("same password");
  CHECK(a != b);
  CHECK(split(a, '$')[4] != split(b, '$')[4]);
  CHECK(cheap().verify("same password", a));
  CHECK(cheap().verify("same password", b));
}

TEST_CASE("A5 hasher: verify accepts the password and nothing else") {
  const std::string password = "correct horse battery staple";
  const std::string h = cheap().hash(password);
  CHECK(cheap().verify(password, h));
  CHECK_FALSE(cheap().verify("correct horse battery stapl", h));
  CHECK_FALSE(cheap().verify("correct horse battery staple ", h));
  CHECK_FALSE(cheap().verify("Correct horse battery staple", h));
  CHECK_FALSE(cheap().verify("", h));
  CHECK_FALSE(cheap().verify(password + "\0"s, h));
  // Tampering with any part of the stored hash breaks verification.
  // (Not the last character: part of its bits are base64 padding, which
  // decoding ignores.)
  std::string altered = h;
  char& digest_char = altered[altered.size() - 10];
  digest_char = digest_char == 'A' ? 'B' : 'A';
  CHECK_FALSE(cheap().verify(password, altered));
  std::string other_salt = h;
  const std::size_t salt_at = h.find('$', kCheapPrefix.size() - 1) + 1;
  other_salt[salt_at] = other_salt[salt_at] == 'A' ? 'B' : 'A';
  CHECK_FALSE(cheap().verify(password, other_salt));
}

TEST_CASE("A5 hasher: passwords are hashed byte for byte (normalisation is the policy's job)") {
  const std::string composed = "caf\xC3\xA9 au lait";
  const std::string h = cheap().hash(composed);
  CHECK(cheap().verify(composed, h));
  CHECK_FALSE(cheap().verify("cafe\xCC\x81 au lait", h));
  const std::string with_nul = "before\0after"s;
  const std::string h2 = cheap().hash(with_nul);
  CHECK(cheap().verify(with_nul, h2));
  CHECK_FALSE(cheap().verify("before", h2));
  const std::string longest(4096, 'p');
  CHECK(cheap().verify(longest, cheap().hash(longest)));
}

TEST_CASE("A5 hasher: the reference Argon2id test vector verifies") {
  // From the Argon2 reference implementation's tests (m=256 KiB, t=2, p=1).
  const std::string vector =
      "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";
  CHECK(PasswordHasher::is_supported(vector));
  CHECK(cheap().verify("password", vector));
  CHECK_FALSE(cheap().verify("Password", vector));
  CHECK(cheap().needs_rehash(vector));  // other parameters than the current ones
  CHECK(PasswordHasher(PasswordHashing{.memory_kib = 256, .iterations = 2, .parallelism = 1})
            .needs_rehash(vector) == false);
}

TEST_CASE("A5 hasher: hashes with other parameters verify and need a rehash") {
  const PasswordHasher bigger({.memory_kib = 128, .iterations = 1, .parallelism = 1});
  const PasswordHasher more_passes({.memory_kib = 64, .iterations = 2, .parallelism = 1});
  const PasswordHasher wider({.memory_kib = 64, .iterations = 1, .parallelism = 2});
  for (const PasswordHasher* other : {&bigger, &more_passes, &wider}) {
    const std::string h = other->hash("legacy secret");
    CHECK(cheap().verify("legacy secret", h));
    CHECK_FALSE(cheap().verify("legacy secreT", h));
    CHECK(cheap().needs_rehash(h));
    CHECK_FALSE(other->needs_rehash(h));
    CHECK(other->needs_rehash(cheap().hash("x")));
  }
  // "m=64" must not be taken for a prefix of "m=640".
  const PasswordHasher m640({.memory_kib = 640, .iterations = 1, .parallelism = 1});
  CHECK(cheap().needs_rehash(m640.hash("x")));
}

TEST_CASE("A2 hasher: imported Argon2i and Argon2d hashes verify and need a rehash") {
  for (std::uint8_t family : {std::uint8_t{0}, std::uint8_t{1}}) {
    const std::string secret = "imported secret";
    const std::string h = Botan::argon2_generate_pwhash(secret.data(), secret.size(),
                                                        Botan::system_rng(), 1, 64, 1, family);
    INFO("hash: " << h);
    CHECK(h.starts_with(family == 0 ? "$argon2d$" : "$argon2i$"));
    CHECK(PasswordHasher::is_supported(h));
    CHECK(cheap().verify(secret, h));
    CHECK_FALSE(cheap().verify("imported secreT", h));
    CHECK(cheap().needs_rehash(h));
  }
}

TEST_CASE("A2 hasher: malformed Argon2 strings are unsupported and verify nothing") {
  const std::string good = cheap().hash("pw");
  const auto parts = split(good, '$');
  const std::string salt(parts[4]);
  const std::string hash(parts[5]);
  const std::vector<std::string> bad = {
      "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + hash,         // version 1.0
      "$argon2id$m=64,t=1,p=1$" + salt + "$" + hash,              // no version
      "$argon2id$v=19$m=64,t=1,p=1$" + salt,                      // no hash
      "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash + "$x",  // extra part
      "$argon2id$v=19$m=4,t=1,p=1$" + salt + "$" + hash,          // m below 8
      "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + hash,         // t = 0
      "$argon2id$v=19$m=64,t=1,p=0$" + salt + "$" + hash,         // p = 0
      "$argon2id$v=19$m=64,t=1001,p=1$" + salt + "$" + hash,      // t too large
      "$argon2id$v=19$m=64,t=1,p=65$" + salt + "$" + hash,        // p too large
      "$argon2id$v=19$m=64,t=1,p=16$" + salt + "$" + hash,        // m < 8 p
      "$argon2id$v=19$m=4194305,t=1,p=1$" + salt + "$" + hash,    // m too large
      "$argon2id$v=19$m=64,t=1,x=1$" + salt + "$" + hash,         // unknown key
      "$argon2id$v=19$m=sixty,t=1,p=1$" + salt + "$" + hash,      // not a number
      "$argon2id$v=19$m=-64,t=1,p=1$" + salt + "$" + hash,
      "$argon2id$v=19$m=64,t=1,p=1$$" + hash,             // empty salt
      "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$",        // empty hash
      "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$!!!!",    // not base64
      "$argon2x$v=19$m=64,t=1,p=1$" + salt + "$" + hash,  // unknown variant
      "argon2id$v=19$m=64,t=1,p=1$" + salt + "$" + hash,  // no leading $
  };
  for (const std::string& h : bad) {
    INFO("hash: " << h);
    CHECK_FALSE(PasswordHasher::is_supported(h));
    CHECK_FALSE(cheap().verify("pw", h));
  }
}

TEST_CASE("A2 hasher: Argon2 parameters may come in any order, but each exactly once") {
  const std::string good = cheap().hash("pw");
  const auto parts = split(good, '$');
  const std::string tail = "$" + std::string(parts[4]) + "$" + std::string(parts[5]);
  const std::string reordered = "$argon2id$v=19$p=1,t=1,m=64" + tail;
  CHECK(PasswordHasher::is_supported(reordered));
  CHECK(cheap().verify("pw", reordered));
  // A repeated or missing parameter is not a well-formed PHC string: an import
  // must not accept a hash that can never verify.
  for (const std::string params : {"m=64,t=1,p=1,p=1", "m=64,m=64,t=1,p=1", "m=64,t=1"}) {
    const std::string h = "$argon2id$v=19$" + params + tail;
    INFO("hash: " << h);
    CHECK(PasswordHasher::is_supported(h) == cheap().verify("pw", h));
  }
}

// ---------------------------------------------------------------------------
// bcrypt

TEST_CASE("A2 hasher: imported bcrypt $2a$, $2b$ and $2y$ hashes verify") {
  for (char version : {'a', 'b', 'y'}) {
    const std::string h =
        Botan::generate_bcrypt("hunter2 is my password", Botan::system_rng(), 4, version);
    INFO("hash: " << h);
    REQUIRE(h.size() == 60);
    CHECK(h.starts_with("$2"s + version + "$04$"));
    CHECK(PasswordHasher::is_supported(h));
    CHECK(cheap().verify("hunter2 is my password", h));
    CHECK_FALSE(cheap().verify("hunter2 is my passwort", h));
    CHECK_FALSE(cheap().verify("", h));
    CHECK(cheap().needs_rehash(h));
    std::string altered = h;
    altered[59] = altered[59] == 'e' ? 'f' : 'e';
    CHECK_FALSE(cheap().verify("hunter2 is my password", altered));
  }
}

TEST_CASE("A2 hasher: the OpenWall crypt_blowfish bcrypt vectors verify") {
  struct Vector {
    std::string password;
    std::string hash;
  };
  const Vector vectors[] = {
      {"U*U", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"},
      {"U*U*", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.VGOzA784oUp/Z0DY336zx7pLYAy0lwK"},
      {"U*U*U", "$2a$05$XXXXXXXXXXXXXXXXXXXXXOAcXxm9kjPGEMsLznoKqmqw7tc8WCx4a"},
      {"", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.7uG0VCzI2bS7j6ymqJi9CdcdxiRTWNy"},
      {"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
       "chars after 72 are ignored",
       "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"},
  };
  for (const Vector& v : vectors) {
    INFO("hash: " << v.hash);
    CHECK(PasswordHasher::is_supported(v.hash));
    CHECK(cheap().verify(v.password, v.hash));
    if (v.password.size() < 72) CHECK_FALSE(cheap().verify(v.password + "x", v.hash));
    // $2b$ and $2y$ are the same algorithm for these passwords.
    std::string b = v.hash;
    b[2] = 'b';
    CHECK(cheap().verify(v.password, b));
    std::string y = v.hash;
    y[2] = 'y';
    CHECK(cheap().verify(v.password, y));
  }
  // bcrypt only reads the first 72 bytes.
  CHECK(cheap().verify("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                       "$2a$05$abcdefghijklmnopqrstuu5s2v8.iXieOjg/.AySBTTZIIVFJeBui"));
}

TEST_CASE("A2 hasher: malformed bcrypt strings are unsupported and verify nothing") {
  const std::string good = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
  REQUIRE(PasswordHasher::is_supported(good));
  std::vector<std::string> bad = {
      good.substr(0, 59),       // one short
      good + "W",               // one long
      "$2x$" + good.substr(4),  // crypt_blowfish's buggy variant
      "$2$" + good.substr(3),
      "$2c$" + good.substr(4),
      "$2a$03$" + good.substr(7),  // cost below 4
      "$2a$32$" + good.substr(7),  // cost above 31
      "$2a$5$$" + good.substr(7),  // one-digit cost
      "$2a$xx$" + good.substr(7),
      "$2a$05-" + good.substr(7),
      "$2a$05$" + good.substr(7, 52) + "!",  // outside the bcrypt alphabet
      "$2a$05$" + good.substr(7, 52) + "+",
      "$2a$05$" + std::string(53, '$'),
  };
  for (const std::string& h : bad) {
    INFO("hash: " << h);
    CHECK_FALSE(PasswordHasher::is_supported(h));
    CHECK_FALSE(cheap().verify("U*U", h));
    CHECK(cheap().needs_rehash(h));
  }
}

// ---------------------------------------------------------------------------
// PBKDF2-SHA256

TEST_CASE("A2 hasher: PBKDF2-SHA256 in PHC form ($pbkdf2-sha256$i=N$salt$hash)") {
  const std::vector<std::uint8_t> salt = bytes_of("per-user salt 16");
  const std::size_t iterations = 1000;
  const auto expected = pbkdf2_sha256("legacy password", salt, iterations, 32);
  const std::string h = "$pbkdf2-sha256$i=1000$" + b64(salt, false) + "$" + b64(expected, false);
  INFO("hash: " << h);
  CHECK(PasswordHasher::is_supported(h));
  CHECK(cheap().verify("legacy password", h));
  CHECK_FALSE(cheap().verify("legacy passworD", h));
  CHECK_FALSE(cheap().verify("", h));
  CHECK(cheap().needs_rehash(h));

  // The same hash with a different iteration count or salt no longer verifies.
  const std::string other_count =
      "$pbkdf2-sha256$i=1001$" + b64(salt, false) + "$" + b64(expected, false);
  CHECK(PasswordHasher::is_supported(other_count));
  CHECK_FALSE(cheap().verify("legacy password", other_count));
  const std::string other_salt = "$pbkdf2-sha256$i=1000$" +
                                 b64(bytes_of("per-user salt 17"), false) + "$" +
                                 b64(expected, false);
  CHECK_FALSE(cheap().verify("legacy password", other_salt));
}

TEST_CASE("A2 hasher: PBKDF2-SHA256 RFC test vectors in PHC and Django form") {
  // RFC 7914 section 11: P="passwd", S="salt", c=1, dkLen=64.
  const auto rfc7914 = from_hex(
      "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
      "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  REQUIRE(pbkdf2_sha256("passwd", bytes_of("salt"), 1, 64) == rfc7914);
  const std::string phc =
      "$pbkdf2-sha256$i=1$" + b64(bytes_of("salt"), false) + "$" + b64(rfc7914, false);
  CHECK(phc.starts_with("$pbkdf2-sha256$i=1$c2FsdA$VawEblbjCJ/s"));
  CHECK(cheap().verify("passwd", phc));
  CHECK_FALSE(cheap().verify("passwc", phc));
  const std::string django = "pbkdf2_sha256$1$salt$" + b64(rfc7914, true);
  CHECK(PasswordHasher::is_supported(django));
  CHECK(cheap().verify("passwd", django));
  CHECK_FALSE(cheap().verify("Passwd", django));

  // P="password", S="salt", c=4096, dkLen=32 (the widely published vector).
  const std::string c4096 =
      "$pbkdf2-sha256$i=4096$c2FsdA$" +
      b64(from_hex("c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"), false);
  CHECK(cheap().verify("password", c4096));
  CHECK_FALSE(cheap().verify("password1", c4096));
}

TEST_CASE("A2 hasher: passlib's form (no i=, adapted base64 with '.') verifies") {
  // 0xfb 0xef 0xbe encodes to "++++", so the salt and hash exercise the '.' mapping.
  std::vector<std::uint8_t> salt;
  for (int i = 0; i < 6; ++i) salt.insert(salt.end(), {0xfb, 0xef, 0xbe});
  REQUIRE(b64(salt, false).find('+') != std::string::npos);
  const auto expected = pbkdf2_sha256("passlib secret", salt, 29000 / 29, 32);
  const std::string h = "$pbkdf2-sha256$1000$" + ab64(salt) + "$" + ab64(expected);
  INFO("hash: " << h);
  CHECK(h.find('+') == std::string::npos);
  CHECK(PasswordHasher::is_supported(h));
  CHECK(cheap().verify("passlib secret", h));
  CHECK_FALSE(cheap().verify("passlib secreT", h));
}

TEST_CASE("A2 hasher: Django pbkdf2_sha256$N$salt$hash uses the salt as text") {
  const std::string salt = "seasalt2024abcdXYZ";
  const auto expected = pbkdf2_sha256("l\xC3\xA8tmein", bytes_of(salt), 1200, 32);
  const std::string h = "pbkdf2_sha256$1200$" + salt + "$" + b64(expected, true);
  INFO("hash: " << h);
  CHECK(PasswordHasher::is_supported(h));
  CHECK(cheap().verify("l\xC3\xA8tmein", h));
  CHECK_FALSE(cheap().verify("letmein", h));
  CHECK(cheap().needs_rehash(h));
  // Unpadded is accepted as well.
  CHECK(
      cheap().verify("l\xC3\xA8tmein", "pbkdf2_sha256$1200$" + salt + "$" + b64(expected, false)));
}

TEST_CASE("A2 hasher: malformed PBKDF2 strings are unsupported and verify nothing") {
  const std::vector<std::uint8_t> salt = bytes_of("0123456789abcdef");
  const auto hash32 = pbkdf2_sha256("pw", salt, 10, 32);
  const std::string s = b64(salt, false);
  const std::string h = b64(hash32, false);
  REQUIRE(cheap().verify("pw", "$pbkdf2-sha256$i=10$" + s + "$" + h));
  const std::vector<std::string> bad = {
      "$pbkdf2-sha256$i=0$" + s + "$" + h,         // zero iterations
      "$pbkdf2-sha256$i=10000001$" + s + "$" + h,  // absurd iterations
      "$pbkdf2-sha256$i=-1$" + s + "$" + h,
      "$pbkdf2-sha256$i=ten$" + s + "$" + h,
      "$pbkdf2-sha256$i=$" + s + "$" + h,
      "$pbkdf2-sha256$i=10$$" + h,       // empty salt
      "$pbkdf2-sha256$i=10$" + s + "$",  // empty hash
      "$pbkdf2-sha256$i=10$" + s,        // missing hash
      "$pbkdf2-sha256$i=10$" + s + "$" + h + "$extra",
      "$pbkdf2-sha256$i=10$" + s + "$" + b64(std::vector<std::uint8_t>(15, 1), false),  // short
      "$pbkdf2-sha256$i=10$" + s + "$" + b64(std::vector<std::uint8_t>(65, 1), false),  // long
      "$pbkdf2-sha256$i=10$" + s + "$" + h.substr(0, 20) + "*" + h.substr(21),          // bad char
      "$pbkdf2-sha256$i=10$!!!!$" + h,       // salt not base64
      "$pbkdf2-sha512$i=10$" + s + "$" + h,  // other digest
      "$pbkdf2$i=10$" + s + "$" + h,
      "pbkdf2_sha256$0$salt$" + b64(hash32, true),
      "pbkdf2_sha256$10$$" + b64(hash32, true),
      "pbkdf2_sha256$10$salt",
      "pbkdf2_sha256$10$salt$" + b64(hash32, true) + "$x",
      "pbkdf2_sha1$10$salt$" + b64(hash32, true),
  };
  for (const std::string& candidate : bad) {
    INFO("hash: " << candidate);
    CHECK_FALSE(PasswordHasher::is_supported(candidate));
    CHECK_FALSE(cheap().verify("pw", candidate));
    CHECK(cheap().needs_rehash(candidate));
  }
}

// ---------------------------------------------------------------------------
// unknown formats, constructor, dummy hash

TEST_CASE("A2 hasher: unknown formats are unsupported, verify nothing and need a rehash") {
  const std::vector<std::string> unknown = {
      "",
      "plaintext password",
      "5f4dcc3b5aa765d61d8327deb882cf99",    // bare MD5
      "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/",  // md5crypt
      "$5$rounds=5000$salt$abc",             // sha256crypt
      "$6$salt$abc",                         // sha512crypt
      "sha1$salt$abc",
      "{SSHA}abcdef",
      "$scrypt$ln=4,r=8,p=1$c2FsdA$aGFzaA",
  };
  for (const std::string& h : unknown) {
    INFO("hash: " << h);
    CHECK_FALSE(PasswordHasher::is_supported(h));
    CHECK_FALSE(cheap().verify("password", h));
    CHECK_FALSE(cheap().verify("", h));
    CHECK(cheap().needs_rehash(h));
  }
  // A bare parameter prefix is not a hash.
  CHECK_FALSE(PasswordHasher::is_supported(kCheapPrefix));
  CHECK_FALSE(cheap().verify("", kCheapPrefix));
}

TEST_CASE("A5 hasher: out-of-range Argon2id parameters are rejected") {
  auto rejected = [](PasswordHashing params) {
    INFO("m=" << params.memory_kib << " t=" << params.iterations << " p=" << params.parallelism);
    test::check_error([&] { PasswordHasher hasher(params); }, Errc::invalid_argument,
                      "password_hashing");
  };
  rejected({.memory_kib = 0, .iterations = 1, .parallelism = 1});
  rejected({.memory_kib = 7, .iterations = 1, .parallelism = 1});
  rejected({.memory_kib = 4 * 1024 * 1024 + 1, .iterations = 1, .parallelism = 1});
  rejected({.memory_kib = 64, .iterations = 0, .parallelism = 1});
  rejected({.memory_kib = 64, .iterations = 1001, .parallelism = 1});
  rejected({.memory_kib = 64, .iterations = 1, .parallelism = 0});
  rejected({.memory_kib = 4096, .iterations = 1, .parallelism = 65});
  rejected({.memory_kib = 64, .iterations = 1, .parallelism = 9});  // m < 8 p
  rejected({.memory_kib = 0xFFFFFFFFu, .iterations = 0xFFFFFFFFu, .parallelism = 0xFFFFFFFFu});

  // The smallest legal parameters work.
  const PasswordHasher smallest({.memory_kib = 8, .iterations = 1, .parallelism = 1});
  const std::string h = smallest.hash("tiny");
  CHECK(h.starts_with("$argon2id$v=19$m=8,t=1,p=1$"));
  CHECK(smallest.verify("tiny", h));
  const PasswordHasher eight_lanes({.memory_kib = 64, .iterations = 1, .parallelism = 8});
  CHECK(eight_lanes.verify("lanes", eight_lanes.hash("lanes")));
}

TEST_CASE("A5 defaults: OWASP Argon2id parameters (m=19456, t=2, p=1)") {
  const PasswordHashing defaults;
  CHECK(defaults.memory_kib == 19456);
  CHECK(defaults.iterations == 2);
  CHECK(defaults.parallelism == 1);
}

TEST_CASE("A3 hasher: the dummy hash has the current cost and matches no real password") {
  const std::string& dummy = cheap().dummy_hash();
  CHECK(dummy.starts_with(kCheapPrefix));
  CHECK(PasswordHasher::is_supported(dummy));
  CHECK_FALSE(cheap().needs_rehash(dummy));
  for (const char* guess : {"", "password", "123456", "dummy", "correct horse battery staple"}) {
    CHECK_FALSE(cheap().verify(guess, dummy));
  }
  // Every hasher makes its own.
  const PasswordHasher another(cheap_hashing());
  CHECK(another.dummy_hash() != dummy);
  CHECK(&cheap().dummy_hash() == &dummy);  // stable for the hasher's lifetime
  const PasswordHasher bigger({.memory_kib = 128, .iterations = 1, .parallelism = 1});
  CHECK(bigger.dummy_hash().starts_with("$argon2id$v=19$m=128,t=1,p=1$"));
}
