// Codecs of the bindings, identities, addresses, tags and verifications
// services. Personal values are never quoted in errors: Fields names paths.
#include "api/codecs.hpp"

namespace member::api {

namespace {

Json number_or_null(const std::optional<double>& v) {
  return v ? Json(*v) : Json(nullptr);
}

}  // namespace

UserRequest decode_user_request(Fields& f) {
  return {f.str("user_id")};
}

UserPageRequest decode_user_page(Fields& f) {
  UserPageRequest r;
  r.user_id = f.str("user_id");
  r.page = decode_page(f);
  return r;
}

BindCustomerRequest decode_bind_customer(Fields& f) {
  BindCustomerRequest r;
  r.user_id = f.str("user_id");
  r.customer_id = f.str("customer_id");
  r.customer_name = f.str("customer_name");
  r.certificate_type = f.str("certificate_type");
  r.bound_at = f.opt_time("bound_at");
  return r;
}

BindTransactionRequest decode_bind_transaction(Fields& f) {
  BindTransactionRequest r;
  r.user_id = f.str("user_id");
  r.trans_type = f.str("trans_type");
  r.trans_id = f.str("trans_id");
  r.metadata = f.str("metadata");
  return r;
}

TransactionQuery decode_transaction_query(Fields& f) {
  TransactionQuery q;
  q.user_id = f.str("user_id");
  q.trans_type = f.str("trans_type");
  q.page = decode_page(f);
  return q;
}

Json encode(const CustomerBinding& b) {
  return {{"user_id", b.user_id},
          {"customer_id", b.customer_id},
          {"customer_name", b.customer_name},
          {"certificate_type", b.certificate_type},
          {"bound_at", format_time(b.bound_at)}};
}

Json encode(const TransactionBinding& b) {
  return {{"user_id", b.user_id},
          {"trans_type", b.trans_type},
          {"trans_id", b.trans_id},
          {"metadata", b.metadata},
          {"bound_at", format_time(b.bound_at)}};
}

BindIdentityRequest decode_bind_identity(Fields& f) {
  BindIdentityRequest r;
  r.user_id = f.str("user_id");
  r.identifier = f.str("identifier");
  r.password = f.str("password");
  r.provider = f.str("provider");
  r.subject = f.str("subject");
  r.union_id = f.str("union_id");
  r.nickname = f.str("nickname");
  r.avatar_url = f.str("avatar_url");
  r.device_id = f.str("device_id");
  r.platform = f.str("platform");
  r.ip = f.str("ip");
  return r;
}

IdentitySignInRequest decode_identity_sign_in(Fields& f) {
  IdentitySignInRequest r;
  r.provider = f.str("provider");
  r.subject = f.str("subject");
  r.union_id = f.str("union_id");
  r.device_id = f.str("device_id");
  r.platform = f.str("platform");
  r.ip = f.str("ip");
  return r;
}

RegisterIdentityRequest decode_register_identity(Fields& f) {
  RegisterIdentityRequest r;
  r.provider = f.str("provider");
  r.subject = f.str("subject");
  r.union_id = f.str("union_id");
  r.nickname = f.str("nickname");
  r.avatar_url = f.str("avatar_url");
  r.user_type = f.str("user_type");
  return r;
}

Json encode(const Identity& i) {
  return {{"user_id", i.user_id},
          {"provider", i.provider},
          {"subject", i.subject},
          {"union_id", i.union_id},
          {"nickname", i.nickname},
          {"avatar_url", i.avatar_url},
          {"bound_at", format_time(i.bound_at)}};
}

Json encode(const IdentityStatus& s) {
  return {{"registered", s.registered}, {"user_id", s.user_id}};
}

// address_id, created_at and updated_at are assigned by the service.
Address decode_address(Fields& f) {
  Address a;
  a.user_id = f.str("user_id");
  a.name = f.str("name");
  a.contact_name = f.str("contact_name");
  a.contact_phone = f.str("contact_phone");
  a.province = f.str("province");
  a.city = f.str("city");
  a.county = f.str("county");
  a.address = f.str("address");
  a.longitude = f.opt_f64("longitude");
  a.latitude = f.opt_f64("latitude");
  a.address_type = f.str("address_type");
  a.is_default = f.boolean("is_default");
  return a;
}

AddressUpdate decode_address_update(Fields& f) {
  AddressUpdate u;
  u.user_id = f.str("user_id");
  u.address_id = f.str("address_id");
  u.name = f.opt_str("name");
  u.contact_name = f.opt_str("contact_name");
  u.contact_phone = f.opt_str("contact_phone");
  u.province = f.opt_str("province");
  u.city = f.opt_str("city");
  u.county = f.opt_str("county");
  u.address = f.opt_str("address");
  u.longitude = f.clearable_f64("longitude");
  u.latitude = f.clearable_f64("latitude");
  u.address_type = f.opt_str("address_type");
  u.is_default = f.opt_boolean("is_default");
  return u;
}

Json encode(const Address& a) {
  return {{"address_id", a.address_id},
          {"user_id", a.user_id},
          {"name", a.name},
          {"contact_name", a.contact_name},
          {"contact_phone", a.contact_phone},
          {"province", a.province},
          {"city", a.city},
          {"county", a.county},
          {"address", a.address},
          {"longitude", number_or_null(a.longitude)},
          {"latitude", number_or_null(a.latitude)},
          {"address_type", a.address_type},
          {"is_default", a.is_default},
          {"created_at", format_time(a.created_at)},
          {"updated_at", format_time(a.updated_at)}};
}

TagRequest decode_tag(Fields& f) {
  TagRequest r;
  r.user_id = f.str("user_id");
  r.type = f.enumeration<TagType>("type", 3, TagType::attribute);
  r.key = f.str("key");
  r.value = f.str("value");
  r.weight = f.f64("weight", 1.0);
  return r;
}

Json encode(const Tag& t) {
  return {{"type", to_string(t.type)},
          {"key", t.key},
          {"value", t.value},
          {"weight", t.weight},
          {"updated_at", format_time(t.updated_at)}};
}

RealNameRequest decode_real_name(Fields& f) {
  RealNameRequest r;
  r.user_id = f.str("user_id");
  r.real_name = f.str("real_name");
  r.id_number = f.str("id_number");
  return r;
}

BankCardRequest decode_bank_card(Fields& f) {
  BankCardRequest r;
  r.user_id = f.str("user_id");
  r.card_number = f.str("card_number");
  r.bank_name = f.str("bank_name");
  r.holder_name = f.str("holder_name");
  r.card_type = f.str("card_type");
  return r;
}

VerificationDecision decode_verification_decision(Fields& f) {
  VerificationDecision d;
  d.verification_id = f.str("verification_id");
  d.status = f.enumeration<VerificationStatus>("status", 3, VerificationStatus::approved);
  d.review_note = f.str("review_note");
  return d;
}

Json encode(const Verification& v) {
  return {{"verification_id", v.verification_id},
          {"user_id", v.user_id},
          {"kind", to_string(v.kind)},
          {"status", to_string(v.status)},
          {"masked_number", v.masked_number},
          {"name", v.name},
          {"bank_name", v.bank_name},
          {"card_type", v.card_type},
          {"review_note", v.review_note},
          {"reviewer", v.reviewer},
          {"submitted_at", format_time(v.submitted_at)},
          {"decided_at", time_or_null(v.decided_at)}};
}

Json encode(const VerifiedFlags& f) {
  return {{"real_name", f.real_name}, {"bank_card", f.bank_card}};
}

}  // namespace member::api
