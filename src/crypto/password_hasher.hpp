// Password hashing: Argon2id for every new hash, in PHC string form
// ($argon2id$v=19$m=19456,t=2,p=1$salt$hash); verification of imported
// legacy hashes (Argon2 i/d/id, bcrypt $2a$/$2b$/$2y$, PBKDF2-SHA256 in PHC
// or Django form) so they can be upgraded on the next sign-in.
// Thread-safe: a PasswordHasher is immutable.
#pragma once

#include <string>
#include <string_view>

#include "member/policy.hpp"

namespace member::crypto {

class PasswordHasher {
 public:
  /// Throws invalid_argument (field "password_hashing") for out-of-range costs.
  explicit PasswordHasher(PasswordHashing params);

  std::string hash(std::string_view password) const;

  /// True when `password` matches `stored`; false for a mismatch or a hash
  /// format it does not know. Comparisons are constant-time.
  bool verify(std::string_view password, std::string_view stored) const;

  /// True unless `stored` is Argon2id with exactly the current parameters.
  bool needs_rehash(std::string_view stored) const;

  /// True when `stored` is a well-formed hash of a supported kind.
  static bool is_supported(std::string_view stored);

  /// A hash of a random password made with the current parameters: verifying
  /// against it costs what verifying a real user's hash costs.
  const std::string& dummy_hash() const { return dummy_; }

  const PasswordHashing& params() const { return params_; }

 private:
  PasswordHashing params_;
  std::string current_prefix_;
  std::string dummy_;
};

}  // namespace member::crypto
