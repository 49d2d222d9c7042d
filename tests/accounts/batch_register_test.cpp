// A2: batch registration, per-item results, staff only, legacy hashes.
#include "accounts/account_helpers.hpp"
#include "accounts/legacy_hashes.hpp"

namespace member::test {
namespace {

const Actor kAdmin = Actor::admin("batch-op");

}  // namespace

TEST_CASE("A2 batch: one result per item, in order; bad items never affect the others") {
  TempDir dir;
  System sys(file_options(dir));
  auto& accounts = sys.accounts();
  accounts.register_user(Actor::anonymous(), with_username("existing_user"));

  std::vector<RegisterRequest> items;
  items.push_back(with_all("batch_a", "batch.a@example.com", "13600000001"));  // 0 ok
  items.push_back(with_email("not an email"));                                 // 1 bad email
  items.push_back(with_username("batch_b"));                                   // 2 ok
  items.push_back(with_email("BATCH.A@example.com"));      // 3 duplicate of item 0
  items.push_back(with_username("Existing_User"));         // 4 duplicate of an existing user
  items.push_back(with_username("batch_c", "password1"));  // 5 common password
  items.push_back(with_mobile("+8613600000001"));          // 6 duplicate mobile of item 0
  RegisterRequest no_identifier;
  no_identifier.password = kPassword;
  items.push_back(no_identifier);               // 7 no identifier
  items.push_back(with_mobile("13600000002"));  // 8 ok
  {
    auto r = with_username("batch_d");
    r.birthday = "2001-02-29";
    items.push_back(r);  // 9 bad birthday
  }
  items.push_back(with_username("batch_e"));  // 10 ok

  const auto results = accounts.register_batch(kAdmin, items);
  REQUIRE(results.size() == items.size());
  for (std::size_t i = 0; i < results.size(); ++i) CHECK(results[i].index == i);

  const auto ok = [&](std::size_t i) {
    CAPTURE(i);
    CHECK(results[i].code == Errc::ok);
    CHECK(results[i].user_id.size() == 40);
    CHECK(results[i].field.empty());
    CHECK(results[i].message.empty());
  };
  const auto failed = [&](std::size_t i, Errc code, const std::string& field) {
    CAPTURE(i);
    CHECK(results[i].code == code);
    CHECK(results[i].field == field);
    CHECK(results[i].user_id.empty());
    CHECK_FALSE(results[i].message.empty());
  };
  ok(0);
  failed(1, Errc::invalid_argument, "email");
  ok(2);
  failed(3, Errc::conflict, "email");
  failed(4, Errc::conflict, "username");
  failed(5, Errc::invalid_argument, "password");
  failed(6, Errc::conflict, "mobile");
  failed(7, Errc::invalid_argument, "identifier");
  ok(8);
  failed(9, Errc::invalid_argument, "birthday");
  ok(10);

  // Messages name fields, not values.
  CHECK(results[3].message.find("batch.a@example.com") == std::string::npos);
  CHECK(results[3].message.find("BATCH.A") == std::string::npos);

  // Exactly the good ones exist and can sign in.
  CHECK(raw_int(dir.file("member.db"), "SELECT COUNT(*) FROM users") == 1 + 4);
  CHECK(accounts.sign_in(Actor::anonymous(), credentials("batch_a")).user_id == results[0].user_id);
  CHECK(accounts.sign_in(Actor::anonymous(), credentials("batch_b")).user_id == results[2].user_id);
  CHECK(accounts.sign_in(Actor::anonymous(), credentials("13600000002")).user_id ==
        results[8].user_id);
  CHECK(accounts.sign_in(Actor::anonymous(), credentials("batch_e")).user_id ==
        results[10].user_id);
  CHECK_FALSE(can_sign_in(sys, "batch_c", "password1"));
  CHECK_FALSE(can_sign_in(sys, "batch_d"));

  // One account.register entry per created item, by the batch's actor.
  const auto entries = sys.audit().list(Actor::system(), {.action = "account.register"});
  std::size_t by_batch = 0;
  for (const auto& e : entries)
    by_batch += e.actor_kind == ActorKind::admin && e.actor_id == "batch-op";
  CHECK(by_batch == 4);
}

TEST_CASE("A2 batch: only staff may batch-register") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto me = accounts.register_user(Actor::anonymous(), with_username("plain_member"));
  const std::vector<RegisterRequest> items = {with_username("batch_x")};

  check_error([&] { accounts.register_batch(Actor::anonymous(), items); }, Errc::permission_denied);
  check_error([&] { accounts.register_batch(Actor::user(me), items); }, Errc::permission_denied);
  CHECK_FALSE(can_sign_in(sys, "batch_x"));

  int n = 0;
  for (const Actor& staff : {Actor::admin("op"), Actor::service("crm"), Actor::system()}) {
    const std::vector<RegisterRequest> one = {with_username("staff_batch_" + std::to_string(n++))};
    const auto results = accounts.register_batch(staff, one);
    REQUIRE(results.size() == 1);
    CHECK(results[0].code == Errc::ok);
  }
}

TEST_CASE("A2 batch: an empty batch yields no results; more than 10000 items are refused") {
  System sys(memory_options());
  CHECK(sys.accounts().register_batch(kAdmin, {}).empty());
  const std::vector<RegisterRequest> too_many(10001, with_username("never_made"));
  check_error([&] { sys.accounts().register_batch(kAdmin, too_many); }, Errc::invalid_argument,
              "requests");
  CHECK_FALSE(can_sign_in(sys, "never_made"));
}

TEST_CASE("A2 batch: legacy hashes are imported as-is beside ordinary passwords") {
  TempDir dir;
  System sys(file_options(dir));
  auto& accounts = sys.accounts();
  const std::string db = dir.file("member.db");

  const std::string bcrypt = bcrypt_hash("bcrypt-legacy-1");
  const std::string pbkdf2 = pbkdf2_phc_hash("pbkdf2-legacy-1");
  const std::string django = django_hash("django-legacy-1");
  const std::string argon = argon2_hash("argon-legacy-1", 48, 2);

  std::vector<RegisterRequest> items;
  const auto legacy = [&](std::string name, std::string hash) {
    RegisterRequest r;
    r.username = std::move(name);
    r.password_hash = std::move(hash);
    r.email = r.username + "@legacy.example.com";
    r.email_verified = true;
    items.push_back(r);
  };
  legacy("from_bcrypt", bcrypt);
  legacy("from_pbkdf2", pbkdf2);
  legacy("from_django", django);
  legacy("from_argon", argon);
  legacy("from_md5", "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/");  // unsupported
  items.push_back(with_username("fresh_member"));

  const auto results = accounts.register_batch(kAdmin, items);
  REQUIRE(results.size() == 6);
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u}) {
    CAPTURE(i);
    CHECK(results[i].code == Errc::ok);
  }
  CHECK(results[4].code == Errc::invalid_argument);
  CHECK(results[4].field == "password_hash");

  CHECK(password_hash_of(db, results[0].user_id) == bcrypt);
  CHECK(password_hash_of(db, results[1].user_id) == pbkdf2);
  CHECK(password_hash_of(db, results[2].user_id) == django);
  CHECK(password_hash_of(db, results[3].user_id) == argon);
  CHECK(password_hash_of(db, results[5].user_id).rfind("$argon2id$v=19$m=64,t=1,p=1$", 0) == 0);
  CHECK(accounts.profile(Actor::system(), results[0].user_id).email_verified);

  const std::vector<std::pair<std::string, std::string>> logins = {
      {"from_bcrypt", "bcrypt-legacy-1"},
      {"from_pbkdf2@legacy.example.com", "pbkdf2-legacy-1"},
      {"from_django", "django-legacy-1"},
      {"FROM_ARGON", "argon-legacy-1"},
  };
  for (std::size_t i = 0; i < logins.size(); ++i) {
    CAPTURE(logins[i].first);
    const auto r =
        accounts.sign_in(Actor::anonymous(), credentials(logins[i].first, logins[i].second));
    CHECK(r.user_id == results[i].user_id);
    CHECK(r.password_rehashed);
  }
  CHECK_FALSE(can_sign_in(sys, "from_md5@legacy.example.com", "anything-at-all"));
}

}  // namespace member::test
