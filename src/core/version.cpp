#include "member/version.hpp"

#define MEMBER_STR2(x) #x
#define MEMBER_STR(x) MEMBER_STR2(x)

namespace member {

std::string_view version() noexcept {
  return MEMBER_STR(MEMBER_VERSION_MAJOR) "." MEMBER_STR(MEMBER_VERSION_MINOR) "." MEMBER_STR(
      MEMBER_VERSION_PATCH);
}

}  // namespace member
