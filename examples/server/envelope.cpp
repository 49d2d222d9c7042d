#include "envelope.hpp"

#include <chrono>

#include "api/json.hpp"

namespace member::server {

namespace {

api::Json envelope(int code, std::string_view message, api::Json data, TimePoint now) {
  return {{"code", code},
          {"message", message},
          {"data", std::move(data)},
          {"timestamp", api::format_time(now)}};
}

std::string_view seed_word(int status) {
  switch (status) {
    case 400:
      return "invalid_request";
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 423:
      return "locked";
    case 429:
      return "too_many_requests";
    case 503:
      return "busy";
    default:
      return "internal_error";
  }
}

bool server_side(Errc code) {
  return code == Errc::storage || code == Errc::schema_too_new || code == Errc::key_error ||
         code == Errc::internal;
}

}  // namespace

int http_status(Errc code) noexcept {
  switch (code) {
    case Errc::ok:
      return 200;
    case Errc::invalid_argument:
      return 400;
    case Errc::unauthenticated:
      return 401;
    case Errc::permission_denied:
      return 403;
    case Errc::not_found:
      return 404;
    case Errc::conflict:
    case Errc::failed_precondition:
    case Errc::insufficient_points:
    case Errc::insufficient_funds:
      return 409;
    case Errc::locked:
      return 423;
    case Errc::resource_exhausted:
      return 429;
    case Errc::busy:
      return 503;
    case Errc::storage:
    case Errc::schema_too_new:
    case Errc::key_error:
    case Errc::internal:
      return 500;
  }
  return 500;
}

Reply success(const api::Json& data, TimePoint now) {
  return {200, envelope(200, "success", data, now), std::nullopt};
}

Reply failure(const Error& error, TimePoint now) {
  const int status = http_status(error.code());
  if (server_side(error.code())) return failure(status, seed_word(status), now);
  api::Json data = {{"error", to_string(error.code())}, {"detail", error.what()}};
  if (error.code() == Errc::invalid_argument || !error.field().empty()) {
    data["errors"] = api::Json::array({{{"field", error.field()}, {"message", error.what()}}});
  }
  if (error.shortage()) data["shortage"] = *error.shortage();
  Reply reply{status, {}, std::nullopt};
  if (error.retry_at()) {
    data["retry_at"] = api::format_time(*error.retry_at());
    const auto wait = std::chrono::ceil<std::chrono::seconds>(*error.retry_at() - now).count();
    reply.retry_after_seconds = wait > 0 ? wait : 1;
  }
  reply.body = envelope(status, seed_word(status), std::move(data), now);
  return reply;
}

Reply failure(int status, std::string_view reason, TimePoint now) {
  return {status, envelope(status, seed_word(status), {{"error", reason}}, now), std::nullopt};
}

}  // namespace member::server
