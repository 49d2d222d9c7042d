# The private dependencies of the library, all from Debian packages
# (scripts/install-deps installs them). None appears in a public header.
find_package(PkgConfig REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
pkg_check_modules(BOTAN REQUIRED IMPORTED_TARGET botan-2)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc)
set(MEMBER_PRIVATE_DEPENDENCIES SQLiteCpp nlohmann_json::nlohmann_json PkgConfig::BOTAN PkgConfig::ICU)

# PostgreSQL support, on when libpq is found (Debian: libpq-dev).
pkg_check_modules(PQ IMPORTED_TARGET libpq)
option(MEMBER_WITH_POSTGRES "Build the PostgreSQL backend (needs libpq)" ${PQ_FOUND})
if(MEMBER_WITH_POSTGRES)
  if(NOT PQ_FOUND)
    message(FATAL_ERROR "MEMBER_WITH_POSTGRES=ON but libpq was not found (apt-get install libpq-dev)")
  endif()
  list(APPEND MEMBER_PRIVATE_DEPENDENCIES PkgConfig::PQ)
endif()
