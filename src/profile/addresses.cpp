// Addresses (A8): CRUD with one default per user. Every change locks the
// user's row first, so the default rule holds under concurrent changes on
// every backend (and a unique index backs it in the database).
#include <nlohmann/json.hpp>
#include <vector>

#include "accounts/owner.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/sealed_field.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "crypto/random.hpp"
#include "member/addresses.hpp"
#include "profile/address_fields.hpp"

namespace member {
namespace {

constexpr std::string_view kDataColumn = "addresses.data";
constexpr std::string_view kIdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

void validate_address_id(const std::string& address_id) {
  detail::validate_token("address_id", address_id, 64);
}

Address to_address(const crypto::SecretKey& key, const storage::AddressRow& row) {
  Address a;
  a.address_id = row.address_id;
  a.user_id = row.user_id;
  a.is_default = row.is_default;
  a.created_at = detail::from_ms(row.created_at_ms);
  a.updated_at = detail::from_ms(row.updated_at_ms);
  detail::address_from_json(
      detail::open_field(key, {row.tenant, kDataColumn, row.address_id}, row.data), a);
  return a;
}

void seal(const crypto::SecretKey& key, const Address& a, storage::AddressRow& row) {
  row.data = detail::seal_field(key, {row.tenant, kDataColumn, row.address_id},
                                detail::address_to_json(a));
}

/// The user's address `address_id`, or not_found.
storage::AddressRow owned(storage::Transaction& tx, const std::string& tenant,
                          const std::string& user_id, const std::string& address_id) {
  auto row = tx.addresses().find(tenant, address_id);
  if (!row || row->user_id != user_id) {
    throw Error(Errc::not_found, "address_id: the user has no such address", "address_id");
  }
  return std::move(*row);
}

}  // namespace

Address Addresses::add(const Actor& actor, const Address& address) {
  detail::validate_address(address);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, address.user_id);
  const auto existing = tx->addresses().of_user(actor.tenant, user.id);
  if (existing.size() >= kMaxPerUser) {
    throw Error(Errc::resource_exhausted, "the user has the most addresses allowed");
  }
  const std::int64_t now = detail::to_ms(context_.now());
  storage::AddressRow row{.tenant = actor.tenant,
                          .address_id = "adr_" + crypto::random_string(kIdAlphabet, 20),
                          .user_id = user.id,
                          .is_default = address.is_default || existing.empty(),
                          .created_at_ms = now,
                          .updated_at_ms = now};
  const crypto::SecretKey key = detail::data_key(context_, user);
  seal(key, address, row);
  if (row.is_default) tx->addresses().clear_default(actor.tenant, user.id);
  tx->addresses().insert(row);
  detail::record_audit(*tx, context_, actor, "address.add", user.id,
                       {{"address_id", row.address_id}, {"is_default", row.is_default}});
  tx->commit();
  return to_address(key, row);
}

Address Addresses::update(const Actor& actor, const AddressUpdate& u) {
  validate_address_id(u.address_id);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, u.user_id);
  storage::AddressRow row = owned(*tx, actor.tenant, user.id, u.address_id);
  const crypto::SecretKey key = detail::data_key(context_, user);
  Address a = to_address(key, row);
  std::vector<std::string> changed;
  const auto apply = [&](const char* name, const auto& value, auto& field) {
    if (!value) return;
    field = *value;
    changed.emplace_back(name);
  };
  apply("name", u.name, a.name);
  apply("contact_name", u.contact_name, a.contact_name);
  apply("contact_phone", u.contact_phone, a.contact_phone);
  apply("province", u.province, a.province);
  apply("city", u.city, a.city);
  apply("county", u.county, a.county);
  apply("address", u.address, a.address);
  apply("longitude", u.longitude, a.longitude);
  apply("latitude", u.latitude, a.latitude);
  apply("address_type", u.address_type, a.address_type);
  apply("is_default", u.is_default, a.is_default);
  detail::validate_address(a);
  if (a.is_default && !row.is_default) tx->addresses().clear_default(actor.tenant, user.id);
  row.is_default = a.is_default;
  row.updated_at_ms = detail::to_ms(context_.now());
  seal(key, a, row);
  tx->addresses().update(row);
  detail::record_audit(*tx, context_, actor, "address.update", user.id,
                       {{"address_id", row.address_id}, {"fields", changed}});
  tx->commit();
  return to_address(key, row);
}

void Addresses::remove(const Actor& actor, const std::string& user_id,
                       const std::string& address_id) {
  validate_address_id(address_id);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, user_id);
  const storage::AddressRow row = owned(*tx, actor.tenant, user.id, address_id);
  tx->addresses().remove(actor.tenant, address_id);
  nlohmann::json info = {{"address_id", address_id}};
  if (row.is_default) {
    auto remaining = tx->addresses().of_user(actor.tenant, user.id);  // newest first
    if (!remaining.empty()) {
      remaining.front().is_default = true;
      remaining.front().updated_at_ms = detail::to_ms(context_.now());
      tx->addresses().update(remaining.front());
      info["new_default"] = remaining.front().address_id;
    }
  }
  detail::record_audit(*tx, context_, actor, "address.remove", user.id, info);
  tx->commit();
}

Address Addresses::get(const Actor& actor, const std::string& user_id,
                       const std::string& address_id) {
  validate_address_id(address_id);
  auto tx = context_.storage->read();
  const storage::UserRow user = detail::load_user(context_, *tx, actor, user_id);
  return to_address(detail::data_key(context_, user),
                    owned(*tx, actor.tenant, user.id, address_id));
}

std::vector<Address> Addresses::list(const Actor& actor, const std::string& user_id) {
  return detail::read_owned(
      context_, actor, user_id,
      [&](storage::Transaction& tx, const storage::UserRow& user) {
        return tx.addresses().of_user(actor.tenant, user.id);
      },
      to_address);
}

}  // namespace member
