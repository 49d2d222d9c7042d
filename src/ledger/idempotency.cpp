#include "ledger/idempotency.hpp"

#include "crypto/digest.hpp"
#include "member/error.hpp"

namespace member::detail {

std::string fingerprint_of(const nlohmann::json& request) {
  return crypto::sha256_hex(request.dump());
}

std::string replay_of(std::pair<std::string, std::string> prior, const std::string& fingerprint) {
  if (prior.first != fingerprint) {
    throw Error(Errc::conflict, "key: was already used for a different request", "key");
  }
  return std::move(prior.second);
}

std::optional<std::string> find_replay(storage::LedgerStore& store, const std::string& tenant,
                                       int asset, const std::string& key,
                                       const std::string& fingerprint) {
  auto prior = store.find_key(tenant, asset, key);
  if (!prior) return std::nullopt;
  return replay_of(std::move(*prior), fingerprint);
}

std::optional<std::string> commit_with_key(storage::Storage& storage,
                                           std::unique_ptr<storage::Transaction> tx,
                                           const KeyRecord& record, const std::string& result) {
  try {
    tx->ledger().record_key(record.tenant, record.asset, record.key, record.fingerprint, result,
                            record.now_ms);
    tx->commit();
    return std::nullopt;
  } catch (const Error& e) {
    if (e.code() != Errc::conflict || e.field() != "key") throw;
  }
  tx.reset();  // rolled back: the request that stored the key first has committed
  auto read = storage.read();
  auto replay =
      find_replay(read->ledger(), record.tenant, record.asset, record.key, record.fingerprint);
  if (!replay) throw Error(Errc::internal, "an idempotency key vanished");
  return replay;
}

}  // namespace member::detail
