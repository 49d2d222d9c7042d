// Every operation of the table run for real, in one scenario, through
// api::call (what member_call does): each succeeds, and its response has
// exactly the shape of the response example in docs/c-api.md, so the
// documented examples cannot drift from the codecs.
#include <set>

#include "api/operations.hpp"
#include "support/fixtures.hpp"

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
  OpenOptions opened = decode_options(
      {{"database", dir.file("member.db")},
       {"master_key", test::kTestMasterKey},
       {"fake_clock", "2026-01-31T12:00:00Z"},
       {"password_hashing", {{"memory_kib", 64}, {"iterations", 1}, {"parallelism", 1}}}});
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
};

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

  // Every operation of the modules this scenario knows ran; a new module
  // brings its own scenario.
  const std::set<std::string> covered = {"accounts", "audit",  "catalog", "clock",
                                         "meta",     "points", "wallet"};
  for (const auto& op : operations()) {
    if (covered.contains(op.name.substr(0, op.name.find('.')))) {
      CAPTURE(op.name);
      CHECK(s.ran.contains(op.name));
    }
  }
}

}  // namespace
}  // namespace member::api
