// The profile (A7): read, update, and change of login identifiers.
#include <vector>

#include "accounts/identifiers.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/profile_fields.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "member/accounts.hpp"

namespace member {

Profile Accounts::profile(const Actor& actor, const std::string& user_id) {
  auto tx = context_.storage->read();
  return detail::to_profile(context_, detail::load_user(context_, *tx, actor, user_id));
}

Profile Accounts::update_profile(const Actor& actor, const ProfileUpdate& update) {
  const auto updated = detail::update_user(
      context_, actor, update.user_id, [&](storage::Transaction& tx, storage::UserRow& row) {
        const crypto::SecretKey key = detail::data_key(context_, row);
        detail::PersonalData data = detail::open_personal_data(key, row);
        detail::ProfileFields fields{context_, data};
        std::vector<std::string> changed;
        const auto apply = [&](const char* name, const auto& value, auto setter) {
          if (!value) return;
          (fields.*setter)(*value);
          changed.emplace_back(name);
        };
        apply("nickname", update.nickname, &detail::ProfileFields::nickname);
        apply("real_name", update.real_name, &detail::ProfileFields::real_name);
        apply("gender", update.gender, &detail::ProfileFields::gender);
        apply("birthday", update.birthday, &detail::ProfileFields::birthday);
        apply("avatar_url", update.avatar_url, &detail::ProfileFields::avatar_url);
        apply("region", update.region, &detail::ProfileFields::region);
        apply("address", update.address, &detail::ProfileFields::address);
        apply("preferences", update.preferences, &detail::ProfileFields::preferences);
        apply("attributes", update.attributes, &detail::ProfileFields::attributes);
        detail::seal_personal_data(key, data, row);
        detail::record_audit(tx, context_, actor, "account.profile.update", row.id,
                             {{"fields", changed}});
      });
  return detail::to_profile(context_, updated);
}

Profile Accounts::change_identifier(const Actor& actor, const ChangeIdentifierRequest& request) {
  const int kind = static_cast<int>(request.kind);
  if (kind < 0 || kind > static_cast<int>(Identifier::mobile)) {
    throw Error(Errc::invalid_argument, "kind: unknown identifier kind", "kind");
  }
  // A user's own new email or mobile must be proven (A6): otherwise a stolen
  // access token could point the account's reset codes at another address.
  // Codes::change_contact proves it; staff may still set it here, unverified.
  if (actor.kind == ActorKind::user && request.kind != Identifier::username &&
      !request.value.empty()) {
    const std::string field(to_string(request.kind));
    throw Error(Errc::failed_precondition,
                field + ": a user changes their own " + field +
                    " with codes.change_contact, which proves the new address",
                field);
  }
  const std::string normalized = request.value.empty()
                                     ? std::string()
                                     : detail::normalize_identifier(request.kind, request.value);
  const auto updated = detail::update_user(
      context_, actor, request.user_id, [&](storage::Transaction& tx, storage::UserRow& row) {
        const crypto::SecretKey key = detail::data_key(context_, row);
        detail::PersonalData data = detail::open_personal_data(key, row);
        detail::assign_identifier(context_, row, data, request.kind, request.value, normalized);
        if (row.username_key.empty() && row.email_index.empty() && row.mobile_index.empty()) {
          throw Error(Errc::failed_precondition,
                      "an account needs at least one of username, email or mobile");
        }
        detail::ensure_available(tx, row);
        detail::seal_personal_data(key, data, row);
        detail::record_audit(tx, context_, actor,
                             "account." + std::string(to_string(request.kind)) + ".change", row.id);
      });
  return detail::to_profile(context_, updated);
}

}  // namespace member
