// A10 pure rules: resident ID check character and birth date, Luhn, masking.
#include <doctest/doctest.h>

#include <chrono>

#include "support/fixtures.hpp"
#include "verification/numbers.hpp"

namespace member::test {
namespace {

using namespace std::chrono;
const sys_days kToday = year{2024} / March / 15;

std::string resident(std::string_view id) {
  return detail::normalize_resident_id("id_number", id, kToday);
}

}  // namespace

TEST_CASE("A10 resident ID: the ISO 7064 MOD 11-2 check character") {
  CHECK(detail::resident_id_check_char("11010519491231002") == 'X');
  CHECK(detail::resident_id_check_char("44052418800101001") == '4');
  CHECK(detail::resident_id_check_char("37012319900101123") == '3');
  CHECK(detail::resident_id_check_char("32031119700214002") == '6');
}

TEST_CASE("A10 resident ID: valid numbers, lower-case x accepted") {
  CHECK(resident("11010519491231002X") == "11010519491231002X");
  CHECK(resident("11010519491231002x") == "11010519491231002X");
  CHECK(resident("370123199001011233") == "370123199001011233");
  CHECK(resident("51010520000229123X") == "51010520000229123X");  // a leap day
}

TEST_CASE("A10 resident ID: every bad form is invalid_argument naming the field") {
  for (const char* bad : {
           "",                     // empty
           "11010519491231002",    // 17 characters
           "11010519491231002XX",  // 19
           "370123199001011234",   // the seed's example: wrong check digit
           "1101051949123100X2",   // X not last
           "11010519491231A02X",   // a letter in the digits
           "99010519491231002X",   // unknown province
           "440524188001010014",   // born 1880: before 1900
           "510105200102291234",   // 2001-02-29 does not exist
           "110105202501010011",   // born after today
       }) {
    CAPTURE(bad);
    check_error([&] { resident(bad); }, Errc::invalid_argument, "id_number");
  }
  // A correct check digit on a birth date that does not exist is still refused.
  std::string feb30 = "11010519490230001";
  feb30.push_back(detail::resident_id_check_char(feb30));
  check_error([&] { resident(feb30); }, Errc::invalid_argument, "id_number");
}

TEST_CASE("A10 bank card: Luhn check, length, separators") {
  CHECK(detail::luhn_valid("79927398713"));
  CHECK_FALSE(detail::luhn_valid("79927398710"));
  CHECK(detail::luhn_valid("4111111111111111"));
  CHECK_FALSE(detail::luhn_valid(""));
  CHECK(detail::normalize_bank_card("card_number", "6226 0900 0000 0006") == "6226090000000006");
  CHECK(detail::normalize_bank_card("card_number", "6222-0212-3456-7890-128") ==
        "6222021234567890128");
  for (const char* bad :
       {"", "6226090000000001", "79927398713" /* 11 digits */, "62260900000000000000006" /* 23 */,
        "6226O90000000006", "4111.1111.1111.1111"}) {
    CAPTURE(bad);
    check_error([&] { detail::normalize_bank_card("card_number", bad); }, Errc::invalid_argument,
                "card_number");
  }
}

TEST_CASE("A10 masking shows the first and last four only") {
  CHECK(detail::mask_number("6226090000000001") == "6226********0001");
  CHECK(detail::mask_number("11010519491231002X") == "1101**********002X");
  CHECK(detail::mask_number("123456789") == "1234*6789");
  CHECK(detail::mask_number("12345678") == "******78");
  CHECK(detail::mask_number("") == "");
}

}  // namespace member::test
