#include "accounts/identifiers.hpp"

#include "core/validation.hpp"

namespace member::detail {

Identifier detect_identifier(std::string_view text) noexcept {
  if (text.find('@') != std::string_view::npos) return Identifier::email;
  if (looks_like_mobile(text)) return Identifier::mobile;
  return Identifier::username;
}

std::string_view field_name(Identifier kind) noexcept {
  return to_string(kind);
}

std::string normalize_identifier(Identifier kind, std::string_view value) {
  switch (kind) {
    case Identifier::username:
      return normalize_username("username", value);
    case Identifier::email:
      return normalize_email("email", value);
    case Identifier::mobile:
      return normalize_mobile("mobile", value);
  }
  throw Error(Errc::invalid_argument, "kind: unknown identifier kind", "kind");
}

void assign_identifier(const Context& context, storage::UserRow& row, PersonalData& data,
                       Identifier kind, std::string_view value, const std::string& normalized) {
  const auto index = [&] {
    return normalized.empty()
               ? storage::Bytes{}
               : context.blind_index->compute(row.tenant, field_name(kind), normalized);
  };
  switch (kind) {
    case Identifier::username:
      row.username = normalized.empty() ? std::string() : std::string(value);
      row.username_key = normalized;
      break;
    case Identifier::email:
      row.email_index = index();
      if (data.email != normalized) row.email_verified = false;
      data.email = normalized;
      break;
    case Identifier::mobile:
      row.mobile_index = index();
      if (data.mobile != normalized) row.mobile_verified = false;
      data.mobile = normalized;
      break;
  }
}

std::optional<storage::UserRow> find_by_identifier(storage::Transaction& tx, const Context& context,
                                                   const std::string& tenant, Identifier kind,
                                                   const std::string& normalized) {
  switch (kind) {
    case Identifier::username:
      return tx.users().find_by_username(tenant, normalized);
    case Identifier::email:
      return tx.users().find_by_email(tenant,
                                      context.blind_index->compute(tenant, "email", normalized));
    case Identifier::mobile:
      return tx.users().find_by_mobile(tenant,
                                       context.blind_index->compute(tenant, "mobile", normalized));
  }
  return std::nullopt;
}

void ensure_available(storage::Transaction& tx, const storage::UserRow& row) {
  const auto check = [&](Identifier kind, const std::optional<storage::UserRow>& holder) {
    if (holder && holder->id != row.id) {
      const std::string field(field_name(kind));
      throw Error(Errc::conflict, field + ": is already taken", field);
    }
  };
  auto& users = tx.users();
  if (!row.username_key.empty()) {
    check(Identifier::username, users.find_by_username(row.tenant, row.username_key));
  }
  if (!row.email_index.empty()) {
    check(Identifier::email, users.find_by_email(row.tenant, row.email_index));
  }
  if (!row.mobile_index.empty()) {
    check(Identifier::mobile, users.find_by_mobile(row.tenant, row.mobile_index));
  }
}

}  // namespace member::detail
