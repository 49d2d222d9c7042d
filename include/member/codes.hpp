// Verification codes (REQUIREMENTS A6; seeds 003, 004).
//
// Six-digit codes sent by SMS or email for four purposes: registration, code
// sign-in, password reset and contact change. A code is drawn uniformly from
// the operating system's CSPRNG, stored only as a keyed hash (HMAC-SHA256
// under a key wrapped by the master key) next to the blind index of its
// destination, never the destination itself. It is single-use, valid for
// CodePolicy::lifetime (5 minutes), dies after CodePolicy::max_attempts (5)
// wrong tries, and a new code for the same purpose and destination is
// refused for CodePolicy::resend_interval (60 s) after the last one, with
// Error::retry_at() saying when. A new code replaces the previous one.
//
// member never sends messages itself: it hands each code to the host's
// CodeNotifier (Options::code_notifier). Without one, codes go to an outbox
// the host reads (Codes::outbox) and acknowledges (Codes::acknowledge); the
// outbox row holds the destination and the code encrypted (AES-256-GCM under
// a key wrapped by the master key) and is deleted on acknowledgement.
//
// Code sign-in and password reset answer the same whether or not an account
// has the destination: a code is made and stored either way, and only
// delivered when an active account has it; verifying answers
// Errc::unauthenticated "verification code refused" for every failure.
//
// Obtain the service from member::System::codes(). It is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "member/accounts.hpp"
#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"
#include "member/page.hpp"
#include "member/sessions.hpp"

namespace member {

namespace detail {
struct CodeKeys;
}

/// What a code is for. The numbers are stable (stored, and used by the C ABI).
enum class CodePurpose : int {
  registration = 0,    ///< registering an account with this email or mobile
  sign_in = 1,         ///< signing in without a password
  password_reset = 2,  ///< setting a new password without the old one
  contact_change = 3,  ///< proving a new email or mobile of a signed-in user
};
MEMBER_EXPORT std::string_view to_string(CodePurpose purpose) noexcept;

/// How a code travels: SMS to a mobile number, or email.
enum class CodeChannel : int { sms = 0, email = 1 };
MEMBER_EXPORT std::string_view to_string(CodeChannel channel) noexcept;

/// A request for a code. `destination` is an email address (channel email)
/// or a mobile number (channel sms). `user_id` is required for
/// contact_change (the user whose contact changes) and must be empty
/// otherwise.
struct SendCodeRequest {
  CodePurpose purpose = CodePurpose::sign_in;
  CodeChannel channel = CodeChannel::sms;
  std::string destination;
  std::string user_id;
};

/// What a send answers (seed 003: expires_in 300, retry_after 60). The same
/// for an unknown destination as for a known one.
struct CodeSent {
  TimePoint expires_at;  ///< when the code stops being valid
  TimePoint resend_at;   ///< the earliest time another code may be sent
};

/// A code as handed to the host for delivery (also an outbox entry). It
/// holds the destination and the code: the host must send it and then
/// forget it, and must never log it.
struct CodeMessage {
  std::string id;  ///< unique; acknowledge the outbox entry by it
  std::string tenant;
  CodePurpose purpose = CodePurpose::sign_in;
  CodeChannel channel = CodeChannel::sms;
  std::string destination;  ///< normalised: lower-case email or E.164 mobile
  std::string code;         ///< six digits
  TimePoint created_at;
  TimePoint expires_at;
};

/// The host's delivery service (Options::code_notifier). deliver() is called
/// once per code that is to be delivered, after the code was stored, from
/// the thread that asked for it and outside any database transaction. It
/// should hand the message to a queue rather than send it synchronously, so
/// that the time a send takes does not tell whether an account exists. When
/// it throws, the code is withdrawn (another one may be asked for at once)
/// and the exception reaches the caller of Codes::send.
class MEMBER_EXPORT CodeNotifier {
 public:
  virtual ~CodeNotifier();
  virtual void deliver(const CodeMessage& message) = 0;
};

/// Registration with a code (seed 003 1.1): the account of `account`, whose
/// email (channel email) or mobile (channel sms) received `code` for
/// CodePurpose::registration; that contact is marked verified.
struct CodeRegisterRequest {
  RegisterRequest account;
  CodeChannel channel = CodeChannel::sms;
  std::string code;
};

/// Code sign-in (seed 003 1.3, seed 004 /login/code) on a device.
struct CodeSignInRequest {
  CodeChannel channel = CodeChannel::sms;
  std::string destination;
  std::string code;
  std::string device_id;
  std::string device_type;
  std::string device_name;
  std::string platform;
  std::string app_version;
  std::string ip;
};

/// Password reset by code (seed 003 1.4).
struct CodeResetRequest {
  CodeChannel channel = CodeChannel::sms;
  std::string destination;
  std::string code;
  std::string new_password;
};

/// A change of a user's email (channel email) or mobile (channel sms) to
/// `new_value`, proven by the code sent to the new address or by the
/// current password, as CodePolicy::contact_change says.
struct ContactChangeRequest {
  std::string user_id;
  CodeChannel channel = CodeChannel::email;
  std::string new_value;
  std::string code;      ///< when the policy asks for a code
  std::string password;  ///< when the policy asks for the password
};

class MEMBER_EXPORT Codes {
 public:
  /// Makes a code for the request's purpose and destination, stores its
  /// keyed hash, and delivers it (notifier or outbox). Registration codes go
  /// to any well-formed destination; sign-in and reset codes are delivered
  /// only when an active account has the destination, and otherwise answer
  /// the same without delivering anything; contact-change codes need access
  /// to user_id (the user or staff) and a destination no other account has
  /// (conflict). Throws invalid_argument naming the field,
  /// resource_exhausted with Error::retry_at() within the resend interval.
  /// Audit: "code.send" (purpose and channel; never the code or destination).
  CodeSent send(const Actor& actor, const SendCodeRequest& request);

  /// Registers the account after checking the registration code sent to its
  /// email or mobile, which is stored as verified (in one transaction with
  /// consuming the code). Returns the public user id. Throws
  /// unauthenticated "verification code refused" for a wrong, expired, used
  /// or dead code, and what Accounts::register_user throws. Audit:
  /// "code.verify" or "code.fail", and "account.register".
  std::string register_user(const Actor& actor, const CodeRegisterRequest& request);

  /// Signs in with a code and opens a session as Sessions::sign_in does
  /// (method "code"): the attempt is written to the login log, a locked
  /// account throws locked with Error::retry_at(), and a wrong code counts
  /// as a failed sign-in for the lockout. Any other failure (unknown
  /// destination, wrong or expired code, inactive account) throws
  /// unauthenticated. Audit: "code.verify" / "code.fail", "session.open".
  SessionSignIn sign_in(const Actor& actor, const CodeSignInRequest& request);

  /// Sets a new password after checking the reset code; the password must
  /// pass the policy (invalid_argument "new_password"). Ends all the user's
  /// sessions and clears a sign-in lock. Answers unauthenticated "verification
  /// code refused" alike for unknown destinations and bad codes. Audit:
  /// "code.verify" / "code.fail", "account.password.reset", "session.revoke".
  void reset_password(const Actor& actor, const CodeResetRequest& request);

  /// Changes the user's email or mobile to the new value, proven as
  /// CodePolicy::contact_change says (the code sent to the new address for
  /// CodePurpose::contact_change, or the current password), and marks it
  /// verified. Throws invalid_argument naming the field, unauthenticated for
  /// a refused code or password, conflict when another account has the
  /// value. Returns the new profile. Audit: "code.verify" / "code.fail",
  /// "account.email.change" / "account.mobile.change".
  Profile change_contact(const Actor& actor, const ContactChangeRequest& request);

  /// The default notifier's undelivered messages, oldest first (staff
  /// only). Empty when the host set Options::code_notifier.
  std::vector<CodeMessage> outbox(const Actor& actor, Page page = {});

  /// Removes a delivered message from the outbox (staff only), and with it
  /// the only copy of the code and destination. Throws not_found for an
  /// unknown id. Audit: "code.outbox.ack".
  void acknowledge(const Actor& actor, const std::string& message_id);

 private:
  friend class System;
  explicit Codes(detail::Context& context);
  detail::Context& context_;
  std::shared_ptr<const detail::CodeKeys> keys_;
};

}  // namespace member
