// Helpers shared by the loyalty tests (C2-C6): a System on a real database
// (a SQLite file, or a PostgreSQL schema) with a manual clock, a webhook
// secret, two members, and signed order events.
#pragma once

#include <memory>
#include <string>

#include "ledger/ledger_helpers.hpp"
#include "member/loyalty.hpp"
#include "support/postgres.hpp"

namespace member::test {

inline const std::string kWebhookSecret = "whsec-0123456789abcdefghijklmnopqrstuvwxyz";

struct LoyaltyFixture {
  TempDir dir;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(start_time());
  std::unique_ptr<System> sys;
  std::string alice;
  std::string bob;

  /// On the SQLite file of `dir`, or on `conninfo` (PostgreSQL) when given.
  explicit LoyaltyFixture(const std::string& conninfo = {}) {
    Options o = file_options(dir, clock);
    o.durability = Durability::normal;
    if (!conninfo.empty()) {
      o.database = conninfo;
      o.master_key = kTestMasterKey;
    }
    sys = std::make_unique<System>(std::move(o));
    loyalty().set_webhook_secret(kAdmin, kWebhookSecret);
    alice = sys->accounts().register_user(Actor::anonymous(), with_username("alice"));
    bob = sys->accounts().register_user(Actor::anonymous(), with_username("bob"));
  }

  std::string db() const { return dir.file("member.db"); }
  Loyalty& loyalty() { return sys->loyalty(); }
  TimePoint now() const { return clock->now(); }

  /// An ORDER_COMPLETED event for `amount` minor units, signed.
  OrderEvent completed(const std::string& user, const std::string& order, std::int64_t amount) {
    OrderEvent e;
    e.event_type = "ORDER_COMPLETED";
    e.user_id = user;
    e.order_id = order;
    e.amount = amount;
    e.items = {{"P123", "electronics", 1, amount}};
    e.payment_time = now();
    e.timestamp = now();
    e.signature = sign_order_event(kWebhookSecret, e);
    return e;
  }

  /// An ORDER_REFUNDED event for `amount` minor units, signed.
  OrderEvent refunded(const std::string& user, const std::string& order, const std::string& refund,
                      std::int64_t amount) {
    OrderEvent e;
    e.event_type = "ORDER_REFUNDED";
    e.user_id = user;
    e.order_id = order;
    e.refund_id = refund;
    e.amount = amount;
    e.timestamp = now();
    e.signature = sign_order_event(kWebhookSecret, e);
    return e;
  }

  OrderOutcome apply(const OrderEvent& e) {
    return loyalty().apply_order_event(Actor::service("orders"), e);
  }
  OrderOutcome order(const std::string& user, const std::string& id, std::int64_t amount) {
    return apply(completed(user, id, amount));
  }
  MemberProfile profile(const std::string& user) { return loyalty().profile(kAdmin, user); }
  std::int64_t available(const std::string& user) {
    return sys->points().summary(kAdmin, user).available;
  }
};

}  // namespace member::test
