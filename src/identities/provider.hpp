// What a third-party identity is made of, as pure validation rules: the
// provider's name, the subject and union id, and the one-way-in rule for
// unbinding.
#pragma once

#include <string_view>

#include "member/storage.hpp"

namespace member::detail {

/// "wechat", "alipay", "qq", "dingtalk", "github", or an https OIDC issuer
/// URL of at most 255 bytes. Throws invalid_argument naming "provider".
void validate_provider(std::string_view provider);

/// The subject: 1-255 bytes of text. Throws invalid_argument naming "subject".
void validate_subject(std::string_view subject);

/// The union id: empty, or at most 255 bytes of text.
void validate_union_id(std::string_view union_id);

/// True when the account can sign in with a password: it has one, and a
/// username, email or mobile to give with it.
bool can_sign_in_with_password(const storage::UserRow& user) noexcept;

}  // namespace member::detail
