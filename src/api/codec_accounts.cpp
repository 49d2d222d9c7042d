#include "api/codecs.hpp"

namespace member::api {

Page decode_page(Fields& f) {
  Page page;
  page.limit = f.u32("limit", page.limit);
  page.offset = f.u32("offset", page.offset);
  return page;
}

RegisterRequest decode_register(Fields& f) {
  RegisterRequest r;
  r.username = f.str("username");
  r.email = f.str("email");
  r.mobile = f.str("mobile");
  r.password = f.str("password");
  r.password_hash = f.str("password_hash");
  r.user_type = f.str("user_type");
  r.nickname = f.str("nickname");
  r.real_name = f.str("real_name");
  r.gender = f.enumeration<Gender>("gender", 4, Gender::unspecified);
  r.birthday = f.str("birthday");
  r.avatar_url = f.str("avatar_url");
  r.region = f.str("region");
  r.address = f.str("address");
  r.preferences = f.str("preferences");
  r.attributes = f.str("attributes");
  r.email_verified = f.boolean("email_verified");
  r.mobile_verified = f.boolean("mobile_verified");
  return r;
}

SignInRequest decode_sign_in(Fields& f) {
  SignInRequest r;
  r.identifier = f.str("identifier");
  r.password = f.str("password");
  r.device_id = f.str("device_id");
  r.platform = f.str("platform");
  r.ip = f.str("ip");
  return r;
}

ChangePasswordRequest decode_change_password(Fields& f) {
  ChangePasswordRequest r;
  r.user_id = f.str("user_id");
  r.old_password = f.str("old_password");
  r.new_password = f.str("new_password");
  r.current_session_id = f.str("current_session_id");
  return r;
}

ProfileUpdate decode_profile_update(Fields& f) {
  ProfileUpdate u;
  u.user_id = f.str("user_id");
  u.nickname = f.opt_str("nickname");
  u.real_name = f.opt_str("real_name");
  u.gender = f.opt_enum<Gender>("gender", 4);
  u.birthday = f.opt_str("birthday");
  u.avatar_url = f.opt_str("avatar_url");
  u.region = f.opt_str("region");
  u.address = f.opt_str("address");
  u.preferences = f.opt_str("preferences");
  u.attributes = f.opt_str("attributes");
  return u;
}

ChangeIdentifierRequest decode_change_identifier(Fields& f) {
  ChangeIdentifierRequest r;
  r.user_id = f.str("user_id");
  r.kind = f.enumeration<Identifier>("kind", 3, Identifier::email);
  r.value = f.str("value");
  return r;
}

Json encode(const SignInResult& r) {
  return {{"user_id", r.user_id},
          {"username", r.username},
          {"user_type", r.user_type},
          {"password_rehashed", r.password_rehashed}};
}

Json encode(const Profile& p) {
  return {{"user_id", p.user_id},
          {"tenant", p.tenant},
          {"username", p.username},
          {"email", p.email},
          {"mobile", p.mobile},
          {"email_verified", p.email_verified},
          {"mobile_verified", p.mobile_verified},
          {"user_type", p.user_type},
          {"status", to_string(p.status)},
          {"status_reason", p.status_reason},
          {"nickname", p.nickname},
          {"real_name", p.real_name},
          {"gender", to_string(p.gender)},
          {"birthday", p.birthday},
          {"avatar_url", p.avatar_url},
          {"region", p.region},
          {"address", p.address},
          {"preferences", p.preferences},
          {"attributes", p.attributes},
          {"failed_sign_ins", p.failed_sign_ins},
          {"locked_until", time_or_null(p.locked_until)},
          {"created_at", format_time(p.created_at)},
          {"updated_at", format_time(p.updated_at)}};
}

Json encode(const LoginRecord& r) {
  return {{"at", format_time(r.at)},  {"user_id", r.user_id},   {"outcome", to_string(r.outcome)},
          {"device_id", r.device_id}, {"platform", r.platform}, {"ip", r.ip}};
}

Json encode(const BatchResult& r) {
  return {{"index", r.index},
          {"code", to_string(r.code)},
          {"user_id", r.user_id},
          {"field", r.field},
          {"message", r.message}};
}

AuditQuery decode_audit_query(Fields& f) {
  AuditQuery q;
  q.user_id = f.str("user_id");
  q.action = f.str("action");
  q.page = decode_page(f);
  q.actor_id = f.str("actor_id");
  q.from = f.opt_time("from");
  q.to = f.opt_time("to");
  return q;
}

Json encode(const AuditEntry& e) {
  return {
      {"sequence", e.sequence}, {"at", format_time(e.at)}, {"actor_kind", to_string(e.actor_kind)},
      {"actor_id", e.actor_id}, {"action", e.action},      {"user_id", e.user_id},
      {"detail", e.detail}};
}

CatalogItem decode_catalog_item(Fields& f) {
  CatalogItem item;
  item.item_id = f.str("item_id");
  item.name = f.str("name");
  item.points_cost = f.i64("points_cost");
  item.stock = f.i64("stock");
  item.active = f.boolean("active", true);
  return item;
}

Json encode(const Redemption& r) {
  return {{"redemption_id", r.redemption_id},
          {"item_id", r.item_id},
          {"quantity", r.quantity},
          {"points", r.points},
          {"delivery_address", r.delivery_address},
          {"created_at", format_time(r.created_at)},
          {"reversed_by", r.reversed_by}};
}

Json encode(const CatalogItem& item) {
  return {{"item_id", item.item_id},
          {"name", item.name},
          {"points_cost", item.points_cost},
          {"stock", item.stock},
          {"active", item.active}};
}

}  // namespace member::api
