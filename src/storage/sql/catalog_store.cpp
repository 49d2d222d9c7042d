#include "storage/sql/stores.hpp"

namespace member::storage::sql {
namespace {

constexpr std::string_view kColumns =
    "tenant, item_id, name, points_cost, stock, active, updated_at";

CatalogRow read_item(Statement& s) {
  return {s.get_text(0), s.get_text(1),     s.get_text(2), s.get_int(3),
          s.get_int(4),  s.get_int(5) != 0, s.get_int(6)};
}

}  // namespace

void SqlCatalogStore::put(const CatalogRow& row) {
  Statement& s = db_.prepare(
      std::string("INSERT INTO catalog_items (") + std::string(kColumns) +
      ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (tenant, item_id) DO UPDATE SET "
      "name = excluded.name, points_cost = excluded.points_cost, stock = excluded.stock, "
      "active = excluded.active, updated_at = excluded.updated_at");
  s.bind_all(row.tenant, row.item_id, row.name, row.points_cost, row.stock, row.active,
             row.updated_at_ms);
  s.step();
}

std::optional<CatalogRow> SqlCatalogStore::find(const std::string& tenant,
                                                const std::string& item_id) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kColumns) +
                             " FROM catalog_items WHERE tenant = ?1 AND item_id = ?2" +
                             std::string(lock_rows_ ? db_.dialect().lock_rows : ""));
  s.bind(1, tenant);
  s.bind(2, item_id);
  if (!s.step()) return std::nullopt;
  return read_item(s);
}

std::vector<CatalogRow> SqlCatalogStore::list(const std::string& tenant, bool include_inactive,
                                              std::uint32_t limit, std::uint32_t offset) {
  Statement& s = db_.prepare(std::string("SELECT ") + std::string(kColumns) +
                             " FROM catalog_items WHERE tenant = ?1 AND (?2 = 1 OR active = 1) "
                             "ORDER BY item_id LIMIT ?3 OFFSET ?4");
  s.bind_all(tenant, include_inactive, limit, offset);
  std::vector<CatalogRow> rows;
  while (s.step()) rows.push_back(read_item(s));
  return rows;
}

bool SqlCatalogStore::remove(const std::string& tenant, const std::string& item_id) {
  Statement& s = db_.prepare("DELETE FROM catalog_items WHERE tenant = ?1 AND item_id = ?2");
  s.bind(1, tenant);
  s.bind(2, item_id);
  s.step();
  return s.changes() == 1;
}

void SqlCatalogStore::add_redemption(const RedemptionRow& row) {
  Statement& s = db_.prepare(
      "INSERT INTO redemptions (tenant, redemption_id, user_id, item_id, quantity, points, "
      "delivery_address, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  s.bind_all(row.tenant, row.redemption_id, row.user_id, row.item_id, row.quantity, row.points);
  s.bind_or_null(7, row.delivery_address);
  s.bind(8, row.created_at_ms);
  s.step();
}

std::vector<RedemptionRow> SqlCatalogStore::redemptions(const std::string& tenant,
                                                        const std::string& user_id,
                                                        std::uint32_t limit, std::uint32_t offset) {
  Statement& s = db_.prepare(
      "SELECT r.tenant, r.redemption_id, r.user_id, r.item_id, r.quantity, r.points, "
      "r.delivery_address, r.created_at, e.reversed_by FROM redemptions r "
      "LEFT JOIN ledger_entries e ON e.tenant = r.tenant AND e.entry_id = r.redemption_id "
      "WHERE r.tenant = ?1 AND r.user_id = ?2 "
      "ORDER BY r.created_at DESC, r.redemption_id DESC LIMIT ?3 OFFSET ?4");
  s.bind_all(tenant, user_id, limit, offset);
  std::vector<RedemptionRow> rows;
  while (s.step()) {
    rows.push_back({.tenant = s.get_text(0),
                    .redemption_id = s.get_text(1),
                    .user_id = s.get_text(2),
                    .item_id = s.get_text(3),
                    .quantity = s.get_int(4),
                    .points = s.get_int(5),
                    .delivery_address = s.get_blob(6),
                    .created_at_ms = s.get_int(7),
                    .reversed_by = s.get_text_or_empty(8)});
  }
  return rows;
}

}  // namespace member::storage::sql
