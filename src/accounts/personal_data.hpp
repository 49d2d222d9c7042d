// A user's personal data and how it is sealed into a UserRow (H1).
//
// Each user has a random data key, stored wrapped by the master key. Email
// and mobile are sealed on their own (they have blind indexes beside them);
// every other personal field is sealed together as one JSON document. The
// associated data binds each ciphertext to its tenant, row and column.
#pragma once

#include <string>

#include "core/context.hpp"
#include "member/accounts.hpp"
#include "member/storage.hpp"

namespace member::detail {

struct PersonalData {
  std::string email;   ///< normalised
  std::string mobile;  ///< E.164
  std::string nickname;
  std::string real_name;
  Gender gender = Gender::unspecified;
  std::string birthday;
  std::string avatar_url;
  std::string region;
  std::string address;
  std::string preferences = "{}";
  std::string attributes = "{}";
};

/// Gives the row a new random data key, wrapped by the master key.
crypto::SecretKey new_data_key(const Context& context, storage::UserRow& row);

/// Unwraps the row's data key.
crypto::SecretKey data_key(const Context& context, const storage::UserRow& row);

/// Writes the ciphertexts of `data` into row.email, row.mobile, row.profile.
void seal_personal_data(const crypto::SecretKey& key, const PersonalData& data,
                        storage::UserRow& row);

/// Decrypts row.email, row.mobile and row.profile.
PersonalData open_personal_data(const crypto::SecretKey& key, const storage::UserRow& row);

}  // namespace member::detail
