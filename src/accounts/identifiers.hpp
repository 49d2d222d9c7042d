// Login identifiers (username, email, mobile): telling them apart, putting
// them in normal form, storing them in a row and finding a row by one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "accounts/personal_data.hpp"
#include "core/context.hpp"
#include "member/accounts.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// An '@' means email, the shape of a phone number means mobile, anything
/// else is a username (usernames start with a letter, so this is unambiguous).
Identifier detect_identifier(std::string_view text) noexcept;

/// The field name of a kind: "username", "email", "mobile".
std::string_view field_name(Identifier kind) noexcept;

/// Validates and normalises (throws invalid_argument naming the kind's field).
std::string normalize_identifier(Identifier kind, std::string_view value);

/// Sets (or, for an empty value, clears) one identifier of a row: the lookup
/// key or blind index in `row`, the clear value in `data` (sealed later).
void assign_identifier(const Context& context, storage::UserRow& row, PersonalData& data,
                       Identifier kind, std::string_view value, const std::string& normalized);

/// The user of the tenant with this normalised identifier.
std::optional<storage::UserRow> find_by_identifier(storage::Transaction& tx, const Context& context,
                                                   const std::string& tenant, Identifier kind,
                                                   const std::string& normalized);

/// Throws conflict naming the field when another user holds one of the row's
/// identifiers. Checked before writing so the error names the field.
void ensure_available(storage::Transaction& tx, const storage::UserRow& row);

}  // namespace member::detail
