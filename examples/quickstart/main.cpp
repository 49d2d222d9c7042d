// quickstart: the first thing `./scripts/run` shows. Opens (or creates) a
// member database, registers a user, signs in by email and by mobile, shows
// a refused sign-in and the profile. Run it twice: the second run finds the
// database and the user from the first.
//
//   quickstart [database-path]        default: var/member.db
#include <member/member.hpp>

#include <chrono>
#include <ctime>
#include <iostream>
#include <string>

namespace {

void say(const std::string& line) {
  std::cout << "  " << line << "\n";
}

std::string utc(member::TimePoint t) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
  return text;
}

const char* describe(member::KeySource::Kind kind) {
  switch (kind) {
    case member::KeySource::Kind::host_supplied:
      return "supplied by the host";
    case member::KeySource::Kind::key_file_loaded:
      return "read from the existing key file";
    case member::KeySource::Kind::key_file_created:
      return "NEW key file created (back it up!)";
    case member::KeySource::Kind::ephemeral:
      return "ephemeral (in-memory database)";
  }
  return "?";
}

}  // namespace

int main(int argc, char** argv) try {
  member::Options options;
  options.database = argc > 1 ? argv[1] : "var/member.db";
  member::System sys(options);
  const auto& key = sys.key_source();
  std::cout << "member " << member::version() << " quickstart\n";
  say("database:   " + options.database);
  say(std::string("master key: ") + describe(key.kind) + (key.path.empty() ? "" : " " + key.path));

  const member::Actor visitor = member::Actor::anonymous();
  const std::string email = "ann.lee@example.com";
  const std::string mobile = "13800138000";
  const std::string password = "correct horse battery staple";

  std::string user_id;
  try {
    user_id = sys.accounts().register_user(visitor, {.username = "ann",
                                                     .email = email,
                                                     .mobile = mobile,
                                                     .password = password,
                                                     .nickname = "Ann",
                                                     .real_name = "Ann Lee",
                                                     .birthday = "1990-04-01",
                                                     .attributes = R"({"plan":"gold"})"});
    say("registered user ann with id " + user_id);
  } catch (const member::Error& e) {
    if (e.code() != member::Errc::conflict) throw;
    say("user ann already exists (this database was created by an earlier run)");
  }

  const auto by_email = sys.accounts().sign_in(
      visitor, {.identifier = email, .password = password, .device_id = "qs-1", .platform = "cli"});
  say("signed in by email  -> " + by_email.user_id);
  const auto by_mobile = sys.accounts().sign_in(
      visitor, {.identifier = "+86 138 0013 8000", .password = password, .platform = "cli"});
  say("signed in by mobile -> " + by_mobile.user_id);
  user_id = by_mobile.user_id;

  try {
    sys.accounts().sign_in(visitor, {.identifier = "ann", .password = "not the password"});
  } catch (const member::Error& e) {
    say("wrong password refused: " + std::string(member::to_string(e.code())) + " (" + e.what() +
        ")");
  }

  const member::Actor ann = member::Actor::user(user_id);
  const member::Profile p = sys.accounts().profile(ann, user_id);
  say("profile: username=" + p.username + " email=" + p.email + " mobile=" + p.mobile +
      " nickname=" + p.nickname + " real_name=" + p.real_name + " birthday=" + p.birthday +
      " attributes=" + p.attributes + " status=" + std::string(member::to_string(p.status)));

  // Points: a welcome bonus (idempotent: the second run replays it) and a
  // purchase paid partly with points.
  const member::Actor shop = member::Actor::service("shop");
  const auto bonus = sys.points().earn(
      shop, {.user_id = user_id, .amount = 500, .key = "welcome-bonus", .event_type = "WELCOME"});
  say("welcome bonus of 500 points" + std::string(bonus.replayed ? " (already granted)" : "") +
      ", expires " + (bonus.expires_at ? utc(*bonus.expires_at) : "never"));
  const std::string order =
      "ORD-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                  sys.clock().now().time_since_epoch())
                                  .count());
  try {
    const auto paid = sys.points().use(
        ann, {.user_id = user_id, .amount = 100, .key = order, .order_amount = 19900});
    say("order " + order + ": 100 points take " + std::to_string(paid.discount) +
        " cents off 199.00, to pay " + std::to_string(paid.final_amount) + " cents");
  } catch (const member::Error& e) {
    say("order " + order + ": points refused: " + e.what());
  }
  const auto points = sys.points().summary(ann, user_id);
  say("points: total=" + std::to_string(points.total) +
      " available=" + std::to_string(points.available));

  const auto history = sys.accounts().login_history(ann, user_id, {.limit = 5});
  say("latest sign-ins (newest first):");
  for (const auto& record : history) {
    say("  " + utc(record.at) + "  " + std::string(member::to_string(record.outcome)) +
        (record.platform.empty() ? "" : "  platform=" + record.platform));
  }
  return 0;
} catch (const member::Error& e) {
  std::cerr << "quickstart failed: " << member::to_string(e.code()) << ": " << e.what() << "\n";
  return 1;
}
