// The security audit trail (F3): who did what, to whom, when.
//
// Services append to it inside the same transaction as the change they
// record, so an audit entry exists exactly when its change does. Obtain the
// reader from member::System::audit(); it is thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "member/accounts.hpp"
#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"

namespace member {

struct AuditEntry {
  std::int64_t sequence = 0;  ///< increasing, per database
  TimePoint at;
  ActorKind actor_kind = ActorKind::system;
  std::string actor_id;
  std::string action;   ///< e.g. "account.register", "account.lock"
  std::string user_id;  ///< the account acted on, if any
  std::string detail;   ///< a JSON object; never personal data or secrets
};

struct AuditQuery {
  std::string user_id;  ///< empty: every account of the tenant
  std::string action;   ///< empty: every action
  Page page;
};

class MEMBER_EXPORT AuditLog {
 public:
  /// Entries of the actor's tenant, newest first. Staff see every entry; a
  /// user sees only the entries about themself.
  std::vector<AuditEntry> list(const Actor& actor, const AuditQuery& query = {});

 private:
  friend class System;
  explicit AuditLog(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
