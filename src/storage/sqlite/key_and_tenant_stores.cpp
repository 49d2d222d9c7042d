#include "storage/sqlite/binding.hpp"
#include "storage/sqlite/connection.hpp"
#include "storage/sqlite/stores.hpp"

namespace member::storage::sqlite {

std::optional<Bytes> SqliteKeyStore::get(const std::string& name) {
  return guarded([&]() -> std::optional<Bytes> {
    SQLite::Statement s(db_, "SELECT wrapped FROM secrets WHERE name = ?");
    s.bind(1, name);
    if (!s.executeStep()) return std::nullopt;
    return column_blob(s.getColumn(0));
  });
}

void SqliteKeyStore::put(const std::string& name, const Bytes& wrapped) {
  guarded([&] {
    SQLite::Statement s(db_,
                        "INSERT INTO secrets (name, wrapped) VALUES (?, ?) "
                        "ON CONFLICT (name) DO UPDATE SET wrapped = excluded.wrapped");
    s.bind(1, name);
    s.bind(2, wrapped.data(), static_cast<int>(wrapped.size()));
    s.exec();
  });
}

bool SqliteTenantStore::exists(const std::string& tenant) {
  return guarded([&] {
    SQLite::Statement s(db_, "SELECT 1 FROM tenants WHERE id = ?");
    s.bind(1, tenant);
    return s.executeStep();
  });
}

}  // namespace member::storage::sqlite
