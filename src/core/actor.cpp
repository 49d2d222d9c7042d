#include "member/actor.hpp"

namespace member {

std::string_view to_string(ActorKind kind) noexcept {
  switch (kind) {
    case ActorKind::anonymous:
      return "anonymous";
    case ActorKind::user:
      return "user";
    case ActorKind::admin:
      return "admin";
    case ActorKind::service:
      return "service";
    case ActorKind::system:
      return "system";
    case ActorKind::super_admin:
      return "super_admin";
  }
  return "unknown";
}

Actor Actor::anonymous(std::string tenant) {
  return {ActorKind::anonymous, {}, std::move(tenant)};
}
Actor Actor::user(std::string user_id, std::string tenant) {
  return {ActorKind::user, std::move(user_id), std::move(tenant)};
}
Actor Actor::admin(std::string operator_id, std::string tenant) {
  return {ActorKind::admin, std::move(operator_id), std::move(tenant)};
}
Actor Actor::service(std::string name, std::string tenant) {
  return {ActorKind::service, std::move(name), std::move(tenant)};
}
Actor Actor::system(std::string tenant) {
  return {ActorKind::system, "system", std::move(tenant)};
}

Actor Actor::super_admin(std::string operator_id, std::string tenant) {
  return {ActorKind::super_admin, std::move(operator_id), std::move(tenant)};
}

bool Actor::is_staff() const noexcept {
  return kind == ActorKind::admin || kind == ActorKind::service || kind == ActorKind::system ||
         kind == ActorKind::super_admin;
}

bool Actor::may_act_for(std::string_view user_id) const noexcept {
  if (is_staff()) return true;
  return kind == ActorKind::user && !id.empty() && id == user_id;
}

}  // namespace member
