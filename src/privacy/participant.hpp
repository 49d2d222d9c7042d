// Personal data participants (A12): each module that keeps rows about a user
// says which tables it covers, how it exports its part of the user's data and
// how it erases it. Privacy::export_user and Privacy::erase walk the one list
// participants() returns; a new module adds one entry there.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/context.hpp"
#include "member/actor.hpp"
#include "member/storage.hpp"
#include "member/system.hpp"

namespace member::detail {

/// What erasure does to a covered table's rows of the user.
enum class Treatment {
  removed,  ///< deleted (PersonalDataStore::remove_rows)
  cleared,  ///< free text and sealed columns emptied, ids and amounts kept
  kept,     ///< kept as is: holds no personal data (say why in the entry)
  custom,   ///< the participant's own erase step handles it
};

struct CoveredTable {
  std::string_view table;
  Treatment treatment = Treatment::removed;
};

/// What an export step may use. Export steps call the public services (so
/// the same access rules and decryption apply) and read plain rows through
/// plain_rows(); none holds a transaction while calling a service.
struct ExportScope {
  System& system;
  const Context& context;
  const Actor& actor;
  const storage::UserRow& user;
};

/// What an erase step may use: the erasure's one write transaction.
struct ErasureScope {
  const Context& context;
  storage::Transaction& tx;
  const Actor& actor;
  storage::UserRow& user;
  std::vector<std::string>& revoked_sessions;  ///< for remember_revoked() after commit
};

struct Participant {
  std::string_view name;  ///< the export's member for this part
  std::vector<CoveredTable> tables;
  nlohmann::json (*export_part)(const ExportScope& scope);
  /// Runs before the tables' treatments; null when they are enough.
  void (*erase_step)(const ErasureScope& scope) = nullptr;
};

/// Every participant; the account participant is last (it leaves the
/// tombstone the other rows still refer to).
const std::vector<Participant>& participants();

/// The user's rows of a PersonalDataStore table, as JSON objects.
nlohmann::json plain_rows(const ExportScope& scope, const std::string& table);

}  // namespace member::detail
