// A2 / A5: legacy password hashes imported as-is, verified on sign-in and
// replaced by an Argon2id hash with the current parameters.
#include "accounts/account_helpers.hpp"
#include "accounts/legacy_hashes.hpp"

namespace member::test {
namespace {

const Actor kAdmin = Actor::admin("importer");
const std::string kCheapPrefix = "$argon2id$v=19$m=64,t=1,p=1$";

RegisterRequest imported(std::string username, std::string hash) {
  RegisterRequest r;
  r.username = std::move(username);
  r.password_hash = std::move(hash);
  return r;
}

/// Imports `hash` for `password`, then checks: the hash is stored as given;
/// a wrong password fails; the right one signs in and upgrades the hash to
/// the current Argon2id parameters; the next sign-in needs no upgrade.
void check_import_and_upgrade(const std::string& hash, const std::string& password) {
  TempDir dir;
  System sys(file_options(dir));
  auto& accounts = sys.accounts();
  const std::string db = dir.file("member.db");

  const std::string id = accounts.register_user(kAdmin, imported("legacy_user", hash));
  CHECK(password_hash_of(db, id) == hash);

  check_error(
      [&] { accounts.sign_in(Actor::anonymous(), credentials("legacy_user", "not-the-password")); },
      Errc::unauthenticated);
  CHECK(password_hash_of(db, id) == hash);

  const SignInResult first =
      accounts.sign_in(Actor::anonymous(), credentials("legacy_user", password));
  CHECK(first.user_id == id);
  CHECK(first.password_rehashed);
  const std::string upgraded = password_hash_of(db, id);
  CHECK(upgraded != hash);
  CHECK(upgraded.rfind(kCheapPrefix, 0) == 0);

  const SignInResult second =
      accounts.sign_in(Actor::anonymous(), credentials("legacy_user", password));
  CHECK_FALSE(second.password_rehashed);
  CHECK(password_hash_of(db, id) == upgraded);

  // The old password still is the password; a wrong one still fails.
  check_error(
      [&] { accounts.sign_in(Actor::anonymous(), credentials("legacy_user", "not-the-password")); },
      Errc::unauthenticated);

  const auto rehash = audit_of(sys, id, "account.password.rehash");
  CHECK(rehash.size() == 1);
  const auto registered = audit_of(sys, id, "account.register");
  REQUIRE(registered.size() == 1);
  CHECK(registered[0].detail.find("\"imported_hash\":true") != std::string::npos);
  CHECK(registered[0].actor_kind == ActorKind::admin);
  CHECK(registered[0].actor_id == "importer");
}

}  // namespace

TEST_CASE("A2 legacy hash: bcrypt $2a$ is imported as-is and upgraded on the next sign-in") {
  check_import_and_upgrade(bcrypt_hash("legacy-bcrypt-pass", 'a'), "legacy-bcrypt-pass");
}

TEST_CASE("A2 legacy hash: bcrypt $2b$ and $2y$ are accepted too") {
  check_import_and_upgrade(bcrypt_hash("legacy-bcrypt-b", 'b'), "legacy-bcrypt-b");
  check_import_and_upgrade(bcrypt_hash("legacy-bcrypt-y", 'y'), "legacy-bcrypt-y");
}

TEST_CASE("A2 legacy hash: PBKDF2-SHA256 in PHC form ($pbkdf2-sha256$i=N$salt$hash)") {
  const std::string hash = pbkdf2_phc_hash("legacy-pbkdf2-pass", 1000);
  CHECK(hash.rfind("$pbkdf2-sha256$i=1000$", 0) == 0);
  check_import_and_upgrade(hash, "legacy-pbkdf2-pass");
}

TEST_CASE("A2 legacy hash: PBKDF2-SHA256 in Django form (pbkdf2_sha256$N$salt$hash)") {
  const std::string hash = django_hash("legacy-django-pass");
  CHECK(hash.rfind("pbkdf2_sha256$1200$fM3xQp7ZkL2a$", 0) == 0);
  check_import_and_upgrade(hash, "legacy-django-pass");
}

TEST_CASE("A2 legacy hash: Argon2id with other parameters, and Argon2i, are upgraded") {
  const std::string other_params = argon2_hash("legacy-argon-pass", 32, 2);
  CHECK(other_params.rfind("$argon2id$v=19$m=32,t=2,p=1$", 0) == 0);
  check_import_and_upgrade(other_params, "legacy-argon-pass");

  const std::string argon2i = argon2_hash("legacy-argon-i", 64, 1, 1);
  CHECK(argon2i.rfind("$argon2i$", 0) == 0);
  check_import_and_upgrade(argon2i, "legacy-argon-i");
}

TEST_CASE("A2 legacy hash: an Argon2id hash with the current parameters is kept") {
  TempDir dir;
  System sys(file_options(dir));
  const std::string hash = argon2_hash("current-params-pass", 64, 1);
  REQUIRE(hash.rfind(kCheapPrefix, 0) == 0);
  const std::string id = sys.accounts().register_user(kAdmin, imported("current_user", hash));
  const auto result = sys.accounts().sign_in(Actor::anonymous(),
                                             credentials("current_user", "current-params-pass"));
  CHECK(result.user_id == id);
  CHECK_FALSE(result.password_rehashed);
  CHECK(password_hash_of(dir.file("member.db"), id) == hash);
}

TEST_CASE("A2 legacy hash: a legacy password outside today's policy still signs in") {
  // The policy applies to new passwords, not to verifying imported ones.
  System sys(memory_options());
  const std::string id =
      sys.accounts().register_user(kAdmin, imported("old_timer", bcrypt_hash("abc")));
  const auto result = sys.accounts().sign_in(Actor::anonymous(), credentials("old_timer", "abc"));
  CHECK(result.user_id == id);
  CHECK(result.password_rehashed);
}

TEST_CASE("A2 legacy hash: unsupported hash strings are rejected naming \"password_hash\"") {
  System sys(memory_options());
  const std::string good_bcrypt = bcrypt_hash("whatever-pass");
  std::string cost3 = good_bcrypt;
  cost3.replace(4, 2, "03");
  std::string bad_alphabet = good_bcrypt;
  bad_alphabet[20] = '!';
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"plain text", "hunter2-hunter2"},
      {"md5-crypt", "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/"},
      {"sha512-crypt", "$6$rounds=5000$salt$abcdefghijklmnop"},
      {"bcrypt truncated", good_bcrypt.substr(0, 40)},
      {"bcrypt cost 3", cost3},
      {"bcrypt bad alphabet", bad_alphabet},
      {"bcrypt unknown version", "$2x$" + good_bcrypt.substr(4)},
      {"argon2 v=16", "$argon2id$v=16$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"},
      {"argon2 missing hash", "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ"},
      {"argon2 zero iterations", "$argon2id$v=19$m=64,t=0,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"},
      {"argon2 unknown parameter",
       "$argon2id$v=19$m=64,t=1,x=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"},
      {"pbkdf2 zero iterations", "$pbkdf2-sha256$i=0$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA"},
      {"pbkdf2 short hash", "$pbkdf2-sha256$i=1000$c2FsdA$aGFzaA"},
      {"pbkdf2 missing salt", "$pbkdf2-sha256$i=1000$$aGFzaGhhc2hoYXNoaGFzaA"},
      {"pbkdf2-sha1", "$pbkdf2$1000$c2FsdA$aGFzaGhhc2hoYXNoaGFzaA"},
      {"django sha1", "pbkdf2_sha1$1000$salt$aGFzaGhhc2hoYXNoaGFzaA=="},
      {"django too few parts", "pbkdf2_sha256$1000$aGFzaGhhc2hoYXNoaGFzaA=="},
      {"SQL", "'; DROP TABLE users;--"},
  };
  for (const auto& [what, hash] : cases) {
    CAPTURE(what);
    check_error([&] { sys.accounts().register_user(kAdmin, imported("bad_hash", hash)); },
                Errc::invalid_argument, "password_hash");
  }
  CHECK_FALSE(can_sign_in(sys, "bad_hash", "whatever-pass"));
}

TEST_CASE("A2 legacy hash: a password and a hash together are rejected") {
  System sys(memory_options());
  RegisterRequest r = imported("both_given", bcrypt_hash("both-given-pass"));
  r.password = "both-given-pass";
  check_error([&] { sys.accounts().register_user(kAdmin, r); }, Errc::invalid_argument,
              "password_hash");
}

TEST_CASE("A5 passwords: a hash made with other Argon2id parameters is replaced on sign-in") {
  TempDir dir;
  std::string id;
  {
    System sys(file_options(dir));
    id = sys.accounts().register_user(Actor::anonymous(), with_username("param_user"));
  }
  const std::string db = dir.file("member.db");
  const std::string before = password_hash_of(db, id);
  CHECK(before.rfind(kCheapPrefix, 0) == 0);

  Options stronger = file_options(dir);
  stronger.password_hashing = {.memory_kib = 128, .iterations = 2, .parallelism = 1};
  System sys(stronger);
  const auto result = sys.accounts().sign_in(Actor::anonymous(), credentials("param_user"));
  CHECK(result.password_rehashed);
  CHECK(password_hash_of(db, id).rfind("$argon2id$v=19$m=128,t=2,p=1$", 0) == 0);
  CHECK_FALSE(
      sys.accounts().sign_in(Actor::anonymous(), credentials("param_user")).password_rehashed);
}

TEST_CASE("A5 passwords: every user has their own salt") {
  TempDir dir;
  System sys(file_options(dir));
  const auto a = sys.accounts().register_user(Actor::anonymous(), with_username("same_pass_a"));
  const auto b = sys.accounts().register_user(Actor::anonymous(), with_username("same_pass_b"));
  const std::string db = dir.file("member.db");
  const std::string ha = password_hash_of(db, a);
  const std::string hb = password_hash_of(db, b);
  CHECK(ha != hb);
  CHECK(ha.rfind(kCheapPrefix, 0) == 0);
  CHECK(hb.rfind(kCheapPrefix, 0) == 0);
  CHECK(ha.find(kPassword) == std::string::npos);
}

TEST_CASE("A5 passwords: out-of-range Argon2id parameters are rejected when opening") {
  Options o = memory_options();
  o.password_hashing = {.memory_kib = 4, .iterations = 1, .parallelism = 1};
  check_error([&] { System sys(o); }, Errc::invalid_argument, "password_hashing");
  o.password_hashing = {.memory_kib = 64, .iterations = 0, .parallelism = 1};
  check_error([&] { System sys(o); }, Errc::invalid_argument, "password_hashing");
  o.password_hashing = {.memory_kib = 64, .iterations = 1, .parallelism = 0};
  check_error([&] { System sys(o); }, Errc::invalid_argument, "password_hashing");
}

}  // namespace member::test
