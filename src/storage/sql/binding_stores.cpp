// Customer and transaction bindings (B1, B2) and third-party identities (B3).
// Inserts use ON CONFLICT DO NOTHING: a concurrent insert of the same key is
// waited for and reported as "not inserted", never as a failed transaction.
#include "storage/sql/statement_helpers.hpp"
#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

CustomerBindingRow read_customer(Statement& s) {
  return {s.get_text(0), s.get_text(1), s.get_text(2), s.get_blob_or_empty(3), s.get_int(4)};
}

TransactionBindingRow read_transaction(Statement& s) {
  return {s.get_text(0), s.get_text(1),          s.get_text(2),
          s.get_text(3), s.get_blob_or_empty(4), s.get_int(5)};
}

IdentityRow read_identity(Statement& s) {
  return {s.get_text(0),          s.get_text(1),          s.get_text(2), s.get_text(3),
          s.get_text_or_empty(4), s.get_blob_or_empty(5), s.get_int(6)};
}

constexpr std::string_view kCustomerColumns = "tenant, customer_id, user_id, display, bound_at";
constexpr std::string_view kTransactionColumns =
    "tenant, trans_type, trans_id, user_id, metadata, bound_at";
constexpr std::string_view kIdentityColumns =
    "tenant, provider, subject, user_id, union_id, profile, bound_at";

std::string select(std::string_view columns, std::string_view rest) {
  return "SELECT " + std::string(columns) + " " + std::string(rest);
}

}  // namespace

bool SqlBindingStore::insert_customer(const CustomerBindingRow& row) {
  Statement& s = db_.prepare("INSERT INTO customer_bindings (" + std::string(kCustomerColumns) +
                             ") VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
  s.bind_all(row.tenant, row.customer_id, row.user_id);
  s.bind_or_null(4, row.display);
  s.bind(5, row.bound_at_ms);
  s.step();
  return s.changes() == 1;
}

std::optional<CustomerBindingRow> SqlBindingStore::find_customer(const std::string& tenant,
                                                                 const std::string& customer_id) {
  Statement& s = db_.prepare(
      select(kCustomerColumns, "FROM customer_bindings WHERE tenant = ?1 AND customer_id = ?2"));
  s.bind_all(tenant, customer_id);
  if (!s.step()) return std::nullopt;
  return read_customer(s);
}

std::vector<CustomerBindingRow> SqlBindingStore::customers_of(const std::string& tenant,
                                                              const std::string& user_id) {
  Statement& s = db_.prepare(select(kCustomerColumns,
                                    "FROM customer_bindings WHERE tenant = ?1 AND user_id = ?2 "
                                    "ORDER BY bound_at, customer_id"));
  s.bind_all(tenant, user_id);
  return collect(s, read_customer);
}

bool SqlBindingStore::remove_customer(const std::string& tenant, const std::string& customer_id,
                                      const std::string& user_id) {
  return change_one(
      db_, "DELETE FROM customer_bindings WHERE tenant = ?1 AND customer_id = ?2 AND user_id = ?3",
      tenant, customer_id, user_id);
}

bool SqlBindingStore::insert_transaction(const TransactionBindingRow& row) {
  Statement& s =
      db_.prepare("INSERT INTO transaction_bindings (" + std::string(kTransactionColumns) +
                  ") VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING");
  s.bind_all(row.tenant, row.trans_type, row.trans_id, row.user_id);
  s.bind_or_null(5, row.metadata);
  s.bind(6, row.bound_at_ms);
  s.step();
  return s.changes() == 1;
}

std::optional<TransactionBindingRow> SqlBindingStore::find_transaction(
    const std::string& tenant, const std::string& trans_type, const std::string& trans_id) {
  Statement& s = db_.prepare(
      select(kTransactionColumns,
             "FROM transaction_bindings WHERE tenant = ?1 AND trans_type = ?2 AND trans_id = ?3"));
  s.bind_all(tenant, trans_type, trans_id);
  if (!s.step()) return std::nullopt;
  return read_transaction(s);
}

std::vector<TransactionBindingRow> SqlBindingStore::transactions_of(const std::string& tenant,
                                                                    const std::string& user_id,
                                                                    const std::string& trans_type,
                                                                    std::uint32_t limit,
                                                                    std::uint32_t offset) {
  Statement& s = db_.prepare(select(kTransactionColumns,
                                    "FROM transaction_bindings WHERE tenant = ?1 AND user_id = ?2 "
                                    "AND (?3 = '' OR trans_type = ?3) "
                                    "ORDER BY seq DESC LIMIT ?4 OFFSET ?5"));
  s.bind_all(tenant, user_id, trans_type, limit, offset);
  return collect(s, read_transaction);
}

bool SqlBindingStore::remove_transaction(const std::string& tenant, const std::string& trans_type,
                                         const std::string& trans_id, const std::string& user_id) {
  return change_one(
      db_,
      "DELETE FROM transaction_bindings WHERE tenant = ?1 AND trans_type = ?2 AND trans_id = ?3 "
      "AND user_id = ?4",
      tenant, trans_type, trans_id, user_id);
}

bool SqlIdentityStore::insert(const IdentityRow& row) {
  Statement& s = db_.prepare("INSERT INTO identities (" + std::string(kIdentityColumns) +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING");
  s.bind_all(row.tenant, row.provider, row.subject, row.user_id);
  s.bind_or_null(5, row.union_id);
  s.bind_or_null(6, row.profile);
  s.bind(7, row.bound_at_ms);
  s.step();
  return s.changes() == 1;
}

std::optional<IdentityRow> SqlIdentityStore::find(const std::string& tenant,
                                                  const std::string& provider,
                                                  const std::string& subject) {
  Statement& s = db_.prepare(select(
      kIdentityColumns, "FROM identities WHERE tenant = ?1 AND provider = ?2 AND subject = ?3"));
  s.bind_all(tenant, provider, subject);
  if (!s.step()) return std::nullopt;
  return read_identity(s);
}

std::vector<IdentityRow> SqlIdentityStore::find_by_union(const std::string& tenant,
                                                         const std::string& provider,
                                                         const std::string& union_id) {
  Statement& s = db_.prepare(
      select(kIdentityColumns,
             "FROM identities WHERE tenant = ?1 AND provider = ?2 AND union_id = ?3 ORDER BY seq"));
  s.bind_all(tenant, provider, union_id);
  return collect(s, read_identity);
}

std::vector<IdentityRow> SqlIdentityStore::of_user(const std::string& tenant,
                                                   const std::string& user_id) {
  Statement& s = db_.prepare(
      select(kIdentityColumns, "FROM identities WHERE tenant = ?1 AND user_id = ?2 ORDER BY seq"));
  s.bind_all(tenant, user_id);
  return collect(s, read_identity);
}

bool SqlIdentityStore::remove(const std::string& tenant, const std::string& provider,
                              const std::string& subject, const std::string& user_id) {
  return change_one(
      db_,
      "DELETE FROM identities WHERE tenant = ?1 AND provider = ?2 AND subject = ?3 AND "
      "user_id = ?4",
      tenant, provider, subject, user_id);
}

std::string SqlIdentityStore::claim_union(const std::string& tenant, const std::string& provider,
                                          const std::string& union_id, const std::string& user_id) {
  Statement& insert = db_.prepare(
      "INSERT INTO identity_unions (tenant, provider, union_id, user_id) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT DO NOTHING");
  insert.bind_all(tenant, provider, union_id, user_id);
  insert.step();
  if (insert.changes() == 1) return user_id;
  Statement& owner = db_.prepare(
      "SELECT user_id FROM identity_unions WHERE tenant = ?1 AND provider = ?2 AND union_id = ?3");
  owner.bind_all(tenant, provider, union_id);
  return owner.step() ? owner.get_text(0) : std::string();
}

void SqlIdentityStore::release_union(const std::string& tenant, const std::string& provider,
                                     const std::string& union_id) {
  change_one(db_,
             "DELETE FROM identity_unions WHERE tenant = ?1 AND provider = ?2 AND union_id = ?3",
             tenant, provider, union_id);
}

}  // namespace member::storage::sql
