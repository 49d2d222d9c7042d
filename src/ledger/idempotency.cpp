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

std::optional<std::string> claim_key(storage::LedgerStore& store, const std::string& tenant,
                                     int asset, const std::string& key,
                                     const nlohmann::json& request, std::int64_t now_ms) {
  const std::string fingerprint = fingerprint_of(request);
  auto prior = store.claim_key(tenant, asset, key, fingerprint, now_ms);
  if (!prior) return std::nullopt;
  return replay_of(std::move(*prior), fingerprint);
}

}  // namespace member::detail
