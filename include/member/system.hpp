// member::System: the facade a host opens once and shares.
//
// Thread-safety: a System is safe to share between any number of threads.
// With the SQLite backend it keeps one writer connection (writes are
// serialised in-process by a mutex and across processes by BEGIN IMMEDIATE)
// and a pool of reader connections, so reads and the slow password hashing
// run in parallel. Several processes may open the same database file.
#pragma once

#include <memory>
#include <string>

#include "member/accounts.hpp"
#include "member/addresses.hpp"
#include "member/audit.hpp"
#include "member/bindings.hpp"
#include "member/catalog.hpp"
#include "member/codes.hpp"
#include "member/export.hpp"
#include "member/identities.hpp"
#include "member/ledger.hpp"
#include "member/loyalty.hpp"
#include "member/messages.hpp"
#include "member/moderation.hpp"
#include "member/options.hpp"
#include "member/privacy.hpp"
#include "member/sessions.hpp"
#include "member/tags.hpp"
#include "member/tenants.hpp"
#include "member/verification.hpp"

namespace member {

/// Where the master key came from.
struct KeySource {
  enum class Kind : int {
    host_supplied = 0,     ///< Options::master_key
    key_file_loaded = 1,   ///< read from an existing key file
    key_file_created = 2,  ///< a new key file was created (back it up!)
    ephemeral = 3,         ///< random, for an in-memory database
  };
  Kind kind = Kind::host_supplied;
  std::string path;  ///< the key file, for the key_file_* kinds
};

class MEMBER_EXPORT System {
 public:
  /// Opens the database (creating and migrating it as needed) and loads the
  /// keys. Throws invalid_argument for bad options, key_error when the key is
  /// malformed or does not match the database, schema_too_new, storage.
  explicit System(Options options = {});
  ~System();
  System(const System&) = delete;
  System& operator=(const System&) = delete;

  Accounts& accounts() noexcept;
  AuditLog& audit() noexcept;
  /// The loyalty points ledger (C1).
  Ledger& points() noexcept;
  /// The money wallet, in minor units (C7): the same engine, nothing expires.
  Ledger& wallet() noexcept;
  /// Items to redeem points for (C1).
  Catalog& catalog() noexcept;
  /// Customer and transaction bindings (B1, B2).
  Bindings& bindings() noexcept;
  /// Third-party identities and identity sign-in (B3).
  Identities& identities() noexcept;
  /// Addresses (A8).
  Addresses& addresses() noexcept;
  /// User tags (A9).
  Tags& tags() noexcept;
  /// Identity checks: real name and bank card (A10).
  Verifications& verifications() noexcept;
  /// Levels, order events and the member's view (C2, C5).
  Loyalty& loyalty() noexcept;
  /// Sessions, access and refresh tokens, devices (F1, F2).
  Sessions& sessions() noexcept;
  /// Reports and blocking (D1, D2).
  Moderation& moderation() noexcept;
  /// In-site messages and notifications (G1).
  Messages& messages() noexcept;
  /// Personal data export and erasure (A12).
  Privacy& privacy() noexcept;
  /// Verification codes: sending, code registration, sign-in, reset, contact change (A6).
  Codes& codes() noexcept;
  /// Tenants and memberships (E1).
  Tenants& tenants() noexcept;
  /// Roles and permission points (E2, E3).
  Roles& roles() noexcept;

  const KeySource& key_source() const noexcept;
  const Clock& clock() const noexcept;

 private:
  std::unique_ptr<detail::Context> context_;
  Accounts accounts_;
  AuditLog audit_;
  Ledger points_;
  Ledger wallet_;
  Catalog catalog_;
  Bindings bindings_;
  Identities identities_;
  Addresses addresses_;
  Tags tags_;
  Verifications verifications_;
  Loyalty loyalty_;
  Sessions sessions_;
  Moderation moderation_;
  Messages messages_;
  Privacy privacy_;
  Codes codes_;
  Tenants tenants_;
  Roles roles_;
};

}  // namespace member
