// Reports and blocking (REQUIREMENTS D1, D2; seed 002).
//
// Each report adds one to the user's report count; the report that brings it
// to the threshold (10) blocks the user, which ends all their sessions and,
// through the one activity guard, refuses them everything else. An unblock
// is granted on request once the unblock period (6 months) has passed since
// the latest report; it takes one off the count, which so never returns to 0:
// a single report after an unblock blocks again.
//
// Obtain the service from member::System::moderation(). It is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"

namespace member {

namespace detail {
struct Context;
}

/// Where a user stands (D1, D2).
struct ModerationState {
  std::string user_id;
  std::uint32_t report_count = 0;
  std::optional<TimePoint> last_report_at;
  bool blocked = false;
  /// When blocked: the earliest time request_unblock() is granted.
  std::optional<TimePoint> unblock_possible_at;
};

class MEMBER_EXPORT Moderation {
 public:
  /// Records a report against `user_id` by the actor (a user, who must be
  /// active and may not report themself, or staff) and returns the new state.
  /// The report that brings the count to the threshold blocks an active
  /// user (their sessions are revoked). Throws invalid_argument (user_id,
  /// reason: 1-500 characters), not_found, permission_denied (anonymous),
  /// failed_precondition (an inactive reporter). Audit: "moderation.report",
  /// and "account.block" when it blocks.
  ModerationState report(const Actor& actor, const std::string& user_id, const std::string& reason);

  /// Unblocks a blocked user on their (or staff's) request, once the unblock
  /// period has passed since the latest report: the account is active again
  /// and the count goes down by one. Before then throws failed_precondition
  /// with Error::retry_at() = when it becomes possible; failed_precondition
  /// too when the account is not blocked. Audit: "account.unblock".
  ModerationState request_unblock(const Actor& actor, const std::string& user_id);

  /// The user's report count and block state (the user themself or staff).
  ModerationState state(const Actor& actor, const std::string& user_id);

 private:
  friend class System;
  explicit Moderation(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
