#include "ledger/idempotency.hpp"

#include "crypto/digest.hpp"
#include "member/error.hpp"

namespace member::detail {

std::optional<std::string> claim_key(storage::LedgerStore& store, const std::string& tenant,
                                     int asset, const std::string& key,
                                     const nlohmann::json& request, std::int64_t now_ms) {
  const std::string fingerprint = crypto::sha256_hex(request.dump());
  auto prior = store.claim_key(tenant, asset, key, fingerprint, now_ms);
  if (!prior) return std::nullopt;
  if (prior->first != fingerprint) {
    throw Error(Errc::conflict, "key: was already used for a different request", "key");
  }
  return std::move(prior->second);
}

}  // namespace member::detail
