// Order events (C5): a signed ORDER_COMPLETED earns points through the points
// ledger and adds to the member's spend; ORDER_REFUNDED takes back the
// proportional part. Each event is one transaction, idempotent through the
// ledger's request keys.
#include <nlohmann/json.hpp>

#include "accounts/activity.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "ledger/account.hpp"
#include "ledger/expiry.hpp"
#include "ledger/idempotency.hpp"
#include "ledger/rules.hpp"
#include "loyalty/ladder.hpp"
#include "loyalty/level_rules.hpp"
#include "loyalty/order_payload.hpp"
#include "loyalty/webhook_secret.hpp"
#include "member/loyalty.hpp"

namespace member {
namespace {

constexpr std::string_view kCompleted = "ORDER_COMPLETED";
constexpr std::string_view kRefunded = "ORDER_REFUNDED";

void validate_amount(std::int64_t amount, std::string_view field) {
  if (amount < 1 || amount > detail::kMaxOrderAmount) {
    throw Error(Errc::invalid_argument, std::string(field) + ": must be 1..10^12 minor units",
                std::string(field));
  }
}

void validate_event(const OrderEvent& e) {
  if (e.event_type != kCompleted && e.event_type != kRefunded) {
    throw Error(Errc::invalid_argument, "event_type: must be ORDER_COMPLETED or ORDER_REFUNDED",
                "event_type");
  }
  detail::validate_user_id("user_id", e.user_id);
  detail::validate_token("order_id", e.order_id, 64);
  validate_amount(e.amount, "amount");
  if (e.event_type == kRefunded) {
    detail::validate_token("refund_id", e.refund_id, 64);
  } else if (!e.refund_id.empty()) {
    throw Error(Errc::invalid_argument, "refund_id: only for ORDER_REFUNDED", "refund_id");
  }
  if (e.items.size() > 1000) {
    throw Error(Errc::invalid_argument, "items: at most 1000", "items");
  }
  for (std::size_t i = 0; i < e.items.size(); ++i) {
    const std::string at = "items[" + std::to_string(i) + "].";
    const OrderItem& item = e.items[i];
    detail::validate_token(at + "product_id", item.product_id, 64);
    if (!item.category.empty()) detail::validate_token(at + "category", item.category, 64);
    if (item.quantity < 1 || item.quantity > 1'000'000) {
      throw Error(Errc::invalid_argument, at + "quantity: must be 1..1000000", at + "quantity");
    }
    if (item.price < 0 || item.price > detail::kMaxOrderAmount) {
      throw Error(Errc::invalid_argument, at + "price: out of range", at + "price");
    }
  }
}

std::string outcome_to_json(const OrderOutcome& o) {
  return nlohmann::json{{"order_id", o.order_id},
                        {"points", o.points},
                        {"unrecovered", o.points_unrecovered},
                        {"entry_id", o.entry_id},
                        {"level_changed", o.level_changed},
                        {"old_level", o.old_level},
                        {"current_level", o.current_level},
                        {"total_spent", o.total_spent},
                        {"total_orders", o.total_orders},
                        {"at", detail::to_ms(o.processed_at)}}
      .dump();
}

OrderOutcome outcome_from_json(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  OrderOutcome o;
  o.order_id = j.at("order_id").get<std::string>();
  o.points = j.at("points").get<std::int64_t>();
  o.points_unrecovered = j.at("unrecovered").get<std::int64_t>();
  o.entry_id = j.at("entry_id").get<std::string>();
  o.level_changed = j.at("level_changed").get<bool>();
  o.old_level = j.at("old_level").get<std::string>();
  o.current_level = j.at("current_level").get<std::string>();
  o.total_spent = j.at("total_spent").get<std::int64_t>();
  o.total_orders = j.at("total_orders").get<std::int64_t>();
  o.processed_at = detail::from_ms(j.at("at").get<std::int64_t>());
  o.replayed = true;
  return o;
}

/// Refuses an event whose signature is missing or wrong, or a tenant
/// without a webhook secret: all look the same to the sender.
/// Returns the tenant's settings.
storage::LoyaltySettingsRow verify_signature(const detail::Context& context,
                                             storage::Transaction& tx, const std::string& tenant,
                                             const OrderEvent& e) {
  const auto settings = tx.loyalty().settings(tenant);
  if (e.signature.empty() || !settings || settings->webhook_secret.empty() ||
      !detail::signature_valid(
          detail::open_webhook_secret(context, tenant, settings->webhook_secret), e)) {
    throw Error(Errc::unauthenticated, "the event signature is missing or wrong", "signature");
  }
  return *settings;
}

}  // namespace

OrderOutcome Loyalty::apply_order_event(const Actor& actor, const OrderEvent& e) {
  detail::require_permission(context_, actor, "loyalty.order_events");
  validate_event(e);
  const bool completed = e.event_type == kCompleted;
  auto tx = context_.storage->write();
  const auto settings = verify_signature(context_, *tx, actor.tenant, e);
  // The order id is the ledger's idempotency key for the earn; a refund has
  // its own key. The fingerprint is the whole signed payload.
  const std::string key = completed ? e.order_id : "refund:" + e.order_id + ":" + e.refund_id;
  const storage::RequestKeys keys = detail::request_keys(actor, e.user_id, key);
  const nlohmann::json request = {{"op", "order_event"}, {"payload", canonical_payload(e)}};
  const int points_asset = static_cast<int>(Asset::points);
  const std::string fingerprint = detail::fingerprint_of(request);
  // The key is looked up once the user's row is locked: a concurrent event
  // with the key for this user has committed by then.
  const auto user = tx->users().find_by_id(actor.tenant, e.user_id);
  const std::int64_t now = detail::to_ms(context_.now());  // with the user locked (ledger.cpp)
  if (auto first =
          detail::find_replay(tx->ledger(), actor.tenant, points_asset, keys, fingerprint)) {
    return outcome_from_json(*first);
  }
  if (!user) throw Error(Errc::not_found, "user not found", "user_id");
  detail::require_active(*user);
  auto& loyalty = tx->loyalty();
  const auto ladder = detail::load_ladder(*tx, actor.tenant);
  detail::Account account(*tx, actor.tenant, e.user_id, Asset::points, now);
  account.settle();
  auto member = loyalty.lock_member(detail::initial_member(ladder, *user));
  const std::size_t before = detail::current_level(ladder, member);

  OrderOutcome out;
  out.order_id = e.order_id;
  out.old_level = ladder[before].code;
  out.processed_at = detail::from_ms(now);
  storage::EntryRow entry = account.entry(completed ? EntryKind::earn : EntryKind::reverse);
  entry.related_order = e.order_id;
  entry.request_key = key;
  std::optional<storage::OrderRow> order;
  if (completed) {
    if (loyalty.find_order(actor.tenant, e.order_id)) {
      throw Error(Errc::conflict, "order_id: the order was already counted", "order_id");
    }
    const std::int64_t rate = settings.points_rate_bp;
    const std::int64_t points =
        detail::order_points(e.amount, rate, ladder[before].point_multiplier_bp);
    if (points > detail::kMaxLedgerAmount) {
      throw Error(Errc::invalid_argument, "amount: would earn too many points at once", "amount");
    }
    order = storage::OrderRow{
        actor.tenant, e.order_id, e.user_id, e.amount, 0, points, 0, detail::to_ms(e.payment_time)};
    if (points > 0) {
      entry.amount = points;
      entry.event_type = "PURCHASE";
      entry.description = "order " + e.order_id;
      entry.related_data =
          nlohmann::json{{"order_amount", e.amount},
                         {"points_rate_bp", rate},
                         {"point_multiplier_bp", ladder[before].point_multiplier_bp}}
              .dump();
      account.credit(entry, detail::lot_expiry_ms(context_.options.points, Asset::points,
                                                  entry.event_type, now));
      out.entry_id = account.post(entry, {}).entry_id;
      out.points = points;
    }
    member.total_spent += e.amount;
    member.orders += 1;
  } else {
    order = loyalty.find_order(actor.tenant, e.order_id);
    if (!order || order->user_id != e.user_id) {
      throw Error(Errc::not_found, "order not found", "order_id");
    }
    if (e.amount > order->amount - order->refunded) {
      throw Error(Errc::failed_precondition, "amount: more than is left to refund", "amount");
    }
    order->refunded += e.amount;
    const std::int64_t due =
        detail::refunded_points(order->points, order->amount, order->refunded) -
        order->points_reversed;
    const std::int64_t take = std::min(due, account.available());
    order->points_reversed += due;
    out.points_unrecovered = due - take;
    if (take > 0) {
      const auto shares = account.debit(take);
      entry.amount = -take;
      entry.description = "refund " + e.refund_id + " of order " + e.order_id;
      // Takes back what the order earned: the statistics count it so (C6).
      out.entry_id = account.post_reversal(entry, shares, EntryKind::earn).entry_id;
      out.points = -take;
    }
    member.total_spent -= e.amount;
    if (order->refunded == order->amount) member.orders -= 1;
  }
  loyalty.put_order(*order);
  account.settle_after_change();
  account.save();
  member.last_active_ms = now;
  const std::size_t earned = detail::level_for_spend(
      ladder, detail::qualifying_spend(*tx, member, settings.downgrade_window_days, now));
  if (earned > before) {
    detail::change_level(*tx, context_, actor, member, ladder, earned, detail::LevelCause::spend);
    out.level_changed = true;
  }
  // A code the ladder no longer has becomes the level it stood for.
  if (!detail::level_index(ladder, member.level_code)) member.level_code = ladder[before].code;
  out.current_level = member.level_code;
  out.total_spent = member.total_spent;
  out.total_orders = member.orders;
  loyalty.put_member(member);
  detail::record_audit(*tx, context_, actor, "loyalty.order", e.user_id,
                       {{"event_type", e.event_type},
                        {"order_id", e.order_id},
                        {"refund_id", e.refund_id},
                        {"amount", e.amount},
                        {"points", out.points}});
  if (auto first = detail::commit_with_key(*context_.storage, std::move(tx),
                                           {actor.tenant, points_asset, keys, fingerprint, now},
                                           outcome_to_json(out))) {
    return outcome_from_json(*first);
  }
  return out;
}

}  // namespace member
