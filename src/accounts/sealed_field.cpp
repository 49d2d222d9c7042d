#include "accounts/sealed_field.hpp"

#include "crypto/aead.hpp"

namespace member::detail {
namespace {

std::string associated_data(const FieldPlace& place) {
  return "member/v1|" + std::string(place.column) + "|" + std::string(place.tenant) + "|" +
         std::string(place.row);
}

}  // namespace

storage::Bytes seal_field(const crypto::SecretKey& key, const FieldPlace& place,
                          std::string_view text) {
  if (text.empty()) return {};
  return crypto::seal(key, text, associated_data(place));
}

std::string open_field(const crypto::SecretKey& key, const FieldPlace& place,
                       const storage::Bytes& sealed) {
  if (sealed.empty()) return {};
  const auto plain = crypto::open(key, sealed, associated_data(place));
  return std::string(plain.begin(), plain.end());
}

}  // namespace member::detail
