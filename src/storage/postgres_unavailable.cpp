// Compiled instead of src/storage/postgres/ when member is configured with
// MEMBER_WITH_POSTGRES=OFF (libpq not found), so the API stays the same.
#include "member/storage.hpp"

namespace member::storage {

std::shared_ptr<Storage> open_postgres(const PostgresOptions&) {
  throw Error(Errc::invalid_argument,
              "database: this build of member has no PostgreSQL support "
              "(rebuild with libpq-dev installed and MEMBER_WITH_POSTGRES=ON)",
              "database");
}

}  // namespace member::storage
