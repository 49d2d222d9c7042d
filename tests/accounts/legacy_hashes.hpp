// Password hashes as legacy systems store them, made with Botan so the tests
// import real hashes: bcrypt, PBKDF2-SHA256 (passlib PHC and Django forms)
// and Argon2 with other parameters.
#pragma once

#include <botan/argon2.h>
#include <botan/base64.h>
#include <botan/bcrypt.h>
#include <botan/pwdhash.h>
#include <botan/system_rng.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace member::test {

inline std::string bcrypt_hash(const std::string& password, char version = 'a') {
  return Botan::generate_bcrypt(password, Botan::system_rng(), 4, version);
}

inline std::vector<std::uint8_t> pbkdf2_sha256(const std::string& password,
                                               const std::vector<std::uint8_t>& salt,
                                               std::size_t iterations) {
  auto family = Botan::PasswordHashFamily::create_or_throw("PBKDF2(SHA-256)");
  auto kdf = family->from_params(iterations);
  std::vector<std::uint8_t> out(32);
  kdf->derive_key(out.data(), out.size(), password.data(), password.size(), salt.data(),
                  salt.size());
  return out;
}

/// passlib's "adapted base64": no padding, '.' instead of '+'.
inline std::string ab64(const std::vector<std::uint8_t>& bytes) {
  std::string s = Botan::base64_encode(bytes.data(), bytes.size());
  while (!s.empty() && s.back() == '=') s.pop_back();
  std::replace(s.begin(), s.end(), '+', '.');
  return s;
}

/// "$pbkdf2-sha256$i=N$salt$hash" with a base64 salt.
inline std::string pbkdf2_phc_hash(const std::string& password, std::size_t iterations = 1000) {
  std::vector<std::uint8_t> salt(16);
  Botan::system_rng().randomize(salt.data(), salt.size());
  return "$pbkdf2-sha256$i=" + std::to_string(iterations) + "$" + ab64(salt) + "$" +
         ab64(pbkdf2_sha256(password, salt, iterations));
}

/// Django's "pbkdf2_sha256$N$salt$hash": the salt is used as text, the hash
/// is standard base64.
inline std::string django_hash(const std::string& password,
                               const std::string& salt = "fM3xQp7ZkL2a",
                               std::size_t iterations = 1200) {
  const std::vector<std::uint8_t> salt_bytes(salt.begin(), salt.end());
  const auto hash = pbkdf2_sha256(password, salt_bytes, iterations);
  return "pbkdf2_sha256$" + std::to_string(iterations) + "$" + salt + "$" +
         Botan::base64_encode(hash.data(), hash.size());
}

/// Argon2 (y: 0 = d, 1 = i, 2 = id) with the given cost, in PHC form.
inline std::string argon2_hash(const std::string& password, std::size_t memory_kib,
                               std::size_t iterations, std::uint8_t variant = 2) {
  return Botan::argon2_generate_pwhash(password.data(), password.size(), Botan::system_rng(), 1,
                                       memory_kib, iterations, variant);
}

}  // namespace member::test
