// Idempotency keys: the first request with a key is applied and its answer
// stored; a repeat with the same content gets that answer back; the same key
// with other content is a conflict.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "member/storage.hpp"

namespace member::detail {

/// The fingerprint stored with a key: a hash of the request's content.
std::string fingerprint_of(const nlohmann::json& request);

/// The stored answer of `prior` ({fingerprint, result} of an earlier claim)
/// when it served the same content. Throws Errc::conflict (field "key")
/// otherwise.
std::string replay_of(std::pair<std::string, std::string> prior, const std::string& fingerprint);

/// Claims `key` for `request` in this transaction. Returns the stored answer
/// of an identical earlier request, or nothing when the key is new (the
/// caller applies the request and stores its answer with set_key_result).
/// Throws Errc::conflict (field "key") when the key served other content.
std::optional<std::string> claim_key(storage::LedgerStore& store, const std::string& tenant,
                                     int asset, const std::string& key,
                                     const nlohmann::json& request, std::int64_t now_ms);

}  // namespace member::detail
