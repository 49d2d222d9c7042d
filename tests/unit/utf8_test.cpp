// core/utf8: well-formedness, code point counting and NFC.
#include <string>
#include <string_view>

#include "core/utf8.hpp"
#include "support/fixtures.hpp"

using namespace member::detail;
using namespace std::string_literals;

TEST_CASE("utf8: well-formed ASCII and multibyte sequences are valid") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("hello, world"));
  CHECK(is_valid_utf8("a\0b"s));                     // NUL is a valid code point
  CHECK(is_valid_utf8("\x7F"));                      // last one-byte code point
  CHECK(is_valid_utf8("\xC2\x80"));                  // U+0080, first two-byte
  CHECK(is_valid_utf8("\xC3\xA9"));                  // é
  CHECK(is_valid_utf8("\xDF\xBF"));                  // U+07FF, last two-byte
  CHECK(is_valid_utf8("\xE0\xA0\x80"));              // U+0800, first three-byte
  CHECK(is_valid_utf8("\xE4\xB8\xAD\xE6\x96\x87"));  // 中文
  CHECK(is_valid_utf8("\xED\x9F\xBF"));              // U+D7FF, just below surrogates
  CHECK(is_valid_utf8("\xEE\x80\x80"));              // U+E000, just above surrogates
  CHECK(is_valid_utf8("\xEF\xBF\xBF"));              // U+FFFF
  CHECK(is_valid_utf8("\xF0\x90\x80\x80"));          // U+10000, first four-byte
  CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));          // 😀
  CHECK(is_valid_utf8("\xF4\x8F\xBF\xBF"));          // U+10FFFF, the last code point
  CHECK(is_valid_utf8("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80z"));
}

TEST_CASE("utf8: overlong encodings are invalid") {
  CHECK_FALSE(is_valid_utf8("\xC0\x80"));  // NUL, overlong
  CHECK_FALSE(is_valid_utf8("\xC0\xAF"));  // '/', overlong
  CHECK_FALSE(is_valid_utf8("\xC1\xBF"));
  CHECK_FALSE(is_valid_utf8("\xE0\x80\xAF"));
  CHECK_FALSE(is_valid_utf8("\xE0\x9F\xBF"));  // U+07FF in three bytes
  CHECK_FALSE(is_valid_utf8("\xF0\x80\x80\xAF"));
  CHECK_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST_CASE("utf8: surrogates and values above U+10FFFF are invalid") {
  CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));              // U+D800
  CHECK_FALSE(is_valid_utf8("\xED\xAD\xBF"));              // U+DB7F
  CHECK_FALSE(is_valid_utf8("\xED\xB0\x80"));              // U+DC00
  CHECK_FALSE(is_valid_utf8("\xED\xBF\xBF"));              // U+DFFF
  CHECK_FALSE(is_valid_utf8("\xED\xA0\xBD\xED\xB8\x80"));  // CESU-8 pair for 😀
  CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));          // U+110000
  CHECK_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("\xF7\xBF\xBF\xBF"));
  CHECK_FALSE(is_valid_utf8("\xF8\x88\x80\x80\x80"));  // five-byte form
  CHECK_FALSE(is_valid_utf8("\xFC\x84\x80\x80\x80\x80"));
  CHECK_FALSE(is_valid_utf8("\xFE"));
  CHECK_FALSE(is_valid_utf8("\xFF"));
}

TEST_CASE("utf8: truncated sequences and stray continuation bytes are invalid") {
  CHECK_FALSE(is_valid_utf8("\x80"));
  CHECK_FALSE(is_valid_utf8("\xBF"));
  CHECK_FALSE(is_valid_utf8("a\x80z"));
  CHECK_FALSE(is_valid_utf8("\xC3"));
  CHECK_FALSE(is_valid_utf8("abc\xC3"));
  CHECK_FALSE(is_valid_utf8("\xE4\xB8"));
  CHECK_FALSE(is_valid_utf8("\xE4"));
  CHECK_FALSE(is_valid_utf8("\xF0\x9F\x98"));
  CHECK_FALSE(is_valid_utf8("\xF0\x9F"));
  CHECK_FALSE(is_valid_utf8("\xC3\x28"));  // continuation replaced by '('
  CHECK_FALSE(is_valid_utf8("\xE4\x28\xAD"));
  CHECK_FALSE(is_valid_utf8("\xE4\xB8\x28"));
  CHECK_FALSE(is_valid_utf8("\xF0\x9F\x98\x28"));
  CHECK_FALSE(is_valid_utf8("\xC3\xA9\xA9"));  // one continuation too many
  CHECK_FALSE(is_valid_utf8("\xC3\0"s));
  // A truncated sequence must not read past the end of the view.
  const std::string buffer = "\xE4\xB8\xAD";
  CHECK_FALSE(is_valid_utf8(std::string_view(buffer).substr(0, 2)));
  CHECK(is_valid_utf8(std::string_view(buffer)));
}

TEST_CASE("utf8: count_code_points counts code points, not bytes") {
  CHECK(count_code_points("") == 0);
  CHECK(count_code_points("abc") == 3);
  CHECK(count_code_points("a\0b"s) == 3);
  CHECK(count_code_points("\xC3\xA9") == 1);
  CHECK(count_code_points("\xE4\xB8\xAD\xE6\x96\x87") == 2);
  CHECK(count_code_points("\xF0\x9F\x98\x80") == 1);
  CHECK(count_code_points("a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80") == 4);
  CHECK(count_code_points("e\xCC\x81") == 2);  // e + combining acute
  std::string many;
  for (int i = 0; i < 100; ++i) many += "\xF0\x9F\x98\x80";
  CHECK(count_code_points(many) == 100);
}

TEST_CASE("utf8: to_nfc composes canonically equivalent sequences") {
  CHECK(to_nfc("") == "");
  CHECK(to_nfc("plain ascii") == "plain ascii");
  CHECK(to_nfc("e\xCC\x81") == "\xC3\xA9");  // e + U+0301 -> é
  CHECK(to_nfc("caf"
               "e\xCC\x81") == "caf\xC3\xA9");
  CHECK(to_nfc("A\xCC\x8A") == "\xC3\x85");                     // A + ring -> Å
  CHECK(to_nfc("\xE2\x84\xAB") == "\xC3\x85");                  // ANGSTROM SIGN -> Å
  CHECK(to_nfc("\xE2\x84\xA6") == "\xCE\xA9");                  // OHM SIGN -> Ω
  CHECK(to_nfc("\xE1\x84\x80\xE1\x85\xA1") == "\xEA\xB0\x80");  // Hangul jamo -> 가
  // Combining marks are put in canonical order: dot below (ccc 220) before
  // dot above (ccc 230), then composed: q + U+0323 + U+0307.
  CHECK(to_nfc("q\xCC\x87\xCC\xA3") == "q\xCC\xA3\xCC\x87");
  // Already-normalised text is returned unchanged.
  CHECK(to_nfc("\xC3\xA9") == "\xC3\xA9");
  CHECK(to_nfc("\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80") ==
        "\xE4\xB8\xAD\xE6\x96\x87 \xF0\x9F\x98\x80");
  // NFC is not NFKC: compatibility characters are kept.
  CHECK(to_nfc("\xEF\xAC\x81") == "\xEF\xAC\x81");  // ﬁ ligature
  CHECK(to_nfc("\xEF\xBC\xA1") == "\xEF\xBC\xA1");  // full-width A
  // Idempotent.
  const std::string once = to_nfc("a\xCC\x8A\xCC\x81 o\xCC\x88");
  CHECK(to_nfc(once) == once);
  CHECK(count_code_points(once) < count_code_points("a\xCC\x8A\xCC\x81 o\xCC\x88"));
  // NUL survives normalisation (the password rules reject it separately).
  CHECK(to_nfc("a\0e\xCC\x81"s) == "a\0\xC3\xA9"s);
}

TEST_CASE("utf8: ascii_lower folds ASCII letters only") {
  CHECK(ascii_lower("") == "");
  CHECK(ascii_lower("AbC-XYZ_09@Example.COM") == "abc-xyz_09@example.com");
  CHECK(ascii_lower("\xC3\x84"
                    "BC") ==
        "\xC3\x84"
        "bc");                                           // Ä unchanged
  CHECK(ascii_lower("\xEF\xBC\xA1") == "\xEF\xBC\xA1");  // full-width A unchanged
  CHECK(ascii_lower("A\0B"s) == "a\0b"s);
}
