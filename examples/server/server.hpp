// The HTTP server: every route of the route table, /healthz, the envelope on
// every answer (unknown routes and oversized bodies included), tenant,
// authentication, the permission matrix, rate limits and the access log.
#pragma once

#include <memory>
#include <string>

#include "access_log.hpp"
#include "api/operations.hpp"
#include "auth.hpp"
#include "rate_limiter.hpp"
#include "routes.hpp"

namespace httplib {
class Server;
class Request;
class Response;
}  // namespace httplib

namespace member::server {

struct Limits {
  std::size_t max_body_bytes = 1 << 20;
  std::uint32_t member_per_minute = 100;
  std::uint32_t admin_per_minute = 1000;
  std::uint32_t anonymous_per_minute = 100;
};

class HttpServer {
 public:
  /// Serves `host` (which must outlive the server). `clock` is the system's
  /// clock: rate windows and envelope timestamps use it. With
  /// `test_clock_hook`, POST /_test/clock/advance moves the host's fake clock
  /// for internal callers.
  HttpServer(api::Host& host, std::shared_ptr<const Clock> clock, Authenticator auth, Limits limits,
             AccessLog& log, bool test_clock_hook);
  ~HttpServer();

  /// Binds; port 0 picks a free port. Returns the port, or -1 on failure.
  int bind(const std::string& address, int port);
  /// Serves until stop(); returns false when serving failed.
  bool listen();
  /// Stops accepting, lets requests in flight finish; safe from any thread.
  void stop();

 private:
  void serve(const Route& route, const api::Operation& op, const httplib::Request& req,
             httplib::Response& res);
  Actor caller(const httplib::Request& req, const std::string& tenant) const;
  std::uint32_t limit_of(const Actor& actor) const;

  api::Host& host_;
  std::shared_ptr<const Clock> clock_;
  Authenticator auth_;
  Limits limits_;
  AccessLog& log_;
  RateLimiter limiter_;
  std::unique_ptr<httplib::Server> http_;
};

}  // namespace member::server
