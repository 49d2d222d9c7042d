// Third-party identities (B3): check, bind, list, unbind.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "accounts/owner.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/sealed_field.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/ids.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "identities/provider.hpp"
#include "member/identities.hpp"

namespace member {
namespace {

constexpr std::string_view kProfileColumn = "identities.profile";

std::string row_key(const std::string& provider, const std::string& subject) {
  return provider + "|" + subject;
}

Identity to_identity(const crypto::SecretKey& key, const storage::IdentityRow& row) {
  Identity id{.user_id = row.user_id,
              .provider = row.provider,
              .subject = row.subject,
              .union_id = row.union_id,
              .bound_at = detail::from_ms(row.bound_at_ms)};
  const std::string profile = detail::open_field(
      key, {row.tenant, kProfileColumn, row_key(row.provider, row.subject)}, row.profile);
  if (!profile.empty()) {
    const auto json = nlohmann::json::parse(profile);
    id.nickname = json.value("nickname", "");
    id.avatar_url = json.value("avatar_url", "");
  }
  return id;
}

void validate_identity(const std::string& provider, const std::string& subject,
                       const std::string& union_id) {
  detail::validate_provider(provider);
  detail::validate_subject(subject);
  detail::validate_union_id(union_id);
}

/// Checks an identity to bind: provider, subject, union id and profile.
void validate_new_identity(const BindIdentityRequest& r) {
  validate_identity(r.provider, r.subject, r.union_id);
  detail::validate_text("nickname", r.nickname, 200);
  if (!r.avatar_url.empty()) detail::validate_url("avatar_url", r.avatar_url);
}

/// Binds the identity to `user` inside `tx` (whose row it holds locked).
/// Sets `created` when it is new (and records it); returns the existing
/// binding when the user holds it already; conflict when another user holds
/// the identity or its union id.
Identity attach(storage::Transaction& tx, const detail::Context& context, const Actor& actor,
                const storage::UserRow& user, const BindIdentityRequest& r, bool& created) {
  const crypto::SecretKey key = detail::data_key(context, user);
  auto& store = tx.identities();
  if (!r.union_id.empty() &&
      store.claim_union(user.tenant, r.provider, r.union_id, user.id) != user.id) {
    throw Error(Errc::conflict, "union_id: belongs to another user", "union_id");
  }
  storage::IdentityRow row{.tenant = user.tenant,
                           .provider = r.provider,
                           .subject = r.subject,
                           .user_id = user.id,
                           .union_id = r.union_id,
                           .bound_at_ms = detail::to_ms(context.now())};
  if (!r.nickname.empty() || !r.avatar_url.empty()) {
    const nlohmann::json profile = {{"nickname", r.nickname}, {"avatar_url", r.avatar_url}};
    row.profile = detail::seal_field(
        key, {row.tenant, kProfileColumn, row_key(r.provider, r.subject)}, profile.dump());
  }
  if (!store.insert(row)) {
    const auto held = store.find(user.tenant, r.provider, r.subject);
    if (held && held->user_id == user.id) return to_identity(key, *held);
    throw Error(Errc::conflict, "subject: the identity belongs to another user", "subject");
  }
  created = true;
  detail::record_audit(tx, context, actor, "identity.bind", user.id, {{"provider", r.provider}});
  return to_identity(key, row);
}

/// The user id an anonymous bind proves with a password sign-in, or the one
/// named for any other actor (whose access load_active_owner checks).
std::pair<Actor, std::string> binding_owner(Accounts& accounts, const Actor& actor,
                                            const BindIdentityRequest& r) {
  if (actor.kind != ActorKind::anonymous) {
    if (!r.identifier.empty() || !r.password.empty()) {
      throw Error(Errc::invalid_argument,
                  "identifier: only an anonymous actor binds with a password", "identifier");
    }
    return {actor, r.user_id};
  }
  if (!r.user_id.empty()) {
    throw Error(Errc::permission_denied,
                "an anonymous actor binds by identifier and password, not by user id");
  }
  const SignInResult signed_in = accounts.sign_in(actor, {.identifier = r.identifier,
                                                          .password = r.password,
                                                          .device_id = r.device_id,
                                                          .platform = r.platform,
                                                          .ip = r.ip});
  return {Actor::user(signed_in.user_id, actor.tenant), signed_in.user_id};
}

}  // namespace

IdentityStatus Identities::check(const Actor& actor, const std::string& provider,
                                 const std::string& subject, const std::string& union_id) {
  detail::require_tenant(context_, actor);
  validate_identity(provider, subject, union_id);
  auto tx = context_.storage->read();
  std::optional<storage::IdentityRow> row = tx->identities().find(actor.tenant, provider, subject);
  if (!row && !union_id.empty()) {
    auto same_person = tx->identities().find_by_union(actor.tenant, provider, union_id);
    if (!same_person.empty()) row = std::move(same_person.front());
  }
  IdentityStatus status;
  status.registered = row.has_value();
  if (row && actor.may_act_for(row->user_id)) status.user_id = row->user_id;
  return status;
}

Identity Identities::bind(const Actor& actor, const BindIdentityRequest& r) {
  detail::require_tenant(context_, actor);
  validate_new_identity(r);
  const auto [owner_actor, user_id] = binding_owner(accounts_, actor, r);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, owner_actor, user_id);
  bool created = false;
  Identity identity = attach(*tx, context_, owner_actor, user, r, created);
  if (created) tx->commit();
  return identity;
}

std::string Identities::register_user(const Actor& actor, const RegisterIdentityRequest& r) {
  detail::require_tenant(context_, actor);
  if (actor.kind == ActorKind::user) {
    throw Error(Errc::permission_denied, "a signed-in user cannot register another account");
  }
  const BindIdentityRequest identity{.provider = r.provider,
                                     .subject = r.subject,
                                     .union_id = r.union_id,
                                     .nickname = r.nickname,
                                     .avatar_url = r.avatar_url};
  validate_new_identity(identity);
  const auto& types = context_.options.user_types;
  const std::string user_type = r.user_type.empty() ? types.front() : r.user_type;
  if (std::find(types.begin(), types.end(), user_type) == types.end()) {
    throw Error(Errc::invalid_argument, "user_type: not one of the configured user types",
                "user_type");
  }
  storage::UserRow user{.tenant = actor.tenant,
                        .id = detail::new_user_id(),
                        .user_type = user_type,
                        .status = static_cast<int>(AccountStatus::active)};
  user.created_at_ms = user.updated_at_ms = detail::to_ms(context_.now());
  detail::PersonalData data;
  data.nickname = r.nickname;
  data.avatar_url = r.avatar_url;
  detail::seal_personal_data(detail::new_data_key(context_, user), data, user);

  auto tx = context_.storage->write();
  if (!tx->tenants().exists(actor.tenant)) {
    throw Error(Errc::not_found, "tenant not found", "tenant");
  }
  tx->users().insert(user);
  detail::record_audit(*tx, context_, actor, "account.register", user.id,
                       {{"user_type", user_type}, {"via", r.provider}});
  bool created = false;
  attach(*tx, context_, actor, user, identity, created);
  if (!created) {
    throw Error(Errc::conflict, "subject: the identity is already registered", "subject");
  }
  tx->commit();
  return user.id;
}

std::vector<Identity> Identities::list(const Actor& actor, const std::string& user_id) {
  return detail::read_owned(
      context_, actor, user_id,
      [&](storage::Transaction& tx, const storage::UserRow& user) {
        return tx.identities().of_user(actor.tenant, user.id);
      },
      to_identity);
}

void Identities::unbind(const Actor& actor, const std::string& user_id, const std::string& provider,
                        const std::string& subject) {
  validate_identity(provider, subject, {});
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, user_id);
  const auto held = tx->identities().of_user(actor.tenant, user.id);
  const auto target = std::find_if(held.begin(), held.end(), [&](const storage::IdentityRow& row) {
    return row.provider == provider && row.subject == subject;
  });
  if (target == held.end()) {
    throw Error(Errc::not_found, "subject: is not bound to this user", "subject");
  }
  if (held.size() == 1 && !detail::can_sign_in_with_password(user)) {
    throw Error(Errc::failed_precondition, "the identity is the account's only way to sign in");
  }
  tx->identities().remove(actor.tenant, provider, subject, user.id);
  const auto shares_union = [&](const storage::IdentityRow& row) {
    return &row != &*target && row.provider == provider && row.union_id == target->union_id;
  };
  if (!target->union_id.empty() && std::none_of(held.begin(), held.end(), shares_union)) {
    tx->identities().release_union(actor.tenant, provider, target->union_id);
  }
  detail::record_audit(*tx, context_, actor, "identity.unbind", user.id, {{"provider", provider}});
  tx->commit();
}

}  // namespace member
