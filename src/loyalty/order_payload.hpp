// Order event signatures (C5): the canonical payload and its HMAC-SHA256.
#pragma once

#include <string>

#include "member/loyalty.hpp"

namespace member::detail {

/// True when `event.signature` is the lower-case or upper-case hex
/// HMAC-SHA256 of the canonical payload under `secret`. Compared in constant
/// time; a signature of the wrong length or with non-hex characters is false.
bool signature_valid(const std::string& secret, const OrderEvent& event);

}  // namespace member::detail
