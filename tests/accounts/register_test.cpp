// A1: registration with username, email and/or mobile, profile fields and
// user type; duplicates; bad input for every field.
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();

/// A valid request to which one bad value is then applied.
RegisterRequest valid() {
  return with_username("valid_user");
}

struct BadCase {
  std::string what;
  RegisterRequest request;
};

void expect_all_rejected(Accounts& accounts, const std::vector<BadCase>& cases,
                         const std::string& field) {
  for (const auto& c : cases) {
    CAPTURE(c.what);
    check_error([&] { accounts.register_user(kAnon, c.request); }, Errc::invalid_argument, field);
  }
}

std::string nul_inside(std::string_view before, std::string_view after) {
  std::string s(before);
  s.push_back('\0');
  s.append(after);
  return s;
}

}  // namespace

TEST_CASE("A1 register: a username alone, an email alone, a mobile alone, or all together") {
  System sys(memory_options());
  auto& accounts = sys.accounts();

  const std::string by_name = accounts.register_user(kAnon, with_username("only_name"));
  const std::string by_email = accounts.register_user(kAnon, with_email("only@example.com"));
  const std::string by_mobile = accounts.register_user(kAnon, with_mobile("13900139000"));
  const std::string by_all = accounts.register_user(
      kAnon, with_all("all_three", "All.Three@Example.com", "+8613700137000"));

  const std::set<std::string> ids = {by_name, by_email, by_mobile, by_all};
  CHECK(ids.size() == 4);

  const Profile name = accounts.profile(Actor::user(by_name), by_name);
  CHECK(name.username == "only_name");
  CHECK(name.email.empty());
  CHECK(name.mobile.empty());

  const Profile email = accounts.profile(Actor::user(by_email), by_email);
  CHECK(email.username.empty());
  CHECK(email.email == "only@example.com");
  CHECK(email.mobile.empty());

  const Profile mobile = accounts.profile(Actor::user(by_mobile), by_mobile);
  CHECK(mobile.username.empty());
  CHECK(mobile.email.empty());
  CHECK(mobile.mobile == "+8613900139000");

  const Profile all = accounts.profile(Actor::user(by_all), by_all);
  CHECK(all.username == "all_three");
  CHECK(all.email == "all.three@example.com");
  CHECK(all.mobile == "+8613700137000");

  CHECK(accounts.sign_in(kAnon, credentials("only_name")).user_id == by_name);
  CHECK(accounts.sign_in(kAnon, credentials("only@example.com")).user_id == by_email);
  CHECK(accounts.sign_in(kAnon, credentials("13900139000")).user_id == by_mobile);
  CHECK(accounts.sign_in(kAnon, credentials("all_three")).user_id == by_all);
  CHECK(accounts.sign_in(kAnon, credentials("all.three@example.com")).user_id == by_all);
  CHECK(accounts.sign_in(kAnon, credentials("13700137000")).user_id == by_all);
}

TEST_CASE("A1 register: several users without a username, email or mobile do not collide") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  // Absent identifiers are stored as "none", not as an empty value that a
  // unique index would see twice.
  CHECK_NOTHROW(accounts.register_user(kAnon, with_email("a@example.com")));
  CHECK_NOTHROW(accounts.register_user(kAnon, with_email("b@example.com")));
  CHECK_NOTHROW(accounts.register_user(kAnon, with_mobile("13900139001")));
  CHECK_NOTHROW(accounts.register_user(kAnon, with_mobile("13900139002")));
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("name_one")));
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("name_two")));
}

TEST_CASE("A1 register: no identifier at all is invalid_argument naming \"identifier\"") {
  System sys(memory_options());
  RegisterRequest r;
  r.password = kPassword;
  r.nickname = "nobody";
  check_error([&] { sys.accounts().register_user(kAnon, r); }, Errc::invalid_argument,
              "identifier");
}

TEST_CASE("A1 register: a duplicate username is a conflict, case-insensitively") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_username("Ann_Lee"));
  for (const std::string taken : {"Ann_Lee", "ann_lee", "ANN_LEE", "aNn_lEe"}) {
    CAPTURE(taken);
    check_error([&] { accounts.register_user(kAnon, with_username(taken)); }, Errc::conflict,
                "username");
  }
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("Ann_Lee2")));
  // The username keeps the case it was chosen with.
  const auto id = accounts.sign_in(kAnon, credentials("ANN_LEE")).user_id;
  CHECK(accounts.profile(Actor::user(id), id).username == "Ann_Lee");
}

TEST_CASE("A1 register: a duplicate email is a conflict, case-insensitively") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_email("Ann.Lee@Example.com"));
  for (const std::string taken :
       {"Ann.Lee@Example.com", "ann.lee@example.com", "ANN.LEE@EXAMPLE.COM"}) {
    CAPTURE(taken);
    check_error([&] { accounts.register_user(kAnon, with_email(taken)); }, Errc::conflict, "email");
  }
  CHECK_NOTHROW(accounts.register_user(kAnon, with_email("ann.lee@example.org")));
}

TEST_CASE("A1 register: 13800138000 and +8613800138000 are the same mobile") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_mobile("13800138000"));
  for (const std::string taken :
       {"13800138000", "+8613800138000", "+86 138 0013 8000", "138-0013-8000"}) {
    CAPTURE(taken);
    check_error([&] { accounts.register_user(kAnon, with_mobile(taken)); }, Errc::conflict,
                "mobile");
  }
  // And the other way round.
  accounts.register_user(kAnon, with_mobile("+8613900000001"));
  check_error([&] { accounts.register_user(kAnon, with_mobile("13900000001")); }, Errc::conflict,
              "mobile");
  // A different country's number with the same digits is another mobile.
  CHECK_NOTHROW(accounts.register_user(kAnon, with_mobile("+4413800138000")));
}

TEST_CASE("A1 register: a conflict names the identifier that is taken") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  accounts.register_user(kAnon, with_all("first", "first@example.com", "13800000001"));

  check_error(
      [&] {
        accounts.register_user(kAnon, with_all("first", "second@example.com", "13800000002"));
      },
      Errc::conflict, "username");
  check_error(
      [&] {
        accounts.register_user(kAnon, with_all("second", "FIRST@example.com", "13800000002"));
      },
      Errc::conflict, "email");
  check_error(
      [&] {
        accounts.register_user(kAnon, with_all("second", "second@example.com", "+8613800000001"));
      },
      Errc::conflict, "mobile");
  // The message names the field but not the value.
  const Error e = caught([&] { accounts.register_user(kAnon, with_email("first@example.com")); });
  CHECK(std::string(e.what()).find("first@example.com") == std::string::npos);
  // None of the failed attempts took "second".
  CHECK_NOTHROW(
      accounts.register_user(kAnon, with_all("second", "second@example.com", "13800000002")));
}

TEST_CASE("A1 register: the public id is a UUID v4 plus 4 characters, unique and immutable") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const std::regex shape(
      "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
      "[0-9a-z]{4}$");
  std::set<std::string> ids;
  for (int i = 0; i < 25; ++i) {
    const std::string id =
        accounts.register_user(kAnon, with_username("user_" + std::to_string(i)));
    CAPTURE(id);
    CHECK(id.size() == 40);
    CHECK(std::regex_match(id, shape));
    ids.insert(id);
    const Profile p = accounts.profile(Actor::user(id), id);
    CHECK(p.user_id == id);
    CHECK(p.tenant == "default");
  }
  CHECK(ids.size() == 25);

  // Changing the username does not change the id.
  const std::string id = *ids.begin();
  accounts.change_identifier(Actor::user(id),
                             {.user_id = id, .kind = Identifier::username, .value = "renamed"});
  CHECK(accounts.sign_in(kAnon, credentials("renamed")).user_id == id);
}

TEST_CASE("A1 register: user_type defaults to the first configured type; unknown is rejected") {
  Options o = memory_options();
  o.user_types = {"MEMBER", "TAXI", "farmer", "cooperative"};
  System sys(o);
  auto& accounts = sys.accounts();

  const auto plain = accounts.register_user(kAnon, with_username("plain_user"));
  CHECK(accounts.profile(Actor::system(), plain).user_type == "MEMBER");

  for (const std::string type : {"MEMBER", "TAXI", "farmer", "cooperative"}) {
    auto r = with_username("type_" + type);
    r.user_type = type;
    const auto id = accounts.register_user(kAnon, r);
    CHECK(accounts.profile(Actor::system(), id).user_type == type);
    CHECK(accounts.sign_in(kAnon, credentials("type_" + type)).user_type == type);
  }

  const std::vector<std::string> unknown = {"ADMIN", "member", "Taxi", "farmer ",
                                            nul_inside("TAXI", "")};
  for (const std::string& type : unknown) {
    CAPTURE(type);
    auto r = with_username("bad_type");
    r.user_type = type;
    check_error([&] { accounts.register_user(kAnon, r); }, Errc::invalid_argument, "user_type");
  }

  Options other = memory_options();
  other.user_types = {"farmer"};
  System farm(other);
  const auto id = farm.accounts().register_user(kAnon, with_username("farmer_joe"));
  CHECK(farm.accounts().profile(Actor::system(), id).user_type == "farmer");
}

TEST_CASE("A1 register: invalid user_types in Options are rejected when opening") {
  Options empty = memory_options();
  empty.user_types = {};
  check_error([&] { System sys(empty); }, Errc::invalid_argument, "user_types");
  Options bad = memory_options();
  bad.user_types = {"MEMBER", "has space"};
  check_error([&] { System sys(bad); }, Errc::invalid_argument, "user_types");
}

TEST_CASE("A1 register: every profile field is stored and read back") {
  auto clock = std::make_shared<ManualClock>();
  System sys(memory_options(clock));
  auto& accounts = sys.accounts();

  RegisterRequest r = with_all("Full_Profile", "Full.Profile@Example.COM", "+86 139 1234 5678");
  r.nickname = "Fully \xE5\xB0\x8F\xE6\x98\x8E \xF0\x9F\x99\x82";  // 小明 🙂
  r.real_name = "\xE5\xBC\xA0\xE4\xBC\x9F Zhang Wei";              // 张伟
  r.gender = Gender::female;
  r.birthday = "1990-02-28";
  r.avatar_url = "https://cdn.example.com/avatars/42.png?size=128";
  r.region = "CN-31 Shanghai";
  r.address = "Room 5, 88 Century Avenue\nPudong";
  r.preferences = R"({"lang":"zh-CN","news":true})";
  r.attributes = R"({"vip":{"since":2019,"tags":["a","b"]},"score":9.5,"note":null})";
  const std::string id = accounts.register_user(kAnon, r);

  const Profile p = accounts.profile(Actor::user(id), id);
  CHECK(p.user_id == id);
  CHECK(p.tenant == "default");
  CHECK(p.username == "Full_Profile");
  CHECK(p.email == "full.profile@example.com");
  CHECK(p.mobile == "+8613912345678");
  CHECK_FALSE(p.email_verified);
  CHECK_FALSE(p.mobile_verified);
  CHECK(p.user_type == "MEMBER");
  CHECK(p.status == AccountStatus::active);
  CHECK(p.status_reason.empty());
  CHECK(p.nickname == r.nickname);
  CHECK(p.real_name == r.real_name);
  CHECK(p.gender == Gender::female);
  CHECK(p.birthday == "1990-02-28");
  CHECK(p.avatar_url == r.avatar_url);
  CHECK(p.region == r.region);
  CHECK(p.address == r.address);
  CHECK(nlohmann::json::parse(p.preferences) == nlohmann::json::parse(r.preferences));
  CHECK(nlohmann::json::parse(p.attributes) == nlohmann::json::parse(r.attributes));
  CHECK(p.failed_sign_ins == 0);
  CHECK_FALSE(p.locked_until.has_value());
  CHECK(p.created_at == clock->now());
  CHECK(p.updated_at == clock->now());

  // Optional fields left out read back empty, JSON fields as {}.
  const std::string bare = accounts.register_user(kAnon, with_username("bare_user"));
  const Profile b = accounts.profile(Actor::user(bare), bare);
  CHECK(b.nickname.empty());
  CHECK(b.real_name.empty());
  CHECK(b.gender == Gender::unspecified);
  CHECK(b.birthday.empty());
  CHECK(b.avatar_url.empty());
  CHECK(b.region.empty());
  CHECK(b.address.empty());
  CHECK(nlohmann::json::parse(b.preferences) == nlohmann::json::object());
  CHECK(nlohmann::json::parse(b.attributes) == nlohmann::json::object());

  for (Gender g : {Gender::unspecified, Gender::male, Gender::other}) {
    auto gr = with_username("gender_" + std::string(to_string(g)));
    gr.gender = g;
    const auto gid = accounts.register_user(kAnon, gr);
    CHECK(accounts.profile(Actor::system(), gid).gender == g);
  }
}

TEST_CASE("A1 register: SQL metacharacters in text fields are stored and read back verbatim") {
  TempDir dir;
  System sys(file_options(dir));
  auto& accounts = sys.accounts();
  const std::string bobby = "Robert'); DROP TABLE users;--";

  RegisterRequest r = with_email("o'brien+tag@example.com");
  r.nickname = bobby;
  r.real_name = "O'Brien \"Bobby\" ; -- /* */";
  r.region = "100% _wild_ \\ region'";
  r.address = "1 Main St'; DELETE FROM users WHERE '1'='1\n\"Flat\" 2";
  r.attributes = R"({"q":"'; DROP TABLE users;--","k'\"":"v"})";
  const std::string id = accounts.register_user(kAnon, r);

  const Profile p = accounts.profile(Actor::user(id), id);
  CHECK(p.nickname == bobby);
  CHECK(p.real_name == r.real_name);
  CHECK(p.region == r.region);
  CHECK(p.address == r.address);
  CHECK(p.email == "o'brien+tag@example.com");
  CHECK(nlohmann::json::parse(p.attributes) == nlohmann::json::parse(r.attributes));
  CHECK(can_sign_in(sys, "O'Brien+tag@example.com"));

  // As a username the same text breaks the username rule.
  check_error([&] { accounts.register_user(kAnon, with_username(bobby)); }, Errc::invalid_argument,
              "username");
  // As a sign-in identifier it matches nobody.
  CHECK_FALSE(can_sign_in(sys, bobby));
  CHECK_FALSE(can_sign_in(sys, "x' OR '1'='1"));

  // The table is intact and holds exactly the one user.
  CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == 1);

  // And the update path stores it verbatim as well.
  ProfileUpdate u;
  u.user_id = id;
  u.nickname = "'; UPDATE users SET status = 4; --";
  CHECK(accounts.update_profile(Actor::user(id), u).nickname == *u.nickname);
  CHECK(accounts.profile(Actor::user(id), id).status == AccountStatus::active);
}

TEST_CASE("A1 register: bad usernames are invalid_argument naming \"username\"") {
  System sys(memory_options());
  std::vector<BadCase> cases;
  const auto add = [&](std::string what, std::string value) {
    RegisterRequest r = valid();
    r.username = std::move(value);
    cases.push_back({std::move(what), std::move(r)});
  };
  add("too short", "ab");
  add("over-long (33)", "a" + std::string(32, 'b'));
  add("starts with a digit", "1abc");
  add("starts with underscore", "_abc");
  add("space", "ann lee");
  add("at sign", "ann@home");
  add("plus sign", "ann+lee");
  add("non-ASCII letter", "j\xC3\xB6rg");
  add("invalid UTF-8", "ann\xFF\xFE");
  add("embedded NUL", nul_inside("ann", "lee"));
  add("newline", "ann\nlee");
  add("SQL", "Robert'); DROP TABLE users;--");
  add("quote", "ann'lee");
  expect_all_rejected(sys.accounts(), cases, "username");

  // The boundaries are allowed.
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, with_username("abc")));
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, with_username("a" + std::string(31, 'b'))));
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, with_username("a.b-c_d9")));
}

TEST_CASE("A1 register: bad emails are invalid_argument naming \"email\"") {
  System sys(memory_options());
  std::vector<BadCase> cases;
  const auto add = [&](std::string what, std::string value) {
    RegisterRequest r = valid();
    r.email = std::move(value);
    cases.push_back({std::move(what), std::move(r)});
  };
  add("no at", "plainaddress");
  add("no local part", "@example.com");
  add("no domain", "ann@");
  add("single-label domain", "ann@localhost");
  add("two ats", "ann@@example.com");
  add("double dot", "ann..lee@example.com");
  add("leading dot", ".ann@example.com");
  add("trailing dot", "ann.@example.com");
  add("domain label starts with dash", "ann@-example.com");
  add("one-letter TLD", "ann@example.c");
  add("numeric TLD", "ann@example.123");
  add("space in local part", "ann lee@example.com");
  add("space in domain", "ann@exa mple.com");
  add("local part over 64", std::string(65, 'a') + "@example.com");
  add("over 254 in all", std::string(60, 'a') + "@" + std::string(63, 'b') + "." +
                             std::string(63, 'c') + "." + std::string(63, 'd') + ".com");
  add("invalid UTF-8", "ann\xFF@example.com");
  add("non-ASCII", "j\xC3\xB6rg@example.com");
  add("embedded NUL", nul_inside("ann", "@example.com"));
  add("embedded NUL in domain", nul_inside("ann@exam", "ple.com"));
  add("SQL", "ann@example.com'; DROP TABLE users;--");
  add("SQL 2", "x'); DROP TABLE users;--@example.com");
  expect_all_rejected(sys.accounts(), cases, "email");
}

TEST_CASE("A1 register: bad mobiles are invalid_argument naming \"mobile\"") {
  System sys(memory_options());
  std::vector<BadCase> cases;
  const auto add = [&](std::string what, std::string value) {
    RegisterRequest r = valid();
    r.mobile = std::move(value);
    cases.push_back({std::move(what), std::move(r)});
  };
  add("too few digits", "12345");
  add("10 digits", "1380013800");
  add("12 digits without +", "138001380001");
  add("not a Chinese mobile prefix", "12800138000");
  add("leading zero after +", "+0123456789");
  add("E.164 too short", "+1234567");
  add("E.164 too long", "+1234567890123456");
  add("+86 but not a Chinese mobile", "+86123456789");
  add("letter", "1380013800a");
  add("two pluses", "++8613800138000");
  add("plus in the middle", "138+00138000");
  add("parentheses", "(138)00138000");
  add("over-long", "+86 138 0013 8000 0000 0000 0000 00");
  add("invalid UTF-8", "1380013800\xFF");
  add("embedded NUL", nul_inside("13800138000", ""));
  add("embedded NUL inside", nul_inside("138001", "38000"));
  add("SQL", "13800138000; DROP TABLE users");
  add("only separators", "- -");
  expect_all_rejected(sys.accounts(), cases, "mobile");

  // Valid forms.
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, with_mobile("+1 415 555 2671")));
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, with_mobile("19912345678")));
}

TEST_CASE("A1 register: a weak, common or malformed password is rejected naming \"password\"") {
  System sys(memory_options());
  std::vector<BadCase> cases;
  const auto add = [&](std::string what, std::string value) {
    RegisterRequest r = valid();
    r.password = std::move(value);
    cases.push_back({std::move(what), std::move(r)});
  };
  add("empty", "");
  add("7 characters", "zq8#mW2");
  add("129 characters", std::string(129, 'x'));
  add("over 4096 bytes", std::string(5000, 'y'));
  add("common", "password123");
  add("common, other case", "PassWord123");
  add("common keyboard walk", "qwertyuiop");
  add("common digits", "12345678");
  add("invalid UTF-8", "valid-pass\xC3");
  add("lone surrogate", "valid-pass\xED\xA0\x80");
  add("embedded NUL", nul_inside("valid-pass", "word"));
  expect_all_rejected(sys.accounts(), cases, "password");

  // Neither a password nor a hash.
  RegisterRequest none = valid();
  none.password.clear();
  check_error([&] { sys.accounts().register_user(kAnon, none); }, Errc::invalid_argument,
              "password");

  // The boundaries are allowed.
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, with_username("eight", "zq8#mW2!")));
  CHECK_NOTHROW(
      sys.accounts().register_user(kAnon, with_username("max_len", std::string(128, 'k'))));
}

TEST_CASE("A1 register: bad free-text fields are invalid_argument naming the field") {
  System sys(memory_options());
  struct Field {
    std::string name;
    std::string RegisterRequest::*member;
    std::size_t max_bytes;
    bool multiline;
  };
  const std::vector<Field> fields = {
      {"nickname", &RegisterRequest::nickname, 64, false},
      {"real_name", &RegisterRequest::real_name, 128, false},
      {"region", &RegisterRequest::region, 128, false},
      {"address", &RegisterRequest::address, 512, true},
  };
  for (const auto& f : fields) {
    CAPTURE(f.name);
    std::vector<BadCase> cases;
    const auto add = [&](std::string what, std::string value) {
      RegisterRequest r = valid();
      r.*f.member = std::move(value);
      cases.push_back({std::move(what), std::move(r)});
    };
    add("over-long", std::string(f.max_bytes + 1, 'x'));
    add("invalid UTF-8", "abc\xFF");
    add("truncated sequence", "abc\xE5\xB0");
    add("overlong encoding", "abc\xC0\xAF");
    add("lone surrogate", "abc\xED\xA0\x80");
    add("embedded NUL", nul_inside("abc", "def"));
    add("escape", "abc\x1B[31mred");
    add("DEL", "abc\x7F");
    if (!f.multiline) add("newline", "two\nlines");
    expect_all_rejected(sys.accounts(), cases, f.name);

    // The maximum length itself is fine.
    RegisterRequest ok = with_username("max_" + f.name);
    ok.*f.member = std::string(f.max_bytes, 'x');
    CHECK_NOTHROW(sys.accounts().register_user(kAnon, ok));
  }
}

TEST_CASE("A1 register: a bad gender is invalid_argument naming \"gender\"") {
  System sys(memory_options());
  for (int g : {-1, 4, 99}) {
    CAPTURE(g);
    RegisterRequest r = valid();
    r.gender = static_cast<Gender>(g);
    check_error([&] { sys.accounts().register_user(kAnon, r); }, Errc::invalid_argument, "gender");
  }
}

TEST_CASE("A1 register: a bad birthday is invalid_argument naming \"birthday\"") {
  using namespace std::chrono;
  auto clock = std::make_shared<ManualClock>(sys_days{year{2024} / June / 1});
  System sys(memory_options(clock));
  std::vector<BadCase> cases;
  const auto add = [&](std::string what, std::string value) {
    RegisterRequest r = valid();
    r.birthday = std::move(value);
    cases.push_back({std::move(what), std::move(r)});
  };
  add("month 13", "1990-13-01");
  add("month 0", "1990-00-10");
  add("day 0", "1990-01-00");
  add("30 February", "1990-02-30");
  add("29 February of a common year", "2023-02-29");
  add("no padding", "1990-1-01");
  add("no separators", "19900101");
  add("slashes", "1990/01/01");
  add("day first", "01-01-1990");
  add("before 1900", "1899-12-31");
  add("tomorrow", "2024-06-02");
  add("far future", "2999-01-01");
  add("letters", "abcd-ef-gh");
  add("with time", "1990-01-01T00:00:00");
  add("sign", "+990-01-01");
  add("embedded NUL", nul_inside("1990-01-0", ""));
  add("SQL", "1990-01-01'--");
  expect_all_rejected(sys.accounts(), cases, "birthday");

  auto today = with_username("born_today");
  today.birthday = "2024-06-01";
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, today));
  auto leap = with_username("leap_day");
  leap.birthday = "2000-02-29";
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, leap));
  auto first = with_username("first_day");
  first.birthday = "1900-01-01";
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, first));
}

TEST_CASE("A1 register: a bad avatar_url is invalid_argument naming \"avatar_url\"") {
  System sys(memory_options());
  std::vector<BadCase> cases;
  const auto add = [&](std::string what, std::string value) {
    RegisterRequest r = valid();
    r.avatar_url = std::move(value);
    cases.push_back({std::move(what), std::move(r)});
  };
  add("ftp", "ftp://example.com/a.png");
  add("javascript", "javascript:alert(1)");
  add("data", "data:image/png;base64,iVBORw0KGgo=");
  add("no scheme", "example.com/a.png");
  add("no host", "https://");
  add("empty host", "https:///a.png");
  add("host is punctuation", "https://-/a.png");
  add("userinfo only", "https://@/a.png");
  add("space", "https://example.com/a b.png");
  add("control", "https://example.com/\x01.png");
  add("over-long", "https://example.com/" + std::string(2048, 'a'));
  add("invalid UTF-8", "https://example.com/\xFF.png");
  add("embedded NUL", nul_inside("https://example.com/a", ".png"));
  expect_all_rejected(sys.accounts(), cases, "avatar_url");

  auto ok = with_username("with_avatar");
  ok.avatar_url = "HTTP://Example.com/a.png";
  CHECK_NOTHROW(sys.accounts().register_user(kAnon, ok));
}

TEST_CASE("A1 register: preferences and attributes must be JSON objects") {
  System sys(memory_options());
  for (auto member : {&RegisterRequest::preferences, &RegisterRequest::attributes}) {
    const std::string field =
        member == &RegisterRequest::preferences ? "preferences" : "attributes";
    CAPTURE(field);
    std::vector<BadCase> cases;
    const auto add = [&](std::string what, std::string value) {
      RegisterRequest r = valid();
      r.*member = std::move(value);
      cases.push_back({std::move(what), std::move(r)});
    };
    add("array", "[1,2]");
    add("empty array", "[]");
    add("string", "\"text\"");
    add("number", "42");
    add("null", "null");
    add("bool", "true");
    add("unterminated", "{");
    add("single quotes", "{'a':1}");
    add("trailing garbage", "{\"a\":1} trailing");
    add("two objects", "{}{}");
    add("invalid UTF-8", "{\"a\":\"\xFF\"}");
    add("embedded NUL", nul_inside("{\"a\":1", "}"));
    add("over 64 KiB", "{\"a\":\"" + std::string(70000, 'x') + "\"}");
    add("SQL", "'; DROP TABLE users;--");
    add("nested 1000 deep", "{\"a\":" + std::string(1000, '[') + std::string(1000, ']') + "}");
    add("nested 30000 deep", "{\"a\":" + std::string(30000, '[') + std::string(30000, ']') + "}");
    expect_all_rejected(sys.accounts(), cases, field);
  }
  // Ordinary nesting is fine.
  RegisterRequest nested = with_username("nested_json");
  nested.attributes = R"({"a":{"b":{"c":{"d":[1,[2,[3]]]}}}})";
  nested.preferences = R"({"ui":{"theme":{"colors":["red"]}}})";
  const auto id = sys.accounts().register_user(kAnon, nested);
  CHECK(nlohmann::json::parse(sys.accounts().profile(Actor::system(), id).attributes) ==
        nlohmann::json::parse(nested.attributes));
}

TEST_CASE("A1 register: a failed registration writes nothing") {
  TempDir dir;
  System sys(file_options(dir));
  auto& accounts = sys.accounts();
  const std::string db = dir.file("member.db");
  const auto users = [&] { return raw_int(db, "SELECT COUNT(*) FROM users"); };
  const auto audits = [&] { return raw_int(db, "SELECT COUNT(*) FROM audit_log"); };

  std::vector<RegisterRequest> bad;
  {
    auto r = with_all("fresh_name", "fresh@example.com", "13811112222");
    r.birthday = "1990-02-30";  // everything else is fine
    bad.push_back(r);
  }
  {
    auto r = with_all("fresh_name", "fresh@example.com", "13811112222");
    r.attributes = "[1]";
    bad.push_back(r);
  }
  {
    auto r = with_all("fresh_name", "fresh@example.com", "13811112222", "password");
    bad.push_back(r);
  }
  {
    auto r = with_all("fresh_name", "fresh@example.com", "13811112222");
    r.user_type = "UNKNOWN";
    bad.push_back(r);
  }
  {
    auto r = with_all("fresh_name", "not-an-email", "13811112222");
    bad.push_back(r);
  }
  for (const auto& r : bad) {
    CHECK_THROWS_AS(accounts.register_user(kAnon, r), Error);
  }
  CHECK(users() == 0);
  CHECK(audits() == 0);
  CHECK_FALSE(can_sign_in(sys, "fresh_name"));
  CHECK_FALSE(can_sign_in(sys, "fresh@example.com"));
  CHECK_FALSE(can_sign_in(sys, "13811112222"));

  // A conflict on one identifier does not take the others.
  accounts.register_user(kAnon, with_username("taken_name"));
  CHECK(users() == 1);
  const auto audit_before = audits();
  check_error(
      [&] { accounts.register_user(kAnon, with_all("taken_name", "fresh@example.com", "")); },
      Errc::conflict, "username");
  CHECK(users() == 1);
  CHECK(audits() == audit_before);
  CHECK_NOTHROW(accounts.register_user(kAnon, with_email("fresh@example.com")));
  CHECK(users() == 2);
}

TEST_CASE("A1 register: anonymous and staff may register; a signed-in user may not") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto anon_id = accounts.register_user(kAnon, with_username("self_made"));
  CHECK_NOTHROW(accounts.register_user(Actor::admin("ops"), with_username("by_admin")));
  CHECK_NOTHROW(accounts.register_user(Actor::service("crm"), with_username("by_service")));
  CHECK_NOTHROW(accounts.register_user(Actor::system(), with_username("by_system")));

  check_error([&] { accounts.register_user(Actor::user(anon_id), with_username("second_acct")); },
              Errc::permission_denied);
  CHECK_FALSE(can_sign_in(sys, "second_acct"));
}

TEST_CASE("A1 register: staff-only fields are refused for anonymous callers") {
  System sys(memory_options());
  auto& accounts = sys.accounts();

  auto hashed = with_username("hash_user");
  hashed.password.clear();
  hashed.password_hash = "$2a$04$abcdefghijklmnopqrstuuQJ1OQ1hC9z3xXy3uzK7yxrNdmsKhFXm";
  check_error([&] { accounts.register_user(kAnon, hashed); }, Errc::permission_denied);

  auto email_verified = with_email("verified@example.com");
  email_verified.email_verified = true;
  check_error([&] { accounts.register_user(kAnon, email_verified); }, Errc::permission_denied);

  auto mobile_verified = with_mobile("13822223333");
  mobile_verified.mobile_verified = true;
  check_error([&] { accounts.register_user(kAnon, mobile_verified); }, Errc::permission_denied);

  CHECK_FALSE(can_sign_in(sys, "hash_user"));
  CHECK_FALSE(can_sign_in(sys, "verified@example.com"));
  CHECK_FALSE(can_sign_in(sys, "13822223333"));

  // Staff may set them; a flag without its contact stays false.
  auto staff = with_all("", "verified@example.com", "13822223333");
  staff.email_verified = true;
  staff.mobile_verified = true;
  const auto id = accounts.register_user(Actor::admin("ops"), staff);
  const Profile p = accounts.profile(Actor::user(id), id);
  CHECK(p.email_verified);
  CHECK(p.mobile_verified);

  auto no_mobile = with_email("only-email@example.com");
  no_mobile.mobile_verified = true;
  const auto id2 = accounts.register_user(Actor::system(), no_mobile);
  CHECK_FALSE(accounts.profile(Actor::system(), id2).mobile_verified);
}

TEST_CASE("A1 register: the actor's tenant must exist and be well-formed") {
  System sys(memory_options());
  check_error(
      [&] {
        sys.accounts().register_user(Actor::anonymous("no-such-tenant"), with_username("x_1"));
      },
      Errc::not_found, "tenant");
  check_error(
      [&] { sys.accounts().register_user(Actor::anonymous("bad tenant!"), with_username("x_2")); },
      Errc::invalid_argument, "tenant");
  check_error([&] { sys.accounts().register_user(Actor::anonymous(""), with_username("x_3")); },
              Errc::invalid_argument, "tenant");
  CHECK_FALSE(can_sign_in(sys, "x_1"));
}

}  // namespace member::test
