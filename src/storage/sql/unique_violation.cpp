#include "storage/sql/unique_violation.hpp"

#include <string>
#include <utility>

namespace member::storage::sql {

Error unique_violation(std::string_view where) {
  for (const auto& [name, field] :
       {std::pair{"username_key", "username"}, std::pair{"email_index", "email"},
        std::pair{"mobile_index", "mobile"}, std::pair{"ledger_requests", "key"}}) {
    if (where.find(name) != std::string_view::npos) {
      return Error(Errc::conflict, std::string(field) + ": is already taken", field);
    }
  }
  return Error(Errc::conflict, "the record already exists");
}

}  // namespace member::storage::sql
