// Idempotency keys: the first request with a key is applied and its answer
// stored; a repeat with the same content gets that answer back; the same key
// with other content is a conflict.
//
// A request looks its key up once it holds the locks that order it behind a
// concurrent request with the same key (the user's row or balance), and
// stores the key with its answer when it is done. Two requests with one key
// that share no lock (the same key sent for two users, or batches of
// unknown users) both run; the second to store the key cannot commit and
// answers with the first's result instead (commit_with_key), unless it
// failed on its own before (an error it would also have met had it run
// first).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "member/storage.hpp"

namespace member::detail {

/// The fingerprint stored with a key: a hash of the request's content.
std::string fingerprint_of(const nlohmann::json& request);

/// The stored answer of `prior` ({fingerprint, result} of an earlier request
/// with the key) when it served the same content. Throws Errc::conflict
/// (field "key") otherwise.
std::string replay_of(std::pair<std::string, std::string> prior, const std::string& fingerprint);

/// The stored answer of an earlier request with `key` and this content, or
/// nothing when the key is new. Throws Errc::conflict (field "key") when the
/// key served other content.
std::optional<std::string> find_replay(storage::LedgerStore& store, const std::string& tenant,
                                       int asset, const std::string& key,
                                       const std::string& fingerprint);

/// What a request stores with its key.
struct KeyRecord {
  const std::string& tenant;
  int asset;
  const std::string& key;
  const std::string& fingerprint;
  std::int64_t now_ms;
};

/// Stores `result` under the key and commits `tx`. Returns nothing when it
/// committed. When a concurrent request stored the key first, `tx` is rolled
/// back and that request's answer returned (find_replay: Errc::conflict
/// when it had other content).
std::optional<std::string> commit_with_key(storage::Storage& storage,
                                           std::unique_ptr<storage::Transaction> tx,
                                           const KeyRecord& record, const std::string& result);

}  // namespace member::detail
