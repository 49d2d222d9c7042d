#include <string>

#include "storage/sql/id_lists.hpp"
#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

constexpr std::string_view kColumns =
    "tenant, id, username, username_key, email_index, mobile_index, email, mobile, profile, "
    "data_key, user_type, password_hash, status, status_reason, email_verified, "
    "mobile_verified, failed_sign_ins, lockouts, locked_until, created_at, updated_at";

/// Binds every column of `row` in kColumns order as ?1..?21.
void bind_row(Statement& s, const UserRow& row) {
  int i = 0;
  s.bind(++i, row.tenant);
  s.bind(++i, row.id);
  s.bind_or_null(++i, row.username);
  s.bind_or_null(++i, row.username_key);
  s.bind_or_null(++i, row.email_index);
  s.bind_or_null(++i, row.mobile_index);
  s.bind_or_null(++i, row.email);
  s.bind_or_null(++i, row.mobile);
  s.bind(++i, row.profile);
  s.bind(++i, row.data_key);
  s.bind(++i, row.user_type);
  s.bind(++i, row.password_hash);
  s.bind(++i, row.status);
  s.bind(++i, row.status_reason);
  s.bind(++i, row.email_verified);
  s.bind(++i, row.mobile_verified);
  s.bind(++i, row.failed_sign_ins);
  s.bind(++i, row.lockouts);
  s.bind(++i, row.locked_until_ms);
  s.bind(++i, row.created_at_ms);
  s.bind(++i, row.updated_at_ms);
}

UserRow read_row(Statement& s) {
  UserRow row;
  int i = 0;
  row.tenant = s.get_text(i++);
  row.id = s.get_text(i++);
  row.username = s.get_text_or_empty(i++);
  row.username_key = s.get_text_or_empty(i++);
  row.email_index = s.get_blob_or_empty(i++);
  row.mobile_index = s.get_blob_or_empty(i++);
  row.email = s.get_blob_or_empty(i++);
  row.mobile = s.get_blob_or_empty(i++);
  row.profile = s.get_blob(i++);
  row.data_key = s.get_blob(i++);
  row.user_type = s.get_text(i++);
  row.password_hash = s.get_text(i++);
  row.status = static_cast<int>(s.get_int(i++));
  row.status_reason = s.get_text(i++);
  row.email_verified = s.get_int(i++) != 0;
  row.mobile_verified = s.get_int(i++) != 0;
  row.failed_sign_ins = static_cast<std::uint32_t>(s.get_int(i++));
  row.lockouts = static_cast<std::uint32_t>(s.get_int(i++));
  row.locked_until_ms = s.get_int(i++);
  row.created_at_ms = s.get_int(i++);
  row.updated_at_ms = s.get_int(i++);
  return row;
}

}  // namespace

void SqlUserStore::insert(const UserRow& row) {
  Statement& s = db_.prepare(std::string("INSERT INTO users (") + std::string(kColumns) +
                             ") VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
                             "?17,?18,?19,?20,?21)");
  bind_row(s, row);
  s.step();
}

void SqlUserStore::update(const UserRow& row) {
  // Same parameters as insert; the key columns match themselves.
  Statement& s = db_.prepare(
      "UPDATE users SET username = ?3, username_key = ?4, email_index = ?5, "
      "mobile_index = ?6, email = ?7, mobile = ?8, profile = ?9, data_key = ?10, "
      "user_type = ?11, password_hash = ?12, status = ?13, status_reason = ?14, "
      "email_verified = ?15, mobile_verified = ?16, failed_sign_ins = ?17, lockouts = ?18, "
      "locked_until = ?19, created_at = ?20, updated_at = ?21 WHERE tenant = ?1 AND id = ?2");
  bind_row(s, row);
  s.step();
  if (s.changes() != 1) throw Error(Errc::not_found, "user not found");
}

template <class Key>
std::optional<UserRow> SqlUserStore::find_one(std::string_view column, const std::string& tenant,
                                              const Key& key) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kColumns) +
                             " FROM users WHERE tenant = ?1 AND " + std::string(column) + " = ?2" +
                             std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind(1, tenant);
  s.bind(2, key);
  if (!s.step()) return std::nullopt;
  return read_row(s);
}

std::optional<UserRow> SqlUserStore::find_by_id(const std::string& tenant, const std::string& id) {
  return find_one("id", tenant, id);
}

std::optional<UserRow> SqlUserStore::find_by_username(const std::string& tenant,
                                                      const std::string& username_key) {
  return find_one("username_key", tenant, username_key);
}

std::optional<UserRow> SqlUserStore::find_by_email(const std::string& tenant, const Bytes& index) {
  return find_one("email_index", tenant, index);
}

std::optional<UserRow> SqlUserStore::find_by_mobile(const std::string& tenant, const Bytes& index) {
  return find_one("mobile_index", tenant, index);
}

std::vector<std::pair<std::string, int>> SqlUserStore::lock_statuses(const std::string& tenant,
                                                                     std::vector<std::string> ids) {
  sort_unique(ids);
  const std::string lock(lock_rows_ ? db_.dialect().lock_rows : "");
  std::vector<std::pair<std::string, int>> statuses;
  for_each_id_chunk(
      db_, ids, 2,
      [&](const std::string& list) {
        return "SELECT id, status FROM users WHERE tenant = ?1 AND id IN (" + list +
               ") ORDER BY id" + lock;
      },
      [&](Statement& s) {
        s.bind(1, tenant);
        while (s.step()) statuses.emplace_back(s.get_text(0), static_cast<int>(s.get_int(1)));
      });
  return statuses;
}

std::int64_t SqlUserStore::count(const std::string& tenant) {
  Statement& s = db_.prepare("SELECT count(*) FROM users WHERE tenant = ?1");
  s.bind(1, tenant);
  s.step();
  return s.get_int(0);
}

}  // namespace member::storage::sql
