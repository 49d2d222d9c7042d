#include "loyalty/order_payload.hpp"

#include <botan/hex.h>
#include <botan/mac.h>
#include <botan/mem_ops.h>

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace member {
namespace {

std::vector<std::uint8_t> hmac(const std::string& secret, const std::string& payload) {
  auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  mac->set_key(reinterpret_cast<const std::uint8_t*>(secret.data()), secret.size());
  mac->update(reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size());
  const auto tag = mac->final();
  return {tag.begin(), tag.end()};
}

}  // namespace

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
  const auto tag = hmac(secret, canonical_payload(event));
  return Botan::hex_encode(tag.data(), tag.size(), false);
}

namespace detail {

bool signature_valid(const std::string& secret, const OrderEvent& event) {
  const auto expected = hmac(secret, canonical_payload(event));
  if (event.signature.size() != expected.size() * 2) return false;
  std::vector<std::uint8_t> given;
  try {
    given = Botan::hex_decode(event.signature, false);
  } catch (const std::exception&) {
    return false;
  }
  return given.size() == expected.size() &&
         Botan::constant_time_compare(given.data(), expected.data(), expected.size());
}

}  // namespace detail
}  // namespace member
