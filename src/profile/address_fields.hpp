// The rules of an address's fields (A8) and its sealed form, as pure
// functions: no I/O.
#pragma once

#include <string>

#include "member/addresses.hpp"

namespace member::detail {

/// Checks every field of `a` (required ones present, lengths, phone shape,
/// coordinates in range); throws invalid_argument naming the field.
void validate_address(const Address& a);

/// The personal fields of `a` as the JSON text that is sealed.
std::string address_to_json(const Address& a);

/// Fills the personal fields of `a` from address_to_json's text.
void address_from_json(const std::string& json, Address& a);

}  // namespace member::detail
