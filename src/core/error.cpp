#include "member/error.hpp"

namespace member {

std::string_view to_string(Errc code) noexcept {
  switch (code) {
    case Errc::ok:
      return "ok";
    case Errc::invalid_argument:
      return "invalid_argument";
    case Errc::not_found:
      return "not_found";
    case Errc::conflict:
      return "conflict";
    case Errc::unauthenticated:
      return "unauthenticated";
    case Errc::locked:
      return "locked";
    case Errc::permission_denied:
      return "permission_denied";
    case Errc::failed_precondition:
      return "failed_precondition";
    case Errc::resource_exhausted:
      return "resource_exhausted";
    case Errc::storage:
      return "storage";
    case Errc::schema_too_new:
      return "schema_too_new";
    case Errc::key_error:
      return "key_error";
    case Errc::busy:
      return "busy";
    case Errc::internal:
      return "internal";
    case Errc::insufficient_points:
      return "insufficient_points";
    case Errc::insufficient_funds:
      return "insufficient_funds";
  }
  return "unknown";
}

Error::Error(Errc code, std::string message, std::string field)
    : std::runtime_error(std::move(message)), code_(code), field_(std::move(field)) {}

Error Error::locked_until(std::chrono::system_clock::time_point retry_at) {
  Error error(Errc::locked, "account is temporarily locked after repeated failed sign-ins");
  error.retry_at_ = retry_at;
  return error;
}

Error Error::insufficient(Errc code, std::int64_t shortage) {
  Error error(code, "amount: not enough available, short by " + std::to_string(shortage), "amount");
  error.shortage_ = shortage;
  return error;
}

Error Error::not_before(Errc code, std::string message,
                        std::chrono::system_clock::time_point retry_at) {
  Error error(code, std::move(message));
  error.retry_at_ = retry_at;
  return error;
}

}  // namespace member
