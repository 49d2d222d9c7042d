#include "profile/address_fields.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "core/validation.hpp"
#include "member/error.hpp"

namespace member::detail {
namespace {

void coordinate(const char* field, const std::optional<double>& value, double limit) {
  if (value && !(std::isfinite(*value) && std::fabs(*value) <= limit)) {
    throw Error(Errc::invalid_argument, std::string(field) + ": is out of range", field);
  }
}

void validate_phone(const std::string& phone) {
  validate_required_text("contact_phone", phone, 32);
  std::size_t digits = 0;
  for (char c : phone) digits += c >= '0' && c <= '9';
  if (!looks_like_mobile(phone) || digits < 5) {
    throw Error(Errc::invalid_argument, "contact_phone: is not a phone number", "contact_phone");
  }
}

}  // namespace

void validate_address(const Address& a) {
  validate_text("name", a.name, 100);
  validate_required_text("contact_name", a.contact_name, 100);
  validate_phone(a.contact_phone);
  validate_required_text("province", a.province, 100);
  validate_required_text("city", a.city, 100);
  validate_text("county", a.county, 100);
  validate_required_text("address", a.address, 500);
  coordinate("longitude", a.longitude, 180.0);
  coordinate("latitude", a.latitude, 90.0);
  if (!a.address_type.empty()) validate_token("address_type", a.address_type, 32);
}

std::string address_to_json(const Address& a) {
  nlohmann::json j = {{"name", a.name},
                      {"contact_name", a.contact_name},
                      {"contact_phone", a.contact_phone},
                      {"province", a.province},
                      {"city", a.city},
                      {"county", a.county},
                      {"address", a.address},
                      {"address_type", a.address_type}};
  if (a.longitude) j["longitude"] = *a.longitude;
  if (a.latitude) j["latitude"] = *a.latitude;
  return j.dump();
}

void address_from_json(const std::string& json, Address& a) {
  const auto j = nlohmann::json::parse(json);
  a.name = j.at("name").get<std::string>();
  a.contact_name = j.at("contact_name").get<std::string>();
  a.contact_phone = j.at("contact_phone").get<std::string>();
  a.province = j.at("province").get<std::string>();
  a.city = j.at("city").get<std::string>();
  a.county = j.at("county").get<std::string>();
  a.address = j.at("address").get<std::string>();
  a.address_type = j.at("address_type").get<std::string>();
  if (j.contains("longitude")) a.longitude = j["longitude"].get<double>();
  if (j.contains("latitude")) a.latitude = j["latitude"].get<double>();
}

}  // namespace member::detail
