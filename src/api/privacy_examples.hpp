// The response example of privacy.export (docs/c-api.md): one small user's
// export, every part present. Lists are left short; their items have the
// shapes of the modules' own list operations.
#pragma once

namespace member::api {

inline constexpr const char* kExportExample = R"({
 "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "tenant": "default",
 "exported_at": "2026-01-31T12:00:00.000Z",
 "account": {
  "profile": {"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "tenant": "default",
   "username": "ann", "email": "ann@example.com", "mobile": "+8613800138000",
   "email_verified": false, "mobile_verified": false, "user_type": "MEMBER", "status": "active",
   "status_reason": "", "nickname": "Ann", "real_name": "", "gender": "unspecified",
   "birthday": "", "avatar_url": "", "region": "", "address": "", "preferences": "{}",
   "attributes": "{}", "failed_sign_ins": 0, "locked_until": null,
   "created_at": "2026-01-31T12:00:00.000Z", "updated_at": "2026-01-31T12:00:00.000Z"},
  "moderation": {"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "report_count": 0,
   "last_report_at": null, "blocked": false, "unblock_possible_at": null},
  "reports_about_them": [], "reports_filed": []},
 "login_log": [{"at": "2026-01-31T12:00:00.000Z", "user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9",
   "outcome": "success", "device_id": "phone-1", "platform": "ios 17", "ip": "203.0.113.7"}],
 "sessions": {"devices": [], "sessions": [{"id": "ses_0a1b2c3d", "device_id": "phone-1",
   "device_type": "phone", "device_name": "Ann's phone", "platform": "ios 17",
   "app_version": "3.1.0", "ip": "203.0.113.7", "method": "password",
   "created_at": "2026-01-31T12:00:00.000Z", "last_active": "2026-01-31T12:00:00.000Z",
   "expires_at": "2026-03-02T12:00:00.000Z", "revoked_at": null, "revoke_reason": ""}]},
 "bindings": {"customers": [], "transactions": []},
 "identities": [], "addresses": [], "tags": [], "verifications": [],
 "tenants": {"tenants": ["default"], "roles": [], "permissions": []},
 "codes": {"pending_codes": []},
 "ledger": {
  "points": {"summary": {"total": 250, "available": 250, "frozen": 0, "expiring": 0,
    "next_expiry": null}, "journal": []},
  "wallet": {"summary": {"total": 0, "available": 0, "frozen": 0, "expiring": 0,
    "next_expiry": null}, "journal": []},
  "redemptions": []},
 "loyalty": {
  "member": {"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9",
   "level": {"level_id": 1, "code": "BASIC", "name": "Basic", "required_spend": 0,
    "discount_rate_bp": 10000, "point_multiplier_bp": 10000, "benefits": {"free_shipping": false,
    "birthday_gift": false, "priority_service": false, "exclusive_events": false}},
   "manual_level": false, "points": {"total": 250, "available": 250, "frozen": 0, "expiring": 0,
    "next_expiry": null}, "total_spent": 0, "total_orders": 0,
   "join_date": "2026-01-31T12:00:00.000Z", "last_active": null, "next_level": null,
   "remaining_spend": 0, "progress_bp": 10000},
  "level_history": [], "orders": [], "benefit_uses": [], "activities": []},
 "messages": [],
 "audit": []})";

}  // namespace member::api
