// Tenants, memberships (E1) and roles and permission points (E2) in SQL.
#include <algorithm>

#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

TenantRow read_tenant(Statement& s) {
  return TenantRow{s.get_text(0), s.get_text(1), static_cast<int>(s.get_int(2)),
                   s.get_text(3), s.get_int(4),  s.get_int(5)};
}

constexpr std::string_view kTenantColumns =
    "SELECT id, name, status, settings, created_at, updated_at FROM tenants ";

/// The tables with a `tenant` column, from the database's own catalogue, so
/// tables added by later migrations are covered without a list to keep.
std::vector<std::string> tenant_tables(Connection& db) {
  const bool sqlite = db.dialect().lock_rows.empty();
  Statement& s = db.prepare(
      sqlite ? "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p "
               "WHERE m.type = 'table' AND p.name = 'tenant' ORDER BY m.name"
             : "SELECT table_name FROM information_schema.columns WHERE column_name = 'tenant' "
               "AND table_schema = current_schema() ORDER BY table_name");
  std::vector<std::string> tables;
  while (s.step()) tables.push_back(s.get_text(0));
  return tables;
}

std::vector<std::string> texts(Statement& s) {
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.get_text(0));
  return out;
}

}  // namespace

namespace {

/// The tenant's row; `lock` is empty or the dialect's lock_rows.
std::optional<TenantRow> tenant_row(Connection& db, const std::string& tenant,
                                    std::string_view lock) {
  Statement& s = db.prepare(std::string(kTenantColumns) + "WHERE id = ?1" + std::string(lock));
  s.bind(1, tenant);
  if (!s.step()) return std::nullopt;
  return read_tenant(s);
}

}  // namespace

std::optional<TenantRow> SqlTenantStore::find(const std::string& tenant) {
  return tenant_row(db_, tenant, "");
}

std::optional<TenantRow> SqlTenantStore::lock(const std::string& tenant) {
  // Most tables refer to the tenant: their inserts need not wait for this.
  return tenant_row(db_, tenant, db_.dialect().lock_row_values);
}

void SqlTenantStore::insert(const TenantRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO tenants (id, name, status, settings, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  s.bind_all(row.id, row.name, row.status, row.settings, row.created_at_ms, row.updated_at_ms);
  s.step();
}

void SqlTenantStore::update(const TenantRow& row) {
  Statement& s = db_.prepare(
      "UPDATE tenants SET name = ?2, status = ?3, settings = ?4, updated_at = ?5 WHERE id = ?1");
  s.bind_all(row.id, row.name, row.status, row.settings, row.updated_at_ms);
  s.step();
}

std::vector<TenantRow> SqlTenantStore::list(const std::string& name_pattern, int status,
                                            std::uint32_t limit, std::uint32_t offset) {
  Statement& s = db_.prepare(std::string(kTenantColumns) +
                             "WHERE (?1 = '' OR lower(name) LIKE ?1 ESCAPE '\\') "
                             "AND (?2 < 0 OR status = ?2) ORDER BY id LIMIT ?3 OFFSET ?4");
  s.bind_all(name_pattern, status, limit, offset);
  std::vector<TenantRow> rows;
  while (s.step()) rows.push_back(read_tenant(s));
  return rows;
}

std::int64_t SqlTenantStore::remove_all(const std::string& tenant) {
  std::int64_t removed = 0;
  const auto run = [&](const std::string& sql, const std::string& value) {
    Statement& s = db_.prepare(sql);
    s.bind(1, value);
    s.step();
    removed += s.changes();
  };
  // The roles its users held elsewhere and their memberships go first.
  run("DELETE FROM user_roles WHERE EXISTS (SELECT 1 FROM tenant_members m WHERE "
      "m.home_tenant = ?1 AND m.tenant = user_roles.tenant AND m.user_id = user_roles.user_id)",
      tenant);
  run("DELETE FROM tenant_members WHERE home_tenant = ?1", tenant);
  // Rows that refer to users before the users, the tenant itself last.
  for (const std::string& table : tenant_tables(db_)) {
    if (table != "users") run("DELETE FROM " + table + " WHERE tenant = ?1", tenant);
  }
  run("DELETE FROM users WHERE tenant = ?1", tenant);
  run("DELETE FROM tenants WHERE id = ?1", tenant);
  return removed;
}

std::vector<std::string> SqlTenantStore::memberships(const std::string& home_tenant,
                                                     const std::string& user_id) {
  Statement& s = db_.prepare(
      "SELECT tenant FROM tenant_members WHERE home_tenant = ?1 AND user_id = ?2 ORDER BY tenant");
  s.bind_all(home_tenant, user_id);
  return texts(s);
}

void SqlTenantStore::set_memberships(const std::string& home_tenant, const std::string& user_id,
                                     const std::vector<std::string>& tenants, std::int64_t now_ms) {
  for (const std::string& old : memberships(home_tenant, user_id)) {
    if (std::find(tenants.begin(), tenants.end(), old) != tenants.end()) continue;
    for (std::string_view sql : {"DELETE FROM user_roles WHERE tenant = ?1 AND user_id = ?2",
                                 "DELETE FROM tenant_members WHERE tenant = ?1 AND user_id = ?2"}) {
      Statement& s = db_.prepare(sql);
      s.bind_all(old, user_id);
      s.step();
    }
  }
  for (const std::string& tenant : tenants) {
    Statement& s = db_.prepare(
        "INSERT INTO tenant_members (tenant, user_id, home_tenant, added_at) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant, user_id) DO NOTHING");
    s.bind_all(tenant, user_id, home_tenant, now_ms);
    s.step();
  }
}

std::optional<std::string> SqlTenantStore::member_home(const std::string& tenant,
                                                       const std::string& user_id) {
  Statement& s =
      db_.prepare("SELECT home_tenant FROM tenant_members WHERE tenant = ?1 AND user_id = ?2");
  s.bind_all(tenant, user_id);
  if (!s.step()) return std::nullopt;
  return s.get_text(0);
}

std::vector<TenantUserRow> SqlTenantStore::users(const std::string& tenant, std::uint32_t limit,
                                                 std::uint32_t offset) {
  // A member's username and status are those of its account in its home tenant.
  Statement& s = db_.prepare(
      "SELECT id, tenant, username, status, created_at FROM users WHERE tenant = ?1 "
      "UNION ALL "
      "SELECT m.user_id, m.home_tenant, COALESCE(u.username, ''), COALESCE(u.status, 0), "
      "m.added_at FROM tenant_members m LEFT JOIN users u "
      "ON u.tenant = m.home_tenant AND u.id = m.user_id WHERE m.tenant = ?1 "
      "ORDER BY 5, 1, 2 LIMIT ?2 OFFSET ?3");
  s.bind_all(tenant, limit, offset);
  std::vector<TenantUserRow> rows;
  while (s.step()) {
    rows.push_back({s.get_text(0), s.get_text(1), s.get_text(2), static_cast<int>(s.get_int(3)),
                    s.get_int(4)});
  }
  return rows;
}

std::int64_t SqlTenantStore::count_users(const std::string& tenant) {
  Statement& s = db_.prepare(
      "SELECT (SELECT COUNT(*) FROM users WHERE tenant = ?1) + "
      "(SELECT COUNT(*) FROM tenant_members WHERE tenant = ?1)");
  s.bind(1, tenant);
  s.step();
  return s.get_int(0);
}

namespace {

std::optional<RoleRow> find_named(Connection& db, std::string_view table, const std::string& tenant,
                                  const std::string& name) {
  Statement& s = db.prepare("SELECT tenant, name, description, created_at FROM " +
                            std::string(table) + " WHERE tenant = ?1 AND name = ?2");
  s.bind_all(tenant, name);
  if (!s.step()) return std::nullopt;
  return RoleRow{s.get_text(0), s.get_text(1), s.get_text(2), s.get_int(3)};
}

void insert_named(Connection& db, std::string_view table, const RoleRow& row) {
  Statement& s = db.prepare("INSERT INTO " + std::string(table) +
                            " (tenant, name, description, created_at) VALUES (?1, ?2, ?3, ?4)");
  s.bind_all(row.tenant, row.name, row.description, row.created_at_ms);
  s.step();
}

std::vector<RoleRow> all_named(Connection& db, std::string_view table, const std::string& tenant) {
  Statement& s = db.prepare("SELECT tenant, name, description, created_at FROM " +
                            std::string(table) + " WHERE tenant = ?1 ORDER BY name");
  s.bind(1, tenant);
  std::vector<RoleRow> rows;
  while (s.step()) rows.push_back({s.get_text(0), s.get_text(1), s.get_text(2), s.get_int(3)});
  return rows;
}

}  // namespace

std::optional<RoleRow> SqlAccessStore::find_role(const std::string& tenant,
                                                 const std::string& name) {
  return find_named(db_, "roles", tenant, name);
}

void SqlAccessStore::insert_role(const RoleRow& row) {
  insert_named(db_, "roles", row);
}

std::vector<RoleRow> SqlAccessStore::roles(const std::string& tenant) {
  return all_named(db_, "roles", tenant);
}

std::optional<RoleRow> SqlAccessStore::find_permission(const std::string& tenant,
                                                       const std::string& name) {
  return find_named(db_, "permissions", tenant, name);
}

void SqlAccessStore::insert_permission(const RoleRow& row) {
  insert_named(db_, "permissions", row);
}

std::vector<RoleRow> SqlAccessStore::permissions(const std::string& tenant) {
  return all_named(db_, "permissions", tenant);
}

void SqlAccessStore::grant(const std::string& tenant, const std::string& role,
                           const std::string& permission) {
  Statement& s = db_.prepare(
      "INSERT INTO role_permissions (tenant, role, permission) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (tenant, role, permission) DO NOTHING");
  s.bind_all(tenant, role, permission);
  s.step();
}

std::vector<std::string> SqlAccessStore::role_permissions(const std::string& tenant,
                                                          const std::string& role) {
  Statement& s = db_.prepare(
      "SELECT permission FROM role_permissions WHERE tenant = ?1 AND role = ?2 "
      "ORDER BY permission");
  s.bind_all(tenant, role);
  return texts(s);
}

void SqlAccessStore::assign(const std::string& tenant, const std::string& user_id,
                            const std::string& role, std::int64_t now_ms) {
  Statement& s = db_.prepare(
      "INSERT INTO user_roles (tenant, user_id, role, assigned_at) VALUES (?1, ?2, ?3, ?4) "
      "ON CONFLICT (tenant, user_id, role) DO NOTHING");
  s.bind_all(tenant, user_id, role, now_ms);
  s.step();
}

std::vector<std::string> SqlAccessStore::user_roles(const std::string& tenant,
                                                    const std::string& user_id) {
  Statement& s =
      db_.prepare("SELECT role FROM user_roles WHERE tenant = ?1 AND user_id = ?2 ORDER BY role");
  s.bind_all(tenant, user_id);
  return texts(s);
}

}  // namespace member::storage::sql
