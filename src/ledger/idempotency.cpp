#include "ledger/idempotency.hpp"

#include "crypto/digest.hpp"
#include "member/error.hpp"

namespace member::detail {

storage::RequestKeys request_keys(const Actor& actor, const std::string& user_id,
                                  const std::string& key) {
  std::string members = user_id + '\x1f' + key;
  // A member given a staff role who acts for someone else acts as staff.
  if (actor.kind == ActorKind::user && actor.id == user_id) return {std::move(members), key};
  return {key, std::move(members)};
}

std::string fingerprint_of(const nlohmann::json& request) {
  return crypto::sha256_hex(request.dump());
}

void throw_key_taken() {
  throw Error(Errc::conflict, "key: was already used for a different request", "key");
}

std::optional<std::string> replay_of(std::optional<std::pair<std::string, std::string>> own,
                                     std::optional<std::pair<std::string, std::string>> shared,
                                     const std::string& fingerprint) {
  auto first = repeated_request(std::move(own), std::move(shared),
                                [&](const auto& prior) { return prior.first == fingerprint; });
  if (!first) return std::nullopt;
  return std::move(first->second);
}

std::optional<std::string> find_replay(storage::LedgerStore& store, const std::string& tenant,
                                       int asset, const storage::RequestKeys& keys,
                                       const std::string& fingerprint) {
  return replay_of(store.find_key(tenant, asset, keys.own),
                   keys.shared.empty() ? std::nullopt : store.find_key(tenant, asset, keys.shared),
                   fingerprint);
}

std::optional<std::string> commit_with_key(storage::Storage& storage,
                                           std::unique_ptr<storage::Transaction> tx,
                                           const KeyRecord& record, const std::string& result) {
  try {
    tx->ledger().record_key(record.tenant, record.asset, record.keys.own, record.fingerprint,
                            result, record.now_ms);
    tx->commit();
    return std::nullopt;
  } catch (const Error& e) {
    if (e.code() != Errc::conflict || e.field() != "key") throw;
  }
  tx.reset();  // rolled back: the request that stored the key first has committed
  auto read = storage.read();
  auto replay =
      find_replay(read->ledger(), record.tenant, record.asset, record.keys, record.fingerprint);
  if (!replay) throw Error(Errc::internal, "an idempotency key vanished");
  return replay;
}

}  // namespace member::detail
