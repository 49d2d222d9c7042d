// How to open a member::System. Every field has a sensible, secure default.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "member/clock.hpp"
#include "member/policy.hpp"

namespace member {

namespace storage {
class Storage;
}
class CodeNotifier;

struct Options {
  /// Where the data lives: a SQLite file path (parent directories are
  /// created), ":memory:", or a PostgreSQL connection string
  /// ("postgresql://..." or "host=... dbname=..."). Ignored when `storage` is set.
  std::string database = "var/member.db";

  /// A host-supplied backend instead of `database` (see member/storage.hpp).
  std::shared_ptr<storage::Storage> storage;

  /// The master key: 64 hex digits (32 bytes). When empty, member reads the
  /// key file (see `key_file`), creating it with mode 0600 on first open; for
  /// ":memory:" a fresh random key is used. PostgreSQL and host-supplied
  /// storage need a master_key or an explicit key_file. System::key_source()
  /// reports which.
  std::string master_key;

  /// Earlier master keys (64 hex digits each) still accepted for reading data
  /// wrapped before a key rotation.
  std::vector<std::string> previous_master_keys;

  /// Key file path; empty means the database path plus ".key".
  std::string key_file;

  /// The time source; empty means the system clock.
  std::shared_ptr<const Clock> clock;

  PasswordHashing password_hashing;
  PasswordPolicy password_policy;
  LockoutPolicy lockout;
  /// Points ledger rules. The money wallet uses the same engine; its amounts
  /// never expire.
  LedgerPolicy points;

  /// The allowed user types (A1); the first is the default.
  std::vector<std::string> user_types = {"MEMBER"};

  /// SQLite: reader connections kept for concurrent reads.
  std::uint32_t readers = 4;
  /// PostgreSQL: connections in the pool (reads and writes share it).
  std::uint32_t pool_size = 8;
  /// How long a write waits for another writer (SQLite) or a row lock
  /// (PostgreSQL) before Errc::busy.
  std::chrono::milliseconds busy_timeout = std::chrono::seconds(10);
  /// SQLite: whether each commit is fsync'ed (see Durability).
  Durability durability = Durability::full;

  /// The transaction types users may be bound to (B2): tokens of at most 32
  /// characters from [A-Za-z0-9_.-].
  std::vector<std::string> transaction_types = {"POLICY_APPLICATION", "CLAIM", "RENEWAL"};
  /// Sessions and tokens (F1).
  SessionPolicy sessions;
  /// Reports and blocking (D1, D2).
  ModerationPolicy moderation;
  /// Verification codes (A6).
  CodePolicy codes;
  /// Delivers verification codes (member/codes.hpp); empty means the outbox.
  std::shared_ptr<CodeNotifier> code_notifier;
};

}  // namespace member
