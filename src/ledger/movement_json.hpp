// A Movement as stored with its idempotency key, so a replay returns exactly
// the first answer.
#pragma once

#include <string>

#include "member/ledger.hpp"

namespace member::detail {

std::string movement_to_json(const Movement& m);
Movement movement_from_json(const std::string& json);

}  // namespace member::detail
