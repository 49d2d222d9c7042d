// The typed stores of a SQLite transaction. Each works on the connection the
// transaction holds; none opens or ends transactions itself.
#pragma once

#include <SQLiteCpp/Database.h>

#include "member/storage.hpp"

namespace member::storage::sqlite {

class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(SQLite::Database& db) : db_(db) {}
  void insert(const UserRow& row) override;
  void update(const UserRow& row) override;
  std::optional<UserRow> find_by_id(const std::string& tenant, const std::string& id) override;
  std::optional<UserRow> find_by_username(const std::string& tenant,
                                          const std::string& username_key) override;
  std::optional<UserRow> find_by_email(const std::string& tenant, const Bytes& index) override;
  std::optional<UserRow> find_by_mobile(const std::string& tenant, const Bytes& index) override;
  std::int64_t count(const std::string& tenant) override;

 private:
  std::optional<UserRow> find_one(const char* where_column, const std::string& tenant,
                                  const void* key, std::size_t key_size, bool key_is_blob);
  SQLite::Database& db_;
};

class SqliteLoginLogStore final : public LoginLogStore {
 public:
  explicit SqliteLoginLogStore(SQLite::Database& db) : db_(db) {}
  void append(const LoginRow& row) override;
  std::vector<LoginRow> list(const std::string& tenant, const std::string& user_id,
                             std::uint32_t limit, std::uint32_t offset) override;

 private:
  SQLite::Database& db_;
};

class SqliteAuditStore final : public AuditStore {
 public:
  explicit SqliteAuditStore(SQLite::Database& db) : db_(db) {}
  void append(const AuditRow& row) override;
  std::vector<AuditRow> list(const std::string& tenant, const std::string& user_id,
                             const std::string& action, std::uint32_t limit,
                             std::uint32_t offset) override;

 private:
  SQLite::Database& db_;
};

class SqliteKeyStore final : public KeyStore {
 public:
  explicit SqliteKeyStore(SQLite::Database& db) : db_(db) {}
  std::optional<Bytes> get(const std::string& name) override;
  void put(const std::string& name, const Bytes& wrapped) override;

 private:
  SQLite::Database& db_;
};

class SqliteTenantStore final : public TenantStore {
 public:
  explicit SqliteTenantStore(SQLite::Database& db) : db_(db) {}
  bool exists(const std::string& tenant) override;

 private:
  SQLite::Database& db_;
};

}  // namespace member::storage::sqlite
