// bench/server: requests per second of member-server (examples/server) for
// GET /api/v1/member-system/profile (a member acting through the gateway
// headers; tokens come with issue 6) and POST .../points/earn, driven by wrk
// on 127.0.0.1, against a trivial cpp-httplib endpoint measured the same way
// in the same run, rounds interleaved. The server runs with rate limits off
// (--member-rate 0) so the limiter does not cap the measurement.
//
//   ratio profile_vs_trivial <profile rps / trivial rps> target >= 0.5
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "api/json.hpp"
#include "support/measure.hpp"
#include "support/temp_dir.hpp"

namespace {

constexpr const char* kSecret = "bench-shared-secret-0123456789abcdef";

struct Child {
  pid_t pid = -1;
  int port = 0;
};

Child start_server(const std::string& dir) {
  std::ofstream(dir + "/secret") << kSecret << "\n";
  int out[2];
  if (pipe(out) != 0) throw std::runtime_error("pipe");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(out[1], 1);
    close(out[0]);
    std::freopen("/dev/null", "w", stderr);
    const std::string db = dir + "/member.db", secret = dir + "/secret";
    execl(MEMBER_SERVER_PATH, "member-server", "--port", "0", "--database", db.c_str(),
          "--internal-secret-file", secret.c_str(), "--member-rate", "0", "--admin-rate", "0",
          "--anonymous-rate", "0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char c;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  close(out[0]);
  const auto colon = line.rfind(':');
  if (line.rfind("listening on ", 0) != 0 || colon == std::string::npos) {
    throw std::runtime_error("member-server did not start");
  }
  return {pid, std::stoi(line.substr(colon + 1))};
}

// Runs wrk and returns its Requests/sec; any non-2xx answer is an error.
double wrk(const std::string& url, const std::string& script, const char* duration) {
  const std::string command =
      std::string("wrk -t2 -c4 -d") + duration + " -s " + script + " " + url + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run wrk");
  std::string text;
  char buffer[4096];
  while (std::fgets(buffer, sizeof buffer, pipe)) text += buffer;
  if (pclose(pipe) != 0) throw std::runtime_error("wrk failed:\n" + text);
  if (text.find("Non-2xx") != std::string::npos) {
    throw std::runtime_error("wrk saw failed requests:\n" + text);
  }
  const auto at = text.find("Requests/sec:");
  if (at == std::string::npos) throw std::runtime_error("no Requests/sec in:\n" + text);
  return std::stod(text.substr(at + 13));
}

}  // namespace

int main(int argc, char** argv) try {
  const auto args = member::bench::parse_args(argc, argv);
  member::bench::TempDir dir;
  const std::string d = dir.path().string();

  httplib::Server trivial;
  trivial.set_tcp_nodelay(true);  // as member-server does
  trivial.Get("/trivial", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        R"({"code":200,"message":"success","data":{},"timestamp":"2026-01-31T12:00:00.000Z"})",
        "application/json");
  });
  const int trivial_port = trivial.bind_to_any_port("127.0.0.1");
  std::thread trivial_thread([&] { trivial.listen_after_bind(); });

  const Child server = start_server(d);
  httplib::Client client("127.0.0.1", server.port);
  auto registered = client.Post("/user/auth/register",
                                R"({"username": "bench", "password": "correct horse battery"})",
                                "application/json");
  if (!registered || registered->status != 200) throw std::runtime_error("register failed");
  const std::string user_id = member::api::parse(registered->body, "body")["data"]["user_id"];

  // wrk scripts: the profile as that member; earns with a key per request
  // (each wrk thread numbers its own keys).
  std::ofstream(d + "/profile.lua")
      << "wrk.headers[\"X-Internal-Secret\"] = \"" << kSecret
      << "\"\nwrk.headers[\"X-Act-As-User\"] = \"" << user_id << "\"\n";
  std::ofstream(d + "/earn.lua")
      << "local threads = 0\n"
         "function setup(thread) threads = threads + 1; thread:set(\"tid\", threads) end\n"
         "function init() n = 0 end\n"
         "function request()\n  n = n + 1\n"
         "  local body = string.format('{\"user_id\": \""
      << user_id
      << "\", \"points\": 1, \"key\": \"k-%d-%d\"}', tid, n)\n"
         "  return wrk.format(\"POST\", nil, {[\"X-Internal-Secret\"] = \""
      << kSecret << "\", [\"Content-Type\"] = \"application/json\"}, body)\nend\n";
  std::ofstream(d + "/none.lua") << "\n";

  const std::string base = "http://127.0.0.1:" + std::to_string(server.port);
  const std::string trivial_url = "http://127.0.0.1:" + std::to_string(trivial_port) + "/trivial";
  const char* duration = args.full ? "10s" : "3s";
  const int rounds = args.full ? 5 : 3;
  std::vector<double> trivial_rps, profile_rps, earn_rps;
  for (int round = 0; round < rounds; ++round) {
    trivial_rps.push_back(wrk(trivial_url, d + "/none.lua", duration));
    profile_rps.push_back(
        wrk(base + "/api/v1/member-system/profile", d + "/profile.lua", duration));
    earn_rps.push_back(wrk(base + "/api/v1/member-system/points/earn", d + "/earn.lua", duration));
  }
  kill(server.pid, SIGTERM);
  int status = 0;
  waitpid(server.pid, &status, 0);
  trivial.stop();
  trivial_thread.join();

  using member::bench::median;
  const double t = median(trivial_rps), p = median(profile_rps), e = median(earn_rps);
  std::printf("wrk -t2 -c4 -d%s, median of %d interleaved rounds, 127.0.0.1\n", duration, rounds);
  std::printf("  trivial cpp-httplib endpoint   %10.0f req/s\n", t);
  std::printf("  GET  .../profile               %10.0f req/s\n", p);
  std::printf("  POST .../points/earn           %10.0f req/s (as measured; no target)\n", e);
  std::printf("  member-server exit status      %d\n",
              WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  member::bench::print_ratio("profile_vs_trivial", p / t, 0.5);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench/server: %s\n", e.what());
  return 1;
}
