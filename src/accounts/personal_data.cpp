#include "accounts/personal_data.hpp"

#include <nlohmann/json.hpp>

#include "crypto/aead.hpp"

namespace member::detail {
namespace {

std::string associated_data(const storage::UserRow& row, std::string_view column) {
  return "member/v1|users." + std::string(column) + "|" + row.tenant + "|" + row.id;
}

std::string data_key_purpose(const storage::UserRow& row) {
  return "member/v1|user-data-key|" + row.tenant + "|" + row.id;
}

storage::Bytes seal_text(const crypto::SecretKey& key, const storage::UserRow& row,
                         std::string_view column, const std::string& text) {
  if (text.empty()) return {};
  return crypto::seal(key, text, associated_data(row, column));
}

std::string open_text(const crypto::SecretKey& key, const storage::UserRow& row,
                      std::string_view column, const storage::Bytes& sealed) {
  if (sealed.empty()) return {};
  const auto plain = crypto::open(key, sealed, associated_data(row, column));
  return std::string(plain.begin(), plain.end());
}

}  // namespace

crypto::SecretKey new_data_key(const Context& context, storage::UserRow& row) {
  crypto::SecretKey key = crypto::SecretKey::generate();
  row.data_key = context.keyring->wrap(key, data_key_purpose(row));
  return key;
}

crypto::SecretKey data_key(const Context& context, const storage::UserRow& row) {
  return context.keyring->unwrap(row.data_key, data_key_purpose(row));
}

void seal_personal_data(const crypto::SecretKey& key, const PersonalData& data,
                        storage::UserRow& row) {
  row.email = seal_text(key, row, "email", data.email);
  row.mobile = seal_text(key, row, "mobile", data.mobile);
  const nlohmann::json profile = {
      {"nickname", data.nickname},
      {"real_name", data.real_name},
      {"gender", static_cast<int>(data.gender)},
      {"birthday", data.birthday},
      {"avatar_url", data.avatar_url},
      {"region", data.region},
      {"address", data.address},
      {"preferences", nlohmann::json::parse(data.preferences)},
      {"attributes", nlohmann::json::parse(data.attributes)},
  };
  row.profile = crypto::seal(key, profile.dump(), associated_data(row, "profile"));
}

PersonalData open_personal_data(const crypto::SecretKey& key, const storage::UserRow& row) {
  PersonalData data;
  data.email = open_text(key, row, "email", row.email);
  data.mobile = open_text(key, row, "mobile", row.mobile);
  const auto profile = nlohmann::json::parse(open_text(key, row, "profile", row.profile));
  data.nickname = profile.at("nickname").get<std::string>();
  data.real_name = profile.at("real_name").get<std::string>();
  data.gender = static_cast<Gender>(profile.at("gender").get<int>());
  data.birthday = profile.at("birthday").get<std::string>();
  data.avatar_url = profile.at("avatar_url").get<std::string>();
  data.region = profile.at("region").get<std::string>();
  data.address = profile.at("address").get<std::string>();
  data.preferences = profile.at("preferences").dump();
  data.attributes = profile.at("attributes").dump();
  return data;
}

}  // namespace member::detail
