// Verification codes (A6): sending, and the four uses of a code.
#include "member/codes.hpp"

#include <nlohmann/json.hpp>

#include "accounts/activity.hpp"
#include "accounts/identifiers.hpp"
#include "accounts/lockout.hpp"
#include "accounts/password_policy.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/registration.hpp"
#include "accounts/unknown_identifiers.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "codes/code_rules.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "crypto/aead.hpp"
#include "crypto/random.hpp"
#include "sessions/open.hpp"

namespace member {

std::string_view to_string(CodePurpose purpose) noexcept {
  switch (purpose) {
    case CodePurpose::registration:
      return "registration";
    case CodePurpose::sign_in:
      return "sign_in";
    case CodePurpose::password_reset:
      return "password_reset";
    case CodePurpose::contact_change:
      return "contact_change";
  }
  return "unknown";
}

std::string_view to_string(CodeChannel channel) noexcept {
  switch (channel) {
    case CodeChannel::sms:
      return "sms";
    case CodeChannel::email:
      return "email";
  }
  return "unknown";
}

CodeNotifier::~CodeNotifier() = default;

namespace {

constexpr std::string_view kIdAlphabet =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

void validate_policy(const CodePolicy& p) {
  const int proof = static_cast<int>(p.contact_change);
  if (p.lifetime.count() < 1 || p.resend_interval.count() < 0 || p.max_attempts < 1 ||
      p.max_failures < 1 || p.failure_window.count() < 0 ||
      p.failure_window > std::chrono::hours(24 * 366) || proof < 0 ||
      proof > static_cast<int>(ContactChangeProof::password)) {
    throw Error(Errc::invalid_argument,
                "codes: need lifetime >= 1 s, resend_interval >= 0, max_attempts >= 1, "
                "max_failures >= 1, failure_window from 0 to 366 days and a known "
                "contact_change proof",
                "codes");
  }
}

std::string outbox_associated_data(const std::string& tenant, const std::string& id) {
  return "code_outbox|" + tenant + "|" + id;
}

/// Whether a code for `target` is delivered, and to whose account (for the
/// audit record): the rules of each purpose.
struct Recipient {
  bool deliver = false;
  std::string user_id;
};

Recipient recipient_of(storage::Transaction& tx, const Actor& actor,
                       const detail::CodeTarget& target) {
  const auto holder = detail::account_of(tx, actor.tenant, target);
  switch (target.purpose) {
    case CodePurpose::registration:
      return {true, {}};
    case CodePurpose::sign_in:
    case CodePurpose::password_reset:
      // Unknown or inactive: the same answer, nothing delivered.
      if (holder && holder->status == static_cast<int>(AccountStatus::active)) {
        return {true, holder->id};
      }
      return {false, {}};
    case CodePurpose::contact_change: {
      const auto user = tx.users().find_by_id(actor.tenant, target.user_id);
      if (!user) throw Error(Errc::not_found, "user not found", "user_id");
      detail::require_active(*user);
      if (holder && holder->id != user->id) {
        throw Error(Errc::conflict, "destination: is already taken", "destination");
      }
      return {true, user->id};
    }
  }
  return {};
}

/// Checks the sign-in lockout of a code sign-in: logs and throws locked.
class CodeSignIn {
 public:
  CodeSignIn(const detail::Context& context, const detail::CodeKeys& keys, const Actor& actor,
             const CodeSignInRequest& request)
      : context_(context), keys_(keys), actor_(actor), request_(request) {}

  SessionSignIn run() {
    detail::require_tenant(context_, actor_);
    const DeviceInfo device = detail::device_of(request_, request_);
    const auto target = detail::code_target(context_, actor_.tenant, CodePurpose::sign_in,
                                            request_.channel, request_.destination, "destination");
    detail::validate_code(request_.code);
    auto tx = context_.storage->write();
    auto user = detail::account_of(*tx, actor_.tenant, target);
    const auto now = detail::to_ms(context_.now());
    if (user && detail::is_locked(detail::lock_state(*user), now)) {
      log(*tx, &*user, SignInOutcome::locked);
      tx->commit();
      throw Error::locked_until(detail::from_ms(user->locked_until_ms));
    }
    // An unknown destination locks like an account (unknown_identifiers.hpp);
    // its key is the blind index a password sign-in at the address uses too.
    if (!user) {
      if (const auto until = detail::unknown_locked_until(*tx, actor_.tenant, target.index, now)) {
        log(*tx, nullptr, SignInOutcome::locked);
        tx->commit();
        throw Error::locked_until(detail::from_ms(until));
      }
    }
    const bool accepted = detail::consume_code(*tx, context_, keys_, actor_, target, request_.code,
                                               user ? user->id : std::string());
    if (!user) {
      if (const auto until = detail::fail_unknown(*tx, context_, actor_.tenant, target.index)) {
        log(*tx, nullptr, SignInOutcome::locked);
        tx->commit();
        throw Error::locked_until(detail::from_ms(until));
      }
      return refuse(*tx, nullptr, SignInOutcome::unknown_identifier);
    }
    if (!accepted) {
      detail::count_failed_check(*tx, context_, actor_, *user);
      return refuse(*tx, &*user, SignInOutcome::wrong_code);
    }
    const auto status = static_cast<AccountStatus>(user->status);
    if (status != AccountStatus::active) {
      return refuse(*tx, &*user, detail::sign_in_outcome(status));
    }
    if (user->failed_sign_ins != 0 || user->lockouts != 0 || user->locked_until_ms != 0) {
      detail::set_lock_state(*user, detail::after_success());
      user->updated_at_ms = now;
      tx->users().update(*user);
    }
    log(*tx, &*user, SignInOutcome::success);
    TokenPair tokens = detail::open_session(*tx, context_, actor_, *user, device, "code");
    tx->commit();
    return {.account = {.user_id = user->id,
                        .username = user->username,
                        .user_type = user->user_type,
                        .password_rehashed = false},
            .tokens = std::move(tokens)};
  }

 private:
  [[noreturn]] SessionSignIn refuse(storage::Transaction& tx, const storage::UserRow* user,
                                    SignInOutcome outcome) {
    log(tx, user, outcome);
    tx.commit();
    throw detail::code_refused();
  }

  void log(storage::Transaction& tx, const storage::UserRow* user, SignInOutcome outcome) {
    detail::log_sign_in(tx, context_, actor_.tenant, user, outcome,
                        {request_.device_id, request_.platform, request_.ip});
  }

  const detail::Context& context_;
  const detail::CodeKeys& keys_;
  const Actor& actor_;
  const CodeSignInRequest& request_;
};

}  // namespace

Codes::Codes(detail::Context& context) : context_(context) {
  validate_policy(context.options.codes);
  keys_ = std::make_shared<const detail::CodeKeys>(detail::load_code_keys(context));
}

CodeSent Codes::send(const Actor& actor, const SendCodeRequest& request) {
  detail::require_tenant(context_, actor);
  auto target = detail::code_target(context_, actor.tenant, request.purpose, request.channel,
                                    request.destination, "destination");
  if (request.purpose == CodePurpose::contact_change) {
    detail::validate_user_id("user_id", request.user_id);
    detail::require_access(context_, actor, request.user_id);
    target.user_id = request.user_id;
  } else if (!request.user_id.empty()) {
    throw Error(Errc::invalid_argument, "user_id: only for contact_change codes", "user_id");
  }
  if (request.purpose == CodePurpose::registration && actor.kind == ActorKind::user) {
    throw Error(Errc::permission_denied, "a signed-in user cannot register another account");
  }
  auto tx = context_.storage->write();
  const Recipient recipient = recipient_of(*tx, actor, target);
  const std::string code = detail::issue_code(*tx, context_, *keys_, actor.tenant, target);
  const auto now = context_.now();
  const auto& policy = context_.options.codes;
  CodeMessage message{.id = crypto::random_string(kIdAlphabet, 22),
                      .tenant = actor.tenant,
                      .purpose = target.purpose,
                      .channel = target.channel,
                      .destination = target.destination,
                      .code = code,
                      .created_at = detail::from_ms(detail::to_ms(now)),
                      .expires_at = detail::from_ms(detail::to_ms(now + policy.lifetime))};
  const bool to_outbox = recipient.deliver && !context_.options.code_notifier;
  if (to_outbox) {
    const nlohmann::json secret = {{"destination", message.destination}, {"code", message.code}};
    tx->codes().insert_outbox(
        {.tenant = actor.tenant,
         .id = message.id,
         .purpose = static_cast<int>(message.purpose),
         .channel = static_cast<int>(message.channel),
         .sealed = crypto::seal(keys_->outbox, secret.dump(),
                                outbox_associated_data(actor.tenant, message.id)),
         .created_at_ms = detail::to_ms(message.created_at),
         .expires_at_ms = detail::to_ms(message.expires_at)});
  }
  detail::record_audit(
      *tx, context_, actor, "code.send", recipient.user_id,
      {{"purpose", to_string(target.purpose)}, {"channel", to_string(target.channel)}});
  tx->commit();
  tx.reset();  // give the connection back before calling the host
  if (recipient.deliver && context_.options.code_notifier) {
    try {
      context_.options.code_notifier->deliver(message);
    } catch (...) {
      // Withdraw the undelivered code so that another may be asked for at once.
      auto undo = context_.storage->write();
      detail::withdraw_code(*undo, actor.tenant, target);
      detail::record_audit(*undo, context_, actor, "code.withdraw", recipient.user_id,
                           {{"purpose", to_string(target.purpose)}});
      undo->commit();
      throw;
    }
  }
  return {.expires_at = message.expires_at,
          .resend_at = message.created_at + policy.resend_interval};
}

std::string Codes::register_user(const Actor& actor, const CodeRegisterRequest& request) {
  detail::require_tenant(context_, actor);
  const bool by_email = request.channel == CodeChannel::email;
  const std::string& destination = by_email ? request.account.email : request.account.mobile;
  const auto target =
      detail::code_target(context_, actor.tenant, CodePurpose::registration, request.channel,
                          destination, by_email ? "email" : "mobile");
  detail::validate_code(request.code);
  storage::UserRow row = detail::prepare_user(context_, actor, request.account);
  (by_email ? row.email_verified : row.mobile_verified) = true;
  auto tx = context_.storage->write();
  if (!detail::consume_code(*tx, context_, *keys_, actor, target, request.code, row.id)) {
    tx->commit();
    throw detail::code_refused();
  }
  detail::insert_user(*tx, context_, actor, row, false);
  tx->commit();
  return row.id;
}

SessionSignIn Codes::sign_in(const Actor& actor, const CodeSignInRequest& request) {
  return CodeSignIn(context_, *keys_, actor, request).run();
}

void Codes::reset_password(const Actor& actor, const CodeResetRequest& request) {
  detail::require_tenant(context_, actor);
  const auto target = detail::code_target(context_, actor.tenant, CodePurpose::password_reset,
                                          request.channel, request.destination, "destination");
  detail::validate_code(request.code);
  const std::string password = detail::normalize_password("new_password", request.new_password);
  detail::check_password_policy(context_.options.password_policy, "new_password", password);
  // The slow hash comes first, whether or not an account has the destination.
  const std::string hash = context_.hasher->hash(password);
  auto tx = context_.storage->write();
  auto user = detail::account_of(*tx, actor.tenant, target);
  const bool accepted = detail::consume_code(*tx, context_, *keys_, actor, target, request.code,
                                             user ? user->id : std::string());
  if (!accepted || !user || user->status != static_cast<int>(AccountStatus::active)) {
    tx->commit();
    throw detail::code_refused();
  }
  const std::string hash_before = user->password_hash;
  user->password_hash = hash;
  user->failed_sign_ins = 0;
  user->lockouts = 0;
  user->locked_until_ms = 0;
  detail::record_audit(*tx, context_, actor, "account.password.reset", user->id);
  // A new password hash ends every session of the user (store_user_change).
  const auto revoked =
      detail::store_user_change(*tx, context_, actor, user->status, hash_before, *user);
  tx->commit();
  detail::remember_revoked(context_, revoked);
}

Profile Codes::change_contact(const Actor& actor, const ContactChangeRequest& request) {
  detail::require_tenant(context_, actor);
  detail::validate_user_id("user_id", request.user_id);
  detail::require_access(context_, actor, request.user_id);
  auto target = detail::code_target(context_, actor.tenant, CodePurpose::contact_change,
                                    request.channel, request.new_value, "new_value");
  target.user_id = request.user_id;
  const bool by_code = context_.options.codes.contact_change == ContactChangeProof::code;
  std::optional<storage::UserRow> seen;
  if (by_code) {
    detail::validate_code(request.code);
  } else {
    if (request.password.empty()) {
      throw Error(Errc::invalid_argument, "password: is empty", "password");
    }
    seen = detail::load_user(context_, *context_.storage->read(), actor, request.user_id);
    detail::verify_password(context_, actor, *seen,
                            request.password);  // slow: outside the transaction
  }
  auto tx = context_.storage->write();
  storage::UserRow row = detail::load_user(context_, *tx, actor, request.user_id);
  detail::require_active(row);
  if (by_code) {
    if (!detail::consume_code(*tx, context_, *keys_, actor, target, request.code, row.id)) {
      tx->commit();
      throw detail::code_refused();
    }
  } else {
    detail::ensure_still_verified(context_, *seen, row);
  }
  const Identifier kind =
      request.channel == CodeChannel::email ? Identifier::email : Identifier::mobile;
  const crypto::SecretKey key = detail::data_key(context_, row);
  detail::PersonalData data = detail::open_personal_data(key, row);
  detail::assign_identifier(context_, row, data, kind, target.destination, target.destination);
  (kind == Identifier::email ? row.email_verified : row.mobile_verified) = true;
  detail::ensure_available(*tx, row);
  detail::seal_personal_data(key, data, row);
  detail::record_audit(*tx, context_, actor, "account." + std::string(to_string(kind)) + ".change",
                       row.id, {{"proof", by_code ? "code" : "password"}, {"verified", true}});
  const auto revoked =
      detail::store_user_change(*tx, context_, actor, row.status, row.password_hash, row);
  tx->commit();
  detail::remember_revoked(context_, revoked);
  return detail::to_profile(context_, row);
}

std::vector<CodeMessage> Codes::outbox(const Actor& actor, Page page) {
  detail::require_permission(context_, actor, "codes.outbox");
  detail::validate_page(page);
  std::vector<CodeMessage> messages;
  for (const auto& row :
       context_.storage->read()->codes().list_outbox(actor.tenant, page.limit, page.offset)) {
    const auto plain =
        crypto::open(keys_->outbox, row.sealed, outbox_associated_data(row.tenant, row.id));
    const auto secret = nlohmann::json::parse(plain.begin(), plain.end());
    messages.push_back({.id = row.id,
                        .tenant = row.tenant,
                        .purpose = static_cast<CodePurpose>(row.purpose),
                        .channel = static_cast<CodeChannel>(row.channel),
                        .destination = secret.at("destination").get<std::string>(),
                        .code = secret.at("code").get<std::string>(),
                        .created_at = detail::from_ms(row.created_at_ms),
                        .expires_at = detail::from_ms(row.expires_at_ms)});
  }
  return messages;
}

void Codes::acknowledge(const Actor& actor, const std::string& message_id) {
  detail::require_permission(context_, actor, "codes.outbox");
  detail::validate_token("message_id", message_id, 64);
  auto tx = context_.storage->write();
  if (!tx->codes().delete_outbox(actor.tenant, message_id)) {
    throw Error(Errc::not_found, "outbox message not found", "message_id");
  }
  detail::record_audit(*tx, context_, actor, "code.outbox.ack", "", {{"message_id", message_id}});
  tx->commit();
}

}  // namespace member
