// codes.* operations (member::Codes): verification codes for registration,
// code sign-in, password reset and contact change, and the outbox (A6).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kAnonymous = R"({"kind": "anonymous"})";
constexpr const char* kAdmin = R"({"kind": "admin", "id": "ops-anna"})";
constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kProfile =
    R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "tenant": "default", "username": "ann", "email": "ann.new@example.com", "mobile": "+8613800138000", "email_verified": true, "mobile_verified": false, "user_type": "MEMBER", "status": "active", "status_reason": "", "nickname": "Ann", "real_name": "", "gender": "unspecified", "birthday": "", "avatar_url": "", "region": "", "address": "", "preferences": "{}", "attributes": "{}", "failed_sign_ins": 0, "locked_until": null, "created_at": "2026-01-31T12:00:00.000Z", "updated_at": "2026-01-31T12:05:00.000Z"})";

struct MessageRequest {
  std::string message_id;
};
MessageRequest decode_message(Fields& f) {
  return {f.str("message_id")};
}

}  // namespace

void register_codes_operations(OperationTable& t) {
  t.add("codes.send",
        "Makes a six-digit code for a purpose (registration, sign_in, password_reset, "
        "contact_change) and destination (channel sms: a mobile; email: an address) and "
        "delivers it through the host's notifier or the outbox. Sign-in and reset codes "
        "answer the same for destinations no active account has, and are then not "
        "delivered. contact_change needs user_id (the user or staff). Errors: "
        "invalid_argument (purpose, channel, destination, user_id), resource_exhausted with "
        "retry_at within 60 s of the previous code or for a day after 10 wrong tries at the "
        "destination, conflict (a contact another account has), permission_denied.",
        kAnonymous, R"({"purpose": "sign_in", "channel": "sms", "destination": "13800138000"})",
        R"({"expires_at": "2026-01-31T12:05:00.000Z", "resend_at": "2026-01-31T12:01:00.000Z"})",
        decode_send_code, [](Host& h, const Actor& a, const SendCodeRequest& r) -> Json {
          return encode(h.system.codes().send(a, r));
        });
  t.add(
      "codes.register",
      "Registers an account (the fields of accounts.register) after checking the "
      "registration code sent to its email (channel email) or mobile (channel sms), which "
      "is stored as verified. Errors: unauthenticated (code refused), invalid_argument "
      "naming the field, conflict naming the taken identifier.",
      kAnonymous,
      R"({"mobile": "13800138000", "password": "correct horse battery", "channel": "sms", "code": "482913"})",
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})", decode_code_register,
      [](Host& h, const Actor& a, const CodeRegisterRequest& r) -> Json {
        return {{"user_id", h.system.codes().register_user(a, r)}};
      });
  t.add(
      "codes.sign_in",
      "Signs in with a sign-in code and opens a session on the device (method \"code\"), "
      "with the login log and lockout of a password sign-in. Errors: unauthenticated (the "
      "same for unknown destinations and refused codes), locked with retry_at, "
      "invalid_argument (destination, code, device fields).",
      kAnonymous,
      R"({"channel": "sms", "destination": "13800138000", "code": "482913", "device_id": "d-1", "device_type": "phone", "device_name": "Ann's phone", "platform": "ios 17", "app_version": "3.2.0", "ip": "203.0.113.9"})",
      R"({"account": {"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "username": "ann", "user_type": "MEMBER", "password_rehashed": false}, "tokens": {"session_id": "5d9c7e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6", "access_token": "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiI2ZjFjIn0.c2lnbmF0dXJl", "refresh_token": "rt_3q2-7wEAAAAB9xYzQk1vTjVhR0ZvYkdWa0lHSmxaVzQ", "access_expires_at": "2026-01-31T14:00:00.000Z", "refresh_expires_at": "2026-03-02T12:00:00.000Z"}})",
      decode_code_sign_in, [](Host& h, const Actor& a, const CodeSignInRequest& r) -> Json {
        return encode(h.system.codes().sign_in(a, r));
      });
  t.add(
      "codes.reset_password",
      "Sets a new password after checking the password-reset code; ends all the user's "
      "sessions and clears a sign-in lock. Errors: unauthenticated (the same for unknown "
      "destinations and refused codes), invalid_argument (new_password fails the policy, "
      "destination, code).",
      kAnonymous,
      R"({"channel": "email", "destination": "ann@example.com", "code": "482913", "new_password": "another horse battery"})",
      "{}", decode_code_reset, [](Host& h, const Actor& a, const CodeResetRequest& r) -> Json {
        h.system.codes().reset_password(a, r);
        return Json::object();
      });
  t.add(
      "codes.change_contact",
      "Changes the user's email (channel email) or mobile (channel sms) to new_value, "
      "proven by the contact_change code sent to the new address or, when the host "
      "configured it so, by the current password; the new contact is verified. Returns "
      "the profile. Errors: unauthenticated, invalid_argument (new_value, code, password), "
      "conflict, permission_denied.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "channel": "email", "new_value": "ann.new@example.com", "code": "482913"})",
      kProfile, decode_contact_change,
      [](Host& h, const Actor& a, const ContactChangeRequest& r) -> Json {
        return encode(h.system.codes().change_contact(a, r));
      });
  t.add(
      "codes.outbox",
      "{\"messages\": [...]}: the default notifier's undelivered messages, oldest first (staff "
      "only): each holds "
      "the destination and the code, for the host to send and then acknowledge. Errors: "
      "permission_denied, invalid_argument (limit).",
      kAdmin, R"({"limit": 50, "offset": 0})",
      R"({"messages": [{"id": "q8Lr2Vn5Xc7Zt1Bm4Kp9Hd", "tenant": "default", "purpose": "sign_in", "channel": "sms", "destination": "+8613800138000", "code": "482913", "created_at": "2026-01-31T12:00:00.000Z", "expires_at": "2026-01-31T12:05:00.000Z"}]})",
      decode_page, [](Host& h, const Actor& a, const Page& p) -> Json {
        return {{"messages", encode_list(h.system.codes().outbox(a, p))}};
      });
  t.add("codes.acknowledge",
        "Removes a sent message from the outbox (staff only), and with it the only copy of "
        "its code and destination. Errors: not_found, permission_denied, invalid_argument.",
        kAdmin, R"({"message_id": "q8Lr2Vn5Xc7Zt1Bm4Kp9Hd"})", "{}", decode_message,
        [](Host& h, const Actor& a, const MessageRequest& r) -> Json {
          h.system.codes().acknowledge(a, r.message_id);
          return Json::object();
        });
}

}  // namespace member::api
