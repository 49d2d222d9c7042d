#include "core/access.hpp"

#include "core/validation.hpp"
#include "member/error.hpp"

namespace member::detail {

void require_access(const Actor& actor, std::string_view user_id) {
  require_tenant(actor);
  if (!actor.may_act_for(user_id)) {
    throw Error(Errc::permission_denied, "the actor may not act for this account");
  }
}

void require_staff(const Actor& actor) {
  require_tenant(actor);
  if (!actor.is_staff()) {
    throw Error(Errc::permission_denied, "this operation needs an admin, service or system actor");
  }
}

void require_tenant(const Actor& actor) {
  validate_tenant_id(actor.tenant);
}

}  // namespace member::detail
