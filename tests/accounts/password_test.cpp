// A5: password policy, NFC normalisation, change_password, default hashing.
#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("A5 change_password: after a change the old password fails and the new one works") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, with_all("pw_user", "pw@example.com", ""));
  accounts.change_password(
      Actor::user(id), {.user_id = id, .old_password = kPassword, .new_password = kOtherPassword});
  CHECK_FALSE(can_sign_in(sys, "pw_user", kPassword));
  CHECK_FALSE(can_sign_in(sys, "pw@example.com", kPassword));
  CHECK(can_sign_in(sys, "pw_user", kOtherPassword));
  CHECK(can_sign_in(sys, "pw@example.com", kOtherPassword));

  // And back again: the old one must now be the new "old".
  check_error(
      [&] {
        accounts.change_password(
            Actor::user(id), {.user_id = id, .old_password = kPassword, .new_password = kPassword});
      },
      Errc::unauthenticated);
  accounts.change_password(
      Actor::user(id), {.user_id = id, .old_password = kOtherPassword, .new_password = kPassword});
  CHECK(can_sign_in(sys, "pw_user", kPassword));
}

TEST_CASE("A5 change_password: needs the right old password") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, with_username("pw_user"));
  const auto change = [&](std::string old_password) {
    accounts.change_password(
        Actor::user(id),
        {.user_id = id, .old_password = std::move(old_password), .new_password = kOtherPassword});
  };
  check_error([&] { change("wrong-old-password"); }, Errc::unauthenticated);
  check_error([&] { change(kPassword + "x"); }, Errc::unauthenticated);
  check_error([&] { change(""); }, Errc::invalid_argument, "old_password");
  // The generic sign-in error, not a hint.
  const Error e = caught([&] { change("wrong-old-password"); });
  const Error sign_in =
      caught([&] { accounts.sign_in(kAnon, credentials("pw_user", "nope-nope-nope")); });
  CHECK(std::string(e.what()) == sign_in.what());
  // Nothing changed.
  CHECK(can_sign_in(sys, "pw_user", kPassword));
  CHECK_FALSE(can_sign_in(sys, "pw_user", kOtherPassword));
}

TEST_CASE("A5 change_password: the new password must satisfy the policy") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto id = accounts.register_user(kAnon, with_username("pw_user"));
  std::string with_nul = "long-enough";
  with_nul.push_back('\0');
  with_nul += "tail";
  for (const std::string& bad :
       std::vector<std::string>{"", "short7!", std::string(129, 'z'), "password123", "QWERTY123",
                                "abc\xFF-def-ghi", with_nul}) {
    CAPTURE(bad);
    check_error(
        [&] {
          accounts.change_password(Actor::user(id),
                                   {.user_id = id, .old_password = kPassword, .new_password = bad});
        },
        Errc::invalid_argument, "new_password");
  }
  CHECK(can_sign_in(sys, "pw_user", kPassword));
}

TEST_CASE("A5 change_password: only the user themself or staff, for an existing account") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const auto a = accounts.register_user(kAnon, with_username("pw_a"));
  const auto b = accounts.register_user(kAnon, with_username("pw_b"));
  const ChangePasswordRequest for_b = {
      .user_id = b, .old_password = kPassword, .new_password = kOtherPassword};
  check_error([&] { accounts.change_password(Actor::user(a), for_b); }, Errc::permission_denied);
  check_error([&] { accounts.change_password(kAnon, for_b); }, Errc::permission_denied);
  CHECK(can_sign_in(sys, "pw_b", kPassword));

  // Staff still need the old password.
  check_error(
      [&] {
        accounts.change_password(
            Actor::admin("ops"),
            {.user_id = b, .old_password = "not-the-old-one", .new_password = kOtherPassword});
      },
      Errc::unauthenticated);
  accounts.change_password(Actor::admin("ops"), for_b);
  CHECK(can_sign_in(sys, "pw_b", kOtherPassword));

  check_error(
      [&] {
        accounts.change_password(Actor::admin("ops"),
                                 {.user_id = "00000000-0000-4000-8000-000000000000abcd",
                                  .old_password = kPassword,
                                  .new_password = kOtherPassword});
      },
      Errc::not_found);
  check_error(
      [&] {
        accounts.change_password(
            Actor::admin("ops"),
            {.user_id = "pw_a", .old_password = kPassword, .new_password = kOtherPassword});
      },
      Errc::invalid_argument, "user_id");
}

TEST_CASE("A5 password policy: 8..128 characters counted in code points after NFC") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const std::string cjk = "\xE5\xAF\x86";  // 密: 3 bytes, one code point
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("cjk_eight", repeat(cjk, 8))));
  check_error([&] { accounts.register_user(kAnon, with_username("cjk_seven", repeat(cjk, 7))); },
              Errc::invalid_argument, "password");
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("cjk_max", repeat(cjk, 128))));
  check_error([&] { accounts.register_user(kAnon, with_username("cjk_over", repeat(cjk, 129))); },
              Errc::invalid_argument, "password");
  CHECK(can_sign_in(sys, "cjk_eight", repeat(cjk, 8)));

  // "e" + combining acute is two code points, one after NFC: 14 code points
  // as given, 7 after normalisation.
  const std::string decomposed = "e\xCC\x81";
  check_error(
      [&] { accounts.register_user(kAnon, with_username("nfc_seven", repeat(decomposed, 7))); },
      Errc::invalid_argument, "password");
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("nfc_eight", repeat(decomposed, 8))));
}

TEST_CASE("A5 password policy: length limits come from Options.password_policy") {
  Options o = memory_options();
  o.password_policy.min_length = 12;
  o.password_policy.max_length = 16;
  System sys(o);
  auto& accounts = sys.accounts();
  check_error([&] { accounts.register_user(kAnon, with_username("u_11", "abcdefghij1")); },
              Errc::invalid_argument, "password");
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("u_12", "abcdefghij12")));
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("u_16", "abcdefghij123456")));
  check_error([&] { accounts.register_user(kAnon, with_username("u_17", "abcdefghij1234567")); },
              Errc::invalid_argument, "password");

  const auto bad = [](std::uint32_t min, std::uint32_t max) {
    Options b = memory_options();
    b.password_policy.min_length = min;
    b.password_policy.max_length = max;
    check_error([&] { System s(b); }, Errc::invalid_argument, "password_policy");
  };
  bad(0, 128);
  bad(20, 10);
  bad(8, 1025);
}

TEST_CASE("A5 password policy: optional composition rules") {
  Options o = memory_options();
  o.password_policy.require_lowercase = true;
  o.password_policy.require_uppercase = true;
  o.password_policy.require_digit = true;
  o.password_policy.require_symbol = true;
  System sys(o);
  auto& accounts = sys.accounts();
  int n = 0;
  for (const std::string bad : {"NOLOWER-123", "noupper-123", "NoDigits-here", "NoSymbols123abc"}) {
    CAPTURE(bad);
    check_error(
        [&] { accounts.register_user(kAnon, with_username("comp_" + std::to_string(n++), bad)); },
        Errc::invalid_argument, "password");
  }
  const auto id = accounts.register_user(kAnon, with_username("comp_ok", "Good-Pass-123"));
  // Non-ASCII counts as a symbol.
  CHECK_NOTHROW(accounts.register_user(kAnon, with_username("comp_utf8", "GoodPass123\xC3\xA9")));

  // The rules apply to change_password as well.
  check_error(
      [&] {
        accounts.change_password(
            Actor::user(id),
            {.user_id = id, .old_password = "Good-Pass-123", .new_password = "all-lower-123"});
      },
      Errc::invalid_argument, "new_password");
  CHECK_NOTHROW(accounts.change_password(
      Actor::user(id),
      {.user_id = id, .old_password = "Good-Pass-123", .new_password = "Better-Pass-456"}));

  // Off by default.
  System plain(memory_options());
  CHECK_NOTHROW(plain.accounts().register_user(kAnon, with_username("lax", "only lower letters")));
}

TEST_CASE("A5 password policy: common passwords are rejected unless reject_common is off") {
  System sys(memory_options());
  int n = 0;
  for (const std::string common : {"password", "Password", "PASSWORD123", "iloveyou", "qwertyuiop",
                                   "1q2w3e4r5t", "11111111", "Welcome2025"}) {
    CAPTURE(common);
    check_error(
        [&] {
          sys.accounts().register_user(kAnon,
                                       with_username("common_" + std::to_string(n++), common));
        },
        Errc::invalid_argument, "password");
  }
  Options o = memory_options();
  o.password_policy.reject_common = false;
  System lax(o);
  CHECK_NOTHROW(lax.accounts().register_user(kAnon, with_username("lax_user", "password123")));
  CHECK(can_sign_in(lax, "lax_user", "password123"));
}

TEST_CASE("A5 NFC: a password typed precomposed or decomposed is the same password") {
  System sys(memory_options());
  auto& accounts = sys.accounts();
  const std::string precomposed = "caf\xC3\xA9-secret-1";  // café, é = U+00E9
  const std::string decomposed = "cafe\xCC\x81-secret-1";  // e + U+0301
  const auto a = accounts.register_user(kAnon, with_username("nfc_a", precomposed));
  CHECK(accounts.sign_in(kAnon, credentials("nfc_a", decomposed)).user_id == a);
  CHECK(accounts.sign_in(kAnon, credentials("nfc_a", precomposed)).user_id == a);

  const auto b = accounts.register_user(kAnon, with_username("nfc_b", decomposed));
  CHECK(accounts.sign_in(kAnon, credentials("nfc_b", precomposed)).user_id == b);

  // change_password and withdraw normalise too.
  accounts.change_password(
      Actor::user(a), {.user_id = a, .old_password = decomposed, .new_password = kOtherPassword});
  CHECK(can_sign_in(sys, "nfc_a", kOtherPassword));
  accounts.withdraw(Actor::user(b), b, precomposed);
  CHECK(accounts.profile(Actor::system(), b).status == AccountStatus::withdrawn);

  // But a different letter is a different password.
  CHECK_FALSE(can_sign_in(sys, "nfc_a", "cafe-secret-1"));
}

TEST_CASE("A5 passwords: the default Options hash with Argon2id m=19456, t=2, p=1") {
  TempDir dir;
  Options o = file_options(dir);
  o.password_hashing = PasswordHashing{};  // the production default
  System sys(o);
  const auto id = sys.accounts().register_user(kAnon, with_username("default_cost"));
  const std::string hash = password_hash_of(dir.file("member.db"), id);
  CHECK(hash.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
  CHECK(hash.find(kPassword) == std::string::npos);
}

}  // namespace member::test
