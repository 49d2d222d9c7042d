// member-server: the seeds' HTTP APIs over the member library (see README.md).
// Reads the configuration, opens the system, serves until SIGINT or SIGTERM,
// then stops accepting, finishes the requests in flight and closes the system.
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <thread>

#include "api/operations.hpp"
#include "auth.hpp"
#include "config.hpp"
#include "member/member.hpp"
#include "openapi.hpp"
#include "server.hpp"

namespace {

using namespace member;

int run(const server::Config& config) {
  Options options;
  options.database = config.database;
  options.key_file = config.key_file;
  // Seed 002's two kinds of member: /signup/member and /signup/taxi.
  options.user_types = {"MEMBER", "TAXI"};
  std::shared_ptr<ManualClock> fake_clock;
  std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
  if (config.fake_clock) {
    const auto start = api::parse("\"" + *config.fake_clock + "\"", "--fake-clock");
    api::Json holder = {{"fake_clock", start}};
    fake_clock = api::decode_options(holder).fake_clock;
    clock = fake_clock;
  }
  options.clock = clock;
  System system(std::move(options));
  api::Host host{system, fake_clock};

  std::string secret;
  if (!config.internal_secret_file.empty()) {
    secret = server::read_secret_file(config.internal_secret_file);
  }
  // Bearer tokens are the sessions' access tokens, valid in their own tenant
  // only. The session is read from the database on every request, so a
  // sign-out, password change or disable made before a restart, or by
  // another server on the same database, ends the token here too.
  auto verify_bearer = [&system](std::string_view token, const std::string& tenant) {
    AccessClaims claims = system.sessions().verify(token, {.check_session = true});
    if (claims.tenant != tenant) {
      throw Error(Errc::unauthenticated, "Authorization: the token is for another tenant");
    }
    return server::Caller{Actor::user(std::move(claims.subject), std::move(claims.tenant)),
                          std::move(claims.session_id)};
  };
  server::AccessLog log(std::cerr);
  server::HttpServer http(host, clock, server::Authenticator(std::move(secret), verify_bearer),
                          {config.max_body_bytes, config.member_per_minute, config.admin_per_minute,
                           config.anonymous_per_minute},
                          log, fake_clock != nullptr);
  const int port = http.bind(config.bind, config.port);
  if (port < 0) {
    std::cerr << "member-server: cannot listen on " << config.bind << ":" << config.port << "\n";
    return 1;
  }

  // SIGINT and SIGTERM are blocked in every thread and taken by one waiter,
  // which asks the server to stop (no work in a signal handler).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  std::thread waiter([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cerr << "member-server: signal " << signal_number << ", stopping\n";
    http.stop();
  });

  std::cout << "listening on " << config.bind << ":" << port << std::endl;
  const bool served = http.listen();
  if (!served) {
    // listen() failed on its own: wake the waiter so it can be joined.
    pthread_kill(waiter.native_handle(), SIGTERM);
  }
  waiter.join();
  std::cerr << "member-server: stopped\n";
  return served ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  try {
    const auto config =
        member::server::parse_config(std::vector<std::string>(argv + 1, argv + argc),
                                     [](const char* name) { return std::getenv(name); });
    if (config.help) {
      std::cout << member::server::usage_text();
      return 0;
    }
    if (config.openapi) {
      std::cout << member::server::render_openapi();
      return 0;
    }
    return run(config);
  } catch (const member::Error& e) {
    std::cerr << "member-server: " << e.what() << "\n";
    return 2;
  }
}
