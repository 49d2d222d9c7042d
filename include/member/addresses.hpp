// Addresses (A8, seed 003): a user's postal and farm addresses, one of them
// the default.
//
// Obtain the service from member::System::addresses(); it is thread-safe. A
// user manages their own addresses; an admin, internal service or the system
// those of any user of its tenant (B4 rules). Every field is personal data,
// stored encrypted under the user's data key. Changes need an active account.
//
// Default rule: at most one address of a user is the default. Adding or
// updating an address with is_default = true clears the old default in the
// same transaction. Deleting the default promotes the newest remaining
// address (most recently added) to default, so a user with addresses always
// has one; deleting the last address leaves none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"

namespace member {

namespace detail {
struct Context;
}

/// An address as stored. Text fields are UTF-8.
struct Address {
  std::string address_id;
  std::string user_id;
  std::string name;                 ///< a label ("Home", "Family farm"), may be empty
  std::string contact_name;         ///< required, at most 100 bytes
  std::string contact_phone;        ///< required: digits, spaces, '-', a leading '+'; 5-32 bytes
  std::string province;             ///< required, at most 100 bytes
  std::string city;                 ///< required, at most 100 bytes
  std::string county;               ///< may be empty, at most 100 bytes
  std::string address;              ///< the street address: required, at most 500 bytes
  std::optional<double> longitude;  ///< -180..180
  std::optional<double> latitude;   ///< -90..90
  std::string address_type;         ///< optional token ("home", "farm", ...), at most 32 characters
  bool is_default = false;
  TimePoint created_at;
  TimePoint updated_at;
};

/// Changes to an address: only the fields that are set change. Required
/// fields cannot be cleared; optional ones are cleared by an empty value.
struct AddressUpdate {
  std::string user_id;
  std::string address_id;
  std::optional<std::string> name;
  std::optional<std::string> contact_name;
  std::optional<std::string> contact_phone;
  std::optional<std::string> province;
  std::optional<std::string> city;
  std::optional<std::string> county;
  std::optional<std::string> address;
  std::optional<std::optional<double>> longitude;
  std::optional<std::optional<double>> latitude;
  std::optional<std::string> address_type;
  /// true makes it the default (clearing the old one); false on the default
  /// leaves the user without a default.
  std::optional<bool> is_default;
};

class MEMBER_EXPORT Addresses {
 public:
  /// The most addresses one user may keep.
  static constexpr std::size_t kMaxPerUser = 100;

  /// Adds an address (address_id, created_at and updated_at are assigned;
  /// the given ones are ignored). The user's first address becomes the
  /// default even when is_default is false. Throws invalid_argument naming
  /// the field, permission_denied, not_found, failed_precondition (account
  /// not active), resource_exhausted past kMaxPerUser. Audit: "address.add".
  Address add(const Actor& actor, const Address& address);

  /// Changes an address. Throws as add, and not_found (field "address_id")
  /// for an address the user does not have. Audit: "address.update" (names
  /// the fields, not their values).
  Address update(const Actor& actor, const AddressUpdate& update);

  /// Deletes an address; when it was the default, the newest remaining one
  /// becomes the default. Throws as update. Audit: "address.remove".
  void remove(const Actor& actor, const std::string& user_id, const std::string& address_id);

  /// One address. Throws invalid_argument, permission_denied, not_found.
  Address get(const Actor& actor, const std::string& user_id, const std::string& address_id);

  /// The user's addresses, newest first.
  std::vector<Address> list(const Actor& actor, const std::string& user_id);

 private:
  friend class System;
  explicit Addresses(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
