// Changing a password (A5).
#include "accounts/password_policy.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/validation.hpp"
#include "member/accounts.hpp"

namespace member {

void Accounts::change_password(const Actor& actor, const ChangePasswordRequest& request) {
  const std::string new_password = detail::normalize_password("new_password", request.new_password);
  detail::check_password_policy(context_.options.password_policy, "new_password", new_password);
  const storage::UserRow seen =
      detail::load_user(context_, *context_.storage->read(), actor, request.user_id);
  if (request.old_password.empty()) {
    throw Error(Errc::invalid_argument, "old_password: is empty", "old_password");
  }
  detail::validate_text("current_session_id", request.current_session_id, 64);
  detail::verify_password(context_, actor, seen, request.old_password);
  const std::string hash = context_.hasher->hash(new_password);
  detail::update_user(context_, actor, request.user_id,
                      [&](storage::Transaction& tx, storage::UserRow& row) {
                        detail::ensure_still_verified(context_, seen, row);
                        row.password_hash = hash;
                        detail::record_audit(tx, context_, actor, "account.password.change",
                                             row.id);
                      },
                      {.current_session = request.current_session_id});
}

}  // namespace member
