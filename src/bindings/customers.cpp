// Customer bindings (B1): a user's links to insurance core customer ids.
#include <nlohmann/json.hpp>

#include "accounts/owner.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/sealed_field.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "member/bindings.hpp"

namespace member {
namespace {

constexpr std::string_view kDisplayColumn = "customer_bindings.display";

void validate_customer_id(const std::string& customer_id) {
  detail::validate_token("customer_id", customer_id, 64);
}

CustomerBinding to_binding(const crypto::SecretKey& key, const storage::CustomerBindingRow& row) {
  CustomerBinding b{.user_id = row.user_id,
                    .customer_id = row.customer_id,
                    .bound_at = detail::from_ms(row.bound_at_ms)};
  const std::string display =
      detail::open_field(key, {row.tenant, kDisplayColumn, row.customer_id}, row.display);
  if (!display.empty()) {
    const auto json = nlohmann::json::parse(display);
    b.customer_name = json.value("customer_name", "");
    b.certificate_type = json.value("certificate_type", "");
  }
  return b;
}

std::int64_t bound_at_ms(const detail::Context& context, const std::optional<TimePoint>& at) {
  const std::int64_t now = detail::to_ms(context.now());
  if (!at) return now;
  const std::int64_t ms = detail::to_ms(*at);
  if (ms < 0 || ms > now) {
    throw Error(Errc::invalid_argument, "bound_at: must be between 1970 and now", "bound_at");
  }
  return ms;
}

}  // namespace

CustomerBinding Bindings::bind_customer(const Actor& actor, const BindCustomerRequest& r) {
  validate_customer_id(r.customer_id);
  detail::validate_text("customer_name", r.customer_name, 200);
  if (!r.certificate_type.empty()) {
    detail::validate_token("certificate_type", r.certificate_type, 32);
  }
  const std::int64_t at = bound_at_ms(context_, r.bound_at);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, r.user_id);
  const crypto::SecretKey key = detail::data_key(context_, user);
  storage::CustomerBindingRow row{
      .tenant = actor.tenant, .customer_id = r.customer_id, .user_id = user.id, .bound_at_ms = at};
  if (!r.customer_name.empty() || !r.certificate_type.empty()) {
    const nlohmann::json display = {{"customer_name", r.customer_name},
                                    {"certificate_type", r.certificate_type}};
    row.display =
        detail::seal_field(key, {row.tenant, kDisplayColumn, row.customer_id}, display.dump());
  }
  if (!tx->bindings().insert_customer(row)) {
    const auto held = tx->bindings().find_customer(actor.tenant, r.customer_id);
    if (held && held->user_id == user.id) return to_binding(key, *held);
    throw Error(Errc::conflict, "customer_id: is bound to another user", "customer_id");
  }
  detail::record_audit(*tx, context_, actor, "binding.customer.bind", user.id,
                       {{"customer_id", r.customer_id}});
  tx->commit();
  return to_binding(key, row);
}

std::vector<CustomerBinding> Bindings::customers(const Actor& actor, const std::string& user_id) {
  return detail::read_owned(
      context_, actor, user_id,
      [&](storage::Transaction& tx, const storage::UserRow& user) {
        return tx.bindings().customers_of(actor.tenant, user.id);
      },
      to_binding);
}

void Bindings::unbind_customer(const Actor& actor, const std::string& user_id,
                               const std::string& customer_id) {
  validate_customer_id(customer_id);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, user_id);
  if (!tx->bindings().remove_customer(actor.tenant, customer_id, user.id)) {
    throw Error(Errc::not_found, "customer_id: is not bound to this user", "customer_id");
  }
  detail::record_audit(*tx, context_, actor, "binding.customer.unbind", user.id,
                       {{"customer_id", customer_id}});
  tx->commit();
}

}  // namespace member
