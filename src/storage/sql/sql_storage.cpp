#include "storage/sql/sql_storage.hpp"

#include "storage/sql/migrations.hpp"
#include "storage/sql/stores.hpp"

namespace member::storage {

UserStore::~UserStore() = default;
LoginLogStore::~LoginLogStore() = default;
AuditStore::~AuditStore() = default;
KeyStore::~KeyStore() = default;
TenantStore::~TenantStore() = default;
LedgerStore::~LedgerStore() = default;
CatalogStore::~CatalogStore() = default;
BindingStore::~BindingStore() = default;
IdentityStore::~IdentityStore() = default;
AddressStore::~AddressStore() = default;
TagStore::~TagStore() = default;
VerificationStore::~VerificationStore() = default;
LoyaltyStore::~LoyaltyStore() = default;
SessionStore::~SessionStore() = default;
ModerationStore::~ModerationStore() = default;
PersonalDataStore::~PersonalDataStore() = default;
MessageStore::~MessageStore() = default;
CodeStore::~CodeStore() = default;
AccessStore::~AccessStore() = default;
Transaction::~Transaction() = default;
Storage::~Storage() = default;

int schema_version() noexcept {
  return sql::latest_schema_version();
}

namespace sql {
namespace {

class SqlTransaction final : public Transaction {
 public:
  SqlTransaction(Lease lease, TransactionKind kind)
      : lease_(std::move(lease)),
        users_(*lease_, kind == TransactionKind::write),
        logins_(*lease_, kind == TransactionKind::write),
        audit_(*lease_),
        keys_(*lease_),
        tenants_(*lease_),
        ledger_(*lease_),
        catalog_(*lease_, kind == TransactionKind::write),
        bindings_(*lease_),
        identities_(*lease_),
        addresses_(*lease_),
        tags_(*lease_),
        verifications_(*lease_),
        loyalty_(*lease_, kind == TransactionKind::write, ledger_),
        sessions_(*lease_, kind == TransactionKind::write),
        moderation_(*lease_, kind == TransactionKind::write),
        personal_data_(*lease_),
        messages_(*lease_),
        codes_(*lease_, kind == TransactionKind::write),
        access_(*lease_) {
    lease_->begin(kind);
  }

  ~SqlTransaction() override {
    if (!done_) lease_->rollback();
  }

  void commit() override {
    ledger_.flush();
    audit_.flush();
    lease_->commit();
    done_ = true;
  }

  UserStore& users() override { return users_; }
  LoginLogStore& logins() override { return logins_; }
  AuditStore& audit() override { return audit_; }
  KeyStore& keys() override { return keys_; }
  TenantStore& tenants() override { return tenants_; }
  LedgerStore& ledger() override { return ledger_; }
  CatalogStore& catalog() override { return catalog_; }
  BindingStore& bindings() override { return bindings_; }
  IdentityStore& identities() override { return identities_; }
  AddressStore& addresses() override { return addresses_; }
  TagStore& tags() override { return tags_; }
  VerificationStore& verifications() override { return verifications_; }
  LoyaltyStore& loyalty() override { return loyalty_; }
  SessionStore& sessions() override { return sessions_; }
  ModerationStore& moderation() override { return moderation_; }
  PersonalDataStore& personal_data() override { return personal_data_; }
  MessageStore& messages() override { return messages_; }

  ChangeStart start_change(const std::string& tenant, int asset, const RequestKeys& keys,
                           const std::string& user_id, int status, bool with_open_lots) override {
    return ledger_.start_change(tenant, asset, keys, user_id, status, with_open_lots);
  }
  CodeStore& codes() override { return codes_; }
  AccessStore& access() override { return access_; }

 private:
  Lease lease_;
  bool done_ = false;
  SqlUserStore users_;
  SqlLoginLogStore logins_;
  SqlAuditStore audit_;
  SqlKeyStore keys_;
  SqlTenantStore tenants_;
  SqlLedgerStore ledger_;
  SqlCatalogStore catalog_;
  SqlBindingStore bindings_;
  SqlIdentityStore identities_;
  SqlAddressStore addresses_;
  SqlTagStore tags_;
  SqlVerificationStore verifications_;
  SqlLoyaltyStore loyalty_;
  SqlSessionStore sessions_;
  SqlModerationStore moderation_;
  SqlPersonalDataStore personal_data_;
  SqlMessageStore messages_;
  SqlCodeStore codes_;
  SqlAccessStore access_;
};

class SqlStorage final : public Storage {
 public:
  SqlStorage(std::shared_ptr<ConnectionPool> writers, std::shared_ptr<ConnectionPool> readers)
      : writers_(std::move(writers)), readers_(std::move(readers)) {
    migrate(*writers_->acquire());
  }

  std::unique_ptr<Transaction> read() override {
    return std::make_unique<SqlTransaction>(readers_->acquire(), TransactionKind::read);
  }

  std::unique_ptr<Transaction> write() override {
    return std::make_unique<SqlTransaction>(writers_->acquire(), TransactionKind::write);
  }

  void reclaim_free_space() override { writers_->acquire()->reclaim_free_space(); }

 private:
  std::shared_ptr<ConnectionPool> writers_;
  std::shared_ptr<ConnectionPool> readers_;
};

}  // namespace

std::shared_ptr<Storage> make_sql_storage(std::shared_ptr<ConnectionPool> writers,
                                          std::shared_ptr<ConnectionPool> readers) {
  return std::make_shared<SqlStorage>(std::move(writers), std::move(readers));
}

}  // namespace sql
}  // namespace member::storage
