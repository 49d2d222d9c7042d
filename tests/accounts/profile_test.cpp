// A7: reading and updating the profile.
#include <chrono>
#include <nlohmann/json.hpp>

#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

using namespace std::chrono_literals;
const Actor kAnon = Actor::anonymous();
const std::string kUnknownId = "00000000-0000-4000-8000-000000000000abcd";

RegisterRequest full_request() {
  RegisterRequest r = with_all("prof_user", "prof@example.com", "13800138000");
  r.nickname = "Nick";
  r.real_name = "Real Name";
  r.gender = Gender::male;
  r.birthday = "1985-07-04";
  r.avatar_url = "https://example.com/a.png";
  r.region = "CN-11";
  r.address = "1 Road";
  r.preferences = R"({"lang":"en"})";
  r.attributes = R"({"tier":"gold"})";
  return r;
}

}  // namespace

TEST_CASE("A7 profile: a user reads their own profile") {
  auto clock = std::make_shared<ManualClock>();
  System sys(memory_options(clock));
  const auto id = sys.accounts().register_user(kAnon, full_request());
  const Profile p = sys.accounts().profile(Actor::user(id), id);
  CHECK(p.user_id == id);
  CHECK(p.username == "prof_user");
  CHECK(p.email == "prof@example.com");
  CHECK(p.mobile == "+8613800138000");
  CHECK(p.nickname == "Nick");
  CHECK(p.real_name == "Real Name");
  CHECK(p.gender == Gender::male);
  CHECK(p.birthday == "1985-07-04");
  CHECK(p.avatar_url == "https://example.com/a.png");
  CHECK(p.region == "CN-11");
  CHECK(p.address == "1 Road");
  CHECK(nlohmann::json::parse(p.preferences) == nlohmann::json{{"lang", "en"}});
  CHECK(nlohmann::json::parse(p.attributes) == nlohmann::json{{"tier", "gold"}});
  CHECK(p.created_at == clock->now());
}

TEST_CASE("A7 profile: each field can be updated on its own; the others stay") {
  auto clock = std::make_shared<ManualClock>();
  System sys(memory_options(clock));
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, full_request());
  const TimePoint created = clock->now();
  Profile expected = accounts.profile(Actor::user(id), id);

  const auto update = [&](auto set, auto expect) {
    clock->advance(1min);
    ProfileUpdate u;
    u.user_id = id;
    set(u);
    expect(expected);
    const Profile returned = accounts.update_profile(Actor::user(id), u);
    const Profile stored = accounts.profile(Actor::user(id), id);
    for (const Profile* p : {&returned, &stored}) {
      CHECK(p->nickname == expected.nickname);
      CHECK(p->real_name == expected.real_name);
      CHECK(p->gender == expected.gender);
      CHECK(p->birthday == expected.birthday);
      CHECK(p->avatar_url == expected.avatar_url);
      CHECK(p->region == expected.region);
      CHECK(p->address == expected.address);
      CHECK(nlohmann::json::parse(p->preferences) == nlohmann::json::parse(expected.preferences));
      CHECK(nlohmann::json::parse(p->attributes) == nlohmann::json::parse(expected.attributes));
      CHECK(p->username == "prof_user");
      CHECK(p->email == "prof@example.com");
      CHECK(p->mobile == "+8613800138000");
      CHECK(p->created_at == created);
      CHECK(p->updated_at == clock->now());
    }
  };

  update([](ProfileUpdate& u) { u.nickname = "New Nick"; },
         [](Profile& p) { p.nickname = "New Nick"; });
  update([](ProfileUpdate& u) { u.real_name = "\xE6\x9D\x8E\xE9\x9B\xB7"; },
         [](Profile& p) { p.real_name = "\xE6\x9D\x8E\xE9\x9B\xB7"; });
  update([](ProfileUpdate& u) { u.gender = Gender::other; },
         [](Profile& p) { p.gender = Gender::other; });
  update([](ProfileUpdate& u) { u.birthday = "2000-02-29"; },
         [](Profile& p) { p.birthday = "2000-02-29"; });
  update([](ProfileUpdate& u) { u.avatar_url = "http://img.example.org/b.jpg"; },
         [](Profile& p) { p.avatar_url = "http://img.example.org/b.jpg"; });
  update([](ProfileUpdate& u) { u.region = "US-CA"; }, [](Profile& p) { p.region = "US-CA"; });
  update([](ProfileUpdate& u) { u.address = "2 Street\nApt 3"; },
         [](Profile& p) { p.address = "2 Street\nApt 3"; });
  update([](ProfileUpdate& u) { u.preferences = R"({"lang":"fr","dark":true})"; },
         [](Profile& p) { p.preferences = R"({"lang":"fr","dark":true})"; });
  update([](ProfileUpdate& u) { u.attributes = R"({"tier":"platinum","n":[1,2,3]})"; },
         [](Profile& p) { p.attributes = R"({"tier":"platinum","n":[1,2,3]})"; });
  // Several at once.
  update(
      [](ProfileUpdate& u) {
        u.nickname = "Both";
        u.region = "JP-13";
      },
      [](Profile& p) {
        p.nickname = "Both";
        p.region = "JP-13";
      });
  // Nothing at all is allowed and changes nothing but updated_at.
  update([](ProfileUpdate&) {}, [](Profile&) {});
}

TEST_CASE("A7 profile: an empty string clears a field") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, full_request());
  ProfileUpdate u;
  u.user_id = id;
  u.nickname = "";
  u.real_name = "";
  u.birthday = "";
  u.avatar_url = "";
  u.region = "";
  u.address = "";
  u.preferences = "";
  u.attributes = "";
  u.gender = Gender::unspecified;
  accounts.update_profile(Actor::user(id), u);
  const Profile p = accounts.profile(Actor::user(id), id);
  CHECK(p.nickname.empty());
  CHECK(p.real_name.empty());
  CHECK(p.birthday.empty());
  CHECK(p.avatar_url.empty());
  CHECK(p.region.empty());
  CHECK(p.address.empty());
  CHECK(nlohmann::json::parse(p.preferences) == nlohmann::json::object());
  CHECK(nlohmann::json::parse(p.attributes) == nlohmann::json::object());
  CHECK(p.gender == Gender::unspecified);
  // The identifiers are not profile fields.
  CHECK(p.email == "prof@example.com");
}

TEST_CASE("A7 profile: custom attributes are an arbitrary JSON object, replaced as a whole") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, full_request());
  const std::string rich =
      R"({"farm":{"hectares":12.5,"crops":["rice","tea"]},"licence":null,"active":true,)"
      R"("name":"\u5f20\u4e09","quote":"'\"; DROP TABLE users;--"})";
  ProfileUpdate u;
  u.user_id = id;
  u.attributes = rich;
  const Profile p = accounts.update_profile(Actor::user(id), u);
  CHECK(nlohmann::json::parse(p.attributes) == nlohmann::json::parse(rich));
  // Replaced, not merged.
  u.attributes = R"({"only":1})";
  CHECK(nlohmann::json::parse(accounts.update_profile(Actor::user(id), u).attributes) ==
        nlohmann::json{{"only", 1}});

  for (const std::string bad : {"[1]", "\"x\"", "{", "null", "{\"a\":1}x"}) {
    CAPTURE(bad);
    ProfileUpdate b;
    b.user_id = id;
    b.attributes = bad;
    check_error([&] { accounts.update_profile(Actor::user(id), b); }, Errc::invalid_argument,
                "attributes");
    ProfileUpdate pref;
    pref.user_id = id;
    pref.preferences = bad;
    check_error([&] { accounts.update_profile(Actor::user(id), pref); }, Errc::invalid_argument,
                "preferences");
  }
  CHECK(nlohmann::json::parse(accounts.profile(Actor::user(id), id).attributes) ==
        nlohmann::json{{"only", 1}});
}

TEST_CASE("A7 profile: a bad value in an update is rejected and nothing of it is applied") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, full_request());
  const auto attempt = [&](auto set, const std::string& field) {
    ProfileUpdate u;
    u.user_id = id;
    u.nickname = "Should Not Stick";  // valid, but must not be applied
    set(u);
    check_error([&] { accounts.update_profile(Actor::user(id), u); }, Errc::invalid_argument,
                field);
  };
  attempt([](ProfileUpdate& u) { u.birthday = "1985-02-30"; }, "birthday");
  attempt([](ProfileUpdate& u) { u.avatar_url = "ftp://x.example.com"; }, "avatar_url");
  attempt([](ProfileUpdate& u) { u.real_name = std::string(129, 'r'); }, "real_name");
  attempt([](ProfileUpdate& u) { u.region = std::string("a\0b", 3); }, "region");
  attempt([](ProfileUpdate& u) { u.address = "bad \xC3"; }, "address");
  attempt([](ProfileUpdate& u) { u.gender = static_cast<Gender>(7); }, "gender");
  attempt([](ProfileUpdate& u) { u.nickname = std::string(65, 'n'); }, "nickname");
  attempt([](ProfileUpdate& u) { u.nickname = "tab\tinside"; }, "nickname");
  CHECK(accounts.profile(Actor::user(id), id).nickname == "Nick");
  CHECK(audit_of(sys, id, "account.profile.update").empty());
}

TEST_CASE("A7 profile: another user's profile is permission_denied") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto a = accounts.register_user(kAnon, with_username("user_a"));
  const auto b = accounts.register_user(kAnon, full_request());
  check_error([&] { accounts.profile(Actor::user(a), b); }, Errc::permission_denied);
  check_error([&] { accounts.profile(kAnon, b); }, Errc::permission_denied);
  check_error([&] { accounts.profile(Actor::user(""), b); }, Errc::permission_denied);
  ProfileUpdate u;
  u.user_id = b;
  u.nickname = "hijacked";
  check_error([&] { accounts.update_profile(Actor::user(a), u); }, Errc::permission_denied);
  check_error([&] { accounts.update_profile(kAnon, u); }, Errc::permission_denied);
  CHECK(accounts.profile(Actor::user(b), b).nickname == "Nick");
}

TEST_CASE("A7 profile: staff read and update any user of their tenant, and only of it") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, full_request());
  for (const Actor& staff : {Actor::admin("ops"), Actor::service("crm"), Actor::system()}) {
    CAPTURE(to_string(staff.kind));
    CHECK(accounts.profile(staff, id).email == "prof@example.com");
  }
  ProfileUpdate u;
  u.user_id = id;
  u.region = "by-admin";
  CHECK(accounts.update_profile(Actor::admin("ops"), u).region == "by-admin");

  // Staff of another tenant do not see it.
  check_error([&] { accounts.profile(Actor::admin("ops", "other-tenant"), id); }, Errc::not_found);
  check_error([&] { accounts.update_profile(Actor::admin("ops", "other-tenant"), u); },
              Errc::not_found);
  // A user id presented in another tenant is not that user.
  check_error([&] { accounts.profile(Actor::user(id, "other-tenant"), id); }, Errc::not_found);
}

TEST_CASE("A7 profile: unknown id is not_found; malformed id is invalid_argument \"user_id\"") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  check_error([&] { accounts.profile(Actor::admin("ops"), kUnknownId); }, Errc::not_found);
  ProfileUpdate u;
  u.user_id = kUnknownId;
  u.nickname = "x";
  check_error([&] { accounts.update_profile(Actor::admin("ops"), u); }, Errc::not_found);

  const std::string too_long = kUnknownId + "x";
  const std::vector<std::string> malformed = {
      "",
      "not-a-user-id",
      kUnknownId.substr(0, 39),
      too_long,
      "00000000-0000-4000-8000-000000000000ABCD",
      "00000000_0000-4000-8000-000000000000abcd",
      "' OR 1=1 --",
      std::string("00000000-0000-4000-8000-000000000000abc\0", 40),
  };
  for (const auto& bad : malformed) {
    CAPTURE(bad);
    check_error([&] { accounts.profile(Actor::admin("ops"), bad); }, Errc::invalid_argument,
                "user_id");
    u.user_id = bad;
    check_error([&] { accounts.update_profile(Actor::admin("ops"), u); }, Errc::invalid_argument,
                "user_id");
  }
}

TEST_CASE("A7 profile: an update writes an audit entry naming the fields, not their values") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, full_request());
  ProfileUpdate u;
  u.user_id = id;
  u.nickname = "Secret Nickname";
  u.address = "42 Hidden Lane";
  accounts.update_profile(Actor::user(id), u);
  const auto entries = audit_of(sys, id, "account.profile.update");
  REQUIRE(entries.size() == 1);
  CHECK(entries[0].actor_kind == ActorKind::user);
  CHECK(entries[0].actor_id == id);
  const auto detail = nlohmann::json::parse(entries[0].detail);
  CHECK(detail.at("fields") == nlohmann::json::array({"nickname", "address"}));
  CHECK(entries[0].detail.find("Secret Nickname") == std::string::npos);
  CHECK(entries[0].detail.find("Hidden Lane") == std::string::npos);
}

}  // namespace member::test
