#include <string>

#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/stores.hpp"

namespace member::storage::sqlite {
namespace {

constexpr const char* kColumns =
    "tenant, id, username, username_key, email_index, mobile_index, email, mobile, profile, "
    "data_key, user_type, password_hash, status, status_reason, email_verified, "
    "mobile_verified, failed_sign_ins, lockouts, locked_until, created_at, updated_at";

/// Binds every column of `row` in kColumns order, starting at parameter 1.
void bind_row(SQLite::Statement& s, const UserRow& row) {
  int i = 0;
  s.bind(++i, row.tenant);
  s.bind(++i, row.id);
  bind_text_or_null(s, ++i, row.username);
  bind_text_or_null(s, ++i, row.username_key);
  bind_blob_or_null(s, ++i, row.email_index);
  bind_blob_or_null(s, ++i, row.mobile_index);
  bind_blob_or_null(s, ++i, row.email);
  bind_blob_or_null(s, ++i, row.mobile);
  s.bind(++i, row.profile.data(), static_cast<int>(row.profile.size()));
  s.bind(++i, row.data_key.data(), static_cast<int>(row.data_key.size()));
  s.bind(++i, row.user_type);
  s.bind(++i, row.password_hash);
  s.bind(++i, row.status);
  s.bind(++i, row.status_reason);
  s.bind(++i, row.email_verified ? 1 : 0);
  s.bind(++i, row.mobile_verified ? 1 : 0);
  s.bind(++i, static_cast<std::int64_t>(row.failed_sign_ins));
  s.bind(++i, static_cast<std::int64_t>(row.lockouts));
  s.bind(++i, row.locked_until_ms);
  s.bind(++i, row.created_at_ms);
  s.bind(++i, row.updated_at_ms);
}

UserRow read_row(SQLite::Statement& s) {
  UserRow row;
  int i = 0;
  row.tenant = column_text(s.getColumn(i++));
  row.id = column_text(s.getColumn(i++));
  row.username = column_text(s.getColumn(i++));
  row.username_key = column_text(s.getColumn(i++));
  row.email_index = column_blob(s.getColumn(i++));
  row.mobile_index = column_blob(s.getColumn(i++));
  row.email = column_blob(s.getColumn(i++));
  row.mobile = column_blob(s.getColumn(i++));
  row.profile = column_blob(s.getColumn(i++));
  row.data_key = column_blob(s.getColumn(i++));
  row.user_type = column_text(s.getColumn(i++));
  row.password_hash = column_text(s.getColumn(i++));
  row.status = s.getColumn(i++).getInt();
  row.status_reason = column_text(s.getColumn(i++));
  row.email_verified = s.getColumn(i++).getInt() != 0;
  row.mobile_verified = s.getColumn(i++).getInt() != 0;
  row.failed_sign_ins = static_cast<std::uint32_t>(s.getColumn(i++).getInt64());
  row.lockouts = static_cast<std::uint32_t>(s.getColumn(i++).getInt64());
  row.locked_until_ms = s.getColumn(i++).getInt64();
  row.created_at_ms = s.getColumn(i++).getInt64();
  row.updated_at_ms = s.getColumn(i++).getInt64();
  return row;
}

}  // namespace

void SqliteUserStore::insert(const UserRow& row) {
  guarded([&] {
    SQLite::Statement s(db_, std::string("INSERT INTO users (") + kColumns +
                                 ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    bind_row(s, row);
    s.exec();
  });
}

void SqliteUserStore::update(const UserRow& row) {
  guarded([&] {
    // Same parameter order as kColumns; the key columns match themselves.
    SQLite::Statement s(
        db_,
        "UPDATE users SET tenant = ?1, id = ?2, username = ?3, username_key = ?4, "
        "email_index = ?5, mobile_index = ?6, email = ?7, mobile = ?8, profile = ?9, "
        "data_key = ?10, user_type = ?11, password_hash = ?12, status = ?13, "
        "status_reason = ?14, email_verified = ?15, mobile_verified = ?16, "
        "failed_sign_ins = ?17, lockouts = ?18, locked_until = ?19, created_at = ?20, "
        "updated_at = ?21 WHERE tenant = ?1 AND id = ?2");
    bind_row(s, row);
    if (s.exec() != 1) throw Error(Errc::not_found, "user not found");
  });
}

std::optional<UserRow> SqliteUserStore::find_one(const char* where_column,
                                                 const std::string& tenant, const void* key,
                                                 std::size_t key_size, bool key_is_blob) {
  return guarded([&]() -> std::optional<UserRow> {
    SQLite::Statement s(db_, std::string("SELECT ") + kColumns +
                                 " FROM users WHERE tenant = ? AND " + where_column + " = ?");
    s.bind(1, tenant);
    if (key_is_blob) {
      s.bind(2, key, static_cast<int>(key_size));
    } else {
      s.bind(2, std::string(static_cast<const char*>(key), key_size));
    }
    if (!s.executeStep()) return std::nullopt;
    return read_row(s);
  });
}

std::optional<UserRow> SqliteUserStore::find_by_id(const std::string& tenant,
                                                   const std::string& id) {
  return find_one("id", tenant, id.data(), id.size(), false);
}

std::optional<UserRow> SqliteUserStore::find_by_username(const std::string& tenant,
                                                         const std::string& username_key) {
  return find_one("username_key", tenant, username_key.data(), username_key.size(), false);
}

std::optional<UserRow> SqliteUserStore::find_by_email(const std::string& tenant,
                                                      const Bytes& index) {
  return find_one("email_index", tenant, index.data(), index.size(), true);
}

std::optional<UserRow> SqliteUserStore::find_by_mobile(const std::string& tenant,
                                                       const Bytes& index) {
  return find_one("mobile_index", tenant, index.data(), index.size(), true);
}

std::int64_t SqliteUserStore::count(const std::string& tenant) {
  return guarded([&] {
    SQLite::Statement s(db_, "SELECT count(*) FROM users WHERE tenant = ?");
    s.bind(1, tenant);
    s.executeStep();
    return s.getColumn(0).getInt64();
  });
}

}  // namespace member::storage::sqlite
