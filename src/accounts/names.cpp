// The stable names of the account enums (used in logs, JSON and the C ABI).
#include "member/accounts.hpp"

namespace member {

std::string_view to_string(AccountStatus status) noexcept {
  switch (status) {
    case AccountStatus::active:
      return "active";
    case AccountStatus::disabled:
      return "disabled";
    case AccountStatus::blacklisted:
      return "blacklisted";
    case AccountStatus::blocked:
      return "blocked";
    case AccountStatus::withdrawn:
      return "withdrawn";
  }
  return "unknown";
}

std::string_view to_string(Gender gender) noexcept {
  switch (gender) {
    case Gender::unspecified:
      return "unspecified";
    case Gender::female:
      return "female";
    case Gender::male:
      return "male";
    case Gender::other:
      return "other";
  }
  return "unknown";
}

std::string_view to_string(Identifier kind) noexcept {
  switch (kind) {
    case Identifier::username:
      return "username";
    case Identifier::email:
      return "email";
    case Identifier::mobile:
      return "mobile";
  }
  return "unknown";
}

std::string_view to_string(SignInOutcome outcome) noexcept {
  switch (outcome) {
    case SignInOutcome::success:
      return "success";
    case SignInOutcome::unknown_identifier:
      return "unknown_identifier";
    case SignInOutcome::wrong_password:
      return "wrong_password";
    case SignInOutcome::locked:
      return "locked";
    case SignInOutcome::disabled:
      return "disabled";
    case SignInOutcome::blacklisted:
      return "blacklisted";
    case SignInOutcome::blocked:
      return "blocked";
    case SignInOutcome::withdrawn:
      return "withdrawn";
    case SignInOutcome::invalid_request:
      return "invalid_request";
    case SignInOutcome::wrong_code:
      return "wrong_code";
  }
  return "unknown";
}

}  // namespace member
