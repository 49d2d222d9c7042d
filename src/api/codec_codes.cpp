// Codecs of verification codes (A6).
#include "api/codecs.hpp"

namespace member::api {

namespace {

CodeChannel decode_channel(Fields& f) {
  return f.enumeration<CodeChannel>("channel", 2, CodeChannel::sms);
}

}  // namespace

SendCodeRequest decode_send_code(Fields& f) {
  SendCodeRequest r;
  r.purpose = f.enumeration<CodePurpose>("purpose", 4, CodePurpose::sign_in);
  r.channel = decode_channel(f);
  r.destination = f.str("destination");
  r.user_id = f.str("user_id");
  return r;
}

CodeRegisterRequest decode_code_register(Fields& f) {
  CodeRegisterRequest r;
  r.account = decode_register(f);
  r.channel = decode_channel(f);
  r.code = f.str("code");
  return r;
}

CodeSignInRequest decode_code_sign_in(Fields& f) {
  CodeSignInRequest r;
  r.channel = decode_channel(f);
  r.destination = f.str("destination");
  r.code = f.str("code");
  r.device_id = f.str("device_id");
  r.device_type = f.str("device_type");
  r.device_name = f.str("device_name");
  r.platform = f.str("platform");
  r.app_version = f.str("app_version");
  r.ip = f.str("ip");
  return r;
}

CodeResetRequest decode_code_reset(Fields& f) {
  CodeResetRequest r;
  r.channel = decode_channel(f);
  r.destination = f.str("destination");
  r.code = f.str("code");
  r.new_password = f.str("new_password");
  return r;
}

ContactChangeRequest decode_contact_change(Fields& f) {
  ContactChangeRequest r;
  r.user_id = f.str("user_id");
  r.channel = f.enumeration<CodeChannel>("channel", 2, CodeChannel::email);
  r.new_value = f.str("new_value");
  r.code = f.str("code");
  r.password = f.str("password");
  return r;
}

Json encode(const CodeSent& s) {
  return {{"expires_at", format_time(s.expires_at)}, {"resend_at", format_time(s.resend_at)}};
}

Json encode(const CodeMessage& m) {
  return {{"id", m.id},
          {"tenant", m.tenant},
          {"purpose", to_string(m.purpose)},
          {"channel", to_string(m.channel)},
          {"destination", m.destination},
          {"code", m.code},
          {"created_at", format_time(m.created_at)},
          {"expires_at", format_time(m.expires_at)}};
}

}  // namespace member::api
