#include "identities/provider.hpp"

#include <array>

#include "core/utf8.hpp"
#include "core/validation.hpp"
#include "member/error.hpp"

namespace member::detail {

void validate_provider(std::string_view provider) {
  static constexpr std::array<std::string_view, 5> kKnown = {"wechat", "alipay", "qq", "dingtalk",
                                                             "github"};
  for (const auto known : kKnown) {
    if (provider == known) return;
  }
  if (provider.empty()) throw Error(Errc::invalid_argument, "provider: is empty", "provider");
  if (provider.size() > 255 || ascii_lower(provider.substr(0, 8)) != "https://") {
    throw Error(Errc::invalid_argument,
                "provider: must be wechat, alipay, qq, dingtalk, github or an https issuer URL",
                "provider");
  }
  validate_url("provider", provider);
}

void validate_subject(std::string_view subject) {
  if (subject.empty()) throw Error(Errc::invalid_argument, "subject: is empty", "subject");
  validate_text("subject", subject, 255);
}

void validate_union_id(std::string_view union_id) {
  validate_text("union_id", union_id, 255);
}

bool can_sign_in_with_password(const storage::UserRow& user) noexcept {
  const bool has_identifier =
      !user.username_key.empty() || !user.email_index.empty() || !user.mobile_index.empty();
  return !user.password_hash.empty() && has_identifier;
}

}  // namespace member::detail
