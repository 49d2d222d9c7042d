// The seeds' response envelope {code, message, data, timestamp} and the one
// mapping from member::Errc to the seeds' error codes and HTTP statuses.
#pragma once

#include <optional>
#include <string>

#include "api/json.hpp"
#include "member/clock.hpp"
#include "member/error.hpp"

namespace member::server {

/// An HTTP answer before it is written: status, envelope body, and the
/// Retry-After seconds when the caller should come back later.
struct Reply {
  int status = 200;
  api::Json body;
  std::optional<long long> retry_after_seconds;
};

/// 200 with `data` and message "success".
Reply success(const api::Json& data, TimePoint now);

/// A failure as the seeds answer it: status and code are the same number
/// (400, 401, 403, 404, 409, 423, 429, 500, 503); message is the seed's word
/// ("invalid_request", ...); data.errors names the field for bad input and
/// data.error is the member Errc name. Server-side failures (storage, key,
/// internal) say only "internal_error": details go to the log, not the caller.
Reply failure(const Error& error, TimePoint now);

/// A failure the server itself raises (unknown route, body too large,
/// rate limited) with its HTTP status and the seed's message word.
Reply failure(int status, std::string_view reason, TimePoint now);

/// The HTTP status an Errc maps to.
int http_status(Errc code) noexcept;

}  // namespace member::server
