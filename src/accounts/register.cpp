// Registration (A1) and batch registration (A2).
#include <algorithm>
#include <array>

#include "accounts/identifiers.hpp"
#include "accounts/password_policy.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/profile_fields.hpp"
#include "accounts/registration.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "crypto/password_hasher.hpp"
#include "member/accounts.hpp"

namespace member {
namespace {

constexpr std::size_t kMaxBatch = 10'000;

/// The password hash for a new account: the given password hashed, or an
/// imported legacy hash (staff only).
std::string password_hash_for(const detail::Context& context, const Actor& actor,
                              const RegisterRequest& r) {
  if (!r.password_hash.empty()) {
    if (!detail::holds_permission(context, actor, "accounts.import_hash")) {
      throw Error(Errc::permission_denied,
                  "importing a password hash needs the permission accounts.import_hash");
    }
    if (!r.password.empty()) {
      throw Error(Errc::invalid_argument, "password_hash: give a password or a hash, not both",
                  "password_hash");
    }
    if (!crypto::PasswordHasher::is_supported(r.password_hash)) {
      throw Error(Errc::invalid_argument, "password_hash: not a supported hash format",
                  "password_hash");
    }
    return r.password_hash;
  }
  const std::string password = detail::normalize_password("password", r.password);
  detail::check_password_policy(context.options.password_policy, "password", password);
  return context.hasher->hash(password);
}

}  // namespace

namespace detail {

storage::UserRow prepare_user(const detail::Context& context, const Actor& actor,
                              const RegisterRequest& r) {
  detail::require_tenant(context, actor);
  if (actor.kind == ActorKind::user) {
    throw Error(Errc::permission_denied, "a signed-in user cannot register another account");
  }
  if (r.username.empty() && r.email.empty() && r.mobile.empty()) {
    throw Error(Errc::invalid_argument,
                "identifier: at least one of username, email or mobile is required", "identifier");
  }
  if ((r.email_verified || r.mobile_verified) &&
      !detail::holds_permission(context, actor, "accounts.verified_identifiers")) {
    throw Error(Errc::permission_denied,
                "marking contacts verified needs the permission accounts.verified_identifiers");
  }
  const auto now = detail::to_ms(context.now());
  storage::UserRow row;
  row.tenant = actor.tenant;
  row.id = detail::new_user_id();
  row.created_at_ms = row.updated_at_ms = now;
  row.status = static_cast<int>(AccountStatus::active);

  detail::PersonalData data;
  const std::array<std::pair<Identifier, const std::string*>, 3> identifiers = {
      {{Identifier::username, &r.username},
       {Identifier::email, &r.email},
       {Identifier::mobile, &r.mobile}}};
  for (const auto& [kind, value] : identifiers) {
    if (value->empty()) continue;
    detail::assign_identifier(context, row, data, kind, *value,
                              detail::normalize_identifier(kind, *value));
  }
  row.email_verified = r.email_verified && !r.email.empty();
  row.mobile_verified = r.mobile_verified && !r.mobile.empty();

  const auto& types = context.options.user_types;
  row.user_type = r.user_type.empty() ? types.front() : r.user_type;
  if (std::find(types.begin(), types.end(), row.user_type) == types.end()) {
    throw Error(Errc::invalid_argument, "user_type: not one of the configured user types",
                "user_type");
  }

  detail::ProfileFields fields{context, data};
  fields.nickname(r.nickname);
  fields.real_name(r.real_name);
  fields.gender(r.gender);
  fields.birthday(r.birthday);
  fields.avatar_url(r.avatar_url);
  fields.region(r.region);
  fields.address(r.address);
  fields.preferences(r.preferences);
  fields.attributes(r.attributes);

  row.password_hash = password_hash_for(context, actor, r);
  detail::seal_personal_data(detail::new_data_key(context, row), data, row);
  return row;
}

void insert_user(storage::Transaction& tx, const Context& context, const Actor& actor,
                 const storage::UserRow& row, bool imported_hash) {
  if (!tx.tenants().exists(row.tenant)) {
    throw Error(Errc::not_found, "tenant not found", "tenant");
  }
  ensure_available(tx, row);
  tx.users().insert(row);
  record_audit(tx, context, actor, "account.register", row.id,
               {{"user_type", row.user_type}, {"imported_hash", imported_hash}});
}

}  // namespace detail

namespace {

std::string insert_user(const detail::Context& context, const Actor& actor,
                        const storage::UserRow& row, bool imported_hash) {
  auto tx = context.storage->write();
  detail::insert_user(*tx, context, actor, row, imported_hash);
  tx->commit();
  return row.id;
}

}  // namespace

std::string Accounts::register_user(const Actor& actor, const RegisterRequest& request) {
  const storage::UserRow row = detail::prepare_user(context_, actor, request);
  return insert_user(context_, actor, row, !request.password_hash.empty());
}

std::vector<BatchResult> Accounts::register_batch(const Actor& actor,
                                                  std::span<const RegisterRequest> requests) {
  detail::require_permission(context_, actor, "accounts.register_batch");
  if (requests.size() > kMaxBatch) {
    throw Error(Errc::invalid_argument, "requests: at most 10000 per batch", "requests");
  }
  std::vector<BatchResult> results;
  results.reserve(requests.size());
  for (std::size_t i = 0; i < requests.size(); ++i) {
    try {
      results.push_back({.index = i, .user_id = register_user(actor, requests[i])});
    } catch (const Error& e) {
      results.push_back({.index = i, .code = e.code(), .field = e.field(), .message = e.what()});
    }
  }
  return results;
}

}  // namespace member
