// The operation table behind member_call and the example servers: its
// reference in docs/c-api.md, its examples, strict decoding and the JSON
// conventions (times, paths).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "api/operations.hpp"
#include "support/fixtures.hpp"

namespace member::api {
namespace {

const std::string kDoc = std::string(MEMBER_SOURCE_DIR) + "/docs/c-api.md";
constexpr std::string_view kBegin = "<!-- operations: generated from the operation table -->\n";
constexpr std::string_view kEnd = "<!-- end of operations -->";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("P2 docs/c-api.md documents exactly the operation table") {
  std::string doc = read_file(kDoc);
  const auto begin = doc.find(kBegin);
  const auto end = doc.find(kEnd);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::string expected = render_reference() + "\n";
  const std::string actual = doc.substr(begin + kBegin.size(), end - begin - kBegin.size());
  if (actual != expected && std::getenv("MEMBER_UPDATE_DOCS")) {
    doc.replace(begin + kBegin.size(), end - begin - kBegin.size(), expected);
    std::ofstream(kDoc) << doc;
    MESSAGE("docs/c-api.md regenerated");
    return;
  }
  // Run this test with MEMBER_UPDATE_DOCS=1 to regenerate the section.
  CHECK(actual == expected);
}

TEST_CASE("P2 every public operation of every module is in the table") {
  const std::vector<std::string> expected = {"accounts.change_identifier",
                                             "accounts.change_password",
                                             "accounts.login_history",
                                             "accounts.profile",
                                             "accounts.register",
                                             "accounts.register_batch",
                                             "accounts.set_status",
                                             "accounts.sign_in",
                                             "accounts.update_profile",
                                             "accounts.withdraw",
                                             "addresses.add",
                                             "addresses.get",
                                             "addresses.list",
                                             "addresses.remove",
                                             "addresses.update",
                                             "audit.list",
                                             "bindings.bind_customer",
                                             "bindings.bind_transaction",
                                             "bindings.customers",
                                             "bindings.transaction",
                                             "bindings.transactions",
                                             "bindings.unbind_customer",
                                             "bindings.unbind_transaction",
                                             "catalog.get",
                                             "catalog.list",
                                             "catalog.put",
                                             "catalog.redemptions",
                                             "catalog.remove",
                                             "clock.advance",
                                             "clock.now",
                                             "clock.set",
                                             "codes.acknowledge",
                                             "codes.change_contact",
                                             "codes.outbox",
                                             "codes.register",
                                             "codes.reset_password",
                                             "codes.send",
                                             "codes.sign_in",
                                             "identities.bind",
                                             "identities.check",
                                             "identities.list",
                                             "identities.register",
                                             "identities.sign_in",
                                             "identities.unbind",
                                             "loyalty.activities",
                                             "loyalty.apply_order_event",
                                             "loyalty.available_benefits",
                                             "loyalty.benefits",
                                             "loyalty.evaluate_downgrades",
                                             "loyalty.join_activity",
                                             "loyalty.level_code",
                                             "loyalty.level_distribution",
                                             "loyalty.levels",
                                             "loyalty.overview",
                                             "loyalty.profile",
                                             "loyalty.put_activity",
                                             "loyalty.put_benefit",
                                             "loyalty.remove_activity",
                                             "loyalty.remove_benefit",
                                             "loyalty.set_level",
                                             "loyalty.set_levels",
                                             "loyalty.set_settings",
                                             "loyalty.set_webhook_secret",
                                             "loyalty.settings",
                                             "loyalty.sign_order_event",
                                             "loyalty.trends",
                                             "loyalty.use_benefit",
                                             "meta.operations",
                                             "points.adjust",
                                             "points.apply_batch",
                                             "points.capture",
                                             "points.earn",
                                             "points.expire_due",
                                             "points.freeze",
                                             "points.history",
                                             "points.redeem",
                                             "points.release",
                                             "points.reverse",
                                             "points.summary",
                                             "points.use",
                                             "tags.list",
                                             "tags.remove",
                                             "tags.set",
                                             "verifications.decide",
                                             "verifications.flags",
                                             "verifications.get",
                                             "verifications.list",
                                             "verifications.payment_account",
                                             "verifications.submit_bank_card",
                                             "verifications.submit_real_name",
                                             "wallet.adjust",
                                             "wallet.apply_batch",
                                             "wallet.capture",
                                             "wallet.earn",
                                             "wallet.expire_due",
                                             "wallet.freeze",
                                             "wallet.history",
                                             "wallet.release",
                                             "wallet.reverse",
                                             "wallet.summary",
                                             "wallet.use",
                                             "sessions.sign_in",
                                             "sessions.sign_in_with_identity",
                                             "sessions.refresh",
                                             "sessions.verify",
                                             "sessions.sign_out",
                                             "sessions.sign_out_all",
                                             "sessions.devices",
                                             "sessions.sign_out_device",
                                             "sessions.public_keys",
                                             "moderation.report",
                                             "moderation.request_unblock",
                                             "moderation.state",
                                             "audit.logins",
                                             "audit.purge_logins",
                                             "messages.send",
                                             "messages.list",
                                             "messages.read",
                                             "messages.read_all",
                                             "messages.unread_count",
                                             "privacy.export",
                                             "privacy.erase",
                                             "tenants.create",
                                             "tenants.get",
                                             "tenants.list",
                                             "tenants.update",
                                             "tenants.delete",
                                             "tenants.import",
                                             "tenants.export",
                                             "tenants.assign_user",
                                             "tenants.user_tenants",
                                             "roles.create",
                                             "roles.list",
                                             "roles.create_permission",
                                             "roles.permissions",
                                             "roles.assign",
                                             "roles.grant",
                                             "roles.user_roles",
                                             "roles.user_permissions",
                                             "roles.check",
                                             "tenants.users",
                                             "roles.create_batch",
                                             "loyalty.statistics"};
  std::vector<std::string> names;
  for (const auto& op : operations()) names.push_back(op.name);
  // Modules append their operations to the list above; the table is sorted.
  std::vector<std::string> sorted = expected;
  std::sort(sorted.begin(), sorted.end());
  CHECK(names == sorted);
  CHECK(find_operation("points.earn") != nullptr);
  CHECK(find_operation("points.ear") == nullptr);
  CHECK(find_operation("wallet.redeem") == nullptr);
}

TEST_CASE("P2 every documented example decodes strictly and every response example parses") {
  for (const auto& op : operations()) {
    CAPTURE(op.name);
    const Json request = Json::parse(op.request_example);
    Fields fields(request, "");
    CHECK_NOTHROW(op.check(fields));
    const Json actor = Json::parse(op.actor_example);
    CHECK_NOTHROW(decode_actor(&actor, "actor"));
    CHECK(!Json::parse(op.response_example).is_null());
    CHECK(!op.summary.empty());
  }
}

Errc code_of(const std::function<void()>& f, std::string& field) {
  try {
    f();
  } catch (const Error& e) {
    field = e.field();
    return e.code();
  }
  return Errc::ok;
}

TEST_CASE("P2 strict decoding names the JSON path of the bad field") {
  std::string field;
  const auto decode = [](std::string_view op, std::string_view text) {
    return [op, text] {
      const Json request = parse(text, "request");
      Fields fields(request, "");
      find_operation(op)->check(fields);
    };
  };
  CHECK(code_of(decode("points.earn", R"({"amount": true})"), field) == Errc::invalid_argument);
  CHECK(field == "amount");
  CHECK(code_of(decode("points.earn", R"({"amount": -9223372036854775809})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "amount");  // beyond int64 the parser gives a float, which is refused
  CHECK(code_of(decode("points.apply_batch", R"({"items": [{}, {"amount": "1"}]})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "items[1].amount");
  CHECK(code_of(decode("points.apply_batch", R"({"items": {}})"), field) == Errc::invalid_argument);
  CHECK(field == "items");
  CHECK(code_of(decode("accounts.register_batch", R"({"users": [1]})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "users[0]");
  CHECK(code_of(decode("points.history", R"({"kind": "gift"})"), field) == Errc::invalid_argument);
  CHECK(field == "kind");
  CHECK(code_of(decode("points.history", R"({"from": "2026-02-30T00:00:00Z"})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "from");
  CHECK(code_of(decode("accounts.update_profile", R"({"nickname": null, "gender": "female"})"),
                field) == Errc::ok);
  CHECK(code_of(decode("catalog.put", R"({"stock": 1, "stock2": 1})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "stock2");
  CHECK(code_of(decode("addresses.add", R"({"longitude": "east"})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "longitude");
  CHECK(code_of(decode("addresses.add", R"({"latitude": null, "is_default": 1})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "is_default");
  CHECK(code_of(decode("addresses.update", R"({"longitude": null, "latitude": 30.5})"), field) ==
        Errc::ok);
  CHECK(code_of(decode("addresses.update", R"({"latitude": [30]})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "latitude");
  CHECK(code_of(decode("addresses.update", R"({"is_default": "yes"})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "is_default");
  CHECK(code_of(decode("tags.set", R"({"weight": null})"), field) == Errc::invalid_argument);
  CHECK(field == "weight");
  CHECK(code_of(decode("tags.set", R"({"weight": 1})"), field) == Errc::ok);
  CHECK(code_of(decode("tags.list", R"({"type": "mood"})"), field) == Errc::invalid_argument);
  CHECK(field == "type");
  CHECK(code_of(decode("verifications.decide", R"({"status": "maybe"})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "status");
  CHECK(code_of(decode("bindings.bind_customer", R"({"bound_at": "yesterday"})"), field) ==
        Errc::invalid_argument);
  CHECK(field == "bound_at");
  CHECK(code_of([] { parse("{\"a\": \"secret-value", "request"); }, field) ==
        Errc::invalid_argument);
  try {
    parse("{\"password\": \"secret-value", "request");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("secret") == std::string::npos);
  }
  // A number beyond a double's range is bad input too, not an internal error.
  CHECK(code_of(decode("points.earn", R"({"amount": 1e400})"), field) == Errc::invalid_argument);
  CHECK(field == "request");
}

TEST_CASE("P2 nesting is bounded before parsing; brackets inside strings do not count") {
  const auto nested = [](std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  };
  CHECK(parse(nested(kMaxDepth), "request").is_array());
  std::string field;
  CHECK(code_of([&] { parse(nested(kMaxDepth + 1), "request"); }, field) == Errc::invalid_argument);
  CHECK(field == "request");
  const std::string brackets = "{\"a\": \"" + std::string(200, '[') + "\\\"\"}";
  CHECK(parse(brackets, "request").is_object());
}

TEST_CASE("P2 times are UTC with milliseconds and read back") {
  const Json request = {{"from", "2026-01-31T12:34:56.789Z"}, {"to", "2026-01-31T12:34:56Z"}};
  Fields fields(request, "q");
  const auto from = fields.opt_time("from");
  const auto to = fields.opt_time("to");
  REQUIRE(from);
  REQUIRE(to);
  CHECK(format_time(*from) == "2026-01-31T12:34:56.789Z");
  CHECK(format_time(*to) == "2026-01-31T12:34:56.000Z");
  CHECK(*from - *to == std::chrono::milliseconds(789));
  // The representable years, end to end; beyond them a time would wrap.
  const Json edges = {{"first", "1678-01-01T00:00:00Z"}, {"last", "2261-12-31T23:59:59.999Z"}};
  Fields edge_fields(edges, "q");
  CHECK(format_time(*edge_fields.opt_time("first")) == "1678-01-01T00:00:00.000Z");
  CHECK(format_time(*edge_fields.opt_time("last")) == "2261-12-31T23:59:59.999Z");
  for (const char* bad :
       {"2026-01-31", "2026-01-31T12:34:56", "2026-01-31T24:00:00Z", "2026-13-01T00:00:00Z",
        "2026-01-31T12:34:56.Z", "2026-01-31T12:34:56+01:00", "9999-12-31T23:59:59Z",
        "2262-04-12T00:00:00Z", "1677-01-01T00:00:00Z", "0000-01-01T00:00:00Z"}) {
    CAPTURE(bad);
    const Json j = {{"t", bad}};
    Fields f(j, "q");
    std::string field;
    CHECK(code_of([&] { f.opt_time("t"); }, field) == Errc::invalid_argument);
    CHECK(field == "q.t");
  }
}

TEST_CASE("P2 options decode strictly, and fake_clock installs a manual clock") {
  const Json options = {{"database", ":memory:"},
                        {"fake_clock", "2026-01-31T12:00:00Z"},
                        {"lockout", {{"max_failures", 3}, {"base_lock_seconds", 60}}},
                        {"points", {{"expiry_months_by_event", {{"SIGN_IN", 1}}}}},
                        {"durability", "normal"}};
  const auto opened = decode_options(options);
  REQUIRE(opened.fake_clock);
  CHECK(opened.options.clock == opened.fake_clock);
  CHECK(opened.options.lockout.max_failures == 3);
  CHECK(opened.options.lockout.base_lock == std::chrono::seconds(60));
  CHECK(opened.options.points.expiry_months_by_event.at("SIGN_IN") == 1);
  CHECK(opened.options.durability == Durability::normal);
  std::string field;
  CHECK(code_of(
            [] {
              decode_options({{"points", {{"expiry_months_by_event", {{"X", "1"}}}}}});
            },
            field) == Errc::invalid_argument);
  CHECK(field == "points.expiry_months_by_event.X");
  CHECK(code_of([] { decode_options({{"readers", -1}}); }, field) == Errc::invalid_argument);
  CHECK(field == "readers");
}

}  // namespace
}  // namespace member::api
