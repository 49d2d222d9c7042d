// accounts/password_policy: A5 normalisation and policy rules.
#include <string>
#include <string_view>

#include "accounts/password_policy.hpp"
#include "support/fixtures.hpp"

using namespace member;
using namespace member::detail;
using namespace std::string_literals;

namespace {

/// `f` must throw invalid_argument naming `field` without echoing `password`.
template <class F>
void check_rejected(F&& f, std::string_view field, std::string_view password) {
  try {
    f();
    FAIL("expected invalid_argument");
  } catch (const Error& e) {
    CHECK_MESSAGE(e.code() == Errc::invalid_argument,
                  "got " << to_string(e.code()) << ": " << e.what());
    CHECK(e.field() == field);
    // The field name ("password") may appear in the message, and may be the password.
    std::string message = e.what();
    for (auto at = message.find(field); at != std::string::npos; at = message.find(field)) {
      message.erase(at, field.size());
    }
    if (password.size() >= 4) {
      CHECK_MESSAGE(message.find(password) == std::string::npos,
                    "message echoes the password: " << e.what());
    }
  }
}

void rejected_by(const PasswordPolicy& policy, std::string_view password) {
  INFO("password: " << std::string(password));
  check_rejected([&] { check_password_policy(policy, "password", password); }, "password",
                 password);
}

void accepted_by(const PasswordPolicy& policy, std::string_view password) {
  INFO("password: " << std::string(password));
  CHECK_NOTHROW(check_password_policy(policy, "password", password));
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

}  // namespace

TEST_CASE("A5 normalize_password: empty, over-long, NUL and invalid UTF-8 are rejected") {
  auto bad = [](std::string_view password) {
    INFO("password: " << std::string(password));
    check_rejected([&] { (void)normalize_password("password", password); }, "password", password);
  };
  bad("");
  bad(std::string(4097, 'a'));
  bad("secret\0password"s);
  bad("\0"s);
  bad("secret password\xFF");
  bad("secret \xC0\xAF password");
  bad("secret \xED\xA0\x80 password");
  bad("secret password\xE4\xB8");
  check_rejected([] { (void)normalize_password("new_password", ""); }, "new_password", "");
}

TEST_CASE("A5 normalize_password: 4096 bytes is the limit, counted in bytes") {
  const std::string longest(4096, 'a');
  CHECK(normalize_password("password", longest) == longest);
  // 1366 three-byte characters are 4098 bytes: over the limit.
  check_rejected([] { (void)normalize_password("password", repeat("\xE5\xAF\x86", 1366)); },
                 "password", "");
  const std::string cjk = repeat("\xE5\xAF\x86", 1365);  // 4095 bytes
  CHECK(normalize_password("password", cjk) == cjk);
}

TEST_CASE("A5 normalize_password: NFC-normalises so composed and decomposed forms match") {
  CHECK(normalize_password("password", "caf\xC3\xA9 au lait") == "caf\xC3\xA9 au lait");
  CHECK(normalize_password("password", "cafe\xCC\x81 au lait") == "caf\xC3\xA9 au lait");
  CHECK(normalize_password("password", "\xE2\x84\xA6mega") == "\xCE\xA9mega");
  CHECK(normalize_password("password", "correct horse") == "correct horse");
  // Spaces and symbols are kept as typed (no trimming).
  CHECK(normalize_password("password", "  padded  ") == "  padded  ");
}

TEST_CASE("A5 password policy: length 8..128 by default") {
  const PasswordPolicy policy;
  CHECK(policy.min_length == 8);
  CHECK(policy.max_length == 128);
  CHECK(policy.reject_common);
  CHECK_FALSE(policy.require_lowercase);
  CHECK_FALSE(policy.require_uppercase);
  CHECK_FALSE(policy.require_digit);
  CHECK_FALSE(policy.require_symbol);

  rejected_by(policy, "");
  rejected_by(policy, "x7#kQ2z");   // 7
  accepted_by(policy, "x7#kQ2zm");  // 8
  accepted_by(policy, "correct horse battery staple");
  accepted_by(policy, std::string(128, 'q'));
  rejected_by(policy, std::string(129, 'q'));
}

TEST_CASE("A5 password policy: length counts code points, not bytes") {
  const PasswordPolicy policy;
  // 7 CJK characters are 21 bytes but only 7 characters.
  rejected_by(policy, repeat("\xE5\xAF\x86", 7));
  accepted_by(policy, repeat("\xE5\xAF\x86", 8));
  // 128 two-byte characters (256 bytes) are allowed; 129 are not.
  accepted_by(policy, repeat("\xC3\xA9", 128));
  rejected_by(policy, repeat("\xC3\xA9", 129));
  // Four-byte characters too.
  rejected_by(policy, repeat("\xF0\x9F\x94\x91", 7));
  accepted_by(policy, repeat("\xF0\x9F\x94\x91", 8));
  accepted_by(policy, repeat("\xF0\x9F\x94\x91", 128));
  rejected_by(policy, repeat("\xF0\x9F\x94\x91", 129));
}

TEST_CASE("A5 password policy: custom length bounds") {
  PasswordPolicy policy;
  policy.min_length = 12;
  policy.max_length = 16;
  rejected_by(policy, "zq8!mK2pzq8");        // 11
  accepted_by(policy, "zq8!mK2pzq8!");       // 12
  accepted_by(policy, "zq8!mK2pzq8!mK2p");   // 16
  rejected_by(policy, "zq8!mK2pzq8!mK2pz");  // 17
}

TEST_CASE("A5 password policy: common passwords are rejected case-insensitively") {
  const PasswordPolicy policy;
  rejected_by(policy, "password");
  rejected_by(policy, "Password123");
  rejected_by(policy, "PASSWORD123");
  rejected_by(policy, "pAsSwOrD1");
  rejected_by(policy, "12345678");
  rejected_by(policy, "123456789");
  rejected_by(policy, "qwerty123");
  rejected_by(policy, "iloveyou");
  rejected_by(policy, "Welcome1");
  rejected_by(policy, "P@ssw0rd");
  rejected_by(policy, "1qaz2wsx");
  rejected_by(policy, "woaini1314");
  // Not on the list.
  accepted_by(policy, "Password123!x");
  accepted_by(policy, "tr0ub4dor&3");

  PasswordPolicy lenient = policy;
  lenient.reject_common = false;
  accepted_by(lenient, "password");
  accepted_by(lenient, "Password123");
}

TEST_CASE("A5 is_common_password: the bundled list, compared case-insensitively") {
  CHECK(is_common_password("123456"));
  CHECK(is_common_password("password"));
  CHECK(is_common_password("PASSWORD"));
  CHECK(is_common_password("Password123"));
  CHECK(is_common_password("qwerty"));
  CHECK(is_common_password("Qwerty"));
  CHECK(is_common_password("letmein"));
  CHECK(is_common_password("dragon"));
  CHECK(is_common_password("5201314"));
  CHECK_FALSE(is_common_password(""));
  CHECK_FALSE(is_common_password("password "));  // exact match only
  CHECK_FALSE(is_common_password(" password"));
  CHECK_FALSE(is_common_password("passwordpassword"));
  CHECK_FALSE(is_common_password("correct horse battery staple"));
  CHECK_FALSE(is_common_password("x7#kQ2zm"));
  CHECK_FALSE(is_common_password("\n"));
}

TEST_CASE("A5 password policy: each composition rule is enforced on its own") {
  PasswordPolicy lower;
  lower.require_lowercase = true;
  rejected_by(lower, "ZEBRACORN42");
  rejected_by(lower,
              "\xC3\x89"
              "ZEBRACORN42");  // É is not an ASCII lower-case letter
  accepted_by(lower, "ZEBRACORn42");

  PasswordPolicy upper;
  upper.require_uppercase = true;
  rejected_by(upper, "zebracorn42");
  rejected_by(upper, "zebracorn42\xC3\xA9");
  accepted_by(upper, "Zebracorn42");

  PasswordPolicy digit;
  digit.require_digit = true;
  rejected_by(digit, "Zebracornish");
  rejected_by(digit, "Zebracorn\xEF\xBC\x91");  // a full-width digit is not an ASCII digit
  accepted_by(digit, "Zebracornish7");

  PasswordPolicy symbol;
  symbol.require_symbol = true;
  rejected_by(symbol, "Zebracorn42");
  accepted_by(symbol, "Zebracorn42!");
  accepted_by(symbol, "Zebra corn42");         // a space counts
  accepted_by(symbol, "Zebracorn42\xC3\xA9");  // so does any non-ASCII character

  PasswordPolicy all;
  all.require_lowercase = all.require_uppercase = all.require_digit = all.require_symbol = true;
  accepted_by(all, "Zebracorn42!");
  rejected_by(all, "zebracorn42!");
  rejected_by(all, "ZEBRACORN42!");
  rejected_by(all, "Zebracornxx!");
  rejected_by(all, "Zebracorn42x");
  // Composition does not rescue a common password.
  rejected_by(all, "P@ssw0rd");
}

TEST_CASE("A5 password policy: messages name the rule, never the password") {
  PasswordPolicy policy;
  policy.require_digit = true;
  try {
    check_password_policy(policy, "new_password", "NoDigitsHere");
    FAIL("expected invalid_argument");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_argument);
    CHECK(e.field() == "new_password");
    CHECK(std::string_view(e.what()).find("digit") != std::string_view::npos);
    CHECK(std::string_view(e.what()).find("NoDigitsHere") == std::string_view::npos);
  }
  try {
    check_password_policy(PasswordPolicy{}, "password", "short");
    FAIL("expected invalid_argument");
  } catch (const Error& e) {
    CHECK(std::string_view(e.what()).find('8') != std::string_view::npos);
  }
}
