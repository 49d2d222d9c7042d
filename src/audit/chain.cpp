#include "audit/chain.hpp"

#include <string_view>

#include "crypto/digest.hpp"

namespace member::detail {
namespace {

void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

std::string audit_chain_hash(const storage::AuditRow& row) {
  std::string text = "member.audit.v1;";
  put(text, row.tenant);
  put(text, std::to_string(row.chain_pos));
  put(text, std::to_string(row.at_ms));
  put(text, std::to_string(row.actor_kind));
  put(text, row.actor_id);
  put(text, row.action);
  put(text, row.user_id);
  put(text, row.detail);
  put(text, row.prev_hash);
  return crypto::sha256_hex(text);
}

}  // namespace member::detail
