// The typed stores of a SQL transaction, written once for every engine. Each
// works on the connection its transaction holds; none opens or ends
// transactions itself.
#pragma once

#include <map>
#include <tuple>

#include "member/storage.hpp"
#include "storage/sql/connection.hpp"

namespace member::storage::sql {

class SqlUserStore final : public UserStore {
 public:
  /// `lock_rows`: reads lock the rows they return (write transactions).
  SqlUserStore(Connection& db, bool lock_rows) : db_(db), lock_rows_(lock_rows) {}
  void insert(const UserRow& row) override;
  void update(const UserRow& row) override;
  std::optional<UserRow> find_by_id(const std::string& tenant, const std::string& id) override;
  std::optional<UserRow> find_by_username(const std::string& tenant,
                                          const std::string& username_key) override;
  std::optional<UserRow> find_by_email(const std::string& tenant, const Bytes& index) override;
  std::optional<UserRow> find_by_mobile(const std::string& tenant, const Bytes& index) override;
  std::int64_t count(const std::string& tenant) override;
  std::vector<std::pair<std::string, int>> lock_statuses(const std::string& tenant,
                                                         std::vector<std::string> ids) override;

 private:
  template <class Key>
  std::optional<UserRow> find_one(std::string_view column, const std::string& tenant,
                                  const Key& key);
  Connection& db_;
  bool lock_rows_;
};

class SqlLoginLogStore final : public LoginLogStore {
 public:
  SqlLoginLogStore(Connection& db, bool lock_rows) : db_(db), lock_rows_(lock_rows) {}
  std::optional<SignInThrottleRow> find_throttle(const std::string& tenant,
                                                 const Bytes& key) override;
  SignInThrottleRow lock_throttle(const std::string& tenant, const Bytes& key,
                                  std::int64_t now_ms) override;
  void save_throttle(const SignInThrottleRow& row) override;
  void remove_throttle(const std::string& tenant, const Bytes& key) override;
  void append(const LoginRow& row) override;
  std::vector<LoginRow> list(const std::string& tenant, const std::string& user_id,
                             std::uint32_t limit, std::uint32_t offset) override;
  std::vector<LoginRow> query(const LogFilter& filter, std::uint32_t limit,
                              std::uint32_t offset) override;
  std::int64_t purge(const std::string& tenant, std::int64_t before_ms) override;

 private:
  Connection& db_;
  bool lock_rows_;
};

class SqlAuditStore final : public AuditStore {
 public:
  explicit SqlAuditStore(Connection& db) : db_(db) {}
  void append(const AuditRow& row) override;
  std::vector<AuditRow> list(const std::string& tenant, const std::string& user_id,
                             const std::string& action, std::uint32_t limit,
                             std::uint32_t offset) override;
  std::vector<AuditRow> query(const LogFilter& filter, std::uint32_t limit,
                              std::uint32_t offset) override;
  std::vector<AuditRow> chain(const std::string& tenant, std::int64_t after_pos,
                              std::int64_t after_sequence, std::uint32_t limit) override;
  std::optional<std::int64_t> unchained_after_chain(const std::string& tenant) override;
  std::optional<AuditChainHead> chain_head(const std::string& tenant) override;
  /// Chains and writes the appended rows: called just before commit, so a
  /// tenant's chain head stays locked (PostgreSQL) only for the commit.
  void flush();

 private:
  Connection& db_;
  std::vector<AuditRow> pending_;
};

class SqlKeyStore final : public KeyStore {
 public:
  explicit SqlKeyStore(Connection& db) : db_(db) {}
  std::optional<Bytes> get(const std::string& name) override;
  void put(const std::string& name, const Bytes& wrapped) override;

 private:
  Connection& db_;
};

class SqlTenantStore final : public TenantStore {
 public:
  explicit SqlTenantStore(Connection& db) : db_(db) {}
  bool exists(const std::string& tenant) override;
  std::optional<TenantRow> find(const std::string& tenant) override;
  std::optional<TenantRow> lock(const std::string& tenant) override;
  void insert(const TenantRow& row) override;
  void update(const TenantRow& row) override;
  std::vector<TenantRow> list(const std::string& name_pattern, int status, std::uint32_t limit,
                              std::uint32_t offset) override;
  std::int64_t remove_all(const std::string& tenant) override;
  std::vector<std::string> memberships(const std::string& home_tenant,
                                       const std::string& user_id) override;
  void set_memberships(const std::string& home_tenant, const std::string& user_id,
                       const std::vector<std::string>& tenants, std::int64_t now_ms) override;
  std::optional<std::string> member_home(const std::string& tenant,
                                         const std::string& user_id) override;
  std::vector<TenantUserRow> users(const std::string& tenant, std::uint32_t limit,
                                   std::uint32_t offset) override;
  std::int64_t count_users(const std::string& tenant) override;

 private:
  Connection& db_;
};

class SqlLedgerStore final : public LedgerStore {
 public:
  explicit SqlLedgerStore(Connection& db) : db_(db) {}
  /// Transaction::start_change: the balance lock, the key and the lots are
  /// queued together, so a server gets them in one round trip. Write
  /// transactions only.
  ChangeStart start_change(const std::string& tenant, int asset, const RequestKeys& keys,
                           const std::string& user_id, int status, bool with_open_lots);
  std::optional<std::pair<std::string, std::string>> find_key(const std::string& tenant, int asset,
                                                              const std::string& key) override;
  void record_key(const std::string& tenant, int asset, const std::string& key,
                  const std::string& fingerprint, const std::string& result,
                  std::int64_t now_ms) override;
  std::vector<BalanceRow> lock_balances(const std::string& tenant,
                                        std::vector<std::string> user_ids, int asset) override;
  BalanceRow lock_balance(const std::string& tenant, const std::string& user_id,
                          int asset) override;
  void save_balance(const BalanceRow& row) override;
  void insert_lot(const LotRow& row) override;
  void update_lot(const LotRow& row) override;
  std::vector<LotRow> open_lots(const std::string& tenant, const std::string& user_id,
                                int asset) override;
  std::vector<std::string> users_due(const std::string& tenant, int asset, std::int64_t now_ms,
                                     std::uint32_t limit) override;
  void append_entry(const EntryRow& row, const std::vector<LotShare>& consumed) override;
  std::vector<EntryRow> list_entries(const EntryFilter& filter, std::uint32_t limit,
                                     std::uint32_t offset) override;
  EntryTotals entry_totals(const EntryFilter& filter) override;
  std::optional<EntryRow> find_entry(const std::string& tenant,
                                     const std::string& entry_id) override;
  std::vector<LotShare> consumptions(const std::string& tenant,
                                     const std::string& entry_id) override;
  void set_reversed_by(const std::string& tenant, const std::string& entry_id,
                       const std::string& reversed_by) override;
  std::optional<LotRow> find_lot(const std::string& tenant, const std::string& lot_id) override;
  void insert_hold(const HoldRow& row, const std::vector<LotShare>& reserved) override;
  std::optional<HoldRow> find_hold(const std::string& tenant, const std::string& hold_id) override;
  std::vector<LotShare> hold_shares(const std::string& tenant, const std::string& hold_id) override;
  void set_hold_state(const std::string& tenant, const std::string& hold_id, int state) override;
  std::int64_t next_hold_expiry(const std::string& tenant, const std::string& user_id,
                                int asset) override;
  std::vector<HoldRow> timed_out_holds(const std::string& tenant, const std::string& user_id,
                                       int asset, std::int64_t now_ms) override;
  void add_daily_totals(const std::string& tenant, int asset, const std::string& user_id,
                        std::int64_t at_ms, std::int64_t earned, std::int64_t spent) override;
  void add_level_points(const std::string& tenant, const std::string& user_id,
                        std::int64_t delta) override;
  /// Writes the running totals add_daily_totals and add_level_points
  /// gathered: called just before commit, so their few shared rows stay
  /// locked (PostgreSQL) only for the commit, are taken in key order (no
  /// deadlock between two transactions), and a batch writes each row once.
  void flush();
  /// Writes the gathered level points, each under the level its user is on
  /// now: called before a member row's level code changes, too.
  void flush_level_points();
  /// Moves the user's points balance from one level code's total to another
  /// (the gathered points written first, the balance row locked); nothing
  /// when the codes are equal or the balance is zero.
  void move_level_points(const std::string& tenant, const std::string& user_id,
                         const std::string& from_code, const std::string& to_code);

 private:
  /// open_lots in two halves, so start_change can send the query ahead.
  Statement& open_lots_statement(const std::string& tenant, const std::string& user_id, int asset);
  static std::vector<LotRow> read_lots(Statement& s);
  /// (tenant, asset, day, shard) -> (earned, spent)
  using DailyKey = std::tuple<std::string, int, std::int64_t, std::int64_t>;
  Connection& db_;
  std::map<DailyKey, std::pair<std::int64_t, std::int64_t>> daily_;
  /// (tenant, user_id) -> points to add under the user's level
  std::map<std::pair<std::string, std::string>, std::int64_t> level_points_;
};

class SqlCatalogStore final : public CatalogStore {
 public:
  SqlCatalogStore(Connection& db, bool lock_rows) : db_(db), lock_rows_(lock_rows) {}
  void put(const CatalogRow& row) override;
  std::optional<CatalogRow> find(const std::string& tenant, const std::string& item_id) override;
  std::vector<CatalogRow> list(const std::string& tenant, bool include_inactive,
                               std::uint32_t limit, std::uint32_t offset) override;
  bool remove(const std::string& tenant, const std::string& item_id) override;
  void add_redemption(const RedemptionRow& row) override;
  std::vector<RedemptionRow> redemptions(const std::string& tenant, const std::string& user_id,
                                         std::uint32_t limit, std::uint32_t offset) override;

 private:
  Connection& db_;
  bool lock_rows_;
};

class SqlBindingStore final : public BindingStore {
 public:
  explicit SqlBindingStore(Connection& db) : db_(db) {}
  bool insert_customer(const CustomerBindingRow& row) override;
  std::optional<CustomerBindingRow> find_customer(const std::string& tenant,
                                                  const std::string& customer_id) override;
  std::vector<CustomerBindingRow> customers_of(const std::string& tenant,
                                               const std::string& user_id) override;
  bool remove_customer(const std::string& tenant, const std::string& customer_id,
                       const std::string& user_id) override;
  bool insert_transaction(const TransactionBindingRow& row) override;
  std::optional<TransactionBindingRow> find_transaction(const std::string& tenant,
                                                        const std::string& trans_type,
                                                        const std::string& trans_id) override;
  std::vector<TransactionBindingRow> transactions_of(const std::string& tenant,
                                                     const std::string& user_id,
                                                     const std::string& trans_type,
                                                     std::uint32_t limit,
                                                     std::uint32_t offset) override;
  bool remove_transaction(const std::string& tenant, const std::string& trans_type,
                          const std::string& trans_id, const std::string& user_id) override;

 private:
  Connection& db_;
};

class SqlIdentityStore final : public IdentityStore {
 public:
  explicit SqlIdentityStore(Connection& db) : db_(db) {}
  bool insert(const IdentityRow& row) override;
  std::optional<IdentityRow> find(const std::string& tenant, const std::string& provider,
                                  const std::string& subject) override;
  std::vector<IdentityRow> find_by_union(const std::string& tenant, const std::string& provider,
                                         const std::string& union_id) override;
  std::vector<IdentityRow> of_user(const std::string& tenant, const std::string& user_id) override;
  bool remove(const std::string& tenant, const std::string& provider, const std::string& subject,
              const std::string& user_id) override;
  std::string claim_union(const std::string& tenant, const std::string& provider,
                          const std::string& union_id, const std::string& user_id) override;
  void release_union(const std::string& tenant, const std::string& provider,
                     const std::string& union_id) override;

 private:
  Connection& db_;
};

class SqlAddressStore final : public AddressStore {
 public:
  explicit SqlAddressStore(Connection& db) : db_(db) {}
  void insert(const AddressRow& row) override;
  void update(const AddressRow& row) override;
  std::optional<AddressRow> find(const std::string& tenant, const std::string& address_id) override;
  std::vector<AddressRow> of_user(const std::string& tenant, const std::string& user_id) override;
  bool remove(const std::string& tenant, const std::string& address_id) override;
  void clear_default(const std::string& tenant, const std::string& user_id) override;

 private:
  Connection& db_;
};

class SqlTagStore final : public TagStore {
 public:
  explicit SqlTagStore(Connection& db) : db_(db) {}
  void upsert(const TagRow& row) override;
  std::vector<TagRow> of_user(const std::string& tenant, const std::string& user_id,
                              int type) override;
  bool remove(const std::string& tenant, const std::string& user_id, int type,
              const std::string& key) override;

 private:
  Connection& db_;
};

class SqlVerificationStore final : public VerificationStore {
 public:
  explicit SqlVerificationStore(Connection& db) : db_(db) {}
  void insert(const VerificationRow& row) override;
  void update(const VerificationRow& row) override;
  std::optional<VerificationRow> find(const std::string& tenant,
                                      const std::string& verification_id) override;
  std::vector<VerificationRow> of_user(const std::string& tenant,
                                       const std::string& user_id) override;

 private:
  Connection& db_;
};

class SqlLoyaltyStore final : public LoyaltyStore {
 public:
  /// `ledger`: the transaction's, whose level points follow member rows.
  SqlLoyaltyStore(Connection& db, bool lock_rows, SqlLedgerStore& ledger)
      : db_(db), lock_rows_(lock_rows), ledger_(ledger) {}
  std::vector<LevelRow> levels(const std::string& tenant) override;
  void replace_levels(const std::string& tenant, const std::vector<LevelRow>& rows) override;
  LoyaltySettingsRow lock_settings(const LoyaltySettingsRow& initial) override;
  std::optional<LoyaltySettingsRow> settings(const std::string& tenant) override;
  void put_settings(const LoyaltySettingsRow& row) override;
  std::optional<MemberRow> find_member(const std::string& tenant,
                                       const std::string& user_id) override;
  MemberRow lock_member(const MemberRow& initial) override;
  void put_member(const MemberRow& row) override;
  std::vector<MemberRow> members_to_review(const std::string& tenant,
                                           const std::string& lowest_code, std::int64_t cutoff_ms,
                                           std::uint32_t limit) override;
  std::int64_t spend_since(const std::string& tenant, const std::string& user_id,
                           std::int64_t from_ms) override;
  std::optional<OrderRow> find_order(const std::string& tenant,
                                     const std::string& order_id) override;
  void put_order(const OrderRow& row) override;
  void add_level_change(const LevelChangeRow& row) override;
  std::vector<BenefitRow> benefits(const std::string& tenant) override;
  std::optional<BenefitRow> find_benefit(const std::string& tenant,
                                         const std::string& benefit_id) override;
  void put_benefit(const BenefitRow& row) override;
  bool remove_benefit(const std::string& tenant, const std::string& benefit_id) override;
  std::optional<BenefitUseRow> find_benefit_use(const std::string& tenant,
                                                const std::string& request_key) override;
  std::int64_t count_benefit_uses(const std::string& tenant, const std::string& user_id,
                                  const std::string& benefit_id, std::int64_t from_ms,
                                  std::int64_t to_ms) override;
  void add_benefit_use(const BenefitUseRow& row) override;
  void put_activity(const ActivityRow& row) override;
  std::optional<ActivityRow> find_activity(const std::string& tenant,
                                           const std::string& activity_id) override;
  bool remove_activity(const std::string& tenant, const std::string& activity_id) override;
  std::vector<ActivityRow> list_activities(const ActivityFilter& filter, std::uint32_t limit,
                                           std::uint32_t offset) override;
  std::int64_t count_activities(const ActivityFilter& filter) override;
  bool participates(const std::string& tenant, const std::string& activity_id,
                    const std::string& user_id) override;
  void add_participation(const std::string& tenant, const std::string& activity_id,
                         const std::string& user_id, const std::string& participation_id,
                         std::int64_t at_ms) override;
  std::int64_t count_new_users(const std::string& tenant, std::int64_t from_ms,
                               std::int64_t to_ms) override;
  std::int64_t count_active_members(const std::string& tenant, std::int64_t since_ms) override;
  std::pair<std::int64_t, std::int64_t> points_totals(const std::string& tenant) override;
  std::vector<LevelTotals> level_totals(const std::string& tenant) override;
  std::vector<DailyTotals> daily_totals(const std::string& tenant, std::int64_t from_day,
                                        std::int64_t to_day) override;

 private:
  Connection& db_;
  bool lock_rows_;
  SqlLedgerStore& ledger_;
};

class SqlSessionStore final : public SessionStore {
 public:
  SqlSessionStore(Connection& db, bool lock_rows) : db_(db), lock_rows_(lock_rows) {}
  void insert(const SessionRow& row) override;
  void update(const SessionRow& row) override;
  std::optional<SessionRow> find(const std::string& tenant, const std::string& id) override;
  std::vector<SessionRow> live_by_user(const std::string& tenant, const std::string& user_id,
                                       std::int64_t now_ms) override;
  std::vector<std::string> revoke_by_user(const std::string& tenant, const std::string& user_id,
                                          const std::string& device_id,
                                          const std::string& except_id, std::int64_t now_ms,
                                          const std::string& reason) override;
  void insert_refresh(const RefreshRow& row) override;
  std::optional<RefreshRow> find_refresh(const Bytes& token_hash) override;
  bool use_refresh(const Bytes& token_hash) override;

 private:
  Connection& db_;
  bool lock_rows_;
};

class SqlModerationStore final : public ModerationStore {
 public:
  SqlModerationStore(Connection& db, bool lock_rows) : db_(db), lock_rows_(lock_rows) {}
  std::optional<ModerationRow> find(const std::string& tenant, const std::string& user_id) override;
  void save(const ModerationRow& row) override;
  void add_report(const ReportRow& row) override;

 private:
  Connection& db_;
  bool lock_rows_;
};

class SqlPersonalDataStore final : public PersonalDataStore {
 public:
  explicit SqlPersonalDataStore(Connection& db) : db_(db) {}
  std::vector<PlainRow> rows(const std::string& tenant, const std::string& table,
                             const std::string& user_id) override;
  std::int64_t remove_rows(const std::string& tenant, const std::string& table,
                           const std::string& user_id) override;
  std::int64_t clear_rows(const std::string& tenant, const std::string& table,
                          const std::string& user_id) override;

 private:
  Connection& db_;
};

class SqlAccessStore final : public AccessStore {
 public:
  explicit SqlAccessStore(Connection& db) : db_(db) {}
  std::optional<RoleRow> find_role(const std::string& tenant, const std::string& name) override;
  void insert_role(const RoleRow& row) override;
  std::vector<RoleRow> roles(const std::string& tenant) override;
  std::optional<RoleRow> find_permission(const std::string& tenant,
                                         const std::string& name) override;
  void insert_permission(const RoleRow& row) override;
  std::vector<RoleRow> permissions(const std::string& tenant) override;
  void grant(const std::string& tenant, const std::string& role,
             const std::string& permission) override;
  std::vector<std::string> role_permissions(const std::string& tenant,
                                            const std::string& role) override;
  void assign(const std::string& tenant, const std::string& user_id, const std::string& role,
              std::int64_t now_ms) override;
  std::vector<std::string> user_roles(const std::string& tenant,
                                      const std::string& user_id) override;

 private:
  Connection& db_;
};

class SqlMessageStore final : public MessageStore {
 public:
  explicit SqlMessageStore(Connection& db) : db_(db) {}
  std::int64_t insert(const MessageRow& row) override;
  std::optional<MessageRow> find(const std::string& tenant, const std::string& message_id) override;
  std::vector<MessageRow> list(const MessageScope& scope, bool unread_first, std::uint32_t limit,
                               std::uint32_t offset) override;
  std::int64_t count(const MessageScope& scope) override;
  std::int64_t latest_sequence(const MessageScope& scope) override;
  bool mark_read(const std::string& tenant, const std::string& user_id,
                 const std::string& message_id, std::int64_t at_ms) override;
  void mark_read_through(const std::string& tenant, const std::string& user_id,
                         std::int64_t sequence) override;

 private:
  Connection& db_;
};

class SqlCodeStore final : public CodeStore {
 public:
  SqlCodeStore(Connection& db, bool lock_rows) : db_(db), lock_rows_(lock_rows) {}
  std::optional<CodeRow> find(const std::string& tenant, int purpose, const Bytes& destination,
                              const std::string& user_id) override;
  CodeRow lock(const CodeRow& initial) override;
  void save(const CodeRow& row) override;
  void insert_outbox(const OutboxRow& row) override;
  std::vector<OutboxRow> list_outbox(const std::string& tenant, std::uint32_t limit,
                                     std::uint32_t offset) override;
  bool delete_outbox(const std::string& tenant, const std::string& id) override;

 private:
  Connection& db_;
  bool lock_rows_;
};

}  // namespace member::storage::sql
