// Sign-in (A3) with lockout (A4) and the login log.
//
// The slow part, the password hash, runs outside any transaction so
// sign-ins proceed in parallel. The outcome is then applied in one write
// transaction that re-reads the account, so concurrent failures are counted
// exactly and a lock set meanwhile is honoured.
#include <optional>

#include "accounts/activity.hpp"
#include "accounts/identifiers.hpp"
#include "accounts/lockout.hpp"
#include "accounts/password_policy.hpp"
#include "accounts/signed_in.hpp"
#include "accounts/unknown_identifiers.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "member/accounts.hpp"

namespace member {
namespace {

Error invalid_credentials() {
  return Error(Errc::unauthenticated, "invalid credentials");
}

/// One sign-in attempt, from lookup to the logged outcome.
class Attempt {
 public:
  Attempt(const detail::Context& context, const Actor& actor, const SignInRequest& request,
          const detail::OnSignedIn& on_signed_in)
      : context_(context), actor_(actor), request_(request), on_signed_in_(on_signed_in) {}

  SignInResult run() {
    detail::require_tenant(context_, actor_);
    detail::validate_text("device_id", request_.device_id, 128);
    detail::validate_text("platform", request_.platform, 64);
    detail::validate_text("ip", request_.ip, 64);
    std::string password;
    try {
      if (request_.identifier.empty()) {
        throw Error(Errc::invalid_argument, "identifier: is empty", "identifier");
      }
      password = detail::normalize_password("password", request_.password);
    } catch (const Error&) {
      finish(nullptr, SignInOutcome::invalid_request);
      throw;
    }

    const std::optional<storage::UserRow> user = find_user();
    const auto now = detail::to_ms(context_.now());
    if (user && detail::is_locked(detail::lock_state(*user), now)) {
      finish(&*user, SignInOutcome::locked);
      throw Error::locked_until(detail::from_ms(user->locked_until_ms));
    }
    if (!user) {
      // An unknown identifier locks like an account (unknown_identifiers.hpp).
      const auto until =
          detail::unknown_locked_until(*context_.storage->read(), actor_.tenant, key_, now);
      if (until != 0) {
        finish(nullptr, SignInOutcome::locked);
        throw Error::locked_until(detail::from_ms(until));
      }
    }
    // Unknown users are verified against a dummy hash: the same work, so
    // timing does not tell whether the identifier exists.
    // Accounts registered through an identity have no password: the same.
    const bool has_hash = user && !user->password_hash.empty();
    const std::string& hash = has_hash ? user->password_hash : context_.hasher->dummy_hash();
    const bool verified = context_.hasher->verify(password, hash) && has_hash;
    std::string upgraded;
    if (verified && context_.hasher->needs_rehash(hash)) upgraded = context_.hasher->hash(password);
    return apply(user, verified, upgraded);
  }

 private:
  std::optional<storage::UserRow> find_user() {
    const Identifier kind = detail::detect_identifier(request_.identifier);
    std::string normalized;
    try {
      normalized = detail::normalize_identifier(kind, request_.identifier);
    } catch (const Error&) {
      normalized.clear();  // malformed: cannot belong to anyone
    }
    key_ = detail::unknown_identifier_key(context_, actor_.tenant, kind, normalized,
                                          request_.identifier);
    if (normalized.empty()) return std::nullopt;
    auto tx = context_.storage->read();
    return detail::find_by_identifier(*tx, context_, actor_.tenant, kind, normalized);
  }

  SignInResult apply(const std::optional<storage::UserRow>& seen, bool verified,
                     const std::string& upgraded_hash) {
    auto tx = context_.storage->write();
    // Read again, locked; an account erased meanwhile is as unknown.
    std::optional<storage::UserRow> row;
    if (seen) row = detail::find_live_user(*tx, actor_.tenant, seen->id);
    const auto now = detail::to_ms(context_.now());
    if (!row) {
      if (const auto until = detail::fail_unknown(*tx, context_, actor_.tenant, key_)) {
        log(*tx, nullptr, SignInOutcome::locked);
        tx->commit();
        throw Error::locked_until(detail::from_ms(until));
      }
      log(*tx, nullptr, SignInOutcome::unknown_identifier);
      tx->commit();
      throw invalid_credentials();
    }
    if (detail::is_locked(detail::lock_state(*row), now)) {
      log(*tx, &*row, SignInOutcome::locked);
      tx->commit();
      throw Error::locked_until(detail::from_ms(row->locked_until_ms));
    }
    const auto status = static_cast<AccountStatus>(row->status);
    // A password changed since we verified invalidates the verification.
    const bool password_ok = verified && row->password_hash == seen->password_hash;
    if (status != AccountStatus::active || !password_ok) {
      // A wrong password counts whatever the status, so that every
      // identifier, known or not, active or not, locks alike (A3).
      if (!password_ok) detail::count_failed_check(*tx, context_, actor_, *row);
      log(*tx, &*row,
          status != AccountStatus::active ? detail::sign_in_outcome(status)
                                          : SignInOutcome::wrong_password);
      tx->commit();
      throw invalid_credentials();
    }
    const bool rehashed = !upgraded_hash.empty();
    if (rehashed || row->failed_sign_ins != 0 || row->lockouts != 0 || row->locked_until_ms != 0) {
      detail::set_lock_state(*row, detail::after_success());
      if (rehashed) row->password_hash = upgraded_hash;
      row->updated_at_ms = now;
      tx->users().update(*row);
    }
    log(*tx, &*row, SignInOutcome::success);
    if (rehashed) detail::record_audit(*tx, context_, actor_, "account.password.rehash", row->id);
    if (on_signed_in_) on_signed_in_(*tx, *row);
    tx->commit();
    return {.user_id = row->id,
            .username = row->username,
            .user_type = row->user_type,
            .password_rehashed = rehashed};
  }

  /// Logs an attempt refused before apply(), naming the account only if it
  /// still exists (not erased since it was looked up).
  void finish(const storage::UserRow* seen, SignInOutcome outcome) {
    auto tx = context_.storage->write();
    const auto row = seen ? detail::find_live_user(*tx, actor_.tenant, seen->id) : std::nullopt;
    log(*tx, row ? &*row : nullptr, outcome);
    tx->commit();
  }

  void log(storage::Transaction& tx, const storage::UserRow* row, SignInOutcome outcome) {
    detail::log_sign_in(tx, context_, actor_.tenant, row, outcome,
                        {request_.device_id, request_.platform, request_.ip});
  }

  const detail::Context& context_;
  const Actor& actor_;
  const SignInRequest& request_;
  const detail::OnSignedIn& on_signed_in_;
  storage::Bytes key_;  ///< the identifier's key for unknown_identifiers.hpp
};

}  // namespace

namespace detail {

SignInResult sign_in(const Context& context, const Actor& actor, const SignInRequest& request,
                     const OnSignedIn& on_signed_in) {
  return Attempt(context, actor, request, on_signed_in).run();
}

}  // namespace detail

SignInResult Accounts::sign_in(const Actor& actor, const SignInRequest& request) {
  return detail::sign_in(context_, actor, request, {});
}

std::vector<LoginRecord> Accounts::login_history(const Actor& actor, const std::string& user_id,
                                                 Page page) {
  detail::validate_user_id("user_id", user_id);
  detail::require_access(context_, actor, user_id);
  detail::validate_page(page);
  auto tx = context_.storage->read();
  std::vector<LoginRecord> records;
  for (auto& row : tx->logins().list(actor.tenant, user_id, page.limit, page.offset)) {
    records.push_back(detail::to_login_record(std::move(row)));
  }
  return records;
}

}  // namespace member
