// Personal data (A12): the user-keyed tables the privacy participants may
// read plainly, delete from or clear, each named here with its columns, so a
// table name never reaches SQL unless it is one of these.
#include <vector>

#include "storage/sql/entry_chain.hpp"
#include "storage/sql/statement_helpers.hpp"
#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

/// A column read by rows(): its name and whether it holds an integer.
struct ColumnSpec {
  std::string_view name;
  bool number = false;
};

struct TableSpec {
  std::string_view table;
  std::vector<ColumnSpec> columns;  ///< what rows() returns (no sealed column)
  std::string_view order;           ///< rows() order
  std::string_view remove;          ///< DELETE ... (?1 tenant, ?2 user); empty: not removable
  std::string_view clear;           ///< UPDATE ... (?1 tenant, ?2 user); empty: nothing to clear
  std::string_view owner = "user_id = ?2";  ///< which rows() are the user's (?2 user)
  /// UPDATE ... run before `remove` (?1 tenant, ?2 user): gives back what
  /// the rows hold elsewhere, such as a count of them.
  std::string_view release = "";
};

const std::vector<TableSpec>& specs() {
  // The user's journal entries of every asset, found through their chains.
  static const std::string clear_entries =
      entry_chain("b.tenant = ?1 AND b.user_id = ?2") +
      "UPDATE ledger_entries SET description = '', related_data = '' "
      "WHERE tenant = ?1 AND entry_id IN (SELECT id FROM chain)";
  static const std::vector<TableSpec> all = {
      {"loyalty_orders",
       {{"order_id"},
        {"amount", true},
        {"refunded", true},
        {"points", true},
        {"points_reversed", true},
        {"paid_at", true}},
       "paid_at, order_id",
       "DELETE FROM loyalty_orders WHERE tenant = ?1 AND user_id = ?2",
       ""},
      {"loyalty_level_changes",
       {{"operation_id"}, {"old_code"}, {"new_code"}, {"cause", true}, {"at", true}},
       "at, operation_id",
       "DELETE FROM loyalty_level_changes WHERE tenant = ?1 AND user_id = ?2",
       ""},
      {"loyalty_benefit_uses",
       {{"usage_id"}, {"benefit_id"}, {"order_id"}, {"used_at", true}},
       "used_at, usage_id",
       "DELETE FROM loyalty_benefit_uses WHERE tenant = ?1 AND user_id = ?2",
       ""},
      // The places they took in activities are free again.
      {"loyalty_participations",
       {{"activity_id"}, {"participation_id"}, {"joined_at", true}},
       "joined_at, activity_id",
       "DELETE FROM loyalty_participations WHERE tenant = ?1 AND user_id = ?2",
       "",
       "user_id = ?2",
       "UPDATE loyalty_activities SET participants = participants - 1 WHERE tenant = ?1 "
       "AND activity_id IN (SELECT activity_id FROM loyalty_participations "
       "WHERE tenant = ?1 AND user_id = ?2)"},
      {"loyalty_members",
       {},
       "",
       "DELETE FROM loyalty_members WHERE tenant = ?1 AND user_id = ?2",
       ""},
      {"sessions",
       {{"id"},
        {"device_id"},
        {"device_type"},
        {"device_name"},
        {"platform"},
        {"app_version"},
        {"ip"},
        {"method"},
        {"created_at", true},
        {"last_active", true},
        {"expires_at", true},
        {"revoked_at", true},
        {"revoke_reason"}},
       "created_at, id",
       "DELETE FROM sessions WHERE tenant = ?1 AND user_id = ?2",
       ""},
      {"session_refresh",
       {},
       "",
       "DELETE FROM session_refresh WHERE tenant = ?1 AND session_id IN "
       "(SELECT id FROM sessions WHERE tenant = ?1 AND user_id = ?2)",
       ""},
      {"redemptions",
       {{"redemption_id"}, {"item_id"}, {"quantity", true}, {"points", true}, {"created_at", true}},
       "created_at, redemption_id",
       "",
       "UPDATE redemptions SET delivery_address = NULL WHERE tenant = ?1 AND user_id = ?2"},
      {"ledger_entries", {}, "", "", clear_entries},
      // Reports about the user go; those they filed about others stay
      // (each counted towards a block) under their tombstone id, without
      // their free text. rows() returns both kinds.
      {"reports",
       {{"user_id"}, {"reporter"}, {"reason"}, {"at", true}},
       "at, seq",
       "DELETE FROM reports WHERE tenant = ?1 AND user_id = ?2",
       "UPDATE reports SET reason = '' WHERE tenant = ?1 AND reporter = 'user:' || ?2",
       "(user_id = ?2 OR reporter = 'user:' || ?2)"},
      {"login_log", {}, "", "DELETE FROM login_log WHERE tenant = ?1 AND user_id = ?2", ""},
      {"customer_bindings",
       {},
       "",
       "DELETE FROM customer_bindings WHERE tenant = ?1 AND user_id = ?2",
       ""},
      {"transaction_bindings",
       {},
       "",
       "DELETE FROM transaction_bindings WHERE tenant = ?1 AND user_id = ?2",
       ""},
      {"identities", {}, "", "DELETE FROM identities WHERE tenant = ?1 AND user_id = ?2", ""},
      {"identity_unions",
       {},
       "",
       "DELETE FROM identity_unions WHERE tenant = ?1 AND user_id = ?2",
       ""},
      {"addresses", {}, "", "DELETE FROM addresses WHERE tenant = ?1 AND user_id = ?2", ""},
      {"user_tags", {}, "", "DELETE FROM user_tags WHERE tenant = ?1 AND user_id = ?2", ""},
      {"verifications", {}, "", "DELETE FROM verifications WHERE tenant = ?1 AND user_id = ?2", ""},
      {"moderation", {}, "", "DELETE FROM moderation WHERE tenant = ?1 AND user_id = ?2", ""},
      {"messages", {}, "", "DELETE FROM messages WHERE tenant = ?1 AND user_id = ?2", ""},
      {"message_reads", {}, "", "DELETE FROM message_reads WHERE tenant = ?1 AND user_id = ?2", ""},
      {"user_roles",
       {},
       "",
       "DELETE FROM user_roles WHERE user_id = ?2 AND (tenant = ?1 OR tenant IN "
       "(SELECT tenant FROM tenant_members WHERE home_tenant = ?1 AND user_id = ?2))",
       ""},
      {"tenant_members",
       {},
       "",
       "DELETE FROM tenant_members WHERE home_tenant = ?1 AND user_id = ?2",
       ""},
      {"verification_codes",
       {{"purpose", true},
        {"channel", true},
        {"sent_at", true},
        {"expires_at", true},
        {"attempts", true},
        {"state", true}},
       "sent_at",
       "DELETE FROM verification_codes WHERE tenant = ?1 AND (user_id = ?2 OR destination IN "
       "(SELECT email_index FROM users WHERE tenant = ?1 AND id = ?2 AND email_index IS NOT NULL "
       "UNION SELECT mobile_index FROM users WHERE tenant = ?1 AND id = ?2 "
       "AND mobile_index IS NOT NULL))",
       ""},
      {"message_watermarks",
       {},
       "",
       "DELETE FROM message_watermarks WHERE tenant = ?1 AND user_id = ?2",
       ""},
  };
  return all;
}

const TableSpec& spec(const std::string& table) {
  for (const TableSpec& s : specs()) {
    if (s.table == table) return s;
  }
  throw Error(Errc::invalid_argument, "table: not a personal-data table", "table");
}

std::int64_t run_change(Connection& db, std::string_view sql, const std::string& tenant,
                        const std::string& user_id) {
  if (sql.empty()) {
    throw Error(Errc::invalid_argument, "table: that treatment does not apply to it", "table");
  }
  Statement& s = db.prepare(sql);
  s.bind_all(tenant, user_id);
  s.step();
  return s.changes();
}

}  // namespace

std::vector<PlainRow> SqlPersonalDataStore::rows(const std::string& tenant,
                                                 const std::string& table,
                                                 const std::string& user_id) {
  const TableSpec& t = spec(table);
  if (t.columns.empty()) {
    throw Error(Errc::invalid_argument, "table: has no plain rows to read", "table");
  }
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) sql += ", ";
    sql += t.columns[i].name;
  }
  sql += " FROM " + std::string(t.table) + " WHERE tenant = ?1 AND " + std::string(t.owner) +
         " ORDER BY " + std::string(t.order);
  Statement& s = db_.prepare(sql);
  s.bind_all(tenant, user_id);
  return collect(s, [&](Statement& r) {
    PlainRow row;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      const int c = static_cast<int>(i);
      PlainValue v{.column = std::string(t.columns[i].name), .number = {}, .text = {}};
      if (t.columns[i].number) {
        v.number = r.get_int(c);
      } else {
        v.text = r.get_text_or_empty(c);
      }
      row.push_back(std::move(v));
    }
    return row;
  });
}

std::int64_t SqlPersonalDataStore::remove_rows(const std::string& tenant, const std::string& table,
                                               const std::string& user_id) {
  const TableSpec& t = spec(table);
  if (!t.remove.empty() && !t.release.empty()) run_change(db_, t.release, tenant, user_id);
  return run_change(db_, t.remove, tenant, user_id);
}

std::int64_t SqlPersonalDataStore::clear_rows(const std::string& tenant, const std::string& table,
                                              const std::string& user_id) {
  return run_change(db_, spec(table).clear, tenant, user_id);
}

}  // namespace member::storage::sql
