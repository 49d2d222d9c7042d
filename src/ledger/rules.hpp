// Request rules shared by the ledger's operations.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "member/error.hpp"
#include "member/ledger.hpp"

namespace member::detail {

/// The most one request (or batch item) may move; balances stay far from
/// overflow.
inline constexpr std::int64_t kMaxLedgerAmount = 1'000'000'000'000;
inline constexpr std::int64_t kMaxLedgerBalance = std::int64_t{1} << 62;

/// 1..kMaxLedgerAmount, else invalid_argument naming `field`.
void validate_ledger_amount(std::int64_t amount, std::string_view field = "amount");

/// A non-empty idempotency key of at most 128 characters.
void validate_ledger_key(const std::string& key);

/// The error code of a spend beyond what is available.
inline Errc shortage_code(Asset asset) {
  return asset == Asset::points ? Errc::insufficient_points : Errc::insufficient_funds;
}

/// The permission point of a staff operation on the asset's ledger:
/// "points.<verb>" or "wallet.<verb>".
inline std::string ledger_permission(Asset asset, std::string_view verb) {
  return std::string(asset == Asset::points ? "points." : "wallet.") + std::string(verb);
}

}  // namespace member::detail
