// Identity document and card numbers (A10) as pure functions: validation,
// check digits and masking. No I/O, no clock (the caller gives today).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace member::detail {

/// The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') of the first 17
/// digits of a Chinese resident ID. `first17` must be 17 ASCII digits.
char resident_id_check_char(std::string_view first17) noexcept;

/// A Chinese resident ID number (GB 11643-1999): 18 characters, 17 digits
/// then a check character (a lower-case x is accepted); a known province
/// code; a real birth date (YYYYMMDD at offset 6) from 1900-01-01 to `today`;
/// the right check character. Returns it with an upper-case X. Throws
/// invalid_argument naming `field`.
std::string normalize_resident_id(std::string_view field, std::string_view number,
                                  std::chrono::sys_days today);

/// True when the digits pass the Luhn (mod 10) check. `digits` must be
/// ASCII digits.
bool luhn_valid(std::string_view digits) noexcept;

/// A bank card number: spaces and '-' dropped, then 12-19 digits passing the
/// Luhn check. Returns the digits. Throws invalid_argument naming `field`.
std::string normalize_bank_card(std::string_view field, std::string_view number);

/// The number with all but its first 4 and last 4 characters replaced by
/// '*' ("6226********0001"); numbers of 8 characters or fewer are masked
/// entirely but for their last 2.
std::string mask_number(std::string_view number);

}  // namespace member::detail
