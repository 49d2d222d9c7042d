// core/validation: the one place that decides what well-formed input is.
// Every rejection must be Errc::invalid_argument naming the field, and the
// message must never echo the offending value (it may be personal data).
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/validation.hpp"
#include "support/fixtures.hpp"

using namespace member;
using namespace member::detail;
using namespace std::string_literals;

namespace {

/// Runs `f`, which must throw invalid_argument naming `field` without
/// putting `value` in the message.
template <class F>
void check_invalid(F&& f, std::string_view field, std::string_view value) {
  try {
    f();
    FAIL("expected invalid_argument for field " << field);
  } catch (const Error& e) {
    CHECK_MESSAGE(e.code() == Errc::invalid_argument,
                  "got " << to_string(e.code()) << ": " << e.what());
    CHECK(e.field() == field);
    CHECK(!std::string_view(e.what()).empty());
    // The field name may appear in the message (and may equal the value);
    // short values ("ab") may legitimately occur inside its words.
    std::string message = e.what();
    for (auto at = message.find(field); at != std::string::npos; at = message.find(field)) {
      message.erase(at, field.size());
    }
    if (value.size() >= 4) {
      CHECK_MESSAGE(message.find(value) == std::string_view::npos,
                    "message echoes the rejected value: " << message);
    }
  }
}

void bad_email(std::string_view email) {
  INFO("email: " << std::string(email));
  check_invalid([&] { (void)normalize_email("email", email); }, "email", email);
}

void bad_mobile(std::string_view mobile) {
  INFO("mobile: " << std::string(mobile));
  check_invalid([&] { (void)normalize_mobile("mobile", mobile); }, "mobile", mobile);
}

void bad_username(std::string_view username) {
  INFO("username: " << std::string(username));
  check_invalid([&] { (void)normalize_username("username", username); }, "username", username);
}

constexpr std::chrono::sys_days kToday{std::chrono::year{2024} / std::chrono::June / 15};

void bad_date(std::string_view date) {
  INFO("date: " << std::string(date));
  check_invalid([&] { validate_date("birthday", date, kToday); }, "birthday", date);
}

void bad_url(std::string_view url) {
  INFO("url: " << std::string(url));
  check_invalid([&] { validate_url("avatar_url", url); }, "avatar_url", url);
}

void bad_json(std::string_view json) {
  INFO("json: " << std::string(json));
  check_invalid([&] { (void)normalize_json_object("attributes", json); }, "attributes", json);
}

}  // namespace

// ---------------------------------------------------------------------------
// email

TEST_CASE("A1 email: valid addresses are accepted and folded to lower case") {
  CHECK(normalize_email("email", "alice@example.com") == "alice@example.com");
  CHECK(normalize_email("email", "Alice.Smith+Tag@Example.COM") == "alice.smith+tag@example.com");
  CHECK(normalize_email("email", "a@b.co") == "a@b.co");
  CHECK(normalize_email("email", "first.last@sub.domain.example.org") ==
        "first.last@sub.domain.example.org");
  CHECK(normalize_email("email", "x_y-z@my-host.example") == "x_y-z@my-host.example");
  CHECK(normalize_email("email", "user@123.example.com") == "user@123.example.com");
  // Every RFC 5322 atext symbol is allowed in the local part.
  CHECK(normalize_email("email", "!#$%&'*+/=?^_`{|}~-@x.com") == "!#$%&'*+/=?^_`{|}~-@x.com");
}

TEST_CASE("A1 email: the field name passed in is the one reported") {
  check_invalid([] { (void)normalize_email("contact.email", "not-an-email"); }, "contact.email",
                "not-an-email");
}

TEST_CASE("A1 email: length limits (254 overall, 64 local part, 63 per label)") {
  const std::string local64(64, 'a');
  // 63 + 1 + 63 + 1 + 57 + 1 + 3 = 189 bytes of domain; 64 + 1 + 189 = 254.
  const std::string domain189 =
      std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(57, 'd') + ".com";
  REQUIRE(domain189.size() == 189);
  const std::string longest = local64 + "@" + domain189;
  REQUIRE(longest.size() == 254);
  CHECK(normalize_email("email", longest) == longest);

  const std::string domain190 =
      std::string(63, 'b') + "." + std::string(63, 'c') + "." + std::string(58, 'd') + ".com";
  bad_email(local64 + "@" + domain190);              // 255 bytes
  bad_email(std::string(65, 'a') + "@example.com");  // local part 65
  bad_email("a@" + std::string(64, 'b') + ".com");   // label 64
  CHECK(normalize_email("email", "a@" + std::string(63, 'b') + ".com").size() == 69);
  bad_email(std::string(10000, 'a') + "@example.com");  // far too long
}

TEST_CASE("A1 email: malformed local parts are rejected") {
  bad_email("");
  bad_email(".alice@example.com");
  bad_email("alice.@example.com");
  bad_email("ali..ce@example.com");
  bad_email("@example.com");
  bad_email("alice example@x.com");
  bad_email("\"alice\"@example.com");  // quoted local parts are not supported
  bad_email("alice(comment)@x.com");
  bad_email("ali,ce@example.com");
  bad_email("a@b@example.com");
  bad_email("alice;drop@x.com");
  bad_email("' OR 1=1 --@x.com");
  bad_email(
      "\xC3\xBC"
      "ser@example.com");  // non-ASCII local part
}

TEST_CASE("A1 email: missing @ and malformed domains are rejected") {
  bad_email("alice.example.com");
  bad_email("alice@");
  bad_email("alice@localhost");    // a single label
  bad_email("alice@example.123");  // numeric top-level label
  bad_email("alice@192.168.1.1");
  bad_email("alice@[192.168.1.1]");
  bad_email("alice@example.c");  // one-letter top-level label
  bad_email("alice@example.c0m");
  bad_email("alice@.example.com");
  bad_email("alice@example..com");
  bad_email("alice@example.com.");
  bad_email("alice@-example.com");
  bad_email("alice@example-.com");
  bad_email("alice@exa_mple.com");
  bad_email("alice@exa mple.com");
  bad_email("alice@example.xn--");  // empty punycode label
  bad_email(
      "alice@b\xC3\xBC"
      "cher.de");  // IDN must be given in punycode
}

TEST_CASE("A1 email: punycode top-level labels are accepted") {
  CHECK(normalize_email("email", "alice@example.xn--p1ai") == "alice@example.xn--p1ai");
  CHECK(normalize_email("email", "Alice@XN--BCHER-KVA.DE") == "alice@xn--bcher-kva.de");
}

TEST_CASE("A1 email: embedded NUL, controls and invalid UTF-8 are rejected") {
  bad_email("alice\0@example.com"s);
  bad_email("alice@example.com\0"s);
  bad_email("alice@example.com\n");
  bad_email("alice\r\n@example.com");
  bad_email("alice\x7F@example.com");
  bad_email("alice\xFF@example.com");
  bad_email("alice@example.com\xC3");
  bad_email(
      "\xC0\xAF"
      "alice@example.com");
}

TEST_CASE("A1 email: SQL metacharacters are judged only by the address rules") {
  // ' and - are RFC 5322 atext: storage binds parameters, so these are just text.
  CHECK(normalize_email("email", "a'--@x.com") == "a'--@x.com");
  CHECK(normalize_email("email", "O'Brien@Example.com") == "o'brien@example.com");
  // ;, quotes, spaces, parentheses and = inside a bare local part are not.
  bad_email("a';--@x.com");
  bad_email("x@x.com' OR '1'='1");
  bad_email("\"; DROP TABLE users; --\"@x.com");
  bad_email("a@x.com; DROP TABLE users");
}

// ---------------------------------------------------------------------------
// mobile

TEST_CASE("A1 mobile: E.164 numbers are accepted as-is") {
  CHECK(normalize_mobile("mobile", "+8613800138000") == "+8613800138000");
  CHECK(normalize_mobile("mobile", "+14155552671") == "+14155552671");
  CHECK(normalize_mobile("mobile", "+447911123456") == "+447911123456");
  CHECK(normalize_mobile("mobile", "+12345678") == "+12345678");                // 8 digits
  CHECK(normalize_mobile("mobile", "+123456789012345") == "+123456789012345");  // 15 digits
}

TEST_CASE("A1 mobile: Chinese 11-digit mobiles become +86") {
  CHECK(normalize_mobile("mobile", "13800138000") == "+8613800138000");
  CHECK(normalize_mobile("mobile", "19912345678") == "+8619912345678");
  CHECK(normalize_mobile("mobile", "15012345678") == "+8615012345678");
  for (char second = '3'; second <= '9'; ++second) {
    const std::string number = std::string("1") + second + "012345678";
    CHECK(normalize_mobile("mobile", number) == "+86" + number);
  }
}

TEST_CASE("A1 mobile: spaces and dashes are ignored") {
  CHECK(normalize_mobile("mobile", "138 0013 8000") == "+8613800138000");
  CHECK(normalize_mobile("mobile", "138-0013-8000") == "+8613800138000");
  CHECK(normalize_mobile("mobile", "+86 138-0013-8000") == "+8613800138000");
  CHECK(normalize_mobile("mobile", "+1 415-555-2671") == "+14155552671");
  CHECK(normalize_mobile("mobile", "+1 415 555 2671 ") == "+14155552671");
}

TEST_CASE("A1 mobile: wrong lengths, leading zero and non-mobile +86 are rejected") {
  bad_mobile("");
  bad_mobile("+1234567");           // 7 digits
  bad_mobile("+1234567890123456");  // 16 digits
  bad_mobile("+0123456789");        // country code cannot start with 0
  bad_mobile("+");
  bad_mobile("++8613800138000");
  bad_mobile("+86138001380");  // +86 but not 11 digits
  bad_mobile("+861380013800000");
  bad_mobile("+8610123456789");  // +86 landline-style, not 1[3-9]
  bad_mobile("+8612012345678");
  bad_mobile("+8623800138000");
  bad_mobile("12800138000");  // 1 then 2: not a Chinese mobile
  bad_mobile("10012345678");
  bad_mobile("23800138000");
  bad_mobile("1380013800");          // 10 digits
  bad_mobile("138001380001");        // 12 digits
  bad_mobile("008613800138000");     // 00 prefix is not E.164
  bad_mobile("4155552671");          // national number without +
  bad_mobile(std::string(33, '1'));  // too long
  bad_mobile("1 3 8 0 0 1 3 8 0 0 0 1 3 8 0 0 1");
}

TEST_CASE("A1 mobile: letters, punctuation, NUL and invalid UTF-8 are rejected") {
  bad_mobile("abc");
  bad_mobile("138OO138OOO");
  bad_mobile("(138) 0013 8000");
  bad_mobile("138.0013.8000");
  bad_mobile("138/0013/8000");
  bad_mobile("1380013800+");
  bad_mobile(
      "13800\0"
      "138000"s);
  bad_mobile("13800138000\n");
  bad_mobile("13800138000\xFF");
  bad_mobile("13800138000'--");
  bad_mobile(
      "+86\xEF\xBC\x91"
      "3800138000");  // full-width digit one
  check_invalid([] { (void)normalize_mobile("new_mobile", "nope"); }, "new_mobile", "nope");
}

TEST_CASE("A3 looks_like_mobile tells a phone number from a username or email") {
  CHECK(looks_like_mobile("13800138000"));
  CHECK(looks_like_mobile("+8613800138000"));
  CHECK(looks_like_mobile("+86 138-0013-8000"));
  CHECK(looks_like_mobile("1"));
  CHECK(looks_like_mobile("12 34"));
  CHECK_FALSE(looks_like_mobile(""));
  CHECK_FALSE(looks_like_mobile("+"));
  CHECK_FALSE(looks_like_mobile(" - "));
  CHECK_FALSE(looks_like_mobile("1+2"));
  CHECK_FALSE(looks_like_mobile("++1"));
  CHECK_FALSE(looks_like_mobile(" +1"));
  CHECK_FALSE(looks_like_mobile("alice"));
  CHECK_FALSE(looks_like_mobile("user123"));
  CHECK_FALSE(looks_like_mobile("123abc"));
  CHECK_FALSE(looks_like_mobile("138@x.com"));
  CHECK_FALSE(
      looks_like_mobile("13800\0"
                        "138000"s));
  CHECK_FALSE(looks_like_mobile("(138)00138000"));
}

// ---------------------------------------------------------------------------
// username

TEST_CASE("A1 username: valid names are accepted and case-folded") {
  CHECK(normalize_username("username", "alice") == "alice");
  CHECK(normalize_username("username", "Alice") == "alice");
  CHECK(normalize_username("username", "ALICE_Smith.99-x") == "alice_smith.99-x");
  CHECK(normalize_username("username", "abc") == "abc");  // 3 characters
  const std::string longest = "Z" + std::string(31, 'z');
  CHECK(normalize_username("username", longest) == std::string(32, 'z'));
  CHECK(normalize_username("username", "a1_") == "a1_");
  CHECK(normalize_username("username", "x.-") == "x.-");
}

TEST_CASE("A1 username: length, first character and alphabet are enforced") {
  bad_username("");
  bad_username("a");
  bad_username("ab");
  bad_username("a" + std::string(32, 'b'));  // 33
  bad_username(std::string(1000, 'a'));
  bad_username("1abc");
  bad_username("_abc");
  bad_username(".abc");
  bad_username("-abc");
  bad_username("al ice");
  bad_username("alice@example.com");
  bad_username("alice!");
  bad_username("ali+ce");
  bad_username("alice'--");
  bad_username("Robert'); DROP TABLE users;--");
  bad_username("ab\xC3\xA9");  // valid UTF-8 but not ASCII
  bad_username(
      "\xC3\xA9"
      "abc");
  bad_username("\xE5\xBC\xA0\xE4\xB8\x89");  // Chinese characters
  bad_username("abc\0def"s);
  bad_username("abc\n");
  bad_username("abc\xFF");
  check_invalid([] { (void)normalize_username("new_username", "9lives"); }, "new_username",
                "9lives");
}

// ---------------------------------------------------------------------------
// dates

TEST_CASE("A7 birthday: real calendar dates from 1900-01-01 to today") {
  CHECK_NOTHROW(validate_date("birthday", "1990-05-17", kToday));
  CHECK_NOTHROW(validate_date("birthday", "1900-01-01", kToday));
  CHECK_NOTHROW(validate_date("birthday", "2024-06-15", kToday));  // today
  CHECK_NOTHROW(validate_date("birthday", "2000-02-29", kToday));  // divisible by 400
  CHECK_NOTHROW(validate_date("birthday", "2024-02-29", kToday));
  CHECK_NOTHROW(validate_date("birthday", "1996-02-29", kToday));
  CHECK_NOTHROW(validate_date("birthday", "2023-12-31", kToday));
  CHECK_NOTHROW(validate_date("birthday", "2023-01-31", kToday));
  CHECK_NOTHROW(validate_date("birthday", "2023-04-30", kToday));
}

TEST_CASE("A7 birthday: impossible, future and too-old dates are rejected") {
  bad_date("1900-02-29");  // 1900 is not a leap year
  bad_date("2023-02-29");
  bad_date("2100-02-29");
  bad_date("2024-02-30");
  bad_date("2023-02-30");
  bad_date("2023-04-31");
  bad_date("2023-06-31");
  bad_date("2023-13-01");
  bad_date("2023-00-10");
  bad_date("2023-01-00");
  bad_date("2023-01-32");
  bad_date("2024-06-16");  // tomorrow
  bad_date("2025-01-01");
  bad_date("9999-12-31");
  bad_date("1899-12-31");
  bad_date("0000-01-01");
}

TEST_CASE("A7 birthday: anything but YYYY-MM-DD is rejected") {
  bad_date("");
  bad_date("2024-6-15");
  bad_date("2024-06-5");
  bad_date("24-06-15");
  bad_date("2024/06/15");
  bad_date("20240615");
  bad_date("15-06-2024");
  bad_date("2024-06-15 ");
  bad_date(" 2024-06-15");
  bad_date("2024-06-15T00:00:00");
  bad_date("+024-06-15");
  bad_date("-024-06-15");
  bad_date("2024-+6-15");
  bad_date("2024-06-1a");
  bad_date("abcd-ef-gh");
  bad_date(
      "2024-06-\0"
      "5"s);
  bad_date("2024-06-1\xFF");
  bad_date(
      "\xEF\xBC\x92"
      "024-06-15");
}

// ---------------------------------------------------------------------------
// URLs

TEST_CASE("A7 avatar URL: http and https URLs with a host") {
  CHECK_NOTHROW(validate_url("avatar_url", "https://example.com/a.png"));
  CHECK_NOTHROW(validate_url("avatar_url", "http://example.com"));
  CHECK_NOTHROW(validate_url("avatar_url", "http://x"));
  CHECK_NOTHROW(validate_url("avatar_url", "HTTPS://EXAMPLE.COM/A.PNG"));
  CHECK_NOTHROW(validate_url("avatar_url", "https://cdn.example.com:8443/u/1.jpg?s=64&v=2#top"));
  CHECK_NOTHROW(validate_url("avatar_url", "https://example.com/%E5%A4%B4%E5%83%8F.png"));
  CHECK_NOTHROW(validate_url("avatar_url", "https://example.com/\xE5\xA4\xB4.png"));
  const std::string longest = "https://example.com/" + std::string(2048 - 20, 'a');
  REQUIRE(longest.size() == 2048);
  CHECK_NOTHROW(validate_url("avatar_url", longest));
}

TEST_CASE("A7 avatar URL: other schemes, no host, spaces, controls and over-long are rejected") {
  bad_url("");
  bad_url("ftp://example.com/a.png");
  bad_url("javascript:alert(1)");
  bad_url("data:image/png;base64,AAAA");
  bad_url("file:///etc/passwd");
  bad_url("//example.com/a.png");
  bad_url("example.com/a.png");
  bad_url("https:/example.com");
  bad_url("https://");
  bad_url("http://");
  bad_url("https:///a.png");
  bad_url("https://exa mple.com");
  bad_url("https://example.com/a b.png");
  bad_url("https://example.com/\n");
  bad_url("https://example.com/\t");
  bad_url("https://example.com/\0"s);
  bad_url("https://example.com/\xFF");
  bad_url("https://example.com/" + std::string(2048 - 19, 'a'));  // 2049 bytes
}

// ---------------------------------------------------------------------------
// JSON attributes

TEST_CASE("A7 custom attributes: a JSON object, returned compact") {
  CHECK(normalize_json_object("attributes", "") == "{}");
  CHECK(normalize_json_object("attributes", "{}") == "{}");
  CHECK(normalize_json_object("attributes", "  { }  ") == "{}");
  CHECK(
      normalize_json_object("attributes", "{ \"a\" : 1 ,\n\t\"b\" : [ 1, 2, {\"c\" : null} ] }") ==
      R"({"a":1,"b":[1,2,{"c":null}]})");
  CHECK(normalize_json_object("attributes", R"({"vip": true, "score": 1.5, "tags": []})") ==
        R"({"score":1.5,"tags":[],"vip":true})");
  // Non-ASCII text survives unchanged.
  CHECK(normalize_json_object("attributes", "{\"name\": \"\xE5\xBC\xA0\xE4\xB8\x89\"}") ==
        "{\"name\":\"\xE5\xBC\xA0\xE4\xB8\x89\"}");
  // The compact form is a fixed point.
  const std::string once = normalize_json_object("attributes", R"({"x": {"y": [1, "2", false]}})");
  CHECK(normalize_json_object("attributes", once) == once);
}

TEST_CASE("A7 custom attributes: non-objects and invalid JSON are rejected") {
  bad_json("[]");
  bad_json("[1,2,3]");
  bad_json("1");
  bad_json("\"text\"");
  bad_json("null");
  bad_json("true");
  bad_json("{");
  bad_json("{\"a\":}");
  bad_json("{'a': 1}");
  bad_json("{\"a\": 1,}");
  bad_json("{\"a\": 1} {\"b\": 2}");
  bad_json("{\"a\": 1} trailing");
  bad_json("{\"a\": undefined}");
  bad_json("{\"a\": \"\\ud800\"}");  // lone surrogate escape
  bad_json("{\"a\": \"\0\"}"s);
  bad_json("{\"a\": \"\x01\"}");
  bad_json("{\"a\": \"\xFF\"}");
  bad_json("{\"a\": \"\xC0\xAF\"}");
  bad_json(" ");
}

TEST_CASE("A7 custom attributes: numbers keep their value; overflowing numbers are rejected") {
  CHECK(normalize_json_object("attributes", R"({"big": 18446744073709551615})") ==
        R"({"big":18446744073709551615})");
  CHECK(normalize_json_object("attributes", R"({"min": -9223372036854775808})") ==
        R"({"min":-9223372036854775808})");
  CHECK(normalize_json_object("attributes", R"({"pi": 3.5, "neg": -0.25})") ==
        R"({"neg":-0.25,"pi":3.5})");
  bad_json(R"({"inf": 1e400})");
  bad_json(R"({"nan": NaN})");
  bad_json(R"({"hex": 0x10})");
  bad_json(R"({"lead": 01})");
}

TEST_CASE("A7 custom attributes: at most 64 KiB") {
  const std::string padding(64 * 1024 - 10, 'x');
  const std::string fits = "{\"a\":\"" + padding + "\"}";
  REQUIRE(fits.size() == 64 * 1024 - 2);
  CHECK(normalize_json_object("attributes", fits) == fits);
  const std::string too_big = "{\"a\":\"" + padding + "xxxxxxx\"}";
  REQUIRE(too_big.size() == 64 * 1024 + 5);
  check_invalid([&] { (void)normalize_json_object("attributes", too_big); }, "attributes", padding);
}

TEST_CASE("A7 custom attributes: deeply nested input is rejected or handled, never a crash") {
  // 30000 levels of nesting fit in 64 KiB; serialising them must not blow the stack.
  const std::size_t depth = 30000;
  const std::string nested = "{\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
  REQUIRE(nested.size() < 64 * 1024);
  try {
    const std::string out = normalize_json_object("attributes", nested);
    CHECK(out == nested);
  } catch (const Error& e) {
    CHECK(e.code() == Errc::invalid_argument);
    CHECK(e.field() == "attributes");
  }
}

// ---------------------------------------------------------------------------
// free text, tokens, ids, pages

TEST_CASE("A7 text fields: UTF-8 without control characters, bounded") {
  CHECK_NOTHROW(validate_text("nickname", "Alice", 64));
  CHECK_NOTHROW(validate_text("nickname", "", 64));
  CHECK_NOTHROW(validate_text("nickname", "\xE5\xBC\xA0\xE4\xB8\x89 \xF0\x9F\x98\x80", 64));
  CHECK_NOTHROW(validate_text("nickname", std::string(64, 'a'), 64));
  CHECK_NOTHROW(validate_text("nickname", "O'Brien; DROP TABLE users; --", 64));
  check_invalid([] { validate_text("nickname", std::string(65, 'a'), 64); }, "nickname",
                std::string(65, 'a'));
  check_invalid([] { validate_text("nickname", "Ali\0ce"s, 64); }, "nickname", "Ali\0ce"s);
  check_invalid([] { validate_text("nickname", "Alice\n", 64); }, "nickname", "Alice\n");
  check_invalid([] { validate_text("nickname", "Alice\r", 64); }, "nickname", "Alice\r");
  check_invalid([] { validate_text("nickname", "Ali\tce", 64); }, "nickname", "Ali\tce");
  check_invalid([] { validate_text("nickname", "Alice\x1B[31m", 64); }, "nickname",
                "Alice\x1B[31m");
  check_invalid([] { validate_text("nickname", "Alice\x7F", 64); }, "nickname", "Alice\x7F");
  check_invalid([] { validate_text("nickname", "Alice\xFF", 64); }, "nickname", "Alice\xFF");
  check_invalid([] { validate_text("nickname", "Alice\xED\xA0\x80", 64); }, "nickname",
                "Alice\xED\xA0\x80");
  // Bytes, not code points, are counted: 22 three-byte characters are 66 bytes.
  std::string wide;
  for (int i = 0; i < 22; ++i) wide += "\xE5\xBC\xA0";
  check_invalid([&] { validate_text("nickname", wide, 64); }, "nickname", wide);
}

TEST_CASE("A7 multiline text: tab and line breaks allowed, other controls still rejected") {
  CHECK_NOTHROW(validate_text("address", "Line 1\r\nLine 2\n\tLine 3", 256, true));
  check_invalid([] { validate_text("address", "Line 1\0Line 2"s, 256, true); }, "address",
                "Line 1\0Line 2"s);
  check_invalid([] { validate_text("address", "Line 1\x01", 256, true); }, "address", "Line 1\x01");
  check_invalid([] { validate_text("address", "Line 1\x7F", 256, true); }, "address", "Line 1\x7F");
  check_invalid([] { validate_text("address", "Line 1\x0B", 256, true); }, "address", "Line 1\x0B");
  check_invalid([] { validate_text("address", "Line 1\xC3", 256, true); }, "address", "Line 1\xC3");
}

TEST_CASE("A1 tokens and tenant ids: [A-Za-z0-9_.-], bounded") {
  CHECK_NOTHROW(validate_token("user_type", "MEMBER", 32));
  CHECK_NOTHROW(validate_token("user_type", "a.b_c-1", 32));
  CHECK_NOTHROW(validate_token("user_type", "x", 32));
  CHECK_NOTHROW(validate_token("user_type", std::string(32, 'T'), 32));
  check_invalid([] { validate_token("user_type", "", 32); }, "user_type", "");
  check_invalid([] { validate_token("user_type", std::string(33, 'T'), 32); }, "user_type",
                std::string(33, 'T'));
  check_invalid([] { validate_token("user_type", "TAXI DRIVER", 32); }, "user_type", "TAXI DRIVER");
  check_invalid([] { validate_token("user_type", "a/b", 32); }, "user_type", "a/b");
  check_invalid([] { validate_token("user_type", "a'--", 32); }, "user_type", "a'--");
  check_invalid([] { validate_token("user_type", "farm\0er"s, 32); }, "user_type", "farm\0er"s);
  check_invalid([] { validate_token("user_type", "\xE5\x86\x9C\xE6\x88\xB7", 32); }, "user_type",
                "\xE5\x86\x9C\xE6\x88\xB7");

  CHECK_NOTHROW(validate_tenant_id("default"));
  CHECK_NOTHROW(validate_tenant_id("tenant-42.eu_west"));
  CHECK_NOTHROW(validate_tenant_id(std::string(64, 't')));
  check_invalid([] { validate_tenant_id(""); }, "tenant", "");
  check_invalid([] { validate_tenant_id(std::string(65, 't')); }, "tenant", std::string(65, 't'));
  check_invalid([] { validate_tenant_id("' OR 1=1 --"); }, "tenant", "' OR 1=1 --");
  check_invalid([] { validate_tenant_id("acme corp"); }, "tenant", "acme corp");
}

TEST_CASE("A1 user ids: validate_user_id accepts generated ids only") {
  CHECK_NOTHROW(validate_user_id("user_id", new_user_id()));
  check_invalid([] { validate_user_id("user_id", ""); }, "user_id", "");
  check_invalid([] { validate_user_id("user_id", "not-a-user-id"); }, "user_id", "not-a-user-id");
  std::string upper = new_user_id();
  upper[0] = 'G';
  check_invalid([&] { validate_user_id("user_id", upper); }, "user_id", upper);
  check_invalid([] { validate_user_id("target", "1' OR '1'='1"); }, "target", "1' OR '1'='1");
}

TEST_CASE("paging: limit must be 1..1000") {
  CHECK_NOTHROW(validate_page(Page{}));
  CHECK_NOTHROW(validate_page(Page{.limit = 1, .offset = 0}));
  CHECK_NOTHROW(validate_page(Page{.limit = 1000, .offset = 4000000000u}));
  check_invalid([] { validate_page(Page{.limit = 0, .offset = 0}); }, "page.limit", "");
  check_invalid([] { validate_page(Page{.limit = 1001, .offset = 0}); }, "page.limit", "");
  check_invalid([] { validate_page(Page{.limit = 4294967295u, .offset = 0}); }, "page.limit", "");
}
