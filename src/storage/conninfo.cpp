#include "member/storage.hpp"

namespace member::storage {

bool is_postgres_conninfo(std::string_view database) noexcept {
  return database.starts_with("postgresql://") || database.starts_with("postgres://") ||
         database.find('=') != std::string_view::npos;
}

}  // namespace member::storage
