#include "loyalty/webhook_secret.hpp"

#include "crypto/aead.hpp"

namespace member::detail {
namespace {

std::string purpose(const std::string& tenant) {
  return "member/v1|loyalty-webhook-key|" + tenant;
}

std::string associated_data(const std::string& tenant) {
  return "member/v1|loyalty_settings.webhook_secret|" + tenant;
}

}  // namespace

storage::Bytes seal_webhook_secret(const Context& context, const std::string& tenant,
                                   const std::string& secret) {
  const crypto::SecretKey key = crypto::SecretKey::generate();
  const storage::Bytes wrapped = context.keyring->wrap(key, purpose(tenant));
  const storage::Bytes sealed = crypto::seal(key, secret, associated_data(tenant));
  // 2-byte length of the wrapped key, the wrapped key, the sealed secret.
  storage::Bytes out;
  out.reserve(2 + wrapped.size() + sealed.size());
  out.push_back(static_cast<std::uint8_t>(wrapped.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(wrapped.size() & 0xff));
  out.insert(out.end(), wrapped.begin(), wrapped.end());
  out.insert(out.end(), sealed.begin(), sealed.end());
  return out;
}

std::string open_webhook_secret(const Context& context, const std::string& tenant,
                                const storage::Bytes& stored) {
  if (stored.size() < 2) throw Error(Errc::key_error, "the webhook secret is damaged");
  const std::size_t length = (std::size_t{stored[0]} << 8) | stored[1];
  if (stored.size() < 2 + length) throw Error(Errc::key_error, "the webhook secret is damaged");
  const std::span<const std::uint8_t> all(stored);
  const crypto::SecretKey key = context.keyring->unwrap(all.subspan(2, length), purpose(tenant));
  const auto plain = crypto::open(key, all.subspan(2 + length), associated_data(tenant));
  return {plain.begin(), plain.end()};
}

}  // namespace member::detail
