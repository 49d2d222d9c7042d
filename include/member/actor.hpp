// Who is acting, and in which tenant.
//
// Every member operation takes an Actor. It is the single mechanism behind
// access checks (a user acts only on themself; an admin, an internal service
// or the system act on any user of their tenant) and behind the audit trail
// (every record says which actor did what). The host authenticates its callers
// and builds the Actor; member trusts it as given.
//
// Actor is a plain value type: copy it freely, share it between threads.
#pragma once

#include <string>
#include <string_view>

#include "member/export.hpp"

namespace member {

/// The tenant every database starts with.
inline constexpr std::string_view kDefaultTenant = "default";

enum class ActorKind : int {
  anonymous = 0,  ///< not signed in: may register and sign in, nothing else
  user = 1,       ///< a member acting on their own account
  admin = 2,      ///< staff of the tenant acting on any of its users
  service = 3,    ///< an internal service of the host (seed 001 "internal")
  system = 4,     ///< member itself or the host's maintenance jobs
  /// Staff across tenants (seed 004 "super admin"): every permission in
  /// every tenant, tenant management included. `tenant` still says which
  /// tenant a call acts in.
  super_admin = 5,
};

/// The stable lower-case name of a kind ("anonymous", "user", ...).
MEMBER_EXPORT std::string_view to_string(ActorKind kind) noexcept;

struct MEMBER_EXPORT Actor {
  ActorKind kind = ActorKind::anonymous;
  /// The public user id for users, the operator or service name otherwise.
  std::string id;
  std::string tenant = std::string(kDefaultTenant);

  static Actor anonymous(std::string tenant = std::string(kDefaultTenant));
  static Actor user(std::string user_id, std::string tenant = std::string(kDefaultTenant));
  static Actor admin(std::string operator_id, std::string tenant = std::string(kDefaultTenant));
  static Actor service(std::string name, std::string tenant = std::string(kDefaultTenant));
  static Actor system(std::string tenant = std::string(kDefaultTenant));
  /// An operator across tenants (docs/tenants.md), acting in `tenant`.
  static Actor super_admin(std::string operator_id,
                           std::string tenant = std::string(kDefaultTenant));

  /// True for admin, service, system and super_admin: callers that act for
  /// any user of the tenant.
  bool is_staff() const noexcept;
  /// True when this actor may read or change the account `user_id`.
  bool may_act_for(std::string_view user_id) const noexcept;
};

}  // namespace member
