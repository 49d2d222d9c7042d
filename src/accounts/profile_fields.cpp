#include "accounts/profile_fields.hpp"

#include <chrono>

#include "core/validation.hpp"

namespace member::detail {

void ProfileFields::nickname(const std::string& v) {
  validate_text("nickname", v, 64);
  data.nickname = v;
}

void ProfileFields::real_name(const std::string& v) {
  validate_text("real_name", v, 128);
  data.real_name = v;
}

void ProfileFields::gender(Gender v) {
  const int n = static_cast<int>(v);
  if (n < static_cast<int>(Gender::unspecified) || n > static_cast<int>(Gender::other)) {
    throw Error(Errc::invalid_argument, "gender: unknown value", "gender");
  }
  data.gender = v;
}

void ProfileFields::birthday(const std::string& v) {
  if (!v.empty()) {
    validate_date("birthday", v, std::chrono::floor<std::chrono::days>(context.now()));
  }
  data.birthday = v;
}

void ProfileFields::avatar_url(const std::string& v) {
  if (!v.empty()) validate_url("avatar_url", v);
  data.avatar_url = v;
}

void ProfileFields::region(const std::string& v) {
  validate_text("region", v, 128);
  data.region = v;
}

void ProfileFields::address(const std::string& v) {
  validate_text("address", v, 512, true);
  data.address = v;
}

void ProfileFields::preferences(const std::string& v) {
  data.preferences = normalize_json_object("preferences", v);
}

void ProfileFields::attributes(const std::string& v) {
  data.attributes = normalize_json_object("attributes", v);
}

}  // namespace member::detail
