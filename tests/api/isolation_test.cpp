// E1 isolation: for every operation of the table, tenant B cannot see or
// touch tenant A's data. Tenant A is filled through the table; then every
// operation runs with A's ids and values as each kind of actor of tenant B.
// A refusal must be not_found, permission_denied or unauthenticated; a
// success must show none of A's values (other than those in the request);
// afterwards A's data, read back through the table, is unchanged.
//
// Every operation must have a line in kCases: a new operation without one
// fails the "is classified" check.
#include <functional>
#include <map>

#include "api/api_helpers.hpp"
#include "api/operations.hpp"

namespace member::api {
namespace {

constexpr const char* kA = "tenant-a";
constexpr const char* kB = "tenant-b";
constexpr const char* kPassword = "correct horse battery";
const std::string kSecret = "whsec-a-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e";

Json actor(const std::string& kind, const std::string& tenant, const std::string& id = "ops") {
  return {{"kind", kind}, {"id", id}, {"tenant", tenant}};
}

/// Tenant A's world: its ids and the values only A knows.
struct World {
  test::TempDir dir;
  OpenOptions opened = decode_options(test_options(dir));
  System system{opened.options};
  Host host{system, opened.fake_clock};
  std::string user, other, address_id, verification_id, hold_id, entry_id, session_id,
      refresh_token, card_verification;
  std::vector<std::string> markers;

  Json as(const Json& who, const std::string& op, Json request) {
    CAPTURE(op);
    request["actor"] = who;
    return call(host, op, request);
  }
  Json a(const std::string& op, Json request, const std::string& kind = "system") {
    return as(actor(kind, kA, kind == "user" ? user : "ops"), op, std::move(request));
  }

  World() {
    const Json root = {{"kind", "super_admin"}, {"id", "root"}};
    as(root, "tenants.create", {{"id", kA}, {"name", "Tenant A Corp"}});
    as(root, "tenants.create", {{"id", kB}, {"name", "Tenant B"}});
    user = as(actor("anonymous", kA), "accounts.register",
              {{"username", "ann_a"},
               {"email", "ann-a@example.com"},
               {"password", kPassword}})["user_id"];
    other = as(actor("anonymous", kA), "accounts.register",
               {{"username", "ben_a"}, {"password", kPassword}})["user_id"];
    a("accounts.update_profile", {{"user_id", user}, {"nickname", "AnnA-nick"}});
    a("catalog.put",
      {{"item_id", "mug-a"}, {"name", "Mug of A"}, {"points_cost", 10}, {"stock", 5}});
    entry_id = a("points.earn", {{"user_id", user},
                                 {"amount", 1000},
                                 {"key", "E-A1"},
                                 {"event_type", "PURCHASE"}})["entry_id"];
    a("wallet.earn",
      {{"user_id", user}, {"amount", 500}, {"key", "W-A1"}, {"event_type", "TOPUP"}});
    hold_id = a("points.freeze", {{"user_id", user}, {"amount", 100}, {"key", "F-A1"}})["hold_id"];
    a("points.redeem", {{"user_id", user},
                        {"item_id", "mug-a"},
                        {"delivery_address", "9 Redeem-A Lane"},
                        {"key", "RED-A1"}});
    address_id = a("addresses.add", {{"user_id", user},
                                     {"contact_name", "Li Si-A"},
                                     {"contact_phone", "+86 138-0013-8000"},
                                     {"province", "Zhejiang"},
                                     {"city", "Hangzhou"},
                                     {"address", "1 Tenant-A Road"}})["address_id"];
    a("tags.set",
      {{"user_id", user}, {"type", "preference"}, {"key", "channel"}, {"value", "app-a"}});
    a("bindings.bind_customer", {{"user_id", user},
                                 {"customer_id", "CUST-A1"},
                                 {"customer_name", "Zhang-A"},
                                 {"certificate_type", "ID_CARD"}});
    a("bindings.bind_transaction",
      {{"user_id", user}, {"trans_type", "CLAIM"}, {"trans_id", "CLM-A7"}});
    a("identities.bind",
      {{"provider", "wechat"},
       {"subject", "sub-a"},
       {"identifier", "ann_a"},
       {"password", kPassword}},
      "anonymous");
    a("identities.register", {{"provider", "github"}, {"subject", "gh-a"}}, "anonymous");
    verification_id = a("verifications.submit_real_name",
                        {{"user_id", user},
                         {"real_name", "Zhang San"},
                         {"id_number", "11010519491231002X"}})["verification_id"];
    card_verification =
        a("verifications.submit_bank_card", {{"user_id", user},
                                             {"card_number", "6222021234567894"},
                                             {"bank_name", "ICBC"},
                                             {"holder_name", "Zhang San"},
                                             {"card_type", "debit"}})["verification_id"];
    a("verifications.decide", {{"verification_id", card_verification}, {"status", "approved"}});
    const Json signed_in =
        a("sessions.sign_in",
          {{"identifier", "ann_a"}, {"password", kPassword}, {"device_id", "dev-a"}}, "anonymous");
    session_id = signed_in["tokens"]["session_id"];
    refresh_token = signed_in["tokens"]["refresh_token"];
    a("moderation.report", {{"user_id", other}, {"reason", "spam"}});
    a("loyalty.set_webhook_secret", {{"secret", kSecret}}, "admin");
    a("loyalty.put_benefit",
      {{"benefit_id", "ship-a"},
       {"name", "Free shipping A"},
       {"type", "FREE_SHIPPING"},
       {"min_level", "BASIC"}},
      "admin");
    a("loyalty.put_activity",
      {{"activity_id", "act-a"},
       {"title", "Week of A"},
       {"category", "POINTS_PROMOTION"},
       {"required_level", "BASIC"},
       {"start_time", "2026-01-30T00:00:00Z"},
       {"end_time", "2026-02-06T00:00:00Z"}},
      "admin");
    a("roles.create", {{"name", "support-a"}});
    a("roles.create_permission", {{"name", "reports.a-export"}});
    a("roles.grant", {{"grants", {{{"role", "support-a"}, {"permission", "reports.a-export"}}}}});
    a("roles.assign", {{"assignments", {{{"user_id", user}, {"role", "support-a"}}}}});
    markers = {user,
               other,
               "ann-a@example.com",
               "AnnA-nick",
               "Mug of A",
               address_id,
               "Tenant-A Road",
               "Redeem-A Lane",
               "app-a",
               "Zhang-A",
               "CLM-A7",
               verification_id,
               session_id,
               "support-a",
               "reports.a-export",
               "Free shipping A",
               "Week of A",
               "Tenant A Corp",
               hold_id,
               entry_id};
  }

  /// A's data as read back through the table (reads that record nothing).
  Json snapshot() {
    Json s;
    const Json u = {{"user_id", user}};
    for (const char* op :
         {"accounts.profile", "accounts.login_history", "points.summary", "points.history",
          "wallet.summary", "addresses.list", "tags.list", "bindings.customers", "identities.list",
          "verifications.list", "sessions.devices", "loyalty.profile", "loyalty.available_benefits",
          "tenants.user_tenants", "roles.user_roles", "catalog.redemptions"}) {
      s[op] = a(op, u);
    }
    s["moderation.state"] = a("moderation.state", {{"user_id", other}});
    s["bindings.transactions"] =
        a("bindings.transactions", {{"user_id", user}, {"trans_type", "CLAIM"}});
    s["catalog.list"] = a("catalog.list", {{"include_inactive", true}});
    s["audit.list"] = a("audit.list", {{"limit", 1000}});
    for (const char* op : {"loyalty.levels", "loyalty.settings", "loyalty.benefits",
                           "loyalty.activities", "roles.list", "roles.permissions"}) {
      s[op] = a(op, Json::object());
    }
    s["tenants.get"] = as({{"kind", "super_admin"}, {"id", "root"}}, "tenants.get", {{"id", kA}});
    return s;
  }
};

/// How an operation relates to tenants.
enum class Scope {
  tenant,      ///< runs in the actor's tenant: every kind of B actor tries it
  management,  ///< tenant management: B's tenant-scoped actors try it
  global,      ///< no tenant data (clock, meta, token verification, signing)
};

struct Case {
  Scope scope;
  std::function<Json(const World&)> request;
};

Json with_user(const World& w, Json extra = Json::object()) {
  extra["user_id"] = w.user;
  return extra;
}

std::map<std::string, Case> cases() {
  const auto T = Scope::tenant;
  const auto G = Scope::global;
  const auto M = Scope::management;
  std::map<std::string, Case> c = {
      {"accounts.change_identifier",
       {T, [](auto& w) { return with_user(w, {{"kind", "username"}, {"value", "ann_b"}}); }}},
      {"accounts.change_password",
       {T, [](auto& w) {
          return with_user(w, {{"old_password", kPassword}, {"new_password", "another long one"}});
        }}},
      {"accounts.login_history", {T, [](auto& w) { return with_user(w); }}},
      {"accounts.profile", {T, [](auto& w) { return with_user(w); }}},
      {"accounts.register",
       {T, [](auto&) {
          return Json{{"username", "ann_a"}, {"email", "ann-a@example.com"}, {"password", kPassword}};
        }}},
      {"accounts.register_batch",
       {T, [](auto&) {
          return Json{{"users", {{{"username", "ben_a"}, {"password", kPassword}}}}};
        }}},
      {"accounts.set_status",
       {T, [](auto& w) { return with_user(w, {{"status", "disabled"}, {"reason", "x"}}); }}},
      {"accounts.sign_in",
       {T, [](auto&) { return Json{{"identifier", "ann-a@example.com"}, {"password", kPassword}}; }}},
      {"accounts.update_profile", {T, [](auto& w) { return with_user(w, {{"nickname", "B"}}); }}},
      {"accounts.withdraw", {T, [](auto& w) { return with_user(w, {{"password", kPassword}}); }}},
      {"addresses.add",
       {T, [](auto& w) {
          return with_user(w, {{"contact_name", "B"},
                               {"contact_phone", "+86 138-0013-8001"},
                               {"province", "Zhejiang"},
                               {"city", "Hangzhou"},
                               {"address", "2 B Road"}});
        }}},
      {"addresses.get", {T, [](auto& w) { return with_user(w, {{"address_id", w.address_id}}); }}},
      {"addresses.list", {T, [](auto& w) { return with_user(w); }}},
      {"addresses.remove",
       {T, [](auto& w) { return with_user(w, {{"address_id", w.address_id}}); }}},
      {"addresses.update",
       {T, [](auto& w) { return with_user(w, {{"address_id", w.address_id}, {"city", "B"}}); }}},
      {"audit.list", {T, [](auto& w) { return with_user(w); }}},
      {"audit.logins", {T, [](auto& w) { return with_user(w); }}},
      {"audit.purge_logins", {T, [](auto&) { return Json{{"older_than_days", 1}}; }}},
      {"bindings.bind_customer",
       {T, [](auto& w) {
          return with_user(w, {{"customer_id", "CUST-A1"}, {"customer_name", "B"},
                               {"certificate_type", "ID_CARD"}});
        }}},
      {"bindings.bind_transaction",
       {T, [](auto& w) { return with_user(w, {{"trans_type", "CLAIM"}, {"trans_id", "CLM-A7"}}); }}},
      {"bindings.customers", {T, [](auto& w) { return with_user(w); }}},
      {"bindings.transaction",
       {T, [](auto&) { return Json{{"trans_type", "CLAIM"}, {"trans_id", "CLM-A7"}}; }}},
      {"bindings.transactions",
       {T, [](auto& w) { return with_user(w, {{"trans_type", "CLAIM"}}); }}},
      {"bindings.unbind_customer",
       {T, [](auto& w) { return with_user(w, {{"customer_id", "CUST-A1"}}); }}},
      {"bindings.unbind_transaction",
       {T, [](auto& w) { return with_user(w, {{"trans_type", "CLAIM"}, {"trans_id", "CLM-A7"}}); }}},
      {"catalog.get", {T, [](auto&) { return Json{{"item_id", "mug-a"}}; }}},
      {"catalog.list", {T, [](auto&) { return Json{{"include_inactive", true}}; }}},
      {"catalog.redemptions", {T, [](auto& w) { return with_user(w); }}},
      {"catalog.put",
       {T, [](auto&) {
          return Json{{"item_id", "mug-a"}, {"name", "B mug"}, {"points_cost", 1}, {"stock", 1}};
        }}},
      {"catalog.remove", {T, [](auto&) { return Json{{"item_id", "mug-a"}}; }}},
      {"clock.advance", {G, [](auto&) { return Json{{"seconds", 0}}; }}},
      {"clock.now", {G, [](auto&) { return Json::object(); }}},
      {"clock.set", {G, [](auto&) { return Json{{"now", "2026-01-31T12:00:00Z"}}; }}},
      {"identities.bind",
       {T, [](auto&) {
          return Json{{"provider", "wechat"}, {"subject", "sub-a"}, {"identifier", "ann_a"},
                      {"password", kPassword}};
        }}},
      {"identities.check", {T, [](auto&) { return Json{{"provider", "wechat"}, {"subject", "sub-a"}}; }}},
      {"identities.list", {T, [](auto& w) { return with_user(w); }}},
      {"identities.register",
       {T, [](auto&) { return Json{{"provider", "github"}, {"subject", "gh-a"}}; }}},
      {"identities.sign_in",
       {T, [](auto&) { return Json{{"provider", "wechat"}, {"subject", "sub-a"}}; }}},
      {"identities.unbind",
       {T, [](auto& w) { return with_user(w, {{"provider", "wechat"}, {"subject", "sub-a"}}); }}},
      {"loyalty.activities", {T, [](auto& w) { return with_user(w); }}},
      {"loyalty.apply_order_event",
       {T, [](auto& w) {
          return Json{{"event_type", "ORDER_COMPLETED"}, {"user_id", w.user}, {"order_id", "O-A"},
                      {"amount", 100}, {"payment_time", "2026-01-31T11:59:00Z"},
                      {"timestamp", "2026-01-31T12:00:00Z"}, {"signature", std::string(64, '0')}};
        }}},
      {"loyalty.available_benefits", {T, [](auto& w) { return with_user(w); }}},
      {"loyalty.benefits", {T, [](auto&) { return Json::object(); }}},
      {"loyalty.evaluate_downgrades", {T, [](auto&) { return Json{{"limit", 10}}; }}},
      {"loyalty.join_activity",
       {T, [](auto& w) { return with_user(w, {{"activity_id", "act-a"}}); }}},
      {"loyalty.level_code", {T, [](auto& w) { return with_user(w); }}},
      {"loyalty.level_distribution", {T, [](auto&) { return Json::object(); }}},
      {"loyalty.levels", {T, [](auto&) { return Json::object(); }}},
      {"loyalty.overview", {T, [](auto&) { return Json{{"active_days", 30}}; }}},
      {"loyalty.profile", {T, [](auto& w) { return with_user(w); }}},
      {"loyalty.put_activity",
       {T, [](auto&) {
          return Json{{"activity_id", "act-a"}, {"title", "B"}, {"category", "POINTS_PROMOTION"}, {"required_level", "BASIC"},
                      {"start_time", "2026-01-30T00:00:00Z"}, {"end_time", "2026-02-06T00:00:00Z"}};
        }}},
      {"loyalty.put_benefit",
       {T, [](auto&) {
          return Json{{"benefit_id", "ship-a"}, {"name", "B"}, {"type", "FREE_SHIPPING"},
                      {"min_level", "BASIC"}};
        }}},
      {"loyalty.remove_activity", {T, [](auto&) { return Json{{"activity_id", "act-a"}}; }}},
      {"loyalty.remove_benefit", {T, [](auto&) { return Json{{"benefit_id", "ship-a"}}; }}},
      {"loyalty.set_level",
       {T, [](auto& w) { return with_user(w, {{"level_code", "BASIC"}, {"reason", "b"}}); }}},
      {"loyalty.set_levels",
       {T, [](auto&) {
          return Json{{"levels", {{{"code", "BASIC"}, {"name", "B"}, {"required_spend", 0}}}}};
        }}},
      {"loyalty.set_settings", {T, [](auto&) { return Json{{"points_rate_bp", 20000}}; }}},
      {"loyalty.set_webhook_secret", {T, [](auto&) { return Json{{"secret", std::string(40, 'b')}}; }}},
      {"loyalty.settings", {T, [](auto&) { return Json::object(); }}},
      {"loyalty.sign_order_event",
       {G, [](auto& w) {
          return Json{{"secret", kSecret},
                      {"event", {{"event_type", "ORDER_COMPLETED"}, {"user_id", w.user},
                                 {"order_id", "O-A"}, {"amount", 100},
                                 {"timestamp", "2026-01-31T12:00:00Z"}}}};
        }}},
      {"loyalty.trends",
       {T, [](auto&) {
          return Json{{"from", "2026-01-30T00:00:00Z"}, {"to", "2026-02-01T00:00:00Z"}};
        }}},
      {"loyalty.use_benefit",
       {T, [](auto& w) { return with_user(w, {{"benefit_id", "ship-a"}, {"key", "U-B"}}); }}},
      {"meta.operations", {G, [](auto&) { return Json::object(); }}},
      {"moderation.report", {T, [](auto& w) { return with_user(w, {{"reason", "spam"}}); }}},
      {"moderation.request_unblock", {T, [](auto& w) { return Json{{"user_id", w.other}}; }}},
      {"moderation.state", {T, [](auto& w) { return Json{{"user_id", w.other}}; }}},
      {"sessions.devices", {T, [](auto& w) { return with_user(w); }}},
      {"sessions.public_keys", {G, [](auto&) { return Json::object(); }}},
      {"sessions.refresh", {T, [](auto& w) { return Json{{"refresh_token", w.refresh_token}}; }}},
      {"sessions.sign_in",
       {T, [](auto&) { return Json{{"identifier", "ann_a"}, {"password", kPassword}}; }}},
      {"sessions.sign_in_with_identity",
       {T, [](auto&) { return Json{{"provider", "wechat"}, {"subject", "sub-a"}}; }}},
      {"sessions.sign_out", {T, [](auto& w) { return Json{{"session_id", w.session_id}}; }}},
      {"sessions.sign_out_all", {T, [](auto& w) { return with_user(w); }}},
      {"sessions.sign_out_device",
       {T, [](auto& w) { return with_user(w, {{"device_id", "dev-a"}}); }}},
      // The token itself is the credential and carries its tenant.
      {"sessions.verify", {G, [](auto&) { return Json{{"token", "x.y.z"}}; }}},
      {"tags.list", {T, [](auto& w) { return with_user(w); }}},
      {"tags.remove",
       {T, [](auto& w) { return with_user(w, {{"type", "preference"}, {"key", "channel"}}); }}},
      {"tags.set",
       {T, [](auto& w) {
          return with_user(w, {{"type", "preference"}, {"key", "channel"}, {"value", "b"}});
        }}},
      {"tenants.assign_user",
       {M, [](auto& w) { return with_user(w, {{"tenants", {kB}}}); }}},
      {"tenants.create", {M, [](auto&) { return Json{{"id", "tenant-c"}, {"name", "C"}}; }}},
      {"tenants.delete", {M, [](auto&) { return Json{{"id", kA}, {"force", true}}; }}},
      {"tenants.export", {M, [](auto&) { return Json::object(); }}},
      {"tenants.get", {M, [](auto&) { return Json{{"id", kA}}; }}},
      {"tenants.import",
       {M, [](auto&) { return Json{{"lines", R"({"id": "tenant-d", "name": "D"})"}}; }}},
      {"tenants.list", {M, [](auto&) { return Json::object(); }}},
      {"tenants.update", {M, [](auto&) { return Json{{"id", kA}, {"status", "disabled"}}; }}},
      {"tenants.user_tenants", {T, [](auto& w) { return with_user(w); }}},
      {"roles.assign",
       {T, [](auto& w) {
          return Json{{"assignments", {{{"user_id", w.user}, {"role", "admin"}}}}};
        }}},
      {"roles.check", {T, [](auto&) { return Json{{"permission", "reports.a-export"}}; }}},
      {"roles.create", {T, [](auto&) { return Json{{"name", "support-a"}}; }}},
      {"roles.create_permission", {T, [](auto&) { return Json{{"name", "reports.a-export"}}; }}},
      {"roles.grant",
       {T, [](auto&) {
          return Json{{"grants", {{{"role", "support-a"}, {"permission", "points.adjust"}}}}};
        }}},
      {"roles.list", {T, [](auto&) { return Json::object(); }}},
      {"roles.permissions", {T, [](auto&) { return Json::object(); }}},
      {"roles.user_permissions", {T, [](auto& w) { return with_user(w); }}},
      {"roles.user_roles", {T, [](auto& w) { return with_user(w); }}},
      {"tenants.users", {T, [](auto&) { return Json{{"limit", 1000}}; }}},
      {"roles.create_batch",
       {T, [](auto&) { return Json{{"roles", {{{"name", "batch-b1"}}, {{"name", "batch-b2"}}}}}; }}},
      {"loyalty.statistics",
       {T, [](auto&) {
          return Json{{"group_by", {"level", "day"}}, {"metrics", {"count", "revenue", "activity"}}};
        }}},
      {"verifications.decide",
       {T, [](auto& w) { return Json{{"verification_id", w.verification_id}, {"status", "rejected"}}; }}},
      {"verifications.flags", {T, [](auto& w) { return with_user(w); }}},
      {"verifications.get",
       {T, [](auto& w) { return with_user(w, {{"verification_id", w.verification_id}}); }}},
      {"verifications.list", {T, [](auto& w) { return with_user(w); }}},
      {"verifications.payment_account", {T, [](auto& w) { return with_user(w); }}},
      {"verifications.submit_bank_card",
       {T, [](auto& w) {
          return with_user(w, {{"card_number", "6222021234567894"}, {"bank_name", "ICBC"},
                               {"holder_name", "Zhang San"}, {"card_type", "debit"}});
        }}},
      {"verifications.submit_real_name",
       {T, [](auto& w) {
          return with_user(w, {{"real_name", "Zhang San"}, {"id_number", "11010519491231002X"}});
        }}},
  };
  // The ledger operations, the same for points and wallet.
  for (const std::string p : {"points", "wallet"}) {
    c[p + ".adjust"] = {T, [](auto& w) {
                          return with_user(w, {{"amount", -10}, {"key", "ADJ-B"}, {"reason", "b"}});
                        }};
    c[p + ".apply_batch"] = {T, [](auto& w) {
                               return Json{{"key", "BATCH-B"},
                                           {"reason", "b"},
                                           {"items", {{{"user_id", w.user}, {"amount", 5}}}}};
                             }};
    c[p + ".capture"] = {T, [](auto& w) {
                           return with_user(w, {{"hold_id", w.hold_id}, {"key", "CAP-B"}});
                         }};
    c[p + ".earn"] = {T, [](auto& w) {
                        return with_user(w, {{"amount", 5}, {"key", "E-A1"}, {"event_type", "X"}});
                      }};
    c[p + ".expire_due"] = {T, [](auto&) { return Json{{"limit", 100}}; }};
    c[p + ".freeze"] = {T, [](auto& w) { return with_user(w, {{"amount", 5}, {"key", "F-B"}}); }};
    c[p + ".history"] = {T, [](auto& w) { return with_user(w); }};
    c[p + ".release"] = {T, [](auto& w) {
                           return with_user(w, {{"hold_id", w.hold_id}, {"key", "REL-B"}});
                         }};
    c[p + ".reverse"] = {
        T, [](auto& w) {
          return with_user(w, {{"entry_id", w.entry_id}, {"key", "REV-B"}, {"reason", "b"}});
        }};
    c[p + ".summary"] = {T, [](auto& w) { return with_user(w); }};
    c[p + ".use"] = {T, [](auto& w) { return with_user(w, {{"amount", 5}, {"key", "USE-B"}}); }};
  }
  // Messages, privacy and codes: A's user and addresses named from tenant B.
  c["messages.send"] = {
      T, [](auto& w) {
        return Json{{"audience", "user"}, {"target", w.user}, {"title", "x"}, {"body", "y"}};
      }};
  c["messages.list"] = {T, [](auto& w) { return with_user(w); }};
  c["messages.read"] = {T, [](auto& w) { return with_user(w, {{"message_id", "msg-a"}}); }};
  c["messages.read_all"] = {T, [](auto& w) { return with_user(w); }};
  c["messages.unread_count"] = {T, [](auto& w) { return with_user(w); }};
  c["privacy.export"] = {T, [](auto& w) { return with_user(w); }};
  c["privacy.erase"] = {T, [](auto& w) { return with_user(w, {{"password", kPassword}}); }};
  const Json ann_email = {{"channel", "email"}, {"destination", "ann-a@example.com"}};
  c["codes.send"] = {T, [ann_email](auto&) {
                       Json r = ann_email;
                       r["purpose"] = "sign_in";
                       return r;
                     }};
  c["codes.register"] = {T, [ann_email](auto&) {
                           Json r = ann_email;
                           r["code"] = "123456";
                           r["username"] = "ann_a";
                           r["email"] = "ann-a@example.com";
                           r["password"] = kPassword;
                           return r;
                         }};
  c["codes.sign_in"] = {T, [ann_email](auto&) {
                          Json r = ann_email;
                          r["code"] = "123456";
                          return r;
                        }};
  c["codes.reset_password"] = {T, [ann_email](auto&) {
                                 Json r = ann_email;
                                 r["code"] = "123456";
                                 r["new_password"] = "another long one";
                                 return r;
                               }};
  c["codes.change_contact"] = {
      T, [](auto& w) {
        return with_user(
            w, {{"channel", "email"}, {"new_value", "ann-b@example.com"}, {"password", kPassword}});
      }};
  c["codes.outbox"] = {T, [](auto&) { return Json{{"limit", 100}}; }};
  c["codes.acknowledge"] = {T, [](auto&) { return Json{{"message_id", "out-a"}}; }};
  c["points.redeem"] = {
      T, [](auto& w) {
        return with_user(w, {{"item_id", "mug-a"}, {"quantity", 1}, {"key", "RED-B"}});
      }};
  return c;
}

TEST_CASE("E1 every operation of the table is classified for the isolation suite") {
  const auto c = cases();
  for (const Operation& op : operations()) {
    CAPTURE(op.name);
    CHECK(c.contains(op.name));
  }
  CHECK(c.size() == operations().size());
}

TEST_CASE("E1 tenant B can neither see nor touch tenant A's data, through every operation") {
  World w;
  const Json before = w.snapshot();
  const auto all = cases();
  const Json root = {{"kind", "super_admin"}, {"id", "root"}};
  std::size_t refused = 0;
  // Each kind of actor gets a tenant B of its own, where the operations run
  // in table order as in a scenario: what B created itself B may see.
  for (const std::string kind :
       {"anonymous", "user", "admin", "service", "system", "super_admin"}) {
    const std::string tenant = std::string(kB) + "-" + kind;
    w.as(root, "tenants.create", {{"id", tenant}, {"name", "B"}});
    const Json who = actor(kind, tenant, kind == "user" ? w.user : "ops");
    std::string sent_before;
    for (const Operation& op : operations()) {
      const auto found = all.find(op.name);
      if (found == all.end() || found->second.scope == Scope::global) continue;
      // Tenant management is the super admin's and system's by design.
      if (found->second.scope == Scope::management && (kind == "system" || kind == "super_admin")) {
        continue;
      }
      const Json request = found->second.request(w);
      sent_before += request.dump();
      CAPTURE(op.name);
      CAPTURE(kind);
      std::string answer;
      try {
        answer = dump(w.as(who, op.name, request));
      } catch (const Error& e) {
        CAPTURE(std::string(e.what()));
        // A rule on the request itself (invalid_argument) or A's data not
        // found; never a conflict or state error caused by A's data.
        CHECK((e.code() == Errc::not_found || e.code() == Errc::permission_denied ||
               e.code() == Errc::unauthenticated || e.code() == Errc::invalid_argument));
        if (e.code() != Errc::invalid_argument) ++refused;
        answer = std::string(e.what()) + " " + e.field();
      }
      for (const std::string& marker : w.markers) {
        if (sent_before.find(marker) == std::string::npos) {
          CAPTURE(marker);
          CHECK(answer.find(marker) == std::string::npos);
        }
      }
    }
  }
  CHECK(refused > 300);
  const Json after = w.snapshot();
  for (const auto& [op, value] : before.items()) {
    CAPTURE(op);
    CHECK(value == after[op]);
  }
}

}  // namespace
}  // namespace member::api
