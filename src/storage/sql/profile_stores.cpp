// Addresses (A8), tags (A9) and identity checks (A10): rows whose personal
// content is one ciphertext, so the SQL only keeps ids, flags and times.
#include "storage/sql/statement_helpers.hpp"
#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

constexpr std::string_view kAddressColumns =
    "tenant, address_id, user_id, is_default, data, created_at, updated_at";
constexpr std::string_view kVerificationColumns =
    "tenant, verification_id, user_id, kind, status, data, review_note, reviewer, submitted_at, "
    "decided_at";

AddressRow read_address(Statement& s) {
  return {s.get_text(0), s.get_text(1), s.get_text(2), s.get_int(3) != 0,
          s.get_blob(4), s.get_int(5),  s.get_int(6)};
}

VerificationRow read_verification(Statement& s) {
  return {s.get_text(0),
          s.get_text(1),
          s.get_text(2),
          static_cast<int>(s.get_int(3)),
          static_cast<int>(s.get_int(4)),
          s.get_blob(5),
          s.get_text(6),
          s.get_text(7),
          s.get_int(8),
          s.get_int(9)};
}

}  // namespace

void SqlAddressStore::insert(const AddressRow& row) {
  Statement& s = db_.prepare("INSERT INTO addresses (" + std::string(kAddressColumns) +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  s.bind_all(row.tenant, row.address_id, row.user_id, row.is_default, row.data, row.created_at_ms,
             row.updated_at_ms);
  s.step();
}

void SqlAddressStore::update(const AddressRow& row) {
  Statement& s = db_.prepare(
      "UPDATE addresses SET is_default = ?3, data = ?4, updated_at = ?5 "
      "WHERE tenant = ?1 AND address_id = ?2");
  s.bind_all(row.tenant, row.address_id, row.is_default, row.data, row.updated_at_ms);
  s.step();
}

std::optional<AddressRow> SqlAddressStore::find(const std::string& tenant,
                                                const std::string& address_id) {
  Statement& s = db_.prepare("SELECT " + std::string(kAddressColumns) +
                             " FROM addresses WHERE tenant = ?1 AND address_id = ?2");
  s.bind_all(tenant, address_id);
  if (!s.step()) return std::nullopt;
  return read_address(s);
}

std::vector<AddressRow> SqlAddressStore::of_user(const std::string& tenant,
                                                 const std::string& user_id) {
  Statement& s =
      db_.prepare("SELECT " + std::string(kAddressColumns) +
                  " FROM addresses WHERE tenant = ?1 AND user_id = ?2 ORDER BY seq DESC");
  s.bind_all(tenant, user_id);
  return collect(s, read_address);
}

bool SqlAddressStore::remove(const std::string& tenant, const std::string& address_id) {
  return change_one(db_, "DELETE FROM addresses WHERE tenant = ?1 AND address_id = ?2", tenant,
                    address_id);
}

void SqlAddressStore::clear_default(const std::string& tenant, const std::string& user_id) {
  Statement& s = db_.prepare(
      "UPDATE addresses SET is_default = 0 WHERE tenant = ?1 AND user_id = ?2 AND is_default = 1");
  s.bind_all(tenant, user_id);
  s.step();
}

void SqlTagStore::upsert(const TagRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO user_tags (tenant, user_id, tag_type, tag_key, tag_value, weight, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (tenant, user_id, tag_type, tag_key) DO "
      "UPDATE SET tag_value = excluded.tag_value, weight = excluded.weight, "
      "updated_at = excluded.updated_at");
  s.bind_all(row.tenant, row.user_id, row.type, row.key);
  s.bind_or_null(5, row.value);
  s.bind(6, row.weight_micros);
  s.bind(7, row.updated_at_ms);
  s.step();
}

std::vector<TagRow> SqlTagStore::of_user(const std::string& tenant, const std::string& user_id,
                                         int type) {
  Statement& s = db_.prepare(
      "SELECT tenant, user_id, tag_type, tag_key, tag_value, weight, updated_at FROM user_tags "
      "WHERE tenant = ?1 AND user_id = ?2 AND (?3 < 0 OR tag_type = ?3) "
      "ORDER BY tag_type, tag_key");
  s.bind_all(tenant, user_id, type);
  std::vector<TagRow> rows;
  while (s.step()) {
    rows.push_back({s.get_text(0), s.get_text(1), static_cast<int>(s.get_int(2)), s.get_text(3),
                    s.get_blob_or_empty(4), s.get_int(5), s.get_int(6)});
  }
  return rows;
}

bool SqlTagStore::remove(const std::string& tenant, const std::string& user_id, int type,
                         const std::string& key) {
  return change_one(
      db_,
      "DELETE FROM user_tags WHERE tenant = ?1 AND user_id = ?2 AND tag_type = ?3 AND "
      "tag_key = ?4",
      tenant, user_id, type, key);
}

void SqlVerificationStore::insert(const VerificationRow& row) {
  Statement& s = db_.prepare("INSERT INTO verifications (" + std::string(kVerificationColumns) +
                             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  s.bind_all(row.tenant, row.verification_id, row.user_id, row.kind, row.status, row.data,
             row.review_note, row.reviewer, row.submitted_at_ms, row.decided_at_ms);
  s.step();
}

void SqlVerificationStore::update(const VerificationRow& row) {
  Statement& s = db_.prepare(
      "UPDATE verifications SET status = ?3, review_note = ?4, reviewer = ?5, decided_at = ?6 "
      "WHERE tenant = ?1 AND verification_id = ?2");
  s.bind_all(row.tenant, row.verification_id, row.status, row.review_note, row.reviewer,
             row.decided_at_ms);
  s.step();
}

std::optional<VerificationRow> SqlVerificationStore::find(const std::string& tenant,
                                                          const std::string& verification_id) {
  Statement& s = db_.prepare("SELECT " + std::string(kVerificationColumns) +
                             " FROM verifications WHERE tenant = ?1 AND verification_id = ?2");
  s.bind_all(tenant, verification_id);
  if (!s.step()) return std::nullopt;
  return read_verification(s);
}

std::vector<VerificationRow> SqlVerificationStore::of_user(const std::string& tenant,
                                                           const std::string& user_id) {
  Statement& s =
      db_.prepare("SELECT " + std::string(kVerificationColumns) +
                  " FROM verifications WHERE tenant = ?1 AND user_id = ?2 ORDER BY seq DESC");
  s.bind_all(tenant, user_id);
  return collect(s, read_verification);
}

}  // namespace member::storage::sql
