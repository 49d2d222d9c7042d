#include "loyalty/order_payload.hpp"

#include <nlohmann/json.hpp>

#include "core/time.hpp"
#include "crypto/hmac.hpp"

namespace member {

std::string canonical_payload(const OrderEvent& e) {
  // nlohmann::json keeps object keys sorted, so dump() is canonical.
  nlohmann::json items = nlohmann::json::array();
  for (const OrderItem& item : e.items) {
    items.push_back({{"product_id", item.product_id},
                     {"category", item.category},
                     {"quantity", item.quantity},
                     {"price", item.price}});
  }
  return nlohmann::json{{"event_type", e.event_type},
                        {"user_id", e.user_id},
                        {"order_id", e.order_id},
                        {"amount", e.amount},
                        {"refund_id", e.refund_id},
                        {"items", items},
                        {"payment_time", detail::to_ms(e.payment_time)},
                        {"timestamp", detail::to_ms(e.timestamp)}}
      .dump();
}

std::string sign_order_event(const std::string& secret, const OrderEvent& event) {
  return crypto::to_hex(crypto::hmac_sha256(secret, canonical_payload(event)));
}

namespace detail {

bool signature_valid(const std::string& secret, const OrderEvent& event) {
  const auto expected = crypto::hmac_sha256(secret, canonical_payload(event));
  const auto given = crypto::from_hex(event.signature);
  return given && crypto::constant_time_equal(*given, expected);
}

}  // namespace detail
}  // namespace member
