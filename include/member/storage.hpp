// The storage interface (P4): what a backend must persist and find.
//
// Services open a Transaction, read and write through its typed stores, and
// commit; a Transaction destroyed without commit() rolls back. A backend never
// decides business rules: it stores and finds. Values it sees are already
// validated and, for personal data, already encrypted.
//
// Backends must make a write transaction atomic and isolated from every other
// write transaction, in this process and in others sharing the database.
// Storage implementations must be thread-safe; a Transaction is used by one
// thread at a time. Every record carries its tenant; no operation crosses
// tenants. Unique violations throw member::Error(Errc::conflict, ..., field)
// with field "username", "email" or "mobile".
#pragma once

#include <climits>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <chrono>
#include "member/export.hpp"
#include "member/policy.hpp"

namespace member::storage {

using Bytes = std::vector<std::uint8_t>;

/// A user as stored. Personal data is ciphertext; lookups use blind indexes.
struct UserRow {
  std::string tenant;
  std::string id;            ///< public id
  std::string username;      ///< as chosen; empty when none
  std::string username_key;  ///< case-folded username for lookup; empty when none
  Bytes email_index;         ///< blind index; empty when none
  Bytes mobile_index;        ///< blind index; empty when none
  Bytes email;               ///< ciphertext; empty when none
  Bytes mobile;              ///< ciphertext; empty when none
  Bytes profile;             ///< ciphertext of the personal profile fields
  Bytes data_key;            ///< the user's data key, wrapped by the master key
  std::string user_type;
  std::string password_hash;
  int status = 0;  ///< member::AccountStatus
  std::string status_reason;
  bool email_verified = false;
  bool mobile_verified = false;
  std::uint32_t failed_sign_ins = 0;
  std::uint32_t lockouts = 0;
  std::int64_t locked_until_ms = 0;  ///< 0 when not locked
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

struct LoginRow {
  std::string tenant;
  std::int64_t at_ms = 0;
  std::string user_id;
  int outcome = 0;  ///< member::SignInOutcome
  std::string device_id;
  std::string platform;
  std::string ip;
};

struct AuditRow {
  std::string tenant;
  std::int64_t sequence = 0;  ///< assigned by the backend on append
  std::int64_t at_ms = 0;
  int actor_kind = 0;  ///< member::ActorKind
  std::string actor_id;
  std::string action;
  std::string user_id;
  std::string detail;
  /// The hash chain (F3): the record's place in its tenant's chain (from 1;
  /// 0 for records written before the chain existed), the hash of the record
  /// before it ("" for the first) and its own hash. Set by the backend.
  std::int64_t chain_pos = 0;
  std::string prev_hash;
  std::string hash;
};

/// The newest record of a tenant's audit chain.
struct AuditChainHead {
  std::int64_t position = 0;
  std::string hash;
};

class MEMBER_EXPORT UserStore {
 public:
  virtual ~UserStore();
  virtual void insert(const UserRow& row) = 0;
  /// Replaces every column of the row with this tenant and id.
  virtual void update(const UserRow& row) = 0;
  virtual std::optional<UserRow> find_by_id(const std::string& tenant, const std::string& id) = 0;
  virtual std::optional<UserRow> find_by_username(const std::string& tenant,
                                                  const std::string& username_key) = 0;
  virtual std::optional<UserRow> find_by_email(const std::string& tenant, const Bytes& index) = 0;
  virtual std::optional<UserRow> find_by_mobile(const std::string& tenant, const Bytes& index) = 0;
  virtual std::int64_t count(const std::string& tenant) = 0;
  /// The status (member::AccountStatus) of each of `ids` that exists in the
  /// tenant, as (id, status) in ascending id order, each row locked as
  /// find_by_id locks it (in that order). Duplicate ids are read once. The
  /// default calls find_by_id for each; the SQL stores read many per query.
  virtual std::vector<std::pair<std::string, int>> lock_statuses(const std::string& tenant,
                                                                 std::vector<std::string> ids);
};

/// Which log rows a query wants; empty strings match everything, times are
/// milliseconds, `from_ms` inclusive and `to_ms` exclusive.
struct LogFilter {
  std::string tenant;
  std::string user_id;
  std::string action;    ///< audit only
  std::string actor_id;  ///< audit only
  std::int64_t from_ms = INT64_MIN;
  std::int64_t to_ms = INT64_MAX;
};

/// The sign-in lockout state (A4) of an identifier no account has, so that
/// unknown identifiers lock like known ones and the lock tells nothing (A3).
struct SignInThrottleRow {
  std::string tenant;
  Bytes key;  ///< the identifier's blind index (as the users' email/mobile index)
  std::uint32_t failures = 0;
  std::uint32_t lockouts = 0;
  std::int64_t locked_until_ms = 0;
  std::int64_t updated_at_ms = 0;
};

class MEMBER_EXPORT LoginLogStore {
 public:
  virtual ~LoginLogStore();
  virtual std::optional<SignInThrottleRow> find_throttle(const std::string& tenant,
                                                         const Bytes& key) = 0;
  /// In a write transaction: the row, inserted with zero counts (updated_at
  /// `now_ms`) when missing, and locked until the transaction ends, so that
  /// concurrent failures at one identifier are all counted.
  virtual SignInThrottleRow lock_throttle(const std::string& tenant, const Bytes& key,
                                          std::int64_t now_ms) = 0;
  /// Inserts or replaces the row.
  virtual void save_throttle(const SignInThrottleRow& row) = 0;
  /// Deletes the identifier's row, if there is one (when the account that
  /// took the identifier is erased).
  virtual void remove_throttle(const std::string& tenant, const Bytes& key) = 0;
  virtual void append(const LoginRow& row) = 0;
  /// Newest first.
  virtual std::vector<LoginRow> list(const std::string& tenant, const std::string& user_id,
                                     std::uint32_t limit, std::uint32_t offset) = 0;
  /// Newest first, by filter.user_id (empty: the whole tenant) and time.
  virtual std::vector<LoginRow> query(const LogFilter& filter, std::uint32_t limit,
                                      std::uint32_t offset) = 0;
  /// Deletes the tenant's entries older than `before_ms`, and the throttle
  /// rows last changed before it that are no longer locked; returns how many
  /// entries.
  virtual std::int64_t purge(const std::string& tenant, std::int64_t before_ms) = 0;
};

class MEMBER_EXPORT AuditStore {
 public:
  virtual ~AuditStore();
  virtual void append(const AuditRow& row) = 0;
  /// Newest first; empty user_id / action match everything.
  virtual std::vector<AuditRow> list(const std::string& tenant, const std::string& user_id,
                                     const std::string& action, std::uint32_t limit,
                                     std::uint32_t offset) = 0;
  /// Newest first, by every field of the filter.
  virtual std::vector<AuditRow> query(const LogFilter& filter, std::uint32_t limit,
                                      std::uint32_t offset) = 0;
  /// The tenant's chained records in chain order (chain_pos, then sequence),
  /// those after (after_pos, after_sequence), at most `limit`.
  virtual std::vector<AuditRow> chain(const std::string& tenant, std::int64_t after_pos,
                                      std::int64_t after_sequence, std::uint32_t limit) = 0;
  /// The tenant's chain head; nullopt before its first chained record.
  virtual std::optional<AuditChainHead> chain_head(const std::string& tenant) = 0;
  /// The sequence of the newest record without a chain position (chain_pos
  /// 0) written after the tenant's chain began (a sequence above that of its
  /// earliest chained record), or with a negative one; nullopt when there is
  /// none. Only records from before the chain may lack a position.
  virtual std::optional<std::int64_t> unchained_after_chain(const std::string& tenant) = 0;
};

/// Key material the library keeps in the database, wrapped by the master key
/// (for example the blind-index key). Not tenant-scoped.
class MEMBER_EXPORT KeyStore {
 public:
  virtual ~KeyStore();
  virtual std::optional<Bytes> get(const std::string& name) = 0;
  virtual void put(const std::string& name, const Bytes& wrapped) = 0;
};

/// A tenant (E1). `settings` is the text of a JSON object.
struct TenantRow {
  std::string id;
  std::string name;
  int status = 0;  ///< member::TenantStatus
  std::string settings = "{}";
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

/// A user of a tenant: one of its own (home_tenant is the tenant) or a member
/// from another tenant. username and status are the account's (a member's
/// from its home tenant).
struct TenantUserRow {
  std::string user_id;
  std::string home_tenant;
  std::string username;
  int status = 0;             ///< member::AccountStatus
  std::int64_t since_ms = 0;  ///< registered, or made a member
};

/// Tenants and the membership of users in tenants other than their own (E1).
class MEMBER_EXPORT TenantStore {
 public:
  virtual ~TenantStore();
  virtual bool exists(const std::string& tenant) = 0;
  virtual std::optional<TenantRow> find(const std::string& tenant) = 0;
  /// In a write transaction: find(), with the row locked until the
  /// transaction ends, for a change of the tenant that must not lose a
  /// concurrent one. (find() itself takes no lock: every operation reads
  /// its tenant.)
  virtual std::optional<TenantRow> lock(const std::string& tenant) = 0;
  /// Throws Errc::conflict (field "id") when the id is taken.
  virtual void insert(const TenantRow& row) = 0;
  /// Replaces name, status, settings and updated_at of the row with this id.
  virtual void update(const TenantRow& row) = 0;
  /// By id; `name_pattern` is a lower-case LIKE pattern (escape '\\') matched
  /// against the lower-cased name, empty for any; `status` -1 for any.
  virtual std::vector<TenantRow> list(const std::string& name_pattern, int status,
                                      std::uint32_t limit, std::uint32_t offset) = 0;
  /// Deletes every row of the tenant in every table that has a `tenant`
  /// column, the memberships of its users elsewhere, and the tenant itself.
  /// Returns the number of rows deleted.
  virtual std::int64_t remove_all(const std::string& tenant) = 0;
  /// The tenants (other than `home_tenant`) the user of `home_tenant` is a member of.
  virtual std::vector<std::string> memberships(const std::string& home_tenant,
                                               const std::string& user_id) = 0;
  /// Makes `tenants` the user's memberships (removing the others, and the
  /// roles the user held in the tenants removed).
  virtual void set_memberships(const std::string& home_tenant, const std::string& user_id,
                               const std::vector<std::string>& tenants, std::int64_t now_ms) = 0;
  /// The home tenant of `user_id` when it is a member of `tenant` through a
  /// membership; nothing otherwise.
  virtual std::optional<std::string> member_home(const std::string& tenant,
                                                 const std::string& user_id) = 0;
  /// The users of `tenant` (its own) and its members from other tenants,
  /// oldest first (then by id), at most `limit` after skipping `offset`.
  virtual std::vector<TenantUserRow> users(const std::string& tenant, std::uint32_t limit,
                                           std::uint32_t offset) = 0;
  /// How many rows users() has for `tenant` over all pages.
  virtual std::int64_t count_users(const std::string& tenant) = 0;
};

/// Ledger rows (C1, C7). Amounts are integers (points, or minor units).
struct BalanceRow {
  std::string tenant;
  std::string user_id;
  int asset = 0;            ///< member::Asset
  std::int64_t posted = 0;  ///< sum of the journal's amounts
  std::int64_t frozen = 0;  ///< sum of the journal's frozen changes
  /// No open lot or pending hold of the user expires before this (0: none
  /// does): a change before then has nothing to settle.
  std::int64_t due_at_ms = 0;
  /// The id of the account's newest journal entry ("" before the first):
  /// the head of the chain EntryRow::prev_entry_id links.
  std::string last_entry_id;
  /// For save_balance(): false when due_at_ms is still what was read, so a
  /// store may leave it (and any index on it) untouched.
  bool due_at_changed = true;
};

struct LotRow {
  std::string tenant;
  std::string lot_id;  ///< the id of the entry that created it
  std::string user_id;
  int asset = 0;
  std::int64_t amount = 0;         ///< as earned
  std::int64_t remaining = 0;      ///< not yet spent or expired
  std::int64_t frozen = 0;         ///< the part of remaining held by holds
  std::int64_t expires_at_ms = 0;  ///< 0: never
  std::int64_t created_at_ms = 0;
};

struct EntryRow {
  std::string tenant;
  std::string entry_id;
  std::string user_id;
  int asset = 0;
  int kind = 0;  ///< member::EntryKind
  std::int64_t amount = 0;
  std::int64_t frozen_change = 0;
  std::string event_type;
  std::string description;
  std::string related_order;
  std::string related_data;
  std::string hold_id;
  std::string request_key;
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;  ///< earn: the lot's expiry; 0: never or not a lot
  std::string reversed_by;         ///< the reversing entry's id, once reversed
  /// The account's entry before this one ("" for its first): with
  /// BalanceRow::last_entry_id, each account's journal is a chain, newest
  /// first, so a storage can list an account's entries without an index on
  /// the user (which a batch would update at a thousand random places).
  std::string prev_entry_id;
};

/// Which lot an entry consumed from, or a hold reserved from, and how much.
struct LotShare {
  std::string lot_id;
  std::int64_t amount = 0;
};

struct HoldRow {
  std::string tenant;
  std::string hold_id;
  std::string user_id;
  int asset = 0;
  std::int64_t amount = 0;
  int state = 0;  ///< 0 pending, 1 captured, 2 released, 3 timed out
  std::int64_t expires_at_ms = 0;
  std::int64_t created_at_ms = 0;
};

struct EntryFilter {
  std::string tenant;
  std::string user_id;
  int asset = 0;
  std::optional<int> kind;
  std::optional<std::int64_t> from_ms;  ///< inclusive
  std::optional<std::int64_t> to_ms;    ///< exclusive
};

struct EntryTotals {
  std::int64_t count = 0;
  std::int64_t positive = 0;  ///< sum of amounts > 0
  std::int64_t negative = 0;  ///< sum of amounts < 0 (a negative number)
};

class MEMBER_EXPORT LedgerStore {
 public:
  virtual ~LedgerStore();
  /// The {fingerprint, result} stored with an idempotency key, if a
  /// committed request (or this transaction) stored it. A plain read: a
  /// request looks its key up after taking the locks that order it behind
  /// a concurrent request with the same key (see record_key).
  virtual std::optional<std::pair<std::string, std::string>> find_key(const std::string& tenant,
                                                                      int asset,
                                                                      const std::string& key) = 0;
  /// Stores a request's key with its fingerprint and result, once, when the
  /// request is done. When a concurrent transaction stored the key first,
  /// this one cannot commit: the store throws Errc::conflict with field "key"
  /// here or from Transaction::commit (a server may report it only then).
  virtual void record_key(const std::string& tenant, int asset, const std::string& key,
                          const std::string& fingerprint, const std::string& result,
                          std::int64_t now_ms) = 0;

  /// The user's balance row, created at zero if absent, locked until the
  /// transaction ends.
  virtual BalanceRow lock_balance(const std::string& tenant, const std::string& user_id,
                                  int asset) = 0;
  /// lock_balance for each of `user_ids` (users of the tenant; duplicates
  /// are locked once), locked and returned in ascending user id order. The
  /// default calls lock_balance for each; the SQL stores lock many per
  /// statement.
  virtual std::vector<BalanceRow> lock_balances(const std::string& tenant,
                                                std::vector<std::string> user_ids, int asset);
  virtual void save_balance(const BalanceRow& row) = 0;

  virtual void insert_lot(const LotRow& row) = 0;
  /// Saves remaining and frozen.
  virtual void update_lot(const LotRow& row) = 0;
  /// The user's lots with something remaining: soonest expiry first (never
  /// last), then oldest first.
  virtual std::vector<LotRow> open_lots(const std::string& tenant, const std::string& user_id,
                                        int asset) = 0;
  /// Users of the tenant whose balance row says something may be due by
  /// `now_ms` (BalanceRow::due_at_ms in 1..now_ms), in user id order, at most
  /// `limit`. Every account with a due lot or a timed-out hold is among them;
  /// so may be accounts whose due lot was spent since (settling them finds
  /// nothing and moves their due_at_ms on).
  virtual std::vector<std::string> users_due(const std::string& tenant, int asset,
                                             std::int64_t now_ms, std::uint32_t limit) = 0;

  /// Appends an entry with the lots it consumed from.
  virtual void append_entry(const EntryRow& row, const std::vector<LotShare>& consumed) = 0;
  /// Newest first.
  virtual std::vector<EntryRow> list_entries(const EntryFilter& filter, std::uint32_t limit,
                                             std::uint32_t offset) = 0;
  virtual std::optional<EntryRow> find_entry(const std::string& tenant,
                                             const std::string& entry_id) = 0;
  /// What the entry consumed from each lot (negative for a refill).
  virtual std::vector<LotShare> consumptions(const std::string& tenant,
                                             const std::string& entry_id) = 0;
  virtual void set_reversed_by(const std::string& tenant, const std::string& entry_id,
                               const std::string& reversed_by) = 0;
  virtual std::optional<LotRow> find_lot(const std::string& tenant, const std::string& lot_id) = 0;
  virtual EntryTotals entry_totals(const EntryFilter& filter) = 0;

  virtual void insert_hold(const HoldRow& row, const std::vector<LotShare>& reserved) = 0;
  virtual std::optional<HoldRow> find_hold(const std::string& tenant,
                                           const std::string& hold_id) = 0;
  virtual std::vector<LotShare> hold_shares(const std::string& tenant,
                                            const std::string& hold_id) = 0;
  virtual void set_hold_state(const std::string& tenant, const std::string& hold_id, int state) = 0;
  /// The soonest expiry of the user's pending holds, or 0.
  virtual std::int64_t next_hold_expiry(const std::string& tenant, const std::string& user_id,
                                        int asset) = 0;
  /// The user's pending holds past their expiry.
  virtual std::vector<HoldRow> timed_out_holds(const std::string& tenant,
                                               const std::string& user_id, int asset,
                                               std::int64_t now_ms) = 0;
  /// Adds to the running totals of the UTC day of `at_ms` what was earned
  /// (earn, positive adjust) and spent (use, capture, redeem). The totals are
  /// spread over a few rows per day chosen by `user_id`, so concurrent writers
  /// rarely wait for each other. A store may gather them and write them when
  /// the transaction commits (the SQL stores do).
  virtual void add_daily_totals(const std::string& tenant, int asset, const std::string& user_id,
                                std::int64_t at_ms, std::int64_t earned, std::int64_t spent) = 0;
  /// Adds `delta` (a change of the user's points balance, posted) to the
  /// running points total of the loyalty level the user is on: their loyalty
  /// row's level code, or '' when they have none. Statistics read these totals
  /// instead of every balance; LoyaltyStore moves a user's points between them
  /// when their row's level code changes.
  virtual void add_level_points(const std::string& tenant, const std::string& user_id,
                                std::int64_t delta) = 0;
};

struct CatalogRow {
  std::string tenant;
  std::string item_id;
  std::string name;
  std::int64_t points_cost = 0;
  std::int64_t stock = 0;
  bool active = true;
  std::int64_t updated_at_ms = 0;
};

struct RedemptionRow {
  std::string tenant;
  std::string redemption_id;  ///< the id of its journal entry
  std::string user_id;
  std::string item_id;
  std::int64_t quantity = 0;
  std::int64_t points = 0;
  Bytes delivery_address;  ///< ciphertext under the user's data key; empty when none
  std::int64_t created_at_ms = 0;
  /// Read only (redemptions()): the reversal's entry id, from the redeem
  /// entry's ledger_entries.reversed_by; empty while the redemption stands.
  std::string reversed_by;
};

class MEMBER_EXPORT CatalogStore {
 public:
  virtual ~CatalogStore();
  /// Inserts or replaces the item.
  virtual void put(const CatalogRow& row) = 0;
  /// In a write transaction the item is locked until it ends.
  virtual std::optional<CatalogRow> find(const std::string& tenant, const std::string& item_id) = 0;
  virtual std::vector<CatalogRow> list(const std::string& tenant, bool include_inactive,
                                       std::uint32_t limit, std::uint32_t offset) = 0;
  /// False when there was no such item.
  virtual bool remove(const std::string& tenant, const std::string& item_id) = 0;
  virtual void add_redemption(const RedemptionRow& row) = 0;
  /// The user's redemptions, newest first.
  virtual std::vector<RedemptionRow> redemptions(const std::string& tenant,
                                                 const std::string& user_id, std::uint32_t limit,
                                                 std::uint32_t offset) = 0;
};

/// A user's link to an insurance core customer (B1). One customer id belongs
/// to at most one user per tenant.
struct CustomerBindingRow {
  std::string tenant;
  std::string customer_id;
  std::string user_id;
  Bytes display;  ///< ciphertext of the display data under the user's data key
  std::int64_t bound_at_ms = 0;
};

/// A user's link to a transaction (B2): one (type, id) per tenant.
struct TransactionBindingRow {
  std::string tenant;
  std::string trans_type;
  std::string trans_id;
  std::string user_id;
  Bytes metadata;  ///< ciphertext of the metadata under the user's data key
  std::int64_t bound_at_ms = 0;
};

class MEMBER_EXPORT BindingStore {
 public:
  virtual ~BindingStore();
  /// Inserts unless the customer id is bound already; false then (a
  /// concurrent insert is waited for, not failed).
  virtual bool insert_customer(const CustomerBindingRow& row) = 0;
  virtual std::optional<CustomerBindingRow> find_customer(const std::string& tenant,
                                                          const std::string& customer_id) = 0;
  /// Oldest binding first.
  virtual std::vector<CustomerBindingRow> customers_of(const std::string& tenant,
                                                       const std::string& user_id) = 0;
  /// False when the user held no such binding.
  virtual bool remove_customer(const std::string& tenant, const std::string& customer_id,
                               const std::string& user_id) = 0;
  /// Inserts unless (type, id) is bound already; false then.
  virtual bool insert_transaction(const TransactionBindingRow& row) = 0;
  virtual std::optional<TransactionBindingRow> find_transaction(const std::string& tenant,
                                                                const std::string& trans_type,
                                                                const std::string& trans_id) = 0;
  /// Newest binding first; an empty trans_type matches every type.
  virtual std::vector<TransactionBindingRow> transactions_of(const std::string& tenant,
                                                             const std::string& user_id,
                                                             const std::string& trans_type,
                                                             std::uint32_t limit,
                                                             std::uint32_t offset) = 0;
  virtual bool remove_transaction(const std::string& tenant, const std::string& trans_type,
                                  const std::string& trans_id, const std::string& user_id) = 0;
};

/// A third-party identity (B3): (provider, subject) belongs to one user.
struct IdentityRow {
  std::string tenant;
  std::string provider;
  std::string subject;
  std::string user_id;
  std::string union_id;  ///< empty when none
  Bytes profile;         ///< ciphertext of nickname and avatar under the user's data key
  std::int64_t bound_at_ms = 0;
};

class MEMBER_EXPORT IdentityStore {
 public:
  virtual ~IdentityStore();
  /// Inserts unless (provider, subject) is bound already; false then.
  virtual bool insert(const IdentityRow& row) = 0;
  virtual std::optional<IdentityRow> find(const std::string& tenant, const std::string& provider,
                                          const std::string& subject) = 0;
  /// The identities of the provider sharing this union id, oldest first.
  virtual std::vector<IdentityRow> find_by_union(const std::string& tenant,
                                                 const std::string& provider,
                                                 const std::string& union_id) = 0;
  /// Oldest first.
  virtual std::vector<IdentityRow> of_user(const std::string& tenant,
                                           const std::string& user_id) = 0;
  virtual bool remove(const std::string& tenant, const std::string& provider,
                      const std::string& subject, const std::string& user_id) = 0;
  /// Records that the provider's union id belongs to `user_id` unless it is
  /// recorded already (a concurrent claim is waited for); returns the user
  /// it belongs to.
  virtual std::string claim_union(const std::string& tenant, const std::string& provider,
                                  const std::string& union_id, const std::string& user_id) = 0;
  /// Forgets the union id's owner (when its last identity is unbound).
  virtual void release_union(const std::string& tenant, const std::string& provider,
                             const std::string& union_id) = 0;
};

/// A postal address of a user (A8); everything but the ids is ciphertext.
struct AddressRow {
  std::string tenant;
  std::string address_id;
  std::string user_id;
  bool is_default = false;
  Bytes data;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

class MEMBER_EXPORT AddressStore {
 public:
  virtual ~AddressStore();
  virtual void insert(const AddressRow& row) = 0;
  /// Saves is_default, data and updated_at.
  virtual void update(const AddressRow& row) = 0;
  virtual std::optional<AddressRow> find(const std::string& tenant,
                                         const std::string& address_id) = 0;
  /// Newest first.
  virtual std::vector<AddressRow> of_user(const std::string& tenant,
                                          const std::string& user_id) = 0;
  virtual bool remove(const std::string& tenant, const std::string& address_id) = 0;
  /// Clears the user's default flag (on every address).
  virtual void clear_default(const std::string& tenant, const std::string& user_id) = 0;
};

/// A user tag (A9): one per (user, type, key).
struct TagRow {
  std::string tenant;
  std::string user_id;
  int type = 0;  ///< member::TagType
  std::string key;
  Bytes value;                     ///< ciphertext under the user's data key
  std::int64_t weight_micros = 0;  ///< weight x 1,000,000
  std::int64_t updated_at_ms = 0;
};

class MEMBER_EXPORT TagStore {
 public:
  virtual ~TagStore();
  /// Inserts or replaces the tag with this (user, type, key).
  virtual void upsert(const TagRow& row) = 0;
  /// By type, then key; `type` < 0 means every type.
  virtual std::vector<TagRow> of_user(const std::string& tenant, const std::string& user_id,
                                      int type) = 0;
  virtual bool remove(const std::string& tenant, const std::string& user_id, int type,
                      const std::string& key) = 0;
};

/// An identity check request (A10).
struct VerificationRow {
  std::string tenant;
  std::string verification_id;
  std::string user_id;
  int kind = 0;    ///< member::VerificationKind
  int status = 0;  ///< member::VerificationStatus
  Bytes data;      ///< ciphertext of the numbers and names under the user's data key
  std::string review_note;
  std::string reviewer;
  std::int64_t submitted_at_ms = 0;
  std::int64_t decided_at_ms = 0;  ///< 0 while pending
};

class MEMBER_EXPORT VerificationStore {
 public:
  virtual ~VerificationStore();
  virtual void insert(const VerificationRow& row) = 0;
  /// Saves status, review note, reviewer and decided_at.
  virtual void update(const VerificationRow& row) = 0;
  virtual std::optional<VerificationRow> find(const std::string& tenant,
                                              const std::string& verification_id) = 0;
  /// Newest first.
  virtual std::vector<VerificationRow> of_user(const std::string& tenant,
                                               const std::string& user_id) = 0;
};

/// Loyalty rows (C2, C3, C5). Money in minor units, rates in basis points.
struct LevelRow {
  std::string tenant;
  std::int64_t position = 0;  ///< 1 for the lowest
  std::string code;
  std::string name;
  std::int64_t required_spend = 0;
  std::int64_t discount_bp = 10000;
  std::int64_t multiplier_bp = 10000;
  int flags = 0;  ///< bit 0 free shipping, 1 birthday gift, 2 priority service, 3 exclusive events
};

struct LoyaltySettingsRow {
  std::string tenant;
  std::int64_t points_rate_bp = 10000;
  std::int64_t downgrade_window_days = 0;
  Bytes webhook_secret;  ///< sealed; empty when none
};

struct MemberRow {
  std::string tenant;
  std::string user_id;
  std::string level_code;
  bool manual = false;  ///< the level was set by hand
  std::int64_t total_spent = 0;
  std::int64_t orders = 0;
  std::int64_t level_since_ms = 0;
  std::int64_t last_active_ms = 0;  ///< 0: never
};

struct OrderRow {
  std::string tenant;
  std::string order_id;
  std::string user_id;
  std::int64_t amount = 0;
  std::int64_t refunded = 0;
  std::int64_t points = 0;           ///< earned
  std::int64_t points_reversed = 0;  ///< taken back by refunds (counted as due)
  std::int64_t paid_at_ms = 0;
};

struct LevelChangeRow {
  std::string tenant;
  std::string operation_id;
  std::string user_id;
  std::string old_code;
  std::string new_code;
  int cause = 0;  ///< 0 spend, 1 by hand, 2 downgrade
  std::int64_t at_ms = 0;
};

struct BenefitRow {
  std::string tenant;
  std::string benefit_id;
  std::string name;
  std::string type;
  std::int64_t value = 0;
  std::string description;
  std::string min_level;
  std::int64_t usage_limit = 0;
  int period = 0;
  std::int64_t valid_from_ms = 0;   ///< 0: none
  std::int64_t valid_until_ms = 0;  ///< 0: none
  bool active = true;
};

struct BenefitUseRow {
  std::string tenant;
  std::string usage_id;
  std::string benefit_id;
  std::string user_id;
  std::string order_id;
  std::string request_key;
  std::int64_t used_at_ms = 0;
};

struct ActivityRow {
  std::string tenant;
  std::string activity_id;
  std::string title;
  std::string description;
  std::string category;
  std::string required_level;
  std::int64_t start_ms = 0;
  std::int64_t end_ms = 0;
  std::int64_t max_participants = 0;  ///< 0: unlimited
  std::int64_t participants = 0;      ///< kept by add_participation
};

/// Which activities list_activities returns: status -1 all, 0 upcoming,
/// 1 active, 2 ended (relative to now_ms); empty category: all.
struct ActivityFilter {
  std::string tenant;
  std::string category;
  int status = -1;
  std::int64_t now_ms = 0;
};

/// Members of one level code, summed (statistics).
struct LevelTotals {
  std::string level_code;
  std::int64_t members = 0;
  std::int64_t spent = 0;
  std::int64_t points = 0;  ///< their points balances (posted)
};

/// One UTC day of the trends; day is days since 1970-01-01.
struct DailyTotals {
  std::int64_t day = 0;
  std::int64_t new_members = 0;
  std::int64_t upgrades = 0;
  std::int64_t earned = 0;
  std::int64_t spent = 0;
};

class MEMBER_EXPORT LoyaltyStore {
 public:
  virtual ~LoyaltyStore();
  /// Lowest first; empty when the tenant never replaced the default ladder.
  virtual std::vector<LevelRow> levels(const std::string& tenant) = 0;
  virtual void replace_levels(const std::string& tenant, const std::vector<LevelRow>& rows) = 0;
  virtual std::optional<LoyaltySettingsRow> settings(const std::string& tenant) = 0;
  /// In a write transaction: the tenant's settings row, inserted as
  /// `initial` when absent, locked until the transaction ends, so that two
  /// changes of different settings both keep theirs.
  virtual LoyaltySettingsRow lock_settings(const LoyaltySettingsRow& initial) = 0;
  virtual void put_settings(const LoyaltySettingsRow& row) = 0;
  /// In a write transaction the row is locked until it ends.
  virtual std::optional<MemberRow> find_member(const std::string& tenant,
                                               const std::string& user_id) = 0;
  /// The member's row, inserted as `initial` when absent, locked until the
  /// transaction ends. An insert moves the user's points total from the code
  /// '' to the row's (see LedgerStore::add_level_points).
  virtual MemberRow lock_member(const MemberRow& initial) = 0;
  /// Inserts or replaces. When the level code changes (an insert: from ''),
  /// the user's points balance moves from the old code's points total to the
  /// new one's, with the balance row locked so no concurrent change is lost.
  virtual void put_member(const MemberRow& row) = 0;
  /// Members not on `lowest_code` whose level_since is at or before `cutoff_ms`.
  virtual std::vector<MemberRow> members_to_review(const std::string& tenant,
                                                   const std::string& lowest_code,
                                                   std::int64_t cutoff_ms, std::uint32_t limit) = 0;
  /// Sum of (amount - refunded) of the user's orders paid at or after `from_ms`.
  virtual std::int64_t spend_since(const std::string& tenant, const std::string& user_id,
                                   std::int64_t from_ms) = 0;
  virtual std::optional<OrderRow> find_order(const std::string& tenant,
                                             const std::string& order_id) = 0;
  /// Inserts or replaces.
  virtual void put_order(const OrderRow& row) = 0;
  virtual void add_level_change(const LevelChangeRow& row) = 0;

  /// By id.
  virtual std::vector<BenefitRow> benefits(const std::string& tenant) = 0;
  virtual std::optional<BenefitRow> find_benefit(const std::string& tenant,
                                                 const std::string& benefit_id) = 0;
  /// Inserts or replaces.
  virtual void put_benefit(const BenefitRow& row) = 0;
  /// False when there was no such benefit.
  virtual bool remove_benefit(const std::string& tenant, const std::string& benefit_id) = 0;
  virtual std::optional<BenefitUseRow> find_benefit_use(const std::string& tenant,
                                                        const std::string& request_key) = 0;
  /// The user's uses of the benefit at `from_ms` <= used_at < `to_ms`.
  virtual std::int64_t count_benefit_uses(const std::string& tenant, const std::string& user_id,
                                          const std::string& benefit_id, std::int64_t from_ms,
                                          std::int64_t to_ms) = 0;
  virtual void add_benefit_use(const BenefitUseRow& row) = 0;

  /// Inserts or replaces everything but the participant count.
  virtual void put_activity(const ActivityRow& row) = 0;
  /// In a write transaction the row is locked until it ends.
  virtual std::optional<ActivityRow> find_activity(const std::string& tenant,
                                                   const std::string& activity_id) = 0;
  /// Deletes the activity and its participations; false when there was none.
  virtual bool remove_activity(const std::string& tenant, const std::string& activity_id) = 0;
  /// By start time, then id.
  virtual std::vector<ActivityRow> list_activities(const ActivityFilter& filter,
                                                   std::uint32_t limit, std::uint32_t offset) = 0;
  virtual std::int64_t count_activities(const ActivityFilter& filter) = 0;
  /// True when the user joined the activity.
  virtual bool participates(const std::string& tenant, const std::string& activity_id,
                            const std::string& user_id) = 0;
  /// Records the participation and adds one to the activity's count.
  virtual void add_participation(const std::string& tenant, const std::string& activity_id,
                                 const std::string& user_id, const std::string& participation_id,
                                 std::int64_t at_ms) = 0;
  /// Statistics (C6), each an indexed query or a read of running totals.
  /// Users created at `from_ms` <= created_at < `to_ms`.
  virtual std::int64_t count_new_users(const std::string& tenant, std::int64_t from_ms,
                                       std::int64_t to_ms) = 0;
  /// Members whose last loyalty activity is at or after `since_ms`.
  virtual std::int64_t count_active_members(const std::string& tenant, std::int64_t since_ms) = 0;
  /// Points earned and spent in all (from the ledger's daily totals).
  virtual std::pair<std::int64_t, std::int64_t> points_totals(const std::string& tenant) = 0;
  /// By level code: the members with a loyalty row and their spending, and
  /// the points totals of LedgerStore::add_level_points (code '': users
  /// without a loyalty row). A code may have points and no members.
  virtual std::vector<LevelTotals> level_totals(const std::string& tenant) = 0;
  /// Days from `from_day` to `to_day` (exclusive) that had anything, in order.
  virtual std::vector<DailyTotals> daily_totals(const std::string& tenant, std::int64_t from_day,
                                                std::int64_t to_day) = 0;
};

/// A session (F1, F2): one sign-in on one device, renewed by refresh tokens.
struct SessionRow {
  std::string tenant;
  std::string id;
  std::string user_id;
  std::string device_id;
  std::string device_type;
  std::string device_name;
  std::string platform;
  std::string app_version;
  std::string ip;
  std::string method;  ///< how it was opened: "password", "code", "identity:<provider>"
  std::int64_t created_at_ms = 0;
  std::int64_t last_active_ms = 0;
  std::int64_t expires_at_ms = 0;  ///< when its current refresh token expires
  std::int64_t revoked_at_ms = 0;  ///< 0 while live
  std::string revoke_reason;
};

/// A refresh token, kept as its SHA-256 hash. Used ones stay, so that
/// presenting one again is recognised as reuse.
struct RefreshRow {
  std::string tenant;
  Bytes token_hash;
  std::string session_id;
  bool used = false;
  std::int64_t created_at_ms = 0;
};

class MEMBER_EXPORT SessionStore {
 public:
  virtual ~SessionStore();
  virtual void insert(const SessionRow& row) = 0;
  /// Saves device fields, last_active, expires_at and the revocation.
  virtual void update(const SessionRow& row) = 0;
  virtual std::optional<SessionRow> find(const std::string& tenant, const std::string& id) = 0;
  /// The user's sessions not revoked and not expired at `now_ms`, newest first.
  virtual std::vector<SessionRow> live_by_user(const std::string& tenant,
                                               const std::string& user_id, std::int64_t now_ms) = 0;
  /// Revokes the user's live sessions (all when device_id is empty, else
  /// those of that device), except the session `except_id` (none when
  /// empty), and returns their ids.
  virtual std::vector<std::string> revoke_by_user(const std::string& tenant,
                                                  const std::string& user_id,
                                                  const std::string& device_id,
                                                  const std::string& except_id, std::int64_t now_ms,
                                                  const std::string& reason) = 0;
  virtual void insert_refresh(const RefreshRow& row) = 0;
  virtual std::optional<RefreshRow> find_refresh(const Bytes& token_hash) = 0;
  /// Marks an unused refresh token used; false when it already was.
  virtual bool use_refresh(const Bytes& token_hash) = 0;
};

/// Reports and blocking (D1, D2): the count per user and each report.
struct ModerationRow {
  std::string tenant;
  std::string user_id;
  std::uint32_t report_count = 0;
  std::int64_t last_report_at_ms = 0;
};

struct ReportRow {
  std::string tenant;
  std::string user_id;
  std::string reporter;  ///< "<actor kind>:<actor id>"
  std::string reason;
  std::int64_t at_ms = 0;
};

class MEMBER_EXPORT ModerationStore {
 public:
  virtual ~ModerationStore();
  /// In a write transaction the row is locked until it ends.
  virtual std::optional<ModerationRow> find(const std::string& tenant,
                                            const std::string& user_id) = 0;
  /// Inserts or replaces the row.
  virtual void save(const ModerationRow& row) = 0;
  virtual void add_report(const ReportRow& row) = 0;
};

/// The idempotency keys a change of one user's account looks up (see
/// docs/points.md, "Idempotency"): `own`, the key it stores its answer
/// under, and `shared`, the one other stored key whose answer it returns
/// when the content is the same ("" for none).
struct RequestKeys {
  std::string own;
  std::string shared;
};

/// What a points or money change needs before it applies (see
/// Transaction::start_change).
struct ChangeStart {
  /// {fingerprint, result} stored under RequestKeys::own, when it was used.
  std::optional<std::pair<std::string, std::string>> first;
  /// {fingerprint, result} stored under RequestKeys::shared, when it was used.
  std::optional<std::pair<std::string, std::string>> shared_first;
  /// The user's balance, locked; absent when the own key was taken before, or
  /// the user does not exist or is not in the required status.
  std::optional<BalanceRow> balance;
  /// LedgerStore::open_lots of the locked balance, when asked for; a store
  /// may leave it unset (then the caller reads them when it needs them).
  std::optional<std::vector<LotRow>> open_lots;
};

/// Personal data (A12): the rows a user owns in the tables the personal-data
/// participants declare (src/privacy), read plainly for an export and erased.
/// `table` must be one of those tables; any other name throws
/// Errc::invalid_argument (field "table"). Sealed columns are never returned.
struct PlainValue {
  std::string column;
  std::optional<std::int64_t> number;  ///< integer columns
  std::string text;                    ///< text columns
};
using PlainRow = std::vector<PlainValue>;

class MEMBER_EXPORT PersonalDataStore {
 public:
  virtual ~PersonalDataStore();
  /// The user's rows of `table`, oldest first, without sealed columns
  /// (reports: those about the user and those they filed, with user_id,
  /// reporter, reason and at).
  virtual std::vector<PlainRow> rows(const std::string& tenant, const std::string& table,
                                     const std::string& user_id) = 0;
  /// Deletes the user's rows of `table` (for session_refresh: the refresh
  /// tokens of the user's sessions; for loyalty_participations it also gives
  /// their places in loyalty_activities.participants back); returns how
  /// many.
  virtual std::int64_t remove_rows(const std::string& tenant, const std::string& table,
                                   const std::string& user_id) = 0;
  /// Empties the free-text and sealed columns of the user's rows of `table`
  /// (ledger_entries: description, related_data; redemptions:
  /// delivery_address; reports: the reason of those the user filed, whose
  /// reporter is "user:<id>"), keeping ids and amounts; returns how many
  /// rows.
  virtual std::int64_t clear_rows(const std::string& tenant, const std::string& table,
                                  const std::string& user_id) = 0;
};

/// In-site messages and notifications (G1). A message goes to one user
/// (user_id set, content sealed under their data key), to every holder of a
/// role, or to every member of the tenant (content plain). Read state: a
/// per-user watermark (every visible message up to that sequence is read)
/// plus per-message read marks, never one row per user per broadcast.
struct MessageRow {
  std::string tenant;
  std::string message_id;
  std::int64_t sequence = 0;  ///< assigned by the backend on insert
  int category = 0;           ///< member::MessageCategory
  int audience_kind = 0;      ///< member::AudienceKind
  std::string audience;       ///< user id, role code, or empty (tenant)
  std::string user_id;        ///< the recipient of a direct message; empty otherwise
  std::string sender;
  Bytes content;  ///< sealed (direct) or plain JSON {title, body}
  std::int64_t created_at_ms = 0;
  bool read = false;  ///< set by list() for the user asked about
};

/// Which messages a user sees: their direct ones, and those to one of
/// `roles` or to the whole tenant sent at or after `since_ms`.
struct MessageScope {
  std::string tenant;
  std::string user_id;
  std::vector<std::string> roles;
  std::int64_t since_ms = 0;
  int category = -1;  ///< -1: every category
  bool unread_only = false;
};

class MEMBER_EXPORT MessageStore {
 public:
  virtual ~MessageStore();
  /// Inserts the message; returns its sequence.
  virtual std::int64_t insert(const MessageRow& row) = 0;
  virtual std::optional<MessageRow> find(const std::string& tenant,
                                         const std::string& message_id) = 0;
  /// The messages of the scope, newest first, or unread first and then newest.
  virtual std::vector<MessageRow> list(const MessageScope& scope, bool unread_first,
                                       std::uint32_t limit, std::uint32_t offset) = 0;
  virtual std::int64_t count(const MessageScope& scope) = 0;
  /// The highest sequence of the scope's messages (0 when none).
  virtual std::int64_t latest_sequence(const MessageScope& scope) = 0;
  /// Marks one message read for the user; false when it was already marked.
  virtual bool mark_read(const std::string& tenant, const std::string& user_id,
                         const std::string& message_id, std::int64_t at_ms) = 0;
  /// Everything of the user up to `sequence` is read (the watermark only
  /// moves forward); drops the read marks it covers.
  virtual void mark_read_through(const std::string& tenant, const std::string& user_id,
                                 std::int64_t sequence) = 0;
};

/// A verification code (A6): one live code per tenant, purpose, destination
/// and user; a new code replaces the row. Neither the code nor the
/// destination is stored: the code as a keyed hash, the destination as its
/// blind index.
struct CodeRow {
  std::string tenant;
  int purpose = 0;      ///< member::CodePurpose
  Bytes destination;    ///< blind index of the normalised destination
  std::string user_id;  ///< contact_change: the user; else empty
  int channel = 0;      ///< member::CodeChannel
  Bytes code_hash;
  std::int64_t sent_at_ms = 0;
  std::int64_t expires_at_ms = 0;
  std::uint32_t attempts = 0;  ///< wrong tries so far
  int state = 0;               ///< 0 live, 1 used, 2 dead (too many attempts), 3 withdrawn
  /// Wrong tries across this destination's codes since `failures_since_ms`
  /// (CodePolicy::max_failures); 0 and 0 when there were none.
  std::uint32_t failures = 0;
  std::int64_t failures_since_ms = 0;
};

/// An undelivered code of the default notifier; `sealed` holds the
/// destination and the code, encrypted.
struct OutboxRow {
  std::string tenant;
  std::string id;
  int purpose = 0;
  int channel = 0;
  Bytes sealed;
  std::int64_t created_at_ms = 0;
  std::int64_t expires_at_ms = 0;
};

class MEMBER_EXPORT CodeStore {
 public:
  virtual ~CodeStore();
  /// In a write transaction the row is locked until it ends.
  virtual std::optional<CodeRow> find(const std::string& tenant, int purpose,
                                      const Bytes& destination, const std::string& user_id) = 0;
  /// In a write transaction: the row of `initial`'s tenant, purpose,
  /// destination and user, inserted as `initial` when absent, locked until
  /// the transaction ends, so that two first codes to one destination wait
  /// for each other as later ones do.
  virtual CodeRow lock(const CodeRow& initial) = 0;
  /// Inserts or replaces the row of its tenant, purpose, destination and user.
  virtual void save(const CodeRow& row) = 0;
  virtual void insert_outbox(const OutboxRow& row) = 0;
  /// Oldest first.
  virtual std::vector<OutboxRow> list_outbox(const std::string& tenant, std::uint32_t limit,
                                             std::uint32_t offset) = 0;
  /// False when there was no such row.
  virtual bool delete_outbox(const std::string& tenant, const std::string& id) = 0;
};

/// Roles and permission points of a tenant, and their assignments (E2).
struct RoleRow {
  std::string tenant;
  std::string name;
  std::string description;
  std::int64_t created_at_ms = 0;
};

class MEMBER_EXPORT AccessStore {
 public:
  virtual ~AccessStore();
  virtual std::optional<RoleRow> find_role(const std::string& tenant, const std::string& name) = 0;
  /// Throws Errc::conflict when the name is taken.
  virtual void insert_role(const RoleRow& row) = 0;
  /// Custom roles by name.
  virtual std::vector<RoleRow> roles(const std::string& tenant) = 0;
  /// Permission points are stored as RoleRow-shaped rows (name, description).
  virtual std::optional<RoleRow> find_permission(const std::string& tenant,
                                                 const std::string& name) = 0;
  virtual void insert_permission(const RoleRow& row) = 0;
  /// Custom permission points by name.
  virtual std::vector<RoleRow> permissions(const std::string& tenant) = 0;
  /// Grants a permission to a role; granting twice is a no-op.
  virtual void grant(const std::string& tenant, const std::string& role,
                     const std::string& permission) = 0;
  /// The permissions granted to a role, by name.
  virtual std::vector<std::string> role_permissions(const std::string& tenant,
                                                    const std::string& role) = 0;
  /// Assigns a role to a user; assigning twice is a no-op.
  virtual void assign(const std::string& tenant, const std::string& user_id,
                      const std::string& role, std::int64_t now_ms) = 0;
  /// The roles assigned to a user, by name.
  virtual std::vector<std::string> user_roles(const std::string& tenant,
                                              const std::string& user_id) = 0;
};

class MEMBER_EXPORT Transaction {
 public:
  /// Rolls back unless commit() was called.
  virtual ~Transaction();
  /// The first steps of a ledger change together: if the user exists with
  /// status `status` (locked as UserStore::find_by_id locks it),
  /// LedgerStore::lock_balance; then LedgerStore::find_key of both `keys`,
  /// after the lock, so a concurrent change with either key that held the
  /// lock is seen (and when the own key was used, no balance is returned);
  /// then, with `with_open_lots`, LedgerStore::open_lots of the balance. The
  /// default calls those; the SQL backends send the statements in one round
  /// trip (an account's first change, which creates its balance row, takes
  /// two more).
  virtual ChangeStart start_change(const std::string& tenant, int asset, const RequestKeys& keys,
                                   const std::string& user_id, int status, bool with_open_lots);
  virtual void commit() = 0;
  virtual UserStore& users() = 0;
  virtual LoginLogStore& logins() = 0;
  virtual AuditStore& audit() = 0;
  virtual KeyStore& keys() = 0;
  virtual TenantStore& tenants() = 0;
  virtual LedgerStore& ledger() = 0;
  virtual CatalogStore& catalog() = 0;
  virtual BindingStore& bindings() = 0;
  virtual IdentityStore& identities() = 0;
  virtual AddressStore& addresses() = 0;
  virtual TagStore& tags() = 0;
  virtual VerificationStore& verifications() = 0;
  virtual LoyaltyStore& loyalty() = 0;
  virtual SessionStore& sessions() = 0;
  virtual ModerationStore& moderation() = 0;
  virtual PersonalDataStore& personal_data() = 0;
  virtual MessageStore& messages() = 0;
  virtual CodeStore& codes() = 0;
  virtual AccessStore& access() = 0;
};

class MEMBER_EXPORT Storage {
 public:
  virtual ~Storage();
  /// A consistent snapshot for reading.
  virtual std::unique_ptr<Transaction> read() = 0;
  /// An exclusive write transaction (waits up to the busy timeout for others).
  virtual std::unique_ptr<Transaction> write() = 0;
  /// Makes deleted data unrecoverable from the database files after an
  /// erasure (A12), outside any transaction. SQLite: checkpoints the WAL and
  /// truncates it (deleted content is already zeroed: secure_delete is on).
  /// The default does nothing (PostgreSQL: VACUUM is the host's job).
  /// Throws Errc::busy when a reader kept the WAL from being emptied.
  virtual void reclaim_free_space() {}
};

struct SqliteOptions {
  /// A file path, or ":memory:" for a private in-memory database.
  std::string path;
  /// How long a transaction waits for another connection's lock.
  std::chrono::milliseconds busy_timeout = std::chrono::seconds(10);
  /// Reader connections kept open for concurrent reads (file databases).
  std::uint32_t readers = 4;
  Durability durability = Durability::full;
};

/// Opens (creating if needed) a SQLite database and brings its schema up to
/// date. Throws Errc::schema_too_new for a database from a newer member,
/// Errc::storage when the file cannot be opened.
MEMBER_EXPORT std::shared_ptr<Storage> open_sqlite(const SqliteOptions& options);

struct PostgresOptions {
  /// A libpq connection string: a URI (postgresql://user@host:5432/db) or
  /// keywords (host=... dbname=...). Passwords are best given in ~/.pgpass or
  /// PGPASSWORD rather than here.
  std::string conninfo;
  /// Connections kept for the whole process, shared by reads and writes.
  std::uint32_t pool_size = 8;
  /// How long a statement waits for a row lock (lock_timeout) before
  /// Errc::busy.
  std::chrono::milliseconds busy_timeout = std::chrono::seconds(10);
};

/// Connects to PostgreSQL (15 or later) and brings the schema up to date
/// (once, under an advisory lock, however many processes start at once).
/// Write transactions run at READ COMMITTED and lock the rows they read
/// (SELECT ... FOR UPDATE); reads run at REPEATABLE READ, read-only.
/// Throws Errc::storage when the server cannot be reached, and
/// Errc::invalid_argument when this build has no PostgreSQL support
/// (configured with MEMBER_WITH_POSTGRES=OFF).
MEMBER_EXPORT std::shared_ptr<Storage> open_postgres(const PostgresOptions& options);

/// True when `database` names a PostgreSQL database: a postgresql:// or
/// postgres:// URI, or a libpq keyword string (contains '=').
MEMBER_EXPORT bool is_postgres_conninfo(std::string_view database) noexcept;

/// The schema version this build of member writes (the same for every SQL backend).
MEMBER_EXPORT int schema_version() noexcept;

}  // namespace member::storage
