#include "ledger/rules.hpp"

#include "core/validation.hpp"

namespace member::detail {

void validate_ledger_amount(std::int64_t amount, std::string_view field) {
  if (amount <= 0) {
    throw Error(Errc::invalid_argument, std::string(field) + ": must be positive",
                std::string(field));
  }
  if (amount > kMaxLedgerAmount) {
    throw Error(Errc::invalid_argument, std::string(field) + ": is too large", std::string(field));
  }
}

void validate_ledger_key(const std::string& key) {
  if (key.empty()) throw Error(Errc::invalid_argument, "key: is empty", "key");
  validate_text("key", key, 128);
}

}  // namespace member::detail
