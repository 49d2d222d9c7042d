#include "api/modules.hpp"

namespace member::api {

void register_all_modules(OperationTable& table) {
  register_meta_operations(table);
  register_clock_operations(table);
  register_accounts_operations(table);
  register_audit_operations(table);
  register_ledger_operations(table);
  register_catalog_operations(table);
  register_bindings_operations(table);
  register_identities_operations(table);
  register_addresses_operations(table);
  register_tags_operations(table);
  register_verifications_operations(table);
  register_sessions_operations(table);
  register_moderation_operations(table);
  register_loyalty_operations(table);
  register_messages_operations(table);
  register_privacy_operations(table);
  register_codes_operations(table);
  register_tenants_operations(table);
}

}  // namespace member::api
