// UTF-8 checks used by input validation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace member::detail {

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values
/// above U+10FFFF).
bool is_valid_utf8(std::string_view s) noexcept;

/// The number of code points in well-formed UTF-8.
std::size_t count_code_points(std::string_view s) noexcept;

/// Unicode Normalization Form C of well-formed UTF-8.
std::string to_nfc(std::string_view s);

/// ASCII lower-case copy (non-ASCII bytes unchanged).
std::string ascii_lower(std::string_view s);

}  // namespace member::detail
