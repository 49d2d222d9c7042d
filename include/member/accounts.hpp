// Accounts: registration, sign-in, passwords, profile and status
// (REQUIREMENTS A1-A5, A7, A11, H1).
//
// Obtain the service from member::System::accounts(). It is thread-safe: any
// number of threads may call it at once. Every call takes the Actor on whose
// behalf it runs; a user actor may only touch their own account.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/error.hpp"
#include "member/export.hpp"
#include "member/page.hpp"

namespace member {

namespace detail {
struct Context;
}

/// Account status (A11). Only an active account can sign in.
enum class AccountStatus : int {
  active = 0,
  disabled = 1,     ///< switched off by an admin; can be enabled again
  blacklisted = 2,  ///< barred by an admin, with a reason
  blocked = 3,      ///< blocked by reports (D1)
  withdrawn = 4,    ///< closed by the user; final
};
MEMBER_EXPORT std::string_view to_string(AccountStatus status) noexcept;

enum class Gender : int { unspecified = 0, female = 1, male = 2, other = 3 };
MEMBER_EXPORT std::string_view to_string(Gender gender) noexcept;

/// A new account (A1). At least one of username, email, mobile is required,
/// and exactly one of password or password_hash.
struct RegisterRequest {
  /// 3-32 characters: a letter, then letters, digits, '_', '.', '-'.
  /// Unique per tenant, case-insensitively.
  std::string username;
  /// An address such as ann@example.com; unique per tenant, case-insensitively.
  std::string email;
  /// E.164 (+8613800138000) or a Chinese 11-digit mobile (13800138000, which is
  /// the same number as +8613800138000); unique per tenant.
  std::string mobile;
  /// Checked against Options::password_policy.
  std::string password;
  /// A legacy hash to import as-is instead of a password (staff only):
  /// Argon2 PHC ($argon2id$...), bcrypt ($2a$/$2b$/$2y$), PBKDF2-SHA256
  /// ($pbkdf2-sha256$i=N$salt$hash or Django's pbkdf2_sha256$N$salt$hash).
  std::string password_hash;
  /// One of Options::user_types; empty means the first of them.
  std::string user_type;
  std::string nickname;
  std::string real_name;
  Gender gender = Gender::unspecified;
  std::string birthday;  ///< YYYY-MM-DD, or empty
  std::string avatar_url;
  std::string region;
  std::string address;
  std::string preferences;  ///< a JSON object, or empty for {}
  std::string attributes;   ///< custom attributes: a JSON object, or empty for {}
  /// Staff only (imports): the contact was verified by the legacy system.
  bool email_verified = false;
  bool mobile_verified = false;
};

/// One item of a batch registration (A2): created, or why not.
struct BatchResult {
  std::size_t index = 0;  ///< position in the request
  Errc code = Errc::ok;   ///< Errc::ok when created
  std::string user_id;    ///< set when created
  std::string field;      ///< the field at fault, when not created
  std::string message;    ///< why not, when not created
};

/// A sign-in attempt (A3). The identifier's form decides how it is looked up:
/// an '@' means email, a mobile number means mobile, anything else username.
/// Device, platform and IP are recorded in the login log as given.
struct SignInRequest {
  std::string identifier;
  std::string password;
  std::string device_id;
  std::string platform;
  std::string ip;
};

struct SignInResult {
  std::string user_id;
  std::string username;
  std::string user_type;
  /// True when the stored hash was replaced by one made with the current policy.
  bool password_rehashed = false;
};

struct ChangePasswordRequest {
  std::string user_id;
  std::string old_password;
  std::string new_password;
  /// The session the change is made from (AccessClaims::session_id): it
  /// stays signed in and every other session of the user ends (A5). Empty:
  /// every session ends.
  std::string current_session_id;
};

/// Profile changes (A7): only the fields that are set change; an empty string
/// clears a text field.
struct ProfileUpdate {
  std::string user_id;
  std::optional<std::string> nickname;
  std::optional<std::string> real_name;
  std::optional<Gender> gender;
  std::optional<std::string> birthday;
  std::optional<std::string> avatar_url;
  std::optional<std::string> region;
  std::optional<std::string> address;
  std::optional<std::string> preferences;  ///< replaces the JSON object
  std::optional<std::string> attributes;   ///< replaces the JSON object
};

/// Which login identifier a change applies to.
enum class Identifier : int { username = 0, email = 1, mobile = 2 };
MEMBER_EXPORT std::string_view to_string(Identifier kind) noexcept;

struct ChangeIdentifierRequest {
  std::string user_id;
  Identifier kind = Identifier::email;
  /// The new value; empty removes it (at least one identifier must remain).
  std::string value;
};

struct Profile {
  std::string user_id;
  std::string tenant;
  std::string username;
  std::string email;   ///< normalised (lower-case) form
  std::string mobile;  ///< E.164 form
  bool email_verified = false;
  bool mobile_verified = false;
  std::string user_type;
  AccountStatus status = AccountStatus::active;
  std::string status_reason;
  std::string nickname;
  std::string real_name;
  Gender gender = Gender::unspecified;
  std::string birthday;
  std::string avatar_url;
  std::string region;
  std::string address;
  std::string preferences;  ///< JSON object text
  std::string attributes;   ///< JSON object text
  std::uint32_t failed_sign_ins = 0;
  std::optional<TimePoint> locked_until;
  TimePoint created_at;
  TimePoint updated_at;
};

/// Why a sign-in attempt ended as it did. Recorded in the login log; the
/// caller only ever sees success, Errc::unauthenticated or Errc::locked.
enum class SignInOutcome : int {
  success = 0,
  unknown_identifier = 1,
  wrong_password = 2,
  locked = 3,
  disabled = 4,
  blacklisted = 5,
  blocked = 6,
  withdrawn = 7,
  invalid_request = 8,
  wrong_code = 9,  ///< a code sign-in (A6) with a wrong, expired or used code
};
MEMBER_EXPORT std::string_view to_string(SignInOutcome outcome) noexcept;

/// One login log entry (A3, F3). No identifier or password is stored.
struct LoginRecord {
  TimePoint at;
  std::string user_id;  ///< empty when the identifier matched nobody
  SignInOutcome outcome = SignInOutcome::success;
  std::string device_id;
  std::string platform;
  std::string ip;
};

class MEMBER_EXPORT Accounts {
 public:
  /// Registers one account and returns its public id. Anonymous callers may
  /// self-register; password_hash and the verified flags need a staff actor.
  /// Throws invalid_argument naming the field, conflict naming the taken
  /// identifier. Audit: "account.register".
  std::string register_user(const Actor& actor, const RegisterRequest& request);

  /// Registers many accounts (A2; staff only). Each item is validated,
  /// hashed and stored on its own: one bad item never affects the others.
  /// Returns one result per item, in order. Audit: "account.register" each.
  std::vector<BatchResult> register_batch(const Actor& actor,
                                          std::span<const RegisterRequest> requests);

  /// Signs in with username, email or mobile plus password (A3, A4). Every
  /// attempt is written to the login log. Unknown identifier, wrong password
  /// and an account that is not active all throw the same
  /// Errc::unauthenticated after about the same work; a locked account throws
  /// Errc::locked with Error::retry_at(). A legacy or weaker hash is replaced
  /// on success. Audit: "account.lock" when this attempt locks the account.
  SignInResult sign_in(const Actor& actor, const SignInRequest& request);

  /// Changes the password; needs the old one. A wrong old password is
  /// Errc::unauthenticated and counts as a failed sign-in towards the
  /// lockout (A4); a locked account is Errc::locked with Error::retry_at().
  /// The new one must satisfy the policy. Ends the user's sessions except
  /// `current_session_id`. Audit: "account.password.change".
  void change_password(const Actor& actor, const ChangePasswordRequest& request);

  /// Reads a profile ("my info", A7). Throws not_found, permission_denied.
  Profile profile(const Actor& actor, const std::string& user_id);

  /// Updates profile fields (A7) and returns the new profile.
  /// Audit: "account.profile.update" (names the fields, not their values).
  Profile update_profile(const Actor& actor, const ProfileUpdate& update);

  /// Changes the username, email or mobile, keeping it unique (conflict
  /// otherwise); the verified flag of a changed email or mobile is reset.
  /// A user may change their own username and remove their own email or
  /// mobile here; a new email or mobile of their own is failed_precondition
  /// naming the field: it goes through Codes::change_contact, which proves
  /// it (else a stolen access token could redirect the reset codes). Staff
  /// may set one here, unverified.
  /// Audit: "account.username.change" / "account.email.change" / "account.mobile.change".
  Profile change_identifier(const Actor& actor, const ChangeIdentifierRequest& request);

  /// Sets an account's status (staff only): active, disabled or blacklisted,
  /// with a reason (required for blacklisting). A withdrawn account stays
  /// withdrawn (failed_precondition). Audit: "account.status.change".
  void set_status(const Actor& actor, const std::string& user_id, AccountStatus status,
                  const std::string& reason = {});

  /// Withdraws (closes) the account; needs its password (seed 002). The
  /// account can no longer sign in; its identifiers stay reserved until the
  /// account is erased. Audit: "account.withdraw".
  void withdraw(const Actor& actor, const std::string& user_id, const std::string& password);

  /// The account's sign-in attempts, newest first.
  std::vector<LoginRecord> login_history(const Actor& actor, const std::string& user_id,
                                         Page page = {});

 private:
  friend class System;
  explicit Accounts(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
