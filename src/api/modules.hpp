// The register function of each module's operations (src/api/ops/<module>.cpp).
#pragma once

namespace member::api {

class OperationTable;

void register_meta_operations(OperationTable& table);
void register_clock_operations(OperationTable& table);
void register_accounts_operations(OperationTable& table);
void register_audit_operations(OperationTable& table);
void register_ledger_operations(OperationTable& table);
void register_catalog_operations(OperationTable& table);
void register_bindings_operations(OperationTable& table);
void register_identities_operations(OperationTable& table);
void register_addresses_operations(OperationTable& table);
void register_tags_operations(OperationTable& table);
void register_verifications_operations(OperationTable& table);
void register_sessions_operations(OperationTable& table);
void register_moderation_operations(OperationTable& table);
void register_loyalty_operations(OperationTable& table);
void register_messages_operations(OperationTable& table);
void register_privacy_operations(OperationTable& table);
void register_codes_operations(OperationTable& table);
void register_tenants_operations(OperationTable& table);

/// Calls every register function above: adding a module adds one line here.
void register_all_modules(OperationTable& table);

}  // namespace member::api
