#include "crypto/blind_index.hpp"

#include <botan/mac.h>

namespace member::crypto {

Bytes BlindIndex::compute(std::string_view tenant, std::string_view kind,
                          std::string_view normalized) const {
  auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  mac->set_key(key_.bytes().data(), key_.bytes().size());
  // Length-prefix each part so ("ab","c") and ("a","bc") never collide.
  for (std::string_view part : {tenant, kind, normalized}) {
    const auto size = static_cast<std::uint32_t>(part.size());
    const std::uint8_t length[4] = {
        static_cast<std::uint8_t>(size >> 24), static_cast<std::uint8_t>(size >> 16),
        static_cast<std::uint8_t>(size >> 8), static_cast<std::uint8_t>(size)};
    mac->update(length, sizeof length);
    mac->update(reinterpret_cast<const std::uint8_t*>(part.data()), part.size());
  }
  const auto tag = mac->final();
  return Bytes(tag.begin(), tag.end());
}

}  // namespace member::crypto
