// What every service shares: options, clock, storage and crypto. Built once
// by member::System, immutable afterwards, so services read it from any
// thread without locking.
#pragma once

#include <memory>

#include "crypto/blind_index.hpp"
#include "crypto/keyring.hpp"
#include "crypto/password_hasher.hpp"
#include "member/options.hpp"
#include "member/storage.hpp"
#include "member/system.hpp"

namespace member::detail {

class TokenCodec;
class RevocationList;
class AccessCache;

struct Context {
  Options options;
  std::shared_ptr<const Clock> clock;
  std::shared_ptr<storage::Storage> storage;
  KeySource key_source;
  std::unique_ptr<crypto::Keyring> keyring;
  std::unique_ptr<crypto::BlindIndex> blind_index;
  std::unique_ptr<crypto::PasswordHasher> hasher;
  /// Access tokens and the sessions this process revoked (src/sessions).
  std::shared_ptr<const TokenCodec> tokens;
  std::shared_ptr<RevocationList> revocations;
  /// Tenant states and permission grants (src/tenants).
  std::shared_ptr<AccessCache> access;

  TimePoint now() const { return clock->now(); }
};

}  // namespace member::detail
