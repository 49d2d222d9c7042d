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
//
// Whose keys meet (request_keys): staff share the tenant's keys (an order id
// sent by two services is one request), while a member's requests on their
// own account have keys of their own, so that a member cannot take a key a service will send
// for someone else's order, nor learn which keys others used. Across the two
// spaces, a request for the same account with the same content is still one
// request: a member repeating a spend staff made for them gets its answer,
// and staff repeating a member's spend get the member's.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "member/actor.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// The keys of `actor`'s request with `key` on `user_id`'s account: for a
/// member acting on their own account, own = the key in their space and
/// shared = the key itself; for anyone acting for another (staff, or a
/// member given a staff role), the reverse. A validated key has no control
/// character, so a member's key space (the user id, a unit separator, the
/// key) never meets the tenant's.
storage::RequestKeys request_keys(const Actor& actor, const std::string& user_id,
                                  const std::string& key);

/// Throws Errc::conflict (field "key"): the key holds another request.
[[noreturn]] void throw_key_taken();

/// Which earlier request a new one repeats, found under its own and its
/// shared key (RequestKeys): either one that `same` says is this request
/// (the own one first), or nothing when neither was used. The own key with
/// another request is Errc::conflict; the shared key with another request
/// is someone else's and is passed over. The one rule for every kind of
/// stored request (ledger answers, benefit uses).
template <class Prior, class Same>
std::optional<Prior> repeated_request(std::optional<Prior> own, std::optional<Prior> shared,
                                      Same&& same) {
  if (own && same(*own)) return own;
  if (shared && same(*shared)) return shared;
  if (own) throw_key_taken();
  return std::nullopt;
}

/// The fingerprint stored with a key: a hash of the request's content.
std::string fingerprint_of(const nlohmann::json& request);

/// The answer to replay for a request with this fingerprint whose keys found
/// `own` and `shared` ({fingerprint, result} stored under each), or nothing
/// when it is new (repeated_request, by fingerprint).
std::optional<std::string> replay_of(std::optional<std::pair<std::string, std::string>> own,
                                     std::optional<std::pair<std::string, std::string>> shared,
                                     const std::string& fingerprint);

/// replay_of for the keys as `store` has them now.
std::optional<std::string> find_replay(storage::LedgerStore& store, const std::string& tenant,
                                       int asset, const storage::RequestKeys& keys,
                                       const std::string& fingerprint);

/// What a request stores with its key.
struct KeyRecord {
  const std::string& tenant;
  int asset;
  const storage::RequestKeys& keys;
  const std::string& fingerprint;
  std::int64_t now_ms;
};

/// Stores `result` under the own key and commits `tx`. Returns nothing when
/// it committed. When a concurrent request stored the key first, `tx` is
/// rolled back and that request's answer returned (find_replay: Errc::conflict
/// when it had other content).
std::optional<std::string> commit_with_key(storage::Storage& storage,
                                           std::unique_ptr<storage::Transaction> tx,
                                           const KeyRecord& record, const std::string& result);

}  // namespace member::detail
