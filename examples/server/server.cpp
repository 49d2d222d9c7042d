#include "server.hpp"

#include <httplib.h>

#include <chrono>
#include <regex>

#include "envelope.hpp"

namespace member::server {

namespace {

constexpr std::size_t kMaxTenant = 64;

// `tenant` when it is a well-formed tenant id. Errors: invalid_argument naming `field`.
std::string checked_tenant(std::string tenant, const std::string& field) {
  const bool valid = !tenant.empty() && tenant.size() <= kMaxTenant &&
                     tenant.find_first_not_of(
                         "abcdefghijklmnopqrstuvwxyz"
                         "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == std::string::npos;
  if (!valid) {
    throw Error(Errc::invalid_argument, field + ": 1 to 64 letters, digits, '_', '.' or '-'",
                field);
  }
  return tenant;
}

std::string tenant_of(const httplib::Request& req) {
  if (!req.has_header("X-Tenant-Id")) return std::string(kDefaultTenant);
  return checked_tenant(req.get_header_value("X-Tenant-Id"), "X-Tenant-Id");
}

std::string escaped(const std::string& path) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  static const std::regex param(R"(\\\{[a-z_]+\\\})");
  return std::regex_replace(std::regex_replace(path, special, R"(\$&)"), param, "([^/]+)");
}

// The route's path as httplib's regular expression: each "{name}" segment
// matches one path segment and is captured.
std::string pattern_of(const std::string& path) {
  static const std::regex parameter(R"(\{[a-z_]+\})");
  std::string pattern;
  std::size_t done = 0;
  for (std::sregex_iterator it(path.begin(), path.end(), parameter), end; it != end; ++it) {
    const auto at = static_cast<std::size_t>(it->position());
    pattern += escaped(path.substr(done, at - done)) + "([^/]+)";
    done = at + static_cast<std::size_t>(it->length());
  }
  return pattern + escaped(path.substr(done));
}

void write(httplib::Response& res, const Reply& reply) {
  res.status = reply.status;
  if (reply.retry_after_seconds) {
    res.set_header("Retry-After", std::to_string(*reply.retry_after_seconds));
  }
  res.set_content(api::dump(reply.body), "application/json");
}

/// The request's headers as authentication reads them.
HeaderLookup header_of(const httplib::Request& req) {
  return [&req](std::string_view name) { return req.get_header_value(std::string(name).c_str()); };
}

double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

HttpServer::HttpServer(api::Host& host, std::shared_ptr<const Clock> clock, Authenticator auth,
                       Limits limits, AccessLog& log, bool test_clock_hook)
    : host_(host),
      clock_(clock),
      auth_(std::move(auth)),
      limits_(limits),
      log_(log),
      limiter_(std::move(clock)),
      http_(std::make_unique<httplib::Server>()) {
  http_->set_payload_max_length(limits_.max_body_bytes);
  // The HTTP library checks that limit against Content-Length alone: a
  // chunked body, or a compressed one it would inflate, could grow past it
  // unchecked. Such requests are refused before their body is read.
  http_->set_pre_routing_handler(
      [](const httplib::Request& req, httplib::Response& res) -> httplib::Server::HandlerResponse {
        if (req.has_header("Transfer-Encoding")) {
          res.status = 411;  // Length Required
        } else if (req.has_header("Content-Encoding") &&
                   req.get_header_value("Content-Encoding") != "identity") {
          res.status = 415;  // Unsupported Media Type
        } else {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        res.set_header("Connection", "close");  // its unread body must not be parsed as a request
        return httplib::Server::HandlerResponse::Handled;
      });
  // Small answers on kept-alive connections: without this, Nagle's algorithm
  // and delayed ACKs hold each response ~40 ms.
  http_->set_tcp_nodelay(true);
  for (const Route& route : route_table()) {
    const api::Operation* op = api::find_operation(route.operation);
    auto handler = [this, &route, op](const httplib::Request& req, httplib::Response& res) {
      serve(route, *op, req, res);
    };
    const std::string pattern = pattern_of(route.path);
    if (route.method == "GET") http_->Get(pattern, handler);
    if (route.method == "POST") http_->Post(pattern, handler);
    if (route.method == "PUT") http_->Put(pattern, handler);
    if (route.method == "DELETE") http_->Delete(pattern, handler);
  }
  http_->Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
    write(res, success({{"status", "ok"}}, clock_->now()));
  });
  if (test_clock_hook) {
    static const Route advance{"POST",
                               "/_test/clock/advance",
                               "clock.advance",
                               Access::internal,
                               "test",
                               Body::json,
                               [](const HttpInput& in) { return in.body; },
                               true};
    http_->Post(advance.path, [this](const httplib::Request& req, httplib::Response& res) {
      serve(advance, *api::find_operation("clock.advance"), req, res);
    });
  }
  // Answers the server raises itself (unknown route 404, body too large 413,
  // unreadable request 400, and the two above) get the envelope too; routed
  // answers have a body. The access log names no path for them: an unrouted
  // path may hold an id or an address, and no route pattern stands for it.
  http_->set_error_handler(httplib::Server::HandlerWithResponse(
      [this](const httplib::Request& req,
             httplib::Response& res) -> httplib::Server::HandlerResponse {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        const std::string_view reason =
            res.status == 404   ? "no such route"
            : res.status == 411 ? "a request body needs a Content-Length (no chunked bodies)"
            : res.status == 413 ? "request body too large"
            : res.status == 415 ? "a request body must not be compressed"
                                : "unreadable request";
        write(res, failure(res.status, reason, clock_->now()));
        log_.write({clock_->now(), req.method, "-", res.status, 0, "-", "-", req.body.size(),
                    res.body.size(), std::string(reason)});
        return httplib::Server::HandlerResponse::Handled;
      }));
}

HttpServer::~HttpServer() = default;

int HttpServer::bind(const std::string& address, int port) {
  if (port == 0) return http_->bind_to_any_port(address);
  return http_->bind_to_port(address, port) ? port : -1;
}

bool HttpServer::listen() {
  return http_->listen_after_bind();
}

void HttpServer::stop() {
  http_->stop();
}

std::uint32_t HttpServer::limit_of(const Actor& actor) const {
  switch (actor.kind) {
    case ActorKind::user:
      return limits_.member_per_minute;
    case ActorKind::admin:
    case ActorKind::super_admin:
      return limits_.admin_per_minute;
    case ActorKind::anonymous:
      return limits_.anonymous_per_minute;
    case ActorKind::service:
    case ActorKind::system:
      return 0;  // seed 001: internal services are not limited
  }
  return limits_.anonymous_per_minute;
}

void HttpServer::serve(const Route& route, const api::Operation& op, const httplib::Request& req,
                       httplib::Response& res) {
  const auto started = std::chrono::steady_clock::now();
  // The route's path, "{name}" segments unfilled: the log holds no ids.
  AccessEntry entry{{}, req.method, route.path, 0, 0, "-", "-", req.body.size(), 0, {}};
  Reply reply;
  try {
    entry.tenant = tenant_of(req);
    Caller caller;
    try {
      caller = auth_.authenticate(header_of(req), entry.tenant);
    } catch (const Error&) {
      // Failed credentials count against the client address, so guessing
      // the shared secret is rate limited like any anonymous caller.
      if (auto wait = limiter_.admit(client_key(req.remote_addr), limits_.anonymous_per_minute)) {
        reply = failure(429, "rate limited", clock_->now());
        reply.retry_after_seconds = wait;
        throw;
      }
      throw;
    }
    Actor actor = std::move(caller.actor);
    entry.actor = std::string(to_string(actor.kind));
    const std::string key =
        actor.kind == ActorKind::anonymous
            ? client_key(req.remote_addr)
            : std::string(to_string(actor.kind)) + ":" + actor.tenant + ":" + actor.id;
    if (auto wait = limiter_.admit(key, limit_of(actor))) {
      reply = failure(429, "rate limited", clock_->now());
      reply.retry_after_seconds = wait;
    } else {
      check_access(route.access, actor);
      const auto names = path_parameters(route.path);
      const auto path_value = [&req, &names](std::string_view name) -> std::optional<std::string> {
        for (std::size_t i = 0; i < names.size(); ++i) {
          if (names[i] == name && i + 1 < req.matches.size()) {
            return req.matches[static_cast<int>(i + 1)].str();
          }
        }
        return std::nullopt;
      };
      // A "{tenant_id}" segment is the tenant the call acts in (README
      // "Tenants in the path").
      if (auto path_tenant = path_value("tenant_id")) {
        actor = in_path_tenant(std::move(actor), checked_tenant(*path_tenant, "tenant_id"));
        entry.tenant = actor.tenant;
      }
      api::Json body = api::Json::object();
      if (route.body == Body::json && !req.body.empty()) {
        body = api::parse(req.body, "body");
        if (!body.is_object()) api::invalid("body", "must be a JSON object");
      }
      const HttpInput input{
          body,
          req.body,
          [&req, &path_value](std::string_view name) -> std::optional<std::string> {
            if (auto value = path_value(name)) return value;
            const std::string key_name(name);
            if (!req.has_param(key_name.c_str())) return std::nullopt;
            return req.get_param_value(key_name.c_str());
          },
          actor,
          req.remote_addr,
          caller.session_id};
      if (route.asserts_identity && !auth_.identity_verified(header_of(req))) {
        throw Error(Errc::permission_denied,
                    "X-Identity-Verified: a third-party identity is taken only from a gateway "
                    "that verified it with its provider");
      }
      const Actor runs_as = route.as_system ? Actor::system(actor.tenant) : actor;
      reply = success(api::call_as(host_, op, runs_as, route.request(input)), clock_->now());
    }
  } catch (const Error& e) {
    if (reply.status != 429) reply = failure(e, clock_->now());
    entry.error = std::string(to_string(e.code()));
  } catch (const std::exception&) {
    reply = failure(Error(Errc::internal, "internal error"), clock_->now());
    entry.error = "internal";
  }
  if (reply.status == 429 && entry.error.empty()) entry.error = "rate_limited";
  write(res, reply);
  entry.at = clock_->now();
  entry.status = reply.status;
  entry.duration_ms = ms_since(started);
  entry.response_bytes = res.body.size();
  log_.write(entry);
}

}  // namespace member::server
