// sessions.* operations (member::Sessions): sign-in with tokens, refresh,
// verification, sign-out and devices (F1, F2).
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kAnonymous = R"({"kind": "anonymous"})";
constexpr const char* kTokens =
    R"({"session_id": "5d9c7e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6", "access_token": "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiI2ZjFjIn0.c2lnbmF0dXJl", "refresh_token": "rt_3q2-7wEAAAAB9xYzQk1vTjVhR0ZvYkdWa0lHSmxaVzQ", "access_expires_at": "2026-01-31T12:15:00.000Z", "refresh_expires_at": "2026-03-02T12:00:00.000Z"})";
constexpr const char* kAccount =
    R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "username": "ann", "user_type": "MEMBER", "password_rehashed": false})";

struct RefreshRequest {
  std::string refresh_token;
  std::string ip;
};
RefreshRequest decode_refresh(Fields& f) {
  RefreshRequest r;
  r.refresh_token = f.str("refresh_token");
  r.ip = f.str("ip");
  return r;
}

struct VerifyRequest {
  std::string_view token;  ///< into the request
  VerifyOptions options;
};
/// Fields or FlatFields (sessions.verify has a fast path).
template <class F>
VerifyRequest decode_verify(F& f) {
  VerifyRequest r;
  r.token = f.view("token");
  r.options.check_session = f.boolean("check_session");
  return r;
}

struct SessionRequest {
  std::string session_id;
};
SessionRequest decode_session(Fields& f) {
  return {f.str("session_id")};
}

struct DeviceRequest {
  std::string user_id;
  std::string device_id;
};
DeviceRequest decode_device(Fields& f) {
  DeviceRequest r;
  r.user_id = f.str("user_id");
  r.device_id = f.str("device_id");
  return r;
}

std::string sign_in_response() {
  return std::string(R"({"account": )") + kAccount + R"(, "tokens": )" + kTokens + "}";
}

}  // namespace

void register_sessions_operations(OperationTable& t) {
  t.add(
      "sessions.sign_in",
      "Signs in as accounts.sign_in does (same errors, login log and lockout) and opens a "
      "session on the device: returns the account and a token pair (JWT access token, "
      "single-use refresh token). Errors: unauthenticated, locked with retry_at, "
      "invalid_argument.",
      kAnonymous,
      R"({"identifier": "ann@example.com", "password": "correct horse battery", "device_id": "d-1", "platform": "ios 17", "ip": "203.0.113.9", "device_type": "phone", "device_name": "Ann's phone", "app_version": "3.2.0"})",
      sign_in_response(), decode_session_sign_in,
      [](Host& h, const Actor& a, const SessionSignInRequest& r) -> Json {
        return encode(h.system.sessions().sign_in(a, r));
      });
  t.add(
      "sessions.sign_in_with_identity",
      "Signs in with a third-party identity the host verified, as identities.sign_in does, "
      "and opens a session on the device. Errors: unauthenticated, locked with retry_at, "
      "invalid_argument.",
      kAnonymous,
      R"({"provider": "wechat", "subject": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", "union_id": "", "device_id": "d-1", "platform": "ios 17", "ip": "203.0.113.9", "device_type": "phone", "device_name": "Ann's phone", "app_version": "3.2.0"})",
      sign_in_response(), decode_identity_session_sign_in,
      [](Host& h, const Actor& a, const IdentitySessionSignInRequest& r) -> Json {
        return encode(h.system.sessions().sign_in_with_identity(a, r));
      });
  t.add(
      "sessions.refresh",
      "Exchanges a refresh token for a new pair; the old one is then dead, and presenting "
      "a used one again revokes the whole session. Errors: unauthenticated (unknown, "
      "expired, revoked, reused or another tenant's token).",
      kAnonymous,
      R"({"refresh_token": "rt_3q2-7wEAAAAB9xYzQk1vTjVhR0ZvYkdWa0lHSmxaVzQ", "ip": "203.0.113.9"})",
      kTokens, decode_refresh, [](Host& h, const Actor& a, const RefreshRequest& r) -> Json {
        return encode(h.system.sessions().refresh(a, r.refresh_token, r.ip));
      });
  t.add_text<VerifyRequest>(
      "sessions.verify",
      "Verifies an access token (algorithm, key, signature, expiry, issuer, audience, "
      "revocation; with check_session also the session in the database) and returns its "
      "claims. Any actor may ask. Errors: unauthenticated naming the reason.",
      kAnonymous,
      R"({"token": "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIiwidHlwIjoiSldUIn0.eyJzdWIiOiI2ZjFjIn0.c2lnbmF0dXJl", "check_session": false})",
      R"({"subject": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "username": "ann", "role": "MEMBER", "level": "SILVER", "tenant": "default", "session_id": "5d9c7e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6", "token_id": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "key_id": "k1", "issued_at": "2026-01-31T12:00:00.000Z", "expires_at": "2026-01-31T12:15:00.000Z"})",
      [](auto& f) { return decode_verify(f); },
      [](Host& h, const Actor&, const VerifyRequest& r, JsonWriter& w) {
        thread_local AccessClaims claims;  // reused: its strings allocate once per thread
        h.system.sessions().verify(r.token, claims, r.options);
        write(w, claims);
      });
  t.add("sessions.sign_out",
        "Revokes one session (sign-out); users may sign out their own sessions. Errors: "
        "invalid_argument, permission_denied, not_found.",
        kUser, R"({"session_id": "5d9c7e1a-2b3c-4d5e-8f90-a1b2c3d4e5f6"})", "{}", decode_session,
        [](Host& h, const Actor& a, const SessionRequest& r) -> Json {
          h.system.sessions().sign_out(a, r.session_id);
          return Json::object();
        });
  t.add("sessions.sign_out_all",
        "Revokes every session of the user (the user themself or staff). Errors: "
        "invalid_argument, permission_denied, not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})", "{}",
        decode_user_request, [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          h.system.sessions().sign_out_all(a, r.user_id);
          return Json::object();
        });
  t.add(
      "sessions.devices",
      "The user's devices with live sessions, most recently active first (the user "
      "themself or staff). Errors: invalid_argument, permission_denied, not_found.",
      kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
      R"({"devices": [{"device_id": "d-1", "device_type": "phone", "device_name": "Ann's phone", "platform": "ios 17", "app_version": "3.2.0", "ip": "203.0.113.9", "first_seen": "2026-01-31T12:00:00.000Z", "last_active": "2026-01-31T12:00:00.000Z", "sessions": 1}]})",
      decode_user_request, [](Host& h, const Actor& a, const UserRequest& r) -> Json {
        return {{"devices", encode_list(h.system.sessions().devices(a, r.user_id))}};
      });
  t.add("sessions.sign_out_device",
        "Signs a device out: revokes its live sessions. Errors: invalid_argument, "
        "permission_denied, not_found (no live session on the device).",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "device_id": "d-1"})",
        "{}", decode_device, [](Host& h, const Actor& a, const DeviceRequest& r) -> Json {
          h.system.sessions().sign_out_device(a, r.user_id, r.device_id);
          return Json::object();
        });
  t.add(
      "sessions.public_keys",
      "The keys other services may verify tokens with: Ed25519 public keys as hex; empty "
      "for HS256, whose keys are secret. Any actor may ask.",
      kAnonymous, "{}",
      R"({"keys": [{"kid": "k1", "public_key": "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"}]})",
      decode_no_fields, [](Host& h, const Actor&, const NoFields&) -> Json {
        return {{"keys", encode_list(h.system.sessions().public_keys())}};
      });
}

}  // namespace member::api
