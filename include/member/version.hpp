// The library version. The shared library's SOVERSION is the major number.
#pragma once

#include <string_view>

#include "member/export.hpp"

#define MEMBER_VERSION_MAJOR 0
#define MEMBER_VERSION_MINOR 1
#define MEMBER_VERSION_PATCH 0

namespace member {
/// "MAJOR.MINOR.PATCH" of the library actually loaded.
MEMBER_EXPORT std::string_view version() noexcept;
}  // namespace member
