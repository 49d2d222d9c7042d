#include "accounts/users.hpp"

#include "accounts/lockout.hpp"
#include "accounts/password_policy.hpp"
#include "accounts/personal_data.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"

namespace member::detail {

storage::UserRow load_user(const Context& context, storage::Transaction& tx, const Actor& actor,
                           const std::string& user_id) {
  validate_user_id("user_id", user_id);
  require_access(context, actor, user_id, &tx);
  return load_user_checked(tx, actor, user_id);
}

std::optional<storage::UserRow> find_live_user(storage::Transaction& tx, const std::string& tenant,
                                               const std::string& user_id) {
  auto row = tx.users().find_by_id(tenant, user_id);
  // An erased user (A12) stays as a tombstone row without a data key.
  if (row && row->data_key.empty()) row.reset();
  return row;
}

storage::UserRow load_user_checked(storage::Transaction& tx, const Actor& actor,
                                   const std::string& user_id) {
  validate_user_id("user_id", user_id);
  auto row = find_live_user(tx, actor.tenant, user_id);
  if (!row) throw Error(Errc::not_found, "user not found", "user_id");
  return std::move(*row);
}

Profile to_profile(const Context& context, const storage::UserRow& row) {
  const PersonalData data = open_personal_data(data_key(context, row), row);
  Profile p;
  p.user_id = row.id;
  p.tenant = row.tenant;
  p.username = row.username;
  p.email = data.email;
  p.mobile = data.mobile;
  p.email_verified = row.email_verified;
  p.mobile_verified = row.mobile_verified;
  p.user_type = row.user_type;
  p.status = static_cast<AccountStatus>(row.status);
  p.status_reason = row.status_reason;
  p.nickname = data.nickname;
  p.real_name = data.real_name;
  p.gender = data.gender;
  p.birthday = data.birthday;
  p.avatar_url = data.avatar_url;
  p.region = data.region;
  p.address = data.address;
  p.preferences = data.preferences;
  p.attributes = data.attributes;
  p.failed_sign_ins = row.failed_sign_ins;
  if (row.locked_until_ms > to_ms(context.now())) p.locked_until = from_ms(row.locked_until_ms);
  p.created_at = from_ms(row.created_at_ms);
  p.updated_at = from_ms(row.updated_at_ms);
  return p;
}

std::vector<std::string> store_user_change(storage::Transaction& tx, const Context& context,
                                           const Actor& actor, int status_before,
                                           const std::string& hash_before, storage::UserRow& row,
                                           const std::string& current_session) {
  // An account that is not active has no sessions; revoking again is a
  // no-op, so this also covers changes between inactive states.
  std::vector<std::string> revoked;
  const auto status = static_cast<AccountStatus>(row.status);
  if (status != AccountStatus::active && row.status != status_before) {
    revoked =
        revoke_sessions(tx, context, actor, row.id, "account " + std::string(to_string(status)));
  } else if (row.password_hash != hash_before) {
    revoked = revoke_sessions(tx, context, actor, row.id, "password changed",
                              {.except_id = current_session});
  }
  row.updated_at_ms = to_ms(context.now());
  tx.users().update(row);
  return revoked;
}

void verify_password(const Context& context, const Actor& actor, const storage::UserRow& row,
                     const std::string& password) {
  const std::string normalized = normalize_password("password", password);
  if (is_locked(lock_state(row), to_ms(context.now()))) {
    throw Error::locked_until(from_ms(row.locked_until_ms));
  }
  if (!row.password_hash.empty() && context.hasher->verify(normalized, row.password_hash)) return;
  auto tx = context.storage->write();
  // Counted on the row as it is now: concurrent failures are all counted.
  if (auto current = tx->users().find_by_id(row.tenant, row.id)) {
    count_failed_check(*tx, context, actor, *current);
    tx->commit();
  }
  throw Error(Errc::unauthenticated, "invalid credentials");
}

void count_failed_check(storage::Transaction& tx, const Context& context, const Actor& actor,
                        storage::UserRow& row) {
  const auto now = to_ms(context.now());
  const LockState state = after_failure(context.options.lockout, lock_state(row), now);
  const bool locked_now = state.lockouts > row.lockouts;
  set_lock_state(row, state);
  row.updated_at_ms = now;
  tx.users().update(row);
  if (locked_now) {
    record_audit(tx, context, actor, "account.lock", row.id,
                 {{"lockout", state.lockouts}, {"locked_until_ms", state.locked_until_ms}});
  }
}

void ensure_still_verified(const Context& context, const storage::UserRow& seen,
                           const storage::UserRow& current) {
  if (is_locked(lock_state(current), to_ms(context.now()))) {
    throw Error::locked_until(from_ms(current.locked_until_ms));
  }
  if (seen.password_hash != current.password_hash) {
    throw Error(Errc::unauthenticated, "invalid credentials");
  }
}

}  // namespace member::detail
