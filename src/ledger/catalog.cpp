// The points catalog (C1): items to redeem points for.
#include "member/catalog.hpp"

#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/context.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "ledger/delivery_address.hpp"
#include "ledger/rules.hpp"

namespace member {
namespace {

CatalogItem to_item(const storage::CatalogRow& row) {
  return {row.item_id, row.name, row.points_cost, row.stock, row.active};
}

}  // namespace

CatalogItem Catalog::put(const Actor& actor, const CatalogItem& item) {
  detail::require_permission(context_, actor, "catalog.manage");
  detail::validate_token("item_id", item.item_id, 64);
  if (item.name.empty()) throw Error(Errc::invalid_argument, "name: is empty", "name");
  detail::validate_text("name", item.name, 200);
  detail::validate_ledger_amount(item.points_cost, "points_cost");
  if (item.stock < 0 || item.stock > detail::kMaxLedgerAmount) {
    throw Error(Errc::invalid_argument,
                "stock: must be 0.." + std::to_string(detail::kMaxLedgerAmount), "stock");
  }
  auto tx = context_.storage->write();
  tx->catalog().put({actor.tenant, item.item_id, item.name, item.points_cost, item.stock,
                     item.active, detail::to_ms(context_.now())});
  detail::record_audit(*tx, context_, actor, "catalog.put", "",
                       {{"item_id", item.item_id},
                        {"points_cost", item.points_cost},
                        {"stock", item.stock},
                        {"active", item.active}});
  tx->commit();
  return item;
}

CatalogItem Catalog::get(const Actor& actor, const std::string& item_id) {
  detail::require_tenant(context_, actor);
  detail::validate_token("item_id", item_id, 64);
  auto row = context_.storage->read()->catalog().find(actor.tenant, item_id);
  if (!row) throw Error(Errc::not_found, "catalog item not found", "item_id");
  return to_item(*row);
}

std::vector<CatalogItem> Catalog::list(const Actor& actor, bool include_inactive, Page page) {
  detail::require_tenant(context_, actor);
  detail::validate_page(page);
  std::vector<CatalogItem> items;
  for (const auto& row : context_.storage->read()->catalog().list(actor.tenant, include_inactive,
                                                                  page.limit, page.offset)) {
    items.push_back(to_item(row));
  }
  return items;
}

void Catalog::remove(const Actor& actor, const std::string& item_id) {
  detail::require_permission(context_, actor, "catalog.manage");
  detail::validate_token("item_id", item_id, 64);
  auto tx = context_.storage->write();
  if (!tx->catalog().remove(actor.tenant, item_id)) {
    throw Error(Errc::not_found, "catalog item not found", "item_id");
  }
  detail::record_audit(*tx, context_, actor, "catalog.remove", "", {{"item_id", item_id}});
  tx->commit();
}

std::vector<Redemption> Catalog::redemptions(const Actor& actor, const std::string& user_id,
                                             Page page) {
  detail::validate_page(page);
  auto tx = context_.storage->read();
  const storage::UserRow user = detail::load_user(context_, *tx, actor, user_id);
  std::vector<Redemption> out;
  for (const auto& row :
       tx->catalog().redemptions(actor.tenant, user.id, page.limit, page.offset)) {
    out.push_back({.redemption_id = row.redemption_id,
                   .item_id = row.item_id,
                   .quantity = row.quantity,
                   .points = row.points,
                   .delivery_address = detail::open_delivery_address(context_, user, row),
                   .created_at = detail::from_ms(row.created_at_ms),
                   .reversed_by = row.reversed_by});
  }
  return out;
}

}  // namespace member
