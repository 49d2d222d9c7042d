// Codecs of sessions, moderation and login-log queries.
#include "api/codecs.hpp"

namespace member::api {

namespace {

void decode_device_rest(Fields& f, std::string& device_type, std::string& device_name,
                        std::string& app_version) {
  device_type = f.str("device_type");
  device_name = f.str("device_name");
  app_version = f.str("app_version");
}

}  // namespace

SessionSignInRequest decode_session_sign_in(Fields& f) {
  SessionSignInRequest r;
  r.credentials = decode_sign_in(f);
  decode_device_rest(f, r.device_type, r.device_name, r.app_version);
  return r;
}

IdentitySessionSignInRequest decode_identity_session_sign_in(Fields& f) {
  IdentitySessionSignInRequest r;
  r.identity = decode_identity_sign_in(f);
  decode_device_rest(f, r.device_type, r.device_name, r.app_version);
  return r;
}

Json encode(const TokenPair& t) {
  return {{"session_id", t.session_id},
          {"access_token", t.access_token},
          {"refresh_token", t.refresh_token},
          {"access_expires_at", format_time(t.access_expires_at)},
          {"refresh_expires_at", format_time(t.refresh_expires_at)}};
}

Json encode(const SessionSignIn& s) {
  return {{"account", encode(s.account)}, {"tokens", encode(s.tokens)}};
}

void write(JsonWriter& w, const AccessClaims& c) {
  // Members in name order, as api::dump() orders them.
  w.begin_object();
  w.key("expires_at");
  w.time(c.expires_at);
  w.key("issued_at");
  w.time(c.issued_at);
  w.key("key_id");
  w.string(c.key_id);
  w.key("level");
  w.string(c.level);
  w.key("role");
  w.string(c.role);
  w.key("session_id");
  w.string(c.session_id);
  w.key("subject");
  w.string(c.subject);
  w.key("tenant");
  w.string(c.tenant);
  w.key("token_id");
  w.string(c.token_id);
  w.key("username");
  w.string(c.username);
  w.end_object();
}

Json encode(const Device& d) {
  return {{"device_id", d.device_id},
          {"device_type", d.device_type},
          {"device_name", d.device_name},
          {"platform", d.platform},
          {"app_version", d.app_version},
          {"ip", d.ip},
          {"first_seen", format_time(d.first_seen)},
          {"last_active", format_time(d.last_active)},
          {"sessions", d.sessions}};
}

Json encode(const PublicTokenKey& k) {
  return {{"kid", k.kid}, {"public_key", k.public_key}};
}

Json encode(const ModerationState& s) {
  return {{"user_id", s.user_id},
          {"report_count", s.report_count},
          {"last_report_at", time_or_null(s.last_report_at)},
          {"blocked", s.blocked},
          {"unblock_possible_at", time_or_null(s.unblock_possible_at)}};
}

LoginQuery decode_login_query(Fields& f) {
  LoginQuery q;
  q.user_id = f.str("user_id");
  q.from = f.opt_time("from");
  q.to = f.opt_time("to");
  q.page = decode_page(f);
  return q;
}

}  // namespace member::api
