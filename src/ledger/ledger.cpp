// The ledger service (C1, C7): validation, access and idempotency around the
// account arithmetic of Account and Lots.
#include "member/ledger.hpp"

#include <nlohmann/json.hpp>
#include <numeric>

#include "accounts/activity.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "ledger/account.hpp"
#include "ledger/delivery_address.hpp"
#include "ledger/expiry.hpp"
#include "ledger/idempotency.hpp"
#include "ledger/movement_json.hpp"
#include "ledger/rules.hpp"
#include "ledger/summary.hpp"

namespace member {
namespace {

void validate_notes(const std::string& description, const std::string& related_order) {
  detail::validate_text("description", description, 500);
  detail::validate_text("related_order", related_order, 128);
}

/// Whether a change reads the account's lots: then they are fetched with the
/// balance lock (one round trip to a server instead of two).
enum class OpenLots { on_demand, with_lock };

/// One idempotent change of one user's account: locks the account and looks
/// the key up in the actor's key space (replaying its first answer), checks the account may
/// transact, settles, applies, settles again and stores the answer with the key, in one
/// transaction.
template <class Apply>
Movement change(const detail::Context& context, const Actor& actor, Asset asset,
                const std::string& user_id, const std::string& key, const nlohmann::json& request,
                OpenLots lots, Apply&& apply) {
  detail::validate_ledger_key(key);
  const storage::RequestKeys keys = detail::request_keys(actor, user_id, key);
  auto tx = context.storage->write();
  const std::string fingerprint = detail::fingerprint_of(request);
  const auto replay = [&](std::string answer) {
    Movement first = detail::movement_from_json(answer);
    first.replayed = true;
    return first;
  };
  auto start =
      tx->start_change(actor.tenant, static_cast<int>(asset), keys, user_id,
                       static_cast<int>(AccountStatus::active), lots == OpenLots::with_lock);
  if (auto answer =
          detail::replay_of(std::move(start.first), std::move(start.shared_first), fingerprint)) {
    return replay(std::move(*answer));
  }
  if (!start.balance) {
    // Not an active user: say which (the rule lives in require_active).
    const auto user = tx->users().find_by_id(actor.tenant, user_id);
    if (!user) throw Error(Errc::not_found, "user not found", "user_id");
    detail::require_active(*user);
    throw Error(Errc::internal, "an active user's balance was not locked");
  }
  // The time is read with the account locked: a change that held the lock
  // before this one has a time no later than this one's, so it never sees
  // the account in the past of what that change saw (settle() trusts that).
  const std::int64_t now = detail::to_ms(context.now());
  detail::Account account(*tx, std::move(*start.balance), asset, now);
  if (start.open_lots) account.use_open_lots(std::move(*start.open_lots));
  account.settle();
  Movement movement = apply(account);
  account.settle_after_change();
  account.refresh(movement);
  account.save();
  if (auto first =
          detail::commit_with_key(*context.storage, std::move(tx),
                                  {actor.tenant, static_cast<int>(asset), keys, fingerprint, now},
                                  detail::movement_to_json(movement))) {
    return replay(std::move(*first));
  }
  return movement;
}

/// Checks the actor may act for the user (and the id's form).
void require_user(const detail::Context& context, const Actor& actor, const std::string& user_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_access(context, actor, user_id);
}

/// The hold of this account, pending; a resolved one says how.
storage::HoldRow pending_hold(detail::Account& account, Asset asset, const std::string& hold_id) {
  if (hold_id.empty()) throw Error(Errc::invalid_argument, "hold_id: is empty", "hold_id");
  detail::validate_text("hold_id", hold_id, 64);
  const auto& balance = account.balance();
  auto hold = account.tx().ledger().find_hold(balance.tenant, hold_id);
  if (!hold || hold->user_id != balance.user_id || hold->asset != static_cast<int>(asset)) {
    throw Error(Errc::not_found, "hold not found", "hold_id");
  }
  static constexpr const char* kHow[] = {"pending", "captured", "released", "timed out"};
  if (hold->state != 0) {
    throw Error(Errc::failed_precondition,
                std::string("the hold was already ") + kHow[hold->state & 3], "hold_id");
  }
  return *hold;
}

/// Releases a pending hold, spending `spend` of it first: the entry of a
/// capture (spend > 0) or a release.
Movement resolve_hold(detail::Account& account, const storage::HoldRow& hold, std::int64_t spend,
                      const std::string& key, const std::string& description) {
  auto& store = account.tx().ledger();
  const auto spent =
      account.lots().settle_hold(store.hold_shares(hold.tenant, hold.hold_id), spend);
  storage::EntryRow entry = account.entry(spend > 0 ? EntryKind::capture : EntryKind::release);
  entry.amount = -spend;
  entry.frozen_change = -hold.amount;
  entry.hold_id = hold.hold_id;
  entry.request_key = key;
  entry.description = description;
  store.set_hold_state(hold.tenant, hold.hold_id, spend > 0 ? 1 : 2);
  return account.movement(account.post(std::move(entry), spent));
}

/// Puts a reversed redemption's units back in stock (if the item still exists).
void restock(storage::Transaction& tx, const std::string& tenant, const storage::EntryRow& redeem,
             std::int64_t now_ms) {
  const auto data = nlohmann::json::parse(redeem.related_data, nullptr, false);
  if (!data.is_object() || !data.contains("item_id")) return;
  auto item = tx.catalog().find(tenant, data["item_id"].get<std::string>());
  if (!item) return;
  item->stock += data.value("quantity", std::int64_t{0});
  item->updated_at_ms = now_ms;
  tx.catalog().put(*item);
}

}  // namespace

std::string_view to_string(Asset asset) noexcept {
  return asset == Asset::points ? "points" : asset == Asset::money ? "money" : "unknown";
}

std::string_view to_string(EntryKind kind) noexcept {
  switch (kind) {
    case EntryKind::earn:
      return "earn";
    case EntryKind::use:
      return "use";
    case EntryKind::freeze:
      return "freeze";
    case EntryKind::release:
      return "release";
    case EntryKind::capture:
      return "capture";
    case EntryKind::expire:
      return "expire";
    case EntryKind::adjust:
      return "adjust";
    case EntryKind::redeem:
      return "redeem";
    case EntryKind::reverse:
      return "reverse";
  }
  return "unknown";
}

Movement Ledger::earn(const Actor& actor, const EarnRequest& r) {
  detail::require_permission(context_, actor, detail::ledger_permission(asset_, "earn"));
  detail::validate_user_id("user_id", r.user_id);
  detail::validate_ledger_amount(r.amount);
  detail::validate_text("event_type", r.event_type, 64);
  validate_notes(r.description, r.related_order);
  const std::string related_data = detail::normalize_json_object("related_data", r.related_data);
  const nlohmann::json request = {{"op", "earn"},          {"user", r.user_id},
                                  {"amount", r.amount},    {"event", r.event_type},
                                  {"desc", r.description}, {"order", r.related_order},
                                  {"data", related_data}};
  return change(context_, actor, asset_, r.user_id, r.key, request, OpenLots::on_demand,
                [&](detail::Account& a) {
                  storage::EntryRow entry = a.entry(EntryKind::earn);
                  entry.amount = r.amount;
                  entry.event_type = r.event_type;
                  entry.description = r.description;
                  entry.related_order = r.related_order;
                  entry.related_data = related_data;
                  entry.request_key = r.key;
                  a.credit(entry, detail::lot_expiry_ms(context_.options.points, asset_,
                                                        r.event_type, a.now_ms()));
                  Movement m = a.movement(a.post(entry, {}));
                  if (entry.expires_at_ms != 0) m.expires_at = detail::from_ms(entry.expires_at_ms);
                  return m;
                });
}

Movement Ledger::use(const Actor& actor, const UseRequest& r) {
  require_user(context_, actor, r.user_id);
  detail::validate_ledger_amount(r.amount);
  validate_notes(r.description, r.related_order);
  std::int64_t discount = 0;
  if (r.order_amount) {
    if (asset_ != Asset::points) {
      throw Error(Errc::invalid_argument, "order_amount: only for points", "order_amount");
    }
    if (*r.order_amount < 0 || *r.order_amount > detail::kMaxLedgerAmount * 100) {
      throw Error(Errc::invalid_argument, "order_amount: out of range", "order_amount");
    }
    // Points buy whole minor units: none is taken without its discount.
    const std::int64_t per_unit = context_.options.points.points_per_currency_unit;
    if (r.amount * 100 % per_unit != 0) {
      const std::int64_t step = per_unit / std::gcd(per_unit, std::int64_t{100});
      throw Error(Errc::invalid_argument,
                  "amount: must be a multiple of " + std::to_string(step) +
                      " points to be worth whole minor units",
                  "amount");
    }
    discount = r.amount * 100 / per_unit;
    if (discount > *r.order_amount) {
      throw Error(Errc::invalid_argument, "amount: worth more than the order", "amount");
    }
  }
  const nlohmann::json request = {{"op", "use"},
                                  {"user", r.user_id},
                                  {"amount", r.amount},
                                  {"desc", r.description},
                                  {"order", r.related_order},
                                  {"order_amount", r.order_amount ? *r.order_amount : -1}};
  return change(context_, actor, asset_, r.user_id, r.key, request, OpenLots::with_lock,
                [&](detail::Account& a) {
                  const auto shares = a.debit(r.amount);
                  storage::EntryRow entry = a.entry(EntryKind::use);
                  entry.amount = -r.amount;
                  entry.description = r.description;
                  entry.related_order = r.related_order;
                  entry.request_key = r.key;
                  Movement m = a.movement(a.post(std::move(entry), shares));
                  if (r.order_amount) {
                    m.discount = discount;
                    m.final_amount = *r.order_amount - discount;
                  }
                  return m;
                });
}

Movement Ledger::freeze(const Actor& actor, const FreezeRequest& r) {
  require_user(context_, actor, r.user_id);
  detail::validate_ledger_amount(r.amount);
  validate_notes(r.description, r.related_order);
  const std::int64_t now = detail::to_ms(context_.now());
  const std::int64_t expires = r.expires_at
                                   ? detail::to_ms(*r.expires_at)
                                   : now + std::chrono::duration_cast<std::chrono::milliseconds>(
                                               context_.options.points.hold_timeout)
                                               .count();
  const nlohmann::json request = {
      {"op", "freeze"},           {"user", r.user_id},
      {"amount", r.amount},       {"desc", r.description},
      {"order", r.related_order}, {"expires", r.expires_at ? expires : -1}};
  return change(context_, actor, asset_, r.user_id, r.key, request, OpenLots::with_lock,
                [&](detail::Account& a) {
                  // Checked after the key: a retry of a hold that has since timed out
                  // still gets its first answer.
                  if (expires <= a.now_ms()) {
                    throw Error(Errc::invalid_argument, "expires_at: must be in the future",
                                "expires_at");
                  }
                  a.require_available(r.amount);
                  const auto shares = a.lots().freeze(r.amount, a.now_ms());
                  storage::EntryRow entry = a.entry(EntryKind::freeze);
                  entry.frozen_change = r.amount;
                  entry.hold_id = entry.entry_id;
                  entry.description = r.description;
                  entry.related_order = r.related_order;
                  entry.request_key = r.key;
                  a.note_due(expires);
                  a.tx().ledger().insert_hold({entry.tenant, entry.hold_id, entry.user_id,
                                               entry.asset, r.amount, 0, expires, a.now_ms()},
                                              shares);
                  Movement m = a.movement(a.post(std::move(entry), {}));
                  m.expires_at = detail::from_ms(expires);
                  return m;
                });
}

Movement Ledger::capture(const Actor& actor, const CaptureRequest& r) {
  require_user(context_, actor, r.user_id);
  if (r.amount != 0) detail::validate_ledger_amount(r.amount);
  detail::validate_text("description", r.description, 500);
  const nlohmann::json request = {{"op", "capture"},
                                  {"user", r.user_id},
                                  {"hold", r.hold_id},
                                  {"amount", r.amount},
                                  {"desc", r.description}};
  return change(context_, actor, asset_, r.user_id, r.key, request, OpenLots::with_lock,
                [&](detail::Account& a) {
                  const storage::HoldRow hold = pending_hold(a, asset_, r.hold_id);
                  const std::int64_t spend = r.amount == 0 ? hold.amount : r.amount;
                  if (spend > hold.amount) {
                    throw Error(Errc::invalid_argument, "amount: more than the hold", "amount");
                  }
                  return resolve_hold(a, hold, spend, r.key, r.description);
                });
}

Movement Ledger::release(const Actor& actor, const ReleaseRequest& r) {
  require_user(context_, actor, r.user_id);
  const nlohmann::json request = {{"op", "release"}, {"user", r.user_id}, {"hold", r.hold_id}};
  return change(context_, actor, asset_, r.user_id, r.key, request, OpenLots::with_lock,
                [&](detail::Account& a) {
                  return resolve_hold(a, pending_hold(a, asset_, r.hold_id), 0, r.key, "released");
                });
}

Movement Ledger::redeem(const Actor& actor, const RedeemRequest& r) {
  require_user(context_, actor, r.user_id);
  if (asset_ != Asset::points) {
    throw Error(Errc::invalid_argument, "item_id: only points redeem catalog items", "item_id");
  }
  detail::validate_token("item_id", r.item_id, 64);
  if (r.quantity < 1 || r.quantity > 1000) {
    throw Error(Errc::invalid_argument, "quantity: must be 1..1000", "quantity");
  }
  detail::validate_text("delivery_address", r.delivery_address, 512, true);
  const nlohmann::json request = {{"op", "redeem"},
                                  {"user", r.user_id},
                                  {"item", r.item_id},
                                  {"quantity", r.quantity},
                                  {"address", r.delivery_address}};
  return change(
      context_, actor, asset_, r.user_id, r.key, request, OpenLots::with_lock,
      [&](detail::Account& a) {
        auto& catalog = a.tx().catalog();
        auto item = catalog.find(actor.tenant, r.item_id);  // locked until commit
        if (!item) throw Error(Errc::not_found, "catalog item not found", "item_id");
        if (!item->active) {
          throw Error(Errc::failed_precondition, "the catalog item is not active", "item_id");
        }
        if (item->stock < r.quantity) {
          throw Error(Errc::resource_exhausted,
                      "quantity: out of stock (" + std::to_string(item->stock) + " left)",
                      "quantity");
        }
        const std::int64_t cost = item->points_cost * r.quantity;
        const auto shares = a.debit(cost);
        storage::EntryRow entry = a.entry(EntryKind::redeem);
        entry.amount = -cost;
        entry.description = item->name;
        entry.related_data =
            nlohmann::json{{"item_id", r.item_id}, {"quantity", r.quantity}}.dump();
        entry.request_key = r.key;
        item->stock -= r.quantity;
        item->updated_at_ms = a.now_ms();
        catalog.put(*item);
        storage::RedemptionRow redemption{.tenant = actor.tenant,
                                          .redemption_id = entry.entry_id,
                                          .user_id = r.user_id,
                                          .item_id = r.item_id,
                                          .quantity = r.quantity,
                                          .points = cost,
                                          .created_at_ms = a.now_ms()};
        if (!r.delivery_address.empty()) {
          // A delivery address is personal data: sealed under the user's key.
          const auto user = a.tx().users().find_by_id(actor.tenant, r.user_id);
          redemption.delivery_address =
              detail::seal_delivery_address(context_, *user, entry.entry_id, r.delivery_address);
        }
        catalog.add_redemption(redemption);
        return a.movement(a.post(std::move(entry), shares));
      });
}

Movement Ledger::reverse(const Actor& actor, const ReverseRequest& r) {
  detail::require_permission(context_, actor, detail::ledger_permission(asset_, "reverse"));
  detail::validate_user_id("user_id", r.user_id);
  if (r.entry_id.empty()) throw Error(Errc::invalid_argument, "entry_id: is empty", "entry_id");
  detail::validate_text("entry_id", r.entry_id, 64);
  if (r.reason.empty()) throw Error(Errc::invalid_argument, "reason: is required", "reason");
  detail::validate_text("reason", r.reason, 500);
  const nlohmann::json request = {
      {"op", "reverse"}, {"user", r.user_id}, {"entry", r.entry_id}, {"reason", r.reason}};
  return change(
      context_, actor, asset_, r.user_id, r.key, request, OpenLots::with_lock,
      [&](detail::Account& a) {
        auto& store = a.tx().ledger();
        const auto original = store.find_entry(actor.tenant, r.entry_id);
        if (!original || original->user_id != r.user_id ||
            original->asset != static_cast<int>(asset_)) {
          throw Error(Errc::not_found, "entry not found", "entry_id");
        }
        if (!original->reversed_by.empty()) {
          throw Error(Errc::failed_precondition,
                      "the entry was already reversed by " + original->reversed_by, "entry_id");
        }
        const auto kind = static_cast<EntryKind>(original->kind);
        const bool refund =
            original->amount < 0 && (kind == EntryKind::use || kind == EntryKind::capture ||
                                     kind == EntryKind::redeem || kind == EntryKind::adjust);
        const bool claw_back =
            original->amount > 0 && (kind == EntryKind::earn || kind == EntryKind::adjust);
        if (!refund && !claw_back) {
          throw Error(Errc::failed_precondition,
                      "a " + std::string(to_string(kind)) + " entry cannot be reversed",
                      "entry_id");
        }
        storage::EntryRow entry = a.entry(EntryKind::reverse);
        entry.description = r.reason;
        entry.related_order = original->related_order;
        entry.request_key = r.key;
        std::vector<storage::LotShare> shares;
        auto& lots = a.lots();
        if (refund) {
          for (const auto& share : store.consumptions(actor.tenant, original->entry_id)) {
            const auto lot = store.find_lot(actor.tenant, share.lot_id);
            if (!lot) throw Error(Errc::internal, "a consumed lot is missing");
            // A lot is its earn's entry: once that was clawed back,
            // nothing returns to it.
            const auto source = store.find_entry(actor.tenant, share.lot_id);
            if (source && !source->reversed_by.empty()) continue;
            lots.refill(lots.adopt(*lot), share.amount);
            a.note_due(lot->expires_at_ms);
            shares.push_back({share.lot_id, -share.amount});
            entry.amount += share.amount;
          }
          // A redemption still returns its stock, with no points to give back.
          if (entry.amount == 0 && kind != EntryKind::redeem) {
            throw Error(Errc::failed_precondition,
                        "nothing to refund: the points came from reversed entries", "entry_id");
          }
          if (kind == EntryKind::redeem) restock(a.tx(), actor.tenant, *original, a.now_ms());
        } else {
          const auto lot = store.find_lot(actor.tenant, original->entry_id);
          if (!lot) throw Error(Errc::internal, "an earned lot is missing");
          const std::int64_t taken = lots.take_back(lots.adopt(*lot), a.now_ms());
          if (taken == 0) {
            throw Error(Errc::failed_precondition, "nothing of the entry is left to take back",
                        "entry_id");
          }
          shares.push_back({original->entry_id, taken});
          entry.amount = -taken;
        }
        store.set_reversed_by(actor.tenant, original->entry_id, entry.entry_id);
        detail::record_audit(a.tx(), context_, actor, "ledger.reverse", r.user_id,
                             {{"asset", to_string(asset_)},
                              {"entry_id", original->entry_id},
                              {"amount", entry.amount},
                              {"reason", r.reason}});
        return a.movement(a.post_reversal(std::move(entry), shares, kind));
      });
}

Movement Ledger::adjust(const Actor& actor, const AdjustRequest& r) {
  detail::require_permission(context_, actor, detail::ledger_permission(asset_, "adjust"));
  detail::validate_user_id("user_id", r.user_id);
  if (r.amount == 0) throw Error(Errc::invalid_argument, "amount: must not be zero", "amount");
  if (r.amount < -detail::kMaxLedgerAmount) {
    throw Error(Errc::invalid_argument, "amount: is too large", "amount");
  }
  detail::validate_ledger_amount(r.amount < 0 ? -r.amount : r.amount);
  if (r.reason.empty()) throw Error(Errc::invalid_argument, "reason: is required", "reason");
  detail::validate_text("reason", r.reason, 500);
  const nlohmann::json request = {
      {"op", "adjust"}, {"user", r.user_id}, {"amount", r.amount}, {"reason", r.reason}};
  return change(context_, actor, asset_, r.user_id, r.key, request,
                r.amount < 0 ? OpenLots::with_lock : OpenLots::on_demand, [&](detail::Account& a) {
                  storage::EntryRow entry = a.entry(EntryKind::adjust);
                  entry.amount = r.amount;
                  entry.event_type = "ADJUST";
                  entry.description = r.reason;
                  entry.request_key = r.key;
                  std::vector<storage::LotShare> shares;
                  if (r.amount > 0) {
                    a.credit(entry, detail::lot_expiry_ms(context_.options.points, asset_,
                                                          entry.event_type, a.now_ms()));
                  } else {
                    shares = a.debit(-r.amount);
                  }
                  detail::record_audit(a.tx(), context_, actor, "ledger.adjust", r.user_id,
                                       {{"asset", to_string(asset_)},
                                        {"amount", r.amount},
                                        {"reason", r.reason},
                                        {"entry_id", entry.entry_id}});
                  return a.movement(a.post(std::move(entry), shares));
                });
}

ExpiryReport Ledger::expire_due(const Actor& actor, std::uint32_t limit) {
  detail::require_permission(context_, actor, detail::ledger_permission(asset_, "expire"));
  if (limit < 1 || limit > 100'000) {
    throw Error(Errc::invalid_argument, "limit: must be 1..100000", "limit");
  }
  const std::int64_t now = detail::to_ms(context_.now());
  const int asset = static_cast<int>(asset_);
  // The balance row's due time covers pending holds as well as lots, and
  // settle() looks no further than it.
  const std::vector<std::string> users =
      context_.storage->read()->ledger().users_due(actor.tenant, asset, now, limit);
  ExpiryReport report;
  report.more = users.size() >= limit;
  for (const std::string& user : users) {
    auto tx = context_.storage->write();
    auto balance = tx->ledger().lock_balance(actor.tenant, user, asset);
    // Read with the account locked, as in change().
    detail::Account account(*tx, std::move(balance), asset_, detail::to_ms(context_.now()));
    const auto settled = account.settle();
    account.save();
    tx->commit();
    // An account whose due lot was spent since had nothing to settle; its
    // balance row now names its next due time.
    if (settled.holds == 0 && settled.lots == 0) continue;
    ++report.accounts;
    report.holds += settled.holds;
    report.lots += settled.lots;
    report.amount += settled.amount;
  }
  return report;
}

Summary Ledger::summary(const Actor& actor, const std::string& user_id,
                        std::chrono::seconds window) {
  require_user(context_, actor, user_id);
  // A century covers every lot; longer would overflow the time arithmetic.
  constexpr std::chrono::seconds kLongestWindow = std::chrono::hours(24 * 366 * 100);
  if (window.count() < 0) throw Error(Errc::invalid_argument, "window: is negative", "window");
  if (window > kLongestWindow) {
    throw Error(Errc::invalid_argument, "window: longer than 100 years", "window");
  }
  const std::int64_t now = detail::to_ms(context_.now());
  auto tx = context_.storage->read();
  if (!tx->users().find_by_id(actor.tenant, user_id)) {
    throw Error(Errc::not_found, "user not found", "user_id");
  }
  return detail::read_summary(
      *tx, actor.tenant, user_id, asset_, now,
      std::chrono::duration_cast<std::chrono::milliseconds>(window).count());
}

History Ledger::history(const Actor& actor, const HistoryQuery& q) {
  require_user(context_, actor, q.user_id);
  detail::validate_page(q.page);
  storage::EntryFilter filter{
      .tenant = actor.tenant, .user_id = q.user_id, .asset = static_cast<int>(asset_)};
  if (q.kind) {
    const int kind = static_cast<int>(*q.kind);
    if (kind < 0 || kind > static_cast<int>(EntryKind::reverse)) {
      throw Error(Errc::invalid_argument, "kind: unknown entry kind", "kind");
    }
    filter.kind = kind;
  }
  if (q.from) filter.from_ms = detail::to_ms(*q.from);
  if (q.to) filter.to_ms = detail::to_ms(*q.to);
  auto tx = context_.storage->read();
  auto& store = tx->ledger();
  History h;
  for (const auto& row : store.list_entries(filter, q.page.limit, q.page.offset)) {
    Entry e;
    e.entry_id = row.entry_id;
    e.kind = static_cast<EntryKind>(row.kind);
    e.amount = row.amount;
    e.frozen_change = row.frozen_change;
    e.event_type = row.event_type;
    e.description = row.description;
    e.related_order = row.related_order;
    e.hold_id = row.hold_id;
    e.created_at = detail::from_ms(row.created_at_ms);
    if (row.expires_at_ms != 0) e.expires_at = detail::from_ms(row.expires_at_ms);
    h.entries.push_back(std::move(e));
  }
  const auto totals = store.entry_totals(filter);
  h.total = totals.count;
  h.earned = totals.positive;
  h.spent = -totals.negative;
  return h;
}

}  // namespace member
