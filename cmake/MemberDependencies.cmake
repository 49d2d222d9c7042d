# The private dependencies of the library, all from Debian packages
# (scripts/install-deps installs them). None appears in a public header.
find_package(PkgConfig REQUIRED)
find_package(SQLiteCpp REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
pkg_check_modules(BOTAN REQUIRED IMPORTED_TARGET botan-2)
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc)
set(MEMBER_PRIVATE_DEPENDENCIES SQLiteCpp nlohmann_json::nlohmann_json PkgConfig::BOTAN PkgConfig::ICU)
