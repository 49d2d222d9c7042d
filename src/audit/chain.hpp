// The audit trail's hash chain (F3): the canonical encoding of a record and
// its hash, linked to the hash of the record before it in its tenant.
#pragma once

#include <string>

#include "member/storage.hpp"

namespace member::detail {

/// SHA-256 (64 lower-case hex digits) of the canonical encoding of `row`:
/// every field that says what happened (tenant, chain position, time, actor,
/// action, target, detail) and `row.prev_hash`, each length-prefixed so no
/// two different records encode alike. The backend-assigned sequence is not
/// covered; the chain position is.
std::string audit_chain_hash(const storage::AuditRow& row);

}  // namespace member::detail
