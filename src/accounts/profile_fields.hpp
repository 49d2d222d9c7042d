// Validation of the profile fields, shared by registration and profile update.
#pragma once

#include <string>

#include "accounts/personal_data.hpp"
#include "core/context.hpp"

namespace member::detail {

/// Each setter validates its value (invalid_argument naming the field) and
/// stores the normal form in `data`.
struct ProfileFields {
  const Context& context;
  PersonalData& data;

  void nickname(const std::string& v);
  void real_name(const std::string& v);
  void gender(Gender v);
  void birthday(const std::string& v);
  void avatar_url(const std::string& v);
  void region(const std::string& v);
  void address(const std::string& v);
  void preferences(const std::string& v);
  void attributes(const std::string& v);
};

}  // namespace member::detail
