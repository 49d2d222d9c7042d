# MEMBER_SANITIZE=ON builds everything (library, tests, examples) with
# AddressSanitizer and UndefinedBehaviorSanitizer; any report fails the run.
if(MEMBER_SANITIZE)
  set(_member_sanitize "-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer")
  string(APPEND CMAKE_C_FLAGS " ${_member_sanitize}")
  string(APPEND CMAKE_CXX_FLAGS " ${_member_sanitize}")
  string(APPEND CMAKE_EXE_LINKER_FLAGS " ${_member_sanitize}")
  string(APPEND CMAKE_SHARED_LINKER_FLAGS " ${_member_sanitize}")
endif()
