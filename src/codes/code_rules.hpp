// The rules of one verification code (A6), applied inside the caller's
// write transaction: issuing a code for a destination, and consuming one.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "codes/code_keys.hpp"
#include "core/context.hpp"
#include "member/codes.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// Where a code goes: its purpose, channel, the destination's normalised
/// form and blind index, and the user it is bound to (contact change).
struct CodeTarget {
  CodePurpose purpose = CodePurpose::sign_in;
  CodeChannel channel = CodeChannel::sms;
  std::string destination;  ///< normalised; never stored in clear
  storage::Bytes index;     ///< the destination's blind index (as in users)
  std::string user_id;
};

/// Checks the channel and purpose values and normalises `destination` for
/// the channel (email or mobile), naming `field` when it is malformed.
CodeTarget code_target(const Context& context, const std::string& tenant, CodePurpose purpose,
                       CodeChannel channel, std::string_view destination, std::string_view field);

/// Throws invalid_argument ("code") unless `code` is six ASCII digits.
void validate_code(std::string_view code);

/// The account that has the target's destination, if any.
std::optional<storage::UserRow> account_of(storage::Transaction& tx, const std::string& tenant,
                                           const CodeTarget& target);

/// Makes a fresh code for `target`, replacing any earlier one, and returns
/// it. Throws resource_exhausted with retry_at when the previous code was
/// sent less than the resend interval ago.
std::string issue_code(storage::Transaction& tx, const Context& context, const CodeKeys& keys,
                       const std::string& tenant, const CodeTarget& target);

/// Checks `code` against the target's live code. On success the code is
/// used up (audit "code.verify"); on failure the wrong try is counted (the
/// code dies at the attempt limit) and "code.fail" recorded. Either way the
/// caller commits `tx`. `user_id` is the audit target ("" when unknown).
bool consume_code(storage::Transaction& tx, const Context& context, const CodeKeys& keys,
                  const Actor& actor, const CodeTarget& target, std::string_view code,
                  std::string_view user_id);

/// Marks the target's code withdrawn (it was not delivered): it can no
/// longer be used, and a new one may be sent at once.
void withdraw_code(storage::Transaction& tx, const std::string& tenant, const CodeTarget& target);

/// The one answer to every refused code.
Error code_refused();

}  // namespace member::detail
