#include "storage/sql/stores.hpp"

namespace member::storage::sql {

std::optional<Bytes> SqlKeyStore::get(const std::string& name) {
  Statement& s = db_.prepare("SELECT wrapped FROM secrets WHERE name = ?1");
  s.bind(1, name);
  if (!s.step()) return std::nullopt;
  return s.get_blob(0);
}

void SqlKeyStore::put(const std::string& name, const Bytes& wrapped) {
  Statement& s = db_.prepare(
      "INSERT INTO secrets (name, wrapped) VALUES (?1, ?2) "
      "ON CONFLICT (name) DO UPDATE SET wrapped = excluded.wrapped");
  s.bind(1, name);
  s.bind(2, wrapped);
  s.step();
}

bool SqlTenantStore::exists(const std::string& tenant) {
  Statement& s = db_.prepare("SELECT 1 FROM tenants WHERE id = ?1");
  s.bind(1, tenant);
  return s.step();
}

}  // namespace member::storage::sql
