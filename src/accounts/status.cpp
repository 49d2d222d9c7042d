// Account status (A11): enable, disable, blacklist, and withdrawal.
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/validation.hpp"
#include "member/accounts.hpp"

namespace member {

void Accounts::set_status(const Actor& actor, const std::string& user_id, AccountStatus status,
                          const std::string& reason) {
  detail::require_permission(context_, actor, "accounts.set_status");
  if (status != AccountStatus::active && status != AccountStatus::disabled &&
      status != AccountStatus::blacklisted) {
    throw Error(Errc::invalid_argument,
                "status: only active, disabled or blacklisted can be set here", "status");
  }
  detail::validate_text("reason", reason, 500);
  if (status == AccountStatus::blacklisted && reason.empty()) {
    throw Error(Errc::invalid_argument, "reason: is required to blacklist", "reason");
  }
  detail::update_user(
      context_, actor, user_id,
      [&](storage::Transaction& tx, storage::UserRow& row) {
        const auto from = static_cast<AccountStatus>(row.status);
        if (from == AccountStatus::withdrawn) {
          throw Error(Errc::failed_precondition, "the account is withdrawn");
        }
        row.status = static_cast<int>(status);
        row.status_reason = reason;
        detail::record_audit(
            tx, context_, actor, "account.status.change", row.id,
            {{"from", to_string(from)}, {"to", to_string(status)}, {"reason", reason}});
      },
      {.permission_checked = true});
}

void Accounts::withdraw(const Actor& actor, const std::string& user_id,
                        const std::string& password) {
  const storage::UserRow seen =
      detail::load_user(context_, *context_.storage->read(), actor, user_id);
  if (seen.status == static_cast<int>(AccountStatus::withdrawn)) {
    throw Error(Errc::failed_precondition, "the account is already withdrawn");
  }
  detail::verify_password(context_, actor, seen, password);
  detail::update_user(
      context_, actor, user_id, [&](storage::Transaction& tx, storage::UserRow& row) {
        detail::ensure_still_verified(context_, seen, row);
        if (row.status == static_cast<int>(AccountStatus::withdrawn)) {
          throw Error(Errc::failed_precondition, "the account is already withdrawn");
        }
        row.status = static_cast<int>(AccountStatus::withdrawn);
        row.status_reason.clear();
        detail::record_audit(tx, context_, actor, "account.withdraw", row.id);
      });
}

}  // namespace member
