#include "core/access.hpp"

#include "core/context.hpp"
#include "core/validation.hpp"
#include "member/error.hpp"
#include "tenants/access_cache.hpp"
#include "tenants/permission_points.hpp"

namespace member::detail {

void require_tenant(const Context& context, const Actor& actor, storage::Transaction* tx) {
  validate_tenant_id(actor.tenant);
  context.access->require_active(context, actor.tenant, tx);
}

void require_access(const Context& context, const Actor& actor, std::string_view user_id,
                    storage::Transaction* tx) {
  require_tenant(context, actor, tx);
  if (!actor.may_act_for(user_id)) {
    throw Error(Errc::permission_denied, "the actor may not act for this account");
  }
}

bool holds_permission(const Context& context, const Actor& actor, std::string_view permission,
                      storage::Transaction* tx) {
  const BuiltinPoint* builtin = find_builtin_point(permission);
  const unsigned holders = builtin ? builtin->holders : kHeldByAdmin | kHeldByInternal;
  switch (actor.kind) {
    case ActorKind::system:
      return true;
    case ActorKind::super_admin:
      return (holders & (kHeldByAdmin | kGlobal)) != 0;
    case ActorKind::admin:
      if (holders & kHeldByAdmin) return true;
      break;
    case ActorKind::service:
      if (holders & kHeldByInternal) return true;
      break;
    case ActorKind::anonymous:
      return false;
    case ActorKind::user:
      break;
  }
  // Roles assigned to the actor's user id add to its kind's built-in role.
  if ((holders & kGlobal) || actor.id.empty() || actor.kind == ActorKind::service) return false;
  const auto grants = context.access->grants(context, actor.tenant, actor.id, tx);
  return (grants->all && (holders & kHeldByAdmin)) ||
         (grants->internal && (holders & kHeldByInternal)) || grants->points.contains(permission);
}

void require_permission(const Context& context, const Actor& actor, std::string_view permission,
                        storage::Transaction* tx) {
  require_tenant(context, actor, tx);
  if (!holds_permission(context, actor, permission, tx)) {
    throw Error(Errc::permission_denied,
                "this operation needs the permission " + std::string(permission));
  }
}

}  // namespace member::detail
