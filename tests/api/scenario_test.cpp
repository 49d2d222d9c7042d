// Every operation of the table run for real, in one scenario, through
// api::call (what member_call does): each succeeds, and its response has
// exactly the shape of the response example in docs/c-api.md, so the
// documented examples cannot drift from the codecs.
#include <set>

#include "api/api_helpers.hpp"
#include "api/operations.hpp"

namespace member::api {
namespace {

/// Object members must match by name; arrays compare their first elements
/// when both have one; other values must have the same JSON type.
void check_shape(const Json& example, const Json& actual, const std::string& path) {
  CAPTURE(path);
  if (example.is_null() || actual.is_null()) return;  // optional values
  if (example.is_number() && actual.is_number()) return;
  REQUIRE(example.type_name() == std::string(actual.type_name()));
  if (example.is_object()) {
    std::set<std::string> want, got;
    for (const auto& [k, v] : example.items()) want.insert(k);
    for (const auto& [k, v] : actual.items()) got.insert(k);
    CHECK(want == got);
    for (const auto& [k, v] : actual.items()) {
      if (example.contains(k)) check_shape(example[k], v, path + "." + k);
    }
  } else if (example.is_array() && !example.empty() && !actual.empty()) {
    check_shape(example[0], actual[0], path + "[0]");
  }
}

struct Scenario {
  test::TempDir dir;
  OpenOptions opened = decode_options(test_options(dir));
  System system{opened.options};
  Host host{system, opened.fake_clock};
  std::set<std::string> ran;

  Json run(const std::string& op, Json request, Json actor = nullptr) {
    CAPTURE(op);
    if (!actor.is_null()) request["actor"] = actor;
    Json response;
    try {
      response = call(host, op, request);
    } catch (const Error& e) {
      FAIL_CHECK(op << " failed: " << e.what());
      return Json::object();
    }
    const Operation* table_op = find_operation(op);
    REQUIRE(table_op);
    check_shape(Json::parse(table_op->response_example), response, op);
    ran.insert(op);
    return response;
  }

  /// Registers "ann" (ann@example.com) and returns her user id.
  std::string register_ann() {
    return run("accounts.register", {{"username", "ann"},
                                     {"email", "ann@example.com"},
                                     {"password", "correct horse battery"}})["user_id"];
  }

  /// Runs an operation that must fail; returns its error.
  Error fail(const std::string& op, Json request, Json actor = nullptr) {
    CAPTURE(op);
    if (!actor.is_null()) request["actor"] = actor;
    try {
      call(host, op, request);
    } catch (const Error& e) {
      return e;
    }
    FAIL_CHECK(op << " succeeded");
    return Error(Errc::ok, "");
  }
};

/// The error names `field` and quotes none of `secret`.
void check_refused(const Error& e, Errc code, const std::string& field, const std::string& secret) {
  CHECK(e.code() == code);
  CHECK(e.field() == field);
  CHECK(std::string(e.what()).find(secret) == std::string::npos);
}

const Json kAdmin = {{"kind", "admin"}, {"id", "ops"}};
const Json kService = {{"kind", "service"}, {"id", "orders"}};
const Json kSystem = {{"kind", "system"}};

void run_ledger(Scenario& s, const std::string& p, const std::string& user, const Json& as_user) {
  const std::string e = p + ".";
  s.run(e + "earn",
        {{"user_id", user}, {"amount", 1000}, {"key", p + "-E1"}, {"event_type", "PURCHASE"}},
        kService);
  const Json used =
      s.run(e + "use", {{"user_id", user}, {"amount", 100}, {"key", p + "-U1"}}, as_user);
  const Json hold =
      s.run(e + "freeze", {{"user_id", user}, {"amount", 200}, {"key", p + "-F1"}}, as_user);
  s.run(e + "capture",
        {{"user_id", user}, {"hold_id", hold["hold_id"]}, {"amount", 50}, {"key", p + "-C1"}},
        as_user);
  const Json hold2 =
      s.run(e + "freeze", {{"user_id", user}, {"amount", 100}, {"key", p + "-F2"}}, as_user);
  s.run(e + "release", {{"user_id", user}, {"hold_id", hold2["hold_id"]}, {"key", p + "-R1"}},
        as_user);
  if (p == "points") {
    s.run("points.redeem",
          {{"user_id", user},
           {"item_id", "mug-01"},
           {"quantity", 1},
           {"delivery_address", "1 Main St"},
           {"key", "RED-1"}},
          as_user);
    const Json redemptions = s.run("catalog.redemptions", {{"user_id", user}}, as_user);
    REQUIRE(redemptions["redemptions"].size() == 1);
    CHECK(redemptions["redemptions"][0]["delivery_address"] == "1 Main St");
  }
  s.run(
      e + "reverse",
      {{"user_id", user}, {"entry_id", used["entry_id"]}, {"key", p + "-V1"}, {"reason", "refund"}},
      kAdmin);
  s.run(e + "adjust",
        {{"user_id", user}, {"amount", 10}, {"key", p + "-A1"}, {"reason", "goodwill"}}, kAdmin);
  const Json batch = s.run(e + "apply_batch",
                           {{"key", p + "-B1"},
                            {"reason", "incident"},
                            {"items", {{{"user_id", user}, {"amount", 5}, {"note", "sorry"}}}}},
                           kAdmin);
  CHECK(batch["succeeded"] == 1);
  s.run(e + "expire_due", {{"limit", 100}}, kSystem);
  const Json summary = s.run(e + "summary", {{"user_id", user}}, as_user);
  CHECK(summary["frozen"] == 0);
  const Json history = s.run(e + "history", {{"user_id", user}, {"limit", 10}}, as_user);
  CHECK(history["entries"].size() >= 5);
}

/// Checks that every operation of `modules` ran in the scenario.
void check_covered(const Scenario& s, const std::set<std::string>& modules) {
  for (const auto& op : operations()) {
    if (modules.contains(op.name.substr(0, op.name.find('.')))) {
      CAPTURE(op.name);
      CHECK(s.ran.contains(op.name));
    }
  }
}

TEST_CASE("P2 every operation runs through the table and answers in its documented shape") {
  Scenario s;
  const Json reg = s.run(
      "accounts.register",
      {{"username", "ann"}, {"email", "ann@example.com"}, {"password", "correct horse battery"}});
  const std::string user = reg["user_id"];
  const Json as_user = {{"kind", "user"}, {"id", user}};
  const Json batch =
      s.run("accounts.register_batch",
            {{"users", {{{"username", "bob"}, {"password", "correct horse battery"}}}}}, kAdmin);
  const std::string bob = batch["results"][0]["user_id"];
  CHECK(s.run("accounts.sign_in", {{"identifier", "ann@example.com"},
                                   {"password", "correct horse battery"}})["user_id"] == user);
  s.run("accounts.change_password",
        {{"user_id", user},
         {"old_password", "correct horse battery"},
         {"new_password", "another long passphrase"}},
        as_user);
  s.run("accounts.profile", {{"user_id", user}}, as_user);
  CHECK(s.run("accounts.update_profile",
              {{"user_id", user}, {"nickname", "Ann"}, {"gender", "female"}},
              as_user)["gender"] == "female");
  CHECK(s.run("accounts.change_identifier",
              {{"user_id", user}, {"kind", "username"}, {"value", "ann2"}},
              as_user)["username"] == "ann2");
  s.run("accounts.login_history", {{"user_id", user}}, as_user);
  s.run("audit.list", {{"action", "account.register"}}, kAdmin);

  s.run("catalog.put", {{"item_id", "mug-01"}, {"name", "Mug"}, {"points_cost", 100}, {"stock", 5}},
        kAdmin);
  s.run("catalog.get", {{"item_id", "mug-01"}});
  CHECK(s.run("catalog.list", Json::object())["items"].size() == 1);

  run_ledger(s, "points", user, as_user);
  run_ledger(s, "wallet", user, as_user);
  s.run("catalog.remove", {{"item_id", "mug-01"}}, kAdmin);

  s.run("clock.now", Json::object());
  s.run("clock.set", {{"now", "2026-02-01T00:00:00Z"}}, kSystem);
  CHECK(s.run("clock.advance", {{"seconds", 60}}, kSystem)["now"] == "2026-02-01T00:01:00.000Z");
  s.run("meta.operations", Json::object());
  s.run("accounts.set_status", {{"user_id", bob}, {"status", "disabled"}, {"reason", "test"}},
        kAdmin);
  s.run("accounts.withdraw", {{"user_id", user}, {"password", "another long passphrase"}}, as_user);

  // The whole tenant's login log (staff), then the retention purge.
  CHECK(s.run("audit.logins", {{"from", "2026-01-01T00:00:00Z"}}, kAdmin)["logins"].size() >= 1);
  s.run("clock.advance", {{"seconds", 400 * 86400}}, kSystem);
  CHECK(s.run("audit.purge_logins", {{"older_than_days", 365}}, kAdmin)["deleted"] >= 1);

  // Every operation of the modules this scenario knows ran; a new module
  // brings its own scenario.
  check_covered(s, {"accounts", "audit", "catalog", "clock", "meta", "points", "wallet"});
}

TEST_CASE("P2 bindings, identities, addresses, tags and verifications run through the table") {
  Scenario s;
  const std::string user = s.register_ann();
  const Json as_user = {{"kind", "user"}, {"id", user}};

  // bindings
  const Json customer = s.run("bindings.bind_customer",
                              {{"user_id", user},
                               {"customer_id", "CUST-000123"},
                               {"customer_name", "Zhang San"},
                               {"certificate_type", "ID_CARD"},
                               {"bound_at", "2026-01-30T08:00:00Z"}},
                              kService);
  CHECK(customer["bound_at"] == "2026-01-30T08:00:00.000Z");
  CHECK(s.run("bindings.customers", {{"user_id", user}}, as_user)["customers"].size() == 1);
  s.run("bindings.bind_transaction",
        {{"user_id", user},
         {"trans_type", "CLAIM"},
         {"trans_id", "CLM-7"},
         {"metadata", R"({"amount": 1200})"}},
        kService);
  CHECK(s.run("bindings.transaction", {{"trans_type", "CLAIM"}, {"trans_id", "CLM-7"}},
              kService)["user_id"] == user);
  CHECK(s.run("bindings.transactions", {{"user_id", user}, {"trans_type", "CLAIM"}},
              as_user)["transactions"][0]["trans_id"] == "CLM-7");
  s.run("bindings.unbind_transaction",
        {{"user_id", user}, {"trans_type", "CLAIM"}, {"trans_id", "CLM-7"}}, kService);
  s.run("bindings.unbind_customer", {{"user_id", user}, {"customer_id", "CUST-000123"}}, as_user);
  CHECK(s.run("bindings.customers", {{"user_id", user}}, as_user)["customers"].empty());

  // identities
  const Json wechat = {{"provider", "wechat"}, {"subject", "oUpF8uMuAJO"}, {"union_id", "o6_bm"}};
  CHECK(s.run("identities.check", wechat)["registered"] == false);
  Json bind = wechat;
  bind["identifier"] = "ann@example.com";
  bind["password"] = "correct horse battery";
  bind["nickname"] = "Ann";
  CHECK(s.run("identities.bind", bind)["user_id"] == user);
  CHECK(s.run("identities.check", wechat, as_user)["user_id"] == user);
  CHECK(s.run("identities.sign_in",
              {{"provider", "wechat"}, {"subject", "oUpF8uMuAJO"}})["user_id"] == user);
  CHECK(s.run("identities.list", {{"user_id", user}}, as_user)["identities"].size() == 1);
  const std::string octocat =
      s.run("identities.register", {{"provider", "github"}, {"subject", "583231"}})["user_id"];
  CHECK(octocat != user);
  s.run("identities.unbind",
        {{"user_id", user}, {"provider", "wechat"}, {"subject", "oUpF8uMuAJO"}}, as_user);

  // addresses
  const Json home = s.run("addresses.add",
                          {{"user_id", user},
                           {"name", "Home"},
                           {"contact_name", "Li Si"},
                           {"contact_phone", "+86 138-0013-8000"},
                           {"province", "Zhejiang"},
                           {"city", "Hangzhou"},
                           {"address", "1 West Lake Road"},
                           {"longitude", 120.15},
                           {"latitude", 30.28}},
                          as_user);
  CHECK(home["is_default"] == true);
  const std::string address_id = home["address_id"];
  const Json updated = s.run(
      "addresses.update",
      {{"user_id", user}, {"address_id", address_id}, {"city", "Ningbo"}, {"longitude", nullptr}},
      as_user);
  CHECK(updated["city"] == "Ningbo");
  CHECK(updated["longitude"].is_null());
  CHECK(updated["latitude"] == 30.28);
  s.run("addresses.get", {{"user_id", user}, {"address_id", address_id}}, as_user);
  CHECK(s.run("addresses.list", {{"user_id", user}}, as_user)["addresses"].size() == 1);
  s.run("addresses.remove", {{"user_id", user}, {"address_id", address_id}}, as_user);

  // tags
  s.run("tags.set",
        {{"user_id", user},
         {"type", "preference"},
         {"key", "channel"},
         {"value", "app"},
         {"weight", 0.5}},
        kService);
  CHECK(s.run("tags.list", {{"user_id", user}}, as_user)["tags"][0]["weight"] == 0.5);
  s.run("tags.remove", {{"user_id", user}, {"type", "preference"}, {"key", "channel"}}, kService);

  // verifications
  const Json real_name =
      s.run("verifications.submit_real_name",
            {{"user_id", user}, {"real_name", "Zhang San"}, {"id_number", "11010519491231002X"}},
            as_user);
  CHECK(real_name["masked_number"] == "1101**********002X");
  const Json card = s.run("verifications.submit_bank_card",
                          {{"user_id", user},
                           {"card_number", "6222 0212 3456 7894"},
                           {"bank_name", "ICBC"},
                           {"holder_name", "Zhang San"},
                           {"card_type", "debit"}},
                          as_user);
  s.run("verifications.decide",
        {{"verification_id", real_name["verification_id"]}, {"status", "approved"}}, kAdmin);
  CHECK(s.run("verifications.decide",
              {{"verification_id", card["verification_id"]}, {"status", "approved"}},
              kAdmin)["reviewer"] == "ops");
  s.run("verifications.get", {{"user_id", user}, {"verification_id", card["verification_id"]}},
        as_user);
  CHECK(s.run("verifications.list", {{"user_id", user}}, as_user)["verifications"].size() == 2);
  const Json flags = s.run("verifications.flags", {{"user_id", user}}, as_user);
  CHECK(flags["real_name"] == true);
  CHECK(flags["bank_card"] == true);
  CHECK(s.run("verifications.payment_account", {{"user_id", user}}, kService)["card_number"] ==
        "6222021234567894");

  // Refusals through the table name the field, never the personal value.
  check_refused(
      s.fail("verifications.submit_real_name",
             {{"user_id", user}, {"real_name", "Zhang San"}, {"id_number", "110105194912310021"}},
             as_user),
      Errc::invalid_argument, "id_number", "110105194912310021");
  check_refused(s.fail("verifications.submit_bank_card",
                       {{"user_id", user},
                        {"card_number", "6222021234567895"},
                        {"bank_name", "ICBC"},
                        {"holder_name", "Zhang San"},
                        {"card_type", "debit"}},
                       as_user),
                Errc::invalid_argument, "card_number", "6222021234567895");
  check_refused(s.fail("addresses.add",
                       {{"user_id", user},
                        {"contact_name", "Li Si"},
                        {"contact_phone", "call 555-0199"},
                        {"province", "Zhejiang"},
                        {"city", "Hangzhou"},
                        {"address", "1 West Lake Road"}},
                       as_user),
                Errc::invalid_argument, "contact_phone", "555-0199");
  check_refused(s.fail("tags.remove", {{"user_id", user}, {"key", "channel"}}, kService),
                Errc::invalid_argument, "type", "channel");
  check_refused(s.fail("verifications.payment_account", {{"user_id", user}}, kAdmin),
                Errc::permission_denied, "", "6222021234567894");

  check_covered(s, {"addresses", "bindings", "identities", "tags", "verifications"});
}

TEST_CASE("F1 F2 D1 D2 sessions and moderation run through the table") {
  Scenario s;
  const std::string user =
      s.run("accounts.register", {{"username", "ann"},
                                  {"email", "ann@example.com"},
                                  {"password", "correct horse battery"}})["user_id"];
  const Json as_user = {{"kind", "user"}, {"id", user}};

  // sessions: sign in, verify, refresh (the old refresh token is then dead)
  const Json signed_in = s.run("sessions.sign_in", {{"identifier", "ann@example.com"},
                                                    {"password", "correct horse battery"},
                                                    {"device_id", "d-1"},
                                                    {"device_type", "phone"},
                                                    {"device_name", "Ann's phone"}});
  CHECK(signed_in["account"]["user_id"] == user);
  const Json tokens = signed_in["tokens"];
  const Json claims = s.run("sessions.verify", {{"token", tokens["access_token"]}});
  CHECK(claims["subject"] == user);
  CHECK(claims["session_id"] == tokens["session_id"]);
  const Json renewed = s.run("sessions.refresh", {{"refresh_token", tokens["refresh_token"]}});
  CHECK(renewed["session_id"] == tokens["session_id"]);
  CHECK(renewed["access_token"] != tokens["access_token"]);
  check_refused(s.fail("sessions.verify", {{"token", "eyJhbGciOiJub25lIn0.e30."}}),
                Errc::unauthenticated, "", "eyJ");
  const Json devices = s.run("sessions.devices", {{"user_id", user}}, as_user);
  REQUIRE(devices["devices"].size() == 1);
  CHECK(devices["devices"][0]["device_name"] == "Ann's phone");
  s.run("sessions.sign_out", {{"session_id", renewed["session_id"]}}, as_user);
  CHECK(s.fail("sessions.verify", {{"token", renewed["access_token"]}}).code() ==
        Errc::unauthenticated);
  CHECK(s.run("sessions.devices", {{"user_id", user}}, as_user)["devices"].empty());

  // a third-party identity signs in with a session too
  const std::string octocat =
      s.run("identities.register", {{"provider", "github"}, {"subject", "583231"}})["user_id"];
  const Json octo = s.run("sessions.sign_in_with_identity",
                          {{"provider", "github"}, {"subject", "583231"}, {"device_id", "d-9"}});
  CHECK(octo["account"]["user_id"] == octocat);
  s.run("sessions.sign_out_device", {{"user_id", octocat}, {"device_id", "d-9"}}, kAdmin);
  CHECK(s.fail("sessions.refresh", {{"refresh_token", octo["tokens"]["refresh_token"]}}).code() ==
        Errc::unauthenticated);
  const Json again = s.run("sessions.sign_in", {{"identifier", "ann@example.com"},
                                                {"password", "correct horse battery"}});
  s.run("sessions.sign_out_all", {{"user_id", user}}, as_user);
  CHECK(s.fail("sessions.verify", {{"token", again["tokens"]["access_token"]}}).code() ==
        Errc::unauthenticated);
  CHECK(s.run("sessions.public_keys", Json::object())["keys"].is_array());

  // moderation: the tenth report blocks, the unblock waits for the period
  check_refused(s.fail("moderation.report", {{"user_id", user}, {"reason", ""}}, kAdmin),
                Errc::invalid_argument, "reason", user);
  Json state;
  for (int i = 0; i < 10; ++i) {
    state = s.run("moderation.report", {{"user_id", user}, {"reason", "spam"}}, kAdmin);
  }
  CHECK(state["blocked"] == true);
  CHECK(state["report_count"] == 10);
  CHECK(s.run("moderation.state", {{"user_id", user}}, kAdmin)["blocked"] == true);
  CHECK(s.fail("sessions.sign_in",
               {{"identifier", "ann@example.com"}, {"password", "correct horse battery"}})
            .code() == Errc::unauthenticated);
  CHECK(s.fail("moderation.request_unblock", {{"user_id", user}}, as_user).code() ==
        Errc::failed_precondition);
  s.run("clock.advance", {{"seconds", 200 * 86400}}, kSystem);
  const Json unblocked = s.run("moderation.request_unblock", {{"user_id", user}}, as_user);
  CHECK(unblocked["blocked"] == false);
  CHECK(unblocked["report_count"] == 9);

  check_covered(s, {"moderation", "sessions"});
}

TEST_CASE("C2 C3 C5 loyalty operations run through the table") {
  Scenario s;
  const std::string user = s.register_ann();
  const Json as_user = {{"kind", "user"}, {"id", user}};

  // ladder and settings
  CHECK(s.run("loyalty.levels", Json::object())["levels"][0]["code"] == "BASIC");
  const Json basic = {{"code", "BASIC"}, {"name", "Basic"}, {"required_spend", 0}};
  const Json silver = {{"code", "SILVER"},
                       {"name", "Silver"},
                       {"required_spend", 200000},
                       {"point_multiplier_bp", 12000},
                       {"benefits", {{"free_shipping", true}}}};
  const Json gold = {{"code", "GOLD"}, {"name", "Gold"}, {"required_spend", 500000}};
  CHECK(s.run("loyalty.set_levels", {{"levels", {basic, silver, gold}}}, kAdmin)["levels"].size() ==
        3);
  s.run("loyalty.set_settings", {{"points_rate_bp", 10000}, {"downgrade_window_days", 0}}, kAdmin);
  CHECK(s.run("loyalty.settings", Json::object(), kAdmin)["points_rate_bp"] == 10000);

  // a signed order event earns points; a replay changes nothing; a bad signature is refused
  // The documented example is the real signature of the documented event.
  const Operation* sign = find_operation("loyalty.sign_order_event");
  REQUIRE(sign);
  CHECK(s.run("loyalty.sign_order_event", Json::parse(sign->request_example)) ==
        Json::parse(sign->response_example));
  const std::string secret = "whsec-3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e";
  s.run("loyalty.set_webhook_secret", {{"secret", secret}}, kAdmin);
  Json event = {{"event_type", "ORDER_COMPLETED"},
                {"user_id", user},
                {"order_id", "ORD-1"},
                {"amount", 250000},
                {"items", {{{"product_id", "SKU-1"}, {"quantity", 1}, {"price", 250000}}}},
                {"payment_time", "2026-01-31T11:59:00Z"},
                {"timestamp", "2026-01-31T12:00:00Z"}};
  const Json signed_event =
      s.run("loyalty.sign_order_event", {{"secret", secret}, {"event", event}});
  CHECK(signed_event["payload"].get<std::string>().find("ORD-1") != std::string::npos);
  Json forged = event;
  forged["signature"] = std::string(64, '0');
  check_refused(s.fail("loyalty.apply_order_event", forged, kService), Errc::unauthenticated,
                "signature", secret);
  event["signature"] = signed_event["signature"];
  const Json outcome = s.run("loyalty.apply_order_event", event, kService);
  CHECK(outcome["points"] == 2500);
  CHECK(outcome["current_level"] == "SILVER");
  CHECK(s.run("loyalty.apply_order_event", event, kService)["replayed"] == true);
  const Json profile = s.run("loyalty.profile", {{"user_id", user}}, as_user);
  CHECK(profile["level"]["code"] == "SILVER");
  CHECK(profile["points"]["available"] == 2500);
  CHECK(profile["next_level"]["code"] == "GOLD");
  CHECK(s.run("loyalty.level_code", {{"user_id", user}}, as_user)["level_code"] == "SILVER");
  CHECK(s.run("loyalty.set_level",
              {{"user_id", user}, {"level_code", "GOLD"}, {"reason", "VIP compensation"}},
              kAdmin)["new_level"] == "GOLD");
  // seed 001 target_level_id: the ladder position (here 1 BASIC, 2 SILVER, 3 GOLD).
  CHECK(s.run("loyalty.set_level", {{"user_id", user}, {"level_id", 2}, {"reason", "correction"}},
              kAdmin)["new_level"] == "SILVER");
  CHECK(s.run("loyalty.set_level", {{"user_id", user}, {"level_id", 3}, {"reason", "back"}},
              kAdmin)["new_level"] == "GOLD");
  check_refused(
      s.fail("loyalty.set_level", {{"user_id", user}, {"level_id", 4}, {"reason", "x"}}, kAdmin),
      Errc::not_found, "level_id", "correct horse battery");
  check_refused(s.fail("loyalty.set_level",
                       {{"user_id", user}, {"level_code", "GOLD"}, {"reason", "self"}}, as_user),
                Errc::permission_denied, "", "correct horse battery");
  CHECK(s.run("loyalty.evaluate_downgrades", {{"limit", 10}}, kSystem)["lowered"] == 0);

  // benefits
  s.run("loyalty.put_benefit",
        {{"benefit_id", "ship-free"},
         {"name", "Free shipping"},
         {"type", "FREE_SHIPPING"},
         {"min_level", "SILVER"},
         {"usage_limit", 2},
         {"period", "month"}},
        kAdmin);
  CHECK(s.run("loyalty.benefits", Json::object(), kAdmin)["benefits"].size() == 1);
  CHECK(s.run("loyalty.available_benefits", {{"user_id", user}},
              as_user)["benefits"][0]["remaining"] == 2);
  CHECK(s.run("loyalty.use_benefit",
              {{"user_id", user}, {"benefit_id", "ship-free"}, {"key", "U1"}},
              as_user)["remaining"] == 1);
  s.run("loyalty.remove_benefit", {{"benefit_id", "ship-free"}}, kAdmin);

  // activities
  s.run("loyalty.put_activity",
        {{"activity_id", "double-points"},
         {"title", "Double points week"},
         {"category", "POINTS_PROMOTION"},
         {"required_level", "SILVER"},
         {"start_time", "2026-01-30T00:00:00Z"},
         {"end_time", "2026-02-06T00:00:00Z"},
         {"max_participants", 10}},
        kAdmin);
  CHECK(s.run("loyalty.activities", {{"status", "active"}},
              as_user)["activities"][0]["is_eligible"] == true);
  CHECK(s.run("loyalty.join_activity", {{"user_id", user}, {"activity_id", "double-points"}},
              as_user)["activity_id"] == "double-points");
  check_refused(s.fail("loyalty.join_activity",
                       {{"user_id", user}, {"activity_id", "double-points"}}, as_user),
                Errc::conflict, "activity_id", "correct horse battery");
  CHECK(s.run("loyalty.activities", Json::object(), as_user)["activities"][0]["is_participated"] ==
        true);
  s.run("loyalty.remove_activity", {{"activity_id", "double-points"}}, kAdmin);

  // statistics (staff only)
  const Json overview = s.run("loyalty.overview", {{"active_days", 30}}, kAdmin);
  CHECK(overview["total_members"] == 1);
  CHECK(overview["points_issued"] == 2500);
  CHECK(s.run("loyalty.level_distribution", Json::object(), kAdmin)["levels"].size() == 3);
  CHECK(s.run("loyalty.trends", {{"from", "2026-01-30T00:00:00Z"}, {"to", "2026-02-01T00:00:00Z"}},
              kAdmin)["days"]
            .size() == 2);
  check_refused(s.fail("loyalty.overview", Json::object(), as_user), Errc::permission_denied, "",
                "correct horse battery");
  check_refused(s.fail("loyalty.trends", {{"from", "2026-01-30T00:00:00Z"}}, kAdmin),
                Errc::invalid_argument, "to", "correct horse battery");
  // seed 001 admin/statistics: group_by and metrics pick the parts and figures
  // (the documented example's shape first; the others differ by design, so
  // they are called directly).
  const Json documented = s.run(
      "loyalty.statistics",
      {{"active_days", 30}, {"group_by", {"level"}}, {"metrics", {"count", "revenue"}}}, kAdmin);
  CHECK(documented["overview"]["total_members"] == 1);
  CHECK(documented["level_distribution"].size() == 3);
  const auto statistics = [&](Json request) {
    request["actor"] = kAdmin;
    return call(s.host, "loyalty.statistics", request);
  };
  const Json stats = statistics(
      {{"active_days", 2}, {"group_by", {"level", "day"}}, {"metrics", {"count", "activity"}}});
  CHECK(stats["overview"]["total_members"] == 1);
  CHECK(stats["overview"]["points_issued"] == 2500);
  CHECK(stats["level_distribution"].size() == 3);
  CHECK_FALSE(stats["level_distribution"][0].contains("avg_spent"));
  CHECK(stats["level_distribution"][0].contains("avg_points"));
  CHECK(stats["trends"]["member_growth"].size() == 2);
  CHECK(stats["trends"]["points_activity"].size() == 2);
  const Json plain = statistics(Json::object());
  CHECK(plain["overview"] == overview);
  CHECK_FALSE(plain.contains("level_distribution"));
  CHECK_FALSE(plain.contains("trends"));
  const Json revenue = statistics({{"group_by", {"level"}}, {"metrics", {"revenue"}}});
  CHECK(revenue["overview"] == Json::object());
  CHECK(revenue["level_distribution"][0].size() == 3);  // code, name, avg_spent
  check_refused(s.fail("loyalty.statistics", {{"group_by", {"region"}}}, kAdmin),
                Errc::invalid_argument, "group_by[0]", "correct horse battery");
  check_refused(s.fail("loyalty.statistics", {{"metrics", {"count", "profit"}}}, kAdmin),
                Errc::invalid_argument, "metrics[1]", "correct horse battery");
  check_refused(s.fail("loyalty.statistics", {{"metrics", {"count", "count"}}}, kAdmin),
                Errc::invalid_argument, "metrics[1]", "correct horse battery");
  check_refused(s.fail("loyalty.statistics", {{"metrics", {1}}}, kAdmin), Errc::invalid_argument,
                "metrics[0]", "correct horse battery");
  check_refused(s.fail("loyalty.statistics", {{"active_days", 367}, {"group_by", {"day"}}}, kAdmin),
                Errc::invalid_argument, "active_days", "correct horse battery");
  check_refused(s.fail("loyalty.statistics", Json::object(), as_user), Errc::permission_denied, "",
                "correct horse battery");

  check_covered(s, {"loyalty"});
}

TEST_CASE("E1 E2 E3 tenants, roles and permission points run through the table") {
  Scenario s;
  const std::string user = s.register_ann();
  const Json root = {{"kind", "super_admin"}, {"id", "root"}};
  const Json as_user = {{"kind", "user"}, {"id", user}};

  CHECK(s.run("tenants.create",
              {{"id", "shop-eu"}, {"name", "Shop Europe"}, {"settings", {{"currency", "EUR"}}}},
              root)["settings"]["currency"] == "EUR");
  CHECK(s.run("tenants.get", {{"id", "shop-eu"}}, root)["name"] == "Shop Europe");
  CHECK(s.run("tenants.list", {{"name_contains", "europe"}}, root)["tenants"].size() == 1);
  CHECK(s.run("tenants.update", {{"id", "shop-eu"}, {"status", "disabled"}}, root)["status"] ==
        "disabled");
  const Json imported =
      s.run("tenants.import", {{"lines", "{\"id\": \"shop-us\", \"name\": \"US\"}\nbad\n"}}, root);
  CHECK(imported["results"][0]["code"] == "ok");
  CHECK(imported["results"][1]["code"] == "invalid_argument");
  const std::string lines = s.run("tenants.export", {{"status", "active"}}, root)["lines"];
  CHECK(lines.find("shop-us") != std::string::npos);
  CHECK(lines.find("shop-eu") == std::string::npos);
  CHECK(s.run("tenants.assign_user", {{"user_id", user}, {"tenants", {"shop-us"}}},
              root)["tenants"] == Json{"shop-us"});
  CHECK(s.run("tenants.user_tenants", {{"user_id", user}}, as_user)["tenants"] ==
        Json({"default", "shop-us"}));
  check_refused(s.fail("tenants.create", {{"id", "x"}, {"name", "X"}}, kAdmin),
                Errc::permission_denied, "", "correct horse battery");
  CHECK(s.run("tenants.delete", {{"id", "shop-eu"}}, root)["removed"] == 1);

  s.run("roles.create", {{"name", "support"}, {"description", "customer support"}}, kAdmin);
  s.run("roles.create_permission", {{"name", "reports.export"}, {"description", "export"}}, kAdmin);
  s.run("roles.grant",
        {{"grants",
          {{{"role", "support"}, {"permission", "reports.export"}},
           {{"role", "support"}, {"permission", "accounts.set_status"}}}}},
        kAdmin);
  s.run("roles.assign", {{"assignments", {{{"user_id", user}, {"role", "support"}}}}}, kAdmin);
  CHECK(s.run("roles.list", {{"limit", 10}}, kAdmin)["roles"].size() == 6);
  CHECK(s.run("roles.permissions", {{"limit", 1000}}, kAdmin)["permissions"].size() > 20);
  CHECK(s.run("roles.user_roles", {{"user_id", user}}, as_user)["roles"] ==
        Json({"member", "support"}));
  CHECK(s.run("roles.user_permissions", {{"user_id", user}}, kAdmin)["permissions"] ==
        Json({"accounts.set_status", "reports.export"}));
  CHECK(s.run("roles.check", {{"permission", "reports.export"}}, as_user)["allowed"] == true);
  CHECK(s.run("roles.check", {{"permission", "points.adjust"}}, as_user)["allowed"] == false);
  check_refused(s.fail("roles.grant", {{"grants", {{{"role", "support"}}}}}, kAdmin),
                Errc::invalid_argument, "grants[0].permission", "correct horse battery");
  check_refused(s.fail("roles.create", {{"name", "x"}}, as_user), Errc::permission_denied, "",
                "correct horse battery");
  CHECK(s.run("roles.create_batch", {{"roles", {{{"name", "sales"}}, {{"name", "auditor"}}}}},
              kAdmin)["roles"]
            .size() == 2);
  check_refused(s.fail("roles.create_batch",
                       {{"roles", {{{"name", "buyers"}}, {{"name", "sales"}}}}}, kAdmin),
                Errc::conflict, "roles[1].name", "correct horse battery");
  CHECK(s.run("roles.list", {{"limit", 10}}, kAdmin)["roles"].size() == 8);  // no "buyers"
  check_refused(s.fail("roles.create_batch", {{"roles", {{{"name", 7}}}}}, kAdmin),
                Errc::invalid_argument, "roles[0].name", "correct horse battery");
  const Json users = s.run("tenants.users", {{"limit", 10}}, kAdmin);
  CHECK(users["total"] == 1);
  CHECK(users["users"][0]["user_id"] == user);
  CHECK(users["users"][0]["status"] == "active");
  CHECK(
      s.run("tenants.users", Json::object(),
            {{"kind", "admin"}, {"id", "ops"}, {"tenant", "shop-us"}})["users"][0]["home_tenant"] ==
      "default");
  check_refused(s.fail("tenants.users", Json::object(), as_user), Errc::permission_denied, "",
                "correct horse battery");
  check_refused(s.fail("tenants.users", {{"limit", 0}}, kAdmin), Errc::invalid_argument,
                "page.limit", "correct horse battery");

  check_covered(s, {"roles", "tenants"});
}

}  // namespace
TEST_CASE("G1 A12 messages and privacy run through the table") {
  Scenario s;
  const std::string user = s.register_ann();
  const Json as_user = {{"kind", "user"}, {"id", user}};
  s.run("sessions.sign_in", {{"identifier", "ann@example.com"},
                             {"password", "correct horse battery"},
                             {"device_id", "d-1"}});

  // messages: one to ann, one to the whole tenant; read one, then all
  const Json sent = s.run(
      "messages.send",
      {{"audience", "user"}, {"target", user}, {"title", "Hi Ann"}, {"body", "Welcome"}}, kAdmin);
  s.run("messages.send",
        {{"audience", "tenant"},
         {"category", "notification"},
         {"title", "Maintenance"},
         {"body", "Offline tonight"}},
        kAdmin);
  check_refused(
      s.fail("messages.send",
             {{"audience", "role"}, {"target", "no such!"}, {"title", "x"}, {"body", "y"}}, kAdmin),
      Errc::invalid_argument, "target", "no such!");
  CHECK(s.fail("messages.send", {{"audience", "tenant"}, {"title", "x"}, {"body", "y"}}, as_user)
            .code() == Errc::permission_denied);
  const Json listed =
      s.run("messages.list", {{"user_id", user}, {"order", "unread_first"}}, as_user);
  CHECK(listed["unread"] == 2);
  CHECK(listed["messages"].size() == 2);
  s.run("messages.read", {{"user_id", user}, {"message_id", sent["message_id"]}}, as_user);
  CHECK(s.run("messages.unread_count", {{"user_id", user}}, as_user)["unread"] == 1);
  CHECK(s.run("messages.read_all", {{"user_id", user}}, as_user)["marked"] == 1);

  // privacy: export everything, then erase with the password
  const Json exported = s.run("privacy.export", {{"user_id", user}}, as_user);
  CHECK(exported["messages"].size() == 2);
  CHECK(exported["account"]["profile"]["email"] == "ann@example.com");
  CHECK(s.fail("privacy.erase", {{"user_id", user}, {"password", "wrong horse battery"}}, as_user)
            .code() == Errc::unauthenticated);
  const Json erased =
      s.run("privacy.erase", {{"user_id", user}, {"password", "correct horse battery"}}, as_user);
  bool messages_erased = false;
  for (const auto& t : erased["tables"]) {
    if (t["table"] == "messages") messages_erased = t["rows"] == 1;
  }
  CHECK(messages_erased);
  CHECK(s.fail("privacy.export", {{"user_id", user}}, kAdmin).code() == Errc::not_found);

  check_covered(s, {"messages", "privacy"});
}

}  // namespace member::api

namespace member::api {
namespace {

/// The newest outbox code for `destination`, read through the table.
std::string outbox_code(Scenario& s, const std::string& destination) {
  const Json box = s.run("codes.outbox", {{"limit", 100}}, kAdmin);
  std::string code;
  for (const Json& m : box["messages"]) {
    if (m["destination"] == destination) code = m["code"];
  }
  REQUIRE(code.size() == 6);
  return code;
}

TEST_CASE("A6 verification codes run through the table") {
  Scenario s;
  // registration by code: the mobile is verified
  s.run("codes.send",
        {{"purpose", "registration"}, {"channel", "sms"}, {"destination", "13800138000"}});
  const std::string user =
      s.run("codes.register", {{"mobile", "13800138000"},
                               {"password", "correct horse battery"},
                               {"channel", "sms"},
                               {"code", outbox_code(s, "+8613800138000")}})["user_id"];
  const Json as_user = {{"kind", "user"}, {"id", user}};
  CHECK(s.run("accounts.profile", {{"user_id", user}}, as_user)["mobile_verified"] == true);

  // a new code within 60 s is refused with the wait; a minute later it goes
  const Json sent = s.run(
      "codes.send", {{"purpose", "sign_in"}, {"channel", "sms"}, {"destination", "13800138000"}});
  CHECK(sent["resend_at"] == "2026-01-31T12:01:00.000Z");
  const Error early = s.fail(
      "codes.send", {{"purpose", "sign_in"}, {"channel", "sms"}, {"destination", "13800138000"}});
  CHECK(early.code() == Errc::resource_exhausted);
  CHECK(early.retry_at().has_value());
  const Json signed_in = s.run("codes.sign_in", {{"channel", "sms"},
                                                 {"destination", "13800138000"},
                                                 {"code", outbox_code(s, "+8613800138000")},
                                                 {"device_id", "d-1"}});
  CHECK(signed_in["account"]["user_id"] == user);
  CHECK(s.run("sessions.verify", {{"token", signed_in["tokens"]["access_token"]}})["subject"] ==
        user);

  // contact change by code to the new address, then a password reset by code
  s.run("codes.send",
        {{"purpose", "contact_change"},
         {"channel", "email"},
         {"destination", "ann@example.com"},
         {"user_id", user}},
        as_user);
  const Json profile = s.run("codes.change_contact",
                             {{"user_id", user},
                              {"channel", "email"},
                              {"new_value", "ann@example.com"},
                              {"code", outbox_code(s, "ann@example.com")}},
                             as_user);
  CHECK(profile["email_verified"] == true);
  s.run("codes.send",
        {{"purpose", "password_reset"}, {"channel", "email"}, {"destination", "ann@example.com"}});
  s.run("codes.reset_password", {{"channel", "email"},
                                 {"destination", "ann@example.com"},
                                 {"code", outbox_code(s, "ann@example.com")},
                                 {"new_password", "another horse battery"}});
  CHECK(s.fail("sessions.verify", {{"token", signed_in["tokens"]["access_token"]}}).code() ==
        Errc::unauthenticated);
  check_refused(s.fail("codes.sign_in",
                       {{"channel", "sms"}, {"destination", "13800138000"}, {"code", "12x456"}}),
                Errc::invalid_argument, "code", "12x456");
  CHECK(s.fail("codes.sign_in",
               {{"channel", "sms"}, {"destination", "13800138000"}, {"code", "123456"}})
            .code() == Errc::unauthenticated);

  // the outbox is staff-only; acknowledging empties it
  CHECK(s.fail("codes.outbox", Json::object(), as_user).code() == Errc::permission_denied);
  const Json sent_messages = s.run("codes.outbox", {{"limit", 100}}, kAdmin)["messages"];
  for (const Json& m : sent_messages) {
    s.run("codes.acknowledge", {{"message_id", m["id"]}}, kAdmin);
  }
  CHECK(s.run("codes.outbox", Json::object(), kAdmin)["messages"].empty());
  check_covered(s, {"codes"});
}

}  // namespace
}  // namespace member::api
