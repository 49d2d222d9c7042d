// F3 as used by accounts: what the audit trail records, who may read it, and
// that it never holds personal data or secrets.
#include <chrono>
#include <nlohmann/json.hpp>

#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

using namespace std::chrono_literals;
const Actor kAnon = Actor::anonymous();

}  // namespace

TEST_CASE("audit: register, password change, profile update and status change are recorded") {
  auto clock = std::make_shared<ManualClock>();
  System sys(memory_options(clock));
  auto& accounts = sys.accounts();

  const TimePoint t_register = clock->now();
  const auto id = accounts.register_user(kAnon, with_all("audited", "audited@example.com", ""));
  clock->advance(1min);
  const TimePoint t_password = clock->now();
  accounts.change_password(
      Actor::user(id), {.user_id = id, .old_password = kPassword, .new_password = kOtherPassword});
  clock->advance(1min);
  const TimePoint t_profile = clock->now();
  ProfileUpdate u;
  u.user_id = id;
  u.real_name = "Audrey Audited";
  u.birthday = "1970-01-02";
  accounts.update_profile(Actor::user(id), u);
  clock->advance(1min);
  const TimePoint t_status = clock->now();
  accounts.set_status(Actor::admin("ops-9"), id, AccountStatus::disabled, "audit test");

  const auto entries = audit_of(sys, id);
  REQUIRE(entries.size() == 4);
  // Newest first, with increasing sequence numbers.
  CHECK(entries[0].action == "account.status.change");
  CHECK(entries[1].action == "account.profile.update");
  CHECK(entries[2].action == "account.password.change");
  CHECK(entries[3].action == "account.register");
  for (std::size_t i = 1; i < entries.size(); ++i) {
    CHECK(entries[i - 1].sequence > entries[i].sequence);
  }
  for (const auto& e : entries) {
    CHECK(e.user_id == id);
    CHECK(nlohmann::json::parse(e.detail).is_object());
  }

  CHECK(entries[3].at == t_register);
  CHECK(entries[3].actor_kind == ActorKind::anonymous);
  CHECK(entries[3].actor_id.empty());
  const auto reg = nlohmann::json::parse(entries[3].detail);
  CHECK(reg.at("user_type") == "MEMBER");
  CHECK(reg.at("imported_hash") == false);

  CHECK(entries[2].at == t_password);
  CHECK(entries[2].actor_kind == ActorKind::user);
  CHECK(entries[2].actor_id == id);

  CHECK(entries[1].at == t_profile);
  const auto prof = nlohmann::json::parse(entries[1].detail);
  CHECK(prof.at("fields") == nlohmann::json::array({"real_name", "birthday"}));
  CHECK(entries[1].detail.find("Audrey") == std::string::npos);
  CHECK(entries[1].detail.find("1970-01-02") == std::string::npos);

  CHECK(entries[0].at == t_status);
  CHECK(entries[0].actor_kind == ActorKind::admin);
  CHECK(entries[0].actor_id == "ops-9");
  const auto status = nlohmann::json::parse(entries[0].detail);
  CHECK(status.at("from") == "active");
  CHECK(status.at("to") == "disabled");

  // Filtering by action.
  const auto only = audit_of(sys, id, "account.password.change");
  REQUIRE(only.size() == 1);
  CHECK(only[0].sequence == entries[2].sequence);
}

TEST_CASE("audit: a user sees only the entries about themself") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto a = accounts.register_user(kAnon, with_username("audit_a"));
  const auto b = accounts.register_user(kAnon, with_username("audit_b"));
  ProfileUpdate u;
  u.user_id = b;
  u.nickname = "B";
  accounts.update_profile(Actor::user(b), u);

  const auto mine = sys.audit().list(Actor::user(a), {.user_id = a});
  REQUIRE(mine.size() == 1);
  for (const auto& e : mine) CHECK(e.user_id == a);
  CHECK(sys.audit().list(Actor::user(b), {.user_id = b}).size() == 2);
  check_error([&] { sys.audit().list(Actor::user(a), {.user_id = b}); }, Errc::permission_denied);
  check_error([&] { sys.audit().list(Actor::user(a), {}); }, Errc::permission_denied);
  check_error([&] { sys.audit().list(kAnon, {.user_id = a}); }, Errc::permission_denied);
  // Staff see everything of the tenant.
  CHECK(sys.audit().list(Actor::admin("ops"), {}).size() == 3);
}

TEST_CASE("audit: queries are validated and paged") {
  System sys(memory_options());
  const auto id = sys.accounts().register_user(kAnon, with_username("paged_user"));
  for (int i = 0; i < 4; ++i) {
    ProfileUpdate u;
    u.user_id = id;
    u.nickname = "n" + std::to_string(i);
    sys.accounts().update_profile(Actor::user(id), u);
  }
  const auto all = sys.audit().list(Actor::system(), {.user_id = id});
  REQUIRE(all.size() == 5);
  const auto page =
      sys.audit().list(Actor::system(), {.user_id = id, .page = {.limit = 2, .offset = 1}});
  REQUIRE(page.size() == 2);
  CHECK(page[0].sequence == all[1].sequence);
  CHECK(page[1].sequence == all[2].sequence);
  check_error([&] { sys.audit().list(Actor::system(), {.page = {.limit = 0}}); },
              Errc::invalid_argument, "page.limit");
  check_error([&] { sys.audit().list(Actor::system(), {.user_id = "nope"}); },
              Errc::invalid_argument, "user_id");
  check_error([&] { sys.audit().list(Actor::system(), {.action = std::string(65, 'a')}); },
              Errc::invalid_argument, "action");
  CHECK(sys.audit().list(Actor::system(), {.action = "'; DROP TABLE audit_log;--"}).empty());
  CHECK(sys.audit().list(Actor::system(), {.user_id = id}).size() == 5);
}

TEST_CASE("audit: entries never contain an email, mobile, name or password") {
  TempDir dir;
  auto clock = std::make_shared<ManualClock>();
  System sys(file_options(dir, clock));
  auto& accounts = sys.accounts();
  const std::string email = "secret.person@example.com";
  const std::string new_email = "another.secret@example.com";
  RegisterRequest r = with_all("secret_person", email, "13812345678");
  r.real_name = "Sekrit Realname";
  const auto id = accounts.register_user(kAnon, r);
  accounts.sign_in(kAnon, credentials(email));
  for (int i = 0; i < 5; ++i) {
    check_error([&] { accounts.sign_in(kAnon, credentials(email, kOtherPassword)); },
                Errc::unauthenticated);
  }
  clock->advance(1h);
  accounts.change_password(
      Actor::user(id), {.user_id = id, .old_password = kPassword, .new_password = kOtherPassword});
  ProfileUpdate u;
  u.user_id = id;
  u.real_name = "Another Realname";
  accounts.update_profile(Actor::user(id), u);
  // Staff set the contacts (a user proves their own through Codes::change_contact).
  accounts.change_identifier(Actor::admin("support"),
                             {.user_id = id, .kind = Identifier::email, .value = new_email});
  accounts.change_identifier(Actor::admin("support"),
                             {.user_id = id, .kind = Identifier::mobile, .value = "13987654321"});
  accounts.withdraw(Actor::user(id), id, kOtherPassword);

  const auto entries = audit_of(sys, id);
  CHECK(entries.size() == 7);
  const std::vector<std::string> secrets = {
      email,    "secret.person",    new_email, "13812345678", "13987654321",
      "Sekrit", "Another Realname", kPassword, kOtherPassword};
  for (const auto& e : entries) {
    CAPTURE(e.action);
    for (const auto& s : secrets) {
      CAPTURE(s);
      CHECK(e.detail.find(s) == std::string::npos);
      CHECK(e.actor_id.find(s) == std::string::npos);
      CHECK(e.action.find(s) == std::string::npos);
    }
  }
  // And the raw table agrees (nothing hidden from the API view either).
  SQLite::Database db(dir.file("member.db"), SQLite::OPEN_READONLY);
  SQLite::Statement s(db, "SELECT detail, actor_id, action FROM audit_log");
  int rows = 0;
  while (s.executeStep()) {
    ++rows;
    const std::string text = s.getColumn(0).getString() + "|" + s.getColumn(1).getString() + "|" +
                             s.getColumn(2).getString();
    for (const auto& secret : secrets) CHECK(text.find(secret) == std::string::npos);
  }
  CHECK(rows == static_cast<int>(entries.size()));
}

}  // namespace member::test
