// The fast path of member_call (api::call_text): the flat request reader,
// the streaming JSON writer, and the proof that an operation added with
// add_text() answers byte for byte as the general path (nlohmann::json) does,
// with the same errors, for valid and invalid requests.
#include <array>
#include <limits>
#include <string>
#include <vector>

#include "api/api_helpers.hpp"
#include "api/flat.hpp"
#include "api/json_writer.hpp"
#include "api/operations.hpp"
#include "support/latch.hpp"

namespace member::api {
namespace {

/// What the fast path made of a request: kinds and values of its members.
FlatRequest flat_or_fail(std::string_view text) {
  FlatRequest out;
  CAPTURE(text);
  REQUIRE(read_flat(text, out));
  return out;
}

bool is_flat(std::string_view text) {
  FlatRequest out;
  return read_flat(text, out);
}

TEST_CASE("P2 the flat reader takes flat objects of plain strings, integers and booleans") {
  const FlatRequest r = flat_or_fail(
      " {\"token\" : \"a.b.c\",\n\t\"amount\":-42,\"big\":999999999999999999,\"zero\":0,"
      "\"yes\":true,\"no\":false,\"actor\":{\"kind\":\"user\",\"id\":\"u-1\"}} \r\n");
  REQUIRE(r.top.count == 7);
  CHECK(r.top.members[0].name == "token");
  CHECK(r.top.members[0].kind == FlatMember::Kind::string);
  CHECK(r.top.members[0].text == "a.b.c");
  CHECK(r.top.members[1].integer == -42);
  CHECK(r.top.members[2].integer == 999999999999999999);
  CHECK(r.top.members[3].integer == 0);
  CHECK(r.top.members[4].kind == FlatMember::Kind::boolean);
  CHECK(r.top.members[4].boolean);
  CHECK_FALSE(r.top.members[5].boolean);
  CHECK(r.top.members[6].kind == FlatMember::Kind::object);
  REQUIRE(r.nested.count == 2);
  CHECK(r.nested.members[1].name == "id");
  CHECK(r.nested.members[1].text == "u-1");
  CHECK(flat_or_fail("{}").top.count == 0);
  CHECK(flat_or_fail("{\"s\":\"\"}").top.members[0].text.empty());
  // 16 members is the most
  std::string sixteen = "{";
  for (int i = 0; i < 16; ++i) sixteen += (i ? ",\"m" : "\"m") + std::to_string(i) + "\":1";
  CHECK(is_flat(sixteen + "}"));
  CHECK_FALSE(is_flat(sixteen + ",\"m16\":1}"));
}

TEST_CASE("P2 the flat reader refuses everything else, leaving it to the general path") {
  const std::vector<std::string> refused = {
      "",
      "   ",
      "[]",
      "\"text\"",
      "{",
      "{\"a\":1",
      "{\"a\":1,}",
      "{,}",
      "{\"a\" 1}",
      "{\"a\":1}x",
      "{\"a\":1}{}",
      "{\"a\":\"x\\\"y\"}",       // escape in a value
      "{\"a\\u0062\":1}",         // escape in a name
      "{\"a\":\"caf\xc3\xa9\"}",  // non-ASCII
      "{\"a\":\"\xff\"}",         // invalid UTF-8
      "{\"a\":\"tab\there\"}",    // a raw control character
      std::string("{\"a\":\"nul\0\"}", 12),
      "{\"a\":1.5}",
      "{\"a\":1e3}",
      "{\"a\":1E3}",
      "{\"a\":01}",
      "{\"a\":-}",
      "{\"a\":+1}",
      "{\"a\":1234567890123456789}",  // 19 digits: the general path checks range
      "{\"a\":null}",
      "{\"a\":[]}",
      "{\"a\":tru}",
      "{\"a\":truex}",
      "{\"a\":1,\"a\":2}",                  // duplicates
      "{\"a\":{\"b\":{}}}",                 // deeper nesting
      "{\"a\":{\"b\":1},\"c\":{\"d\":1}}",  // two nested objects
      "\xef\xbb\xbf{}",                     // BOM
  };
  for (const auto& text : refused) {
    CAPTURE(text);
    CHECK_FALSE(is_flat(text));
  }
}

TEST_CASE("P2 plain_prefix agrees with a byte-by-byte check at every position") {
  const auto plain = [](unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; };
  for (std::size_t length : {0, 1, 7, 8, 9, 16, 23, 40}) {
    for (std::size_t at = 0; at < length; ++at) {
      for (int byte = 0; byte < 256; ++byte) {
        std::string text(length, 'a');
        text[at] = char(byte);
        const std::size_t want = plain(static_cast<unsigned char>(byte)) ? length : at;
        CAPTURE(length);
        CAPTURE(at);
        CAPTURE(byte);
        REQUIRE(plain_prefix(text) == want);
      }
    }
  }
}

TEST_CASE("P2 FlatFields decodes like Fields and throws NotFlat where Fields would refuse") {
  const FlatRequest r = flat_or_fail(
      R"({"s":"text","n":7,"b":true,"actor":{"kind":"admin","id":"ops","tenant":"t-1"}})");
  {
    FlatFields f(r.top, &r.nested);
    CHECK(f.view("s") == "text");
    CHECK(f.str("s") == "text");
    CHECK(f.opt_str("s") == "text");
    CHECK_FALSE(f.opt_str("absent"));
    CHECK(f.str("absent", "dflt") == "dflt");
    CHECK(f.i64("n") == 7);
    CHECK(f.i64("absent", 3) == 3);
    CHECK(f.boolean("b"));
    auto actor_fields = f.object("actor");
    REQUIRE(actor_fields);
    const Actor actor = decode_actor_fields(*actor_fields);
    CHECK(actor.kind == ActorKind::admin);
    CHECK(actor.id == "ops");
    CHECK(actor.tenant == "t-1");
    f.finish();  // everything read
  }
  {
    FlatFields f(r.top, &r.nested);
    CHECK_THROWS_AS(f.i64("s"), NotFlat);  // wrong type
  }
  {
    FlatFields f(r.top, &r.nested);
    CHECK_THROWS_AS(f.view("n"), NotFlat);
  }
  {
    FlatFields f(r.top, &r.nested);
    CHECK_THROWS_AS(f.boolean("s"), NotFlat);
  }
  {
    FlatFields f(r.top, &r.nested);
    f.view("s");
    f.i64("n");
    CHECK_THROWS_AS(f.finish(), NotFlat);  // "b" and "actor" unknown
  }
  {
    const FlatRequest bad = flat_or_fail(R"({"kind":"emperor"})");
    FlatFields f(bad.top, nullptr);
    CHECK_THROWS_AS(f.enumeration<ActorKind>("kind", 6, ActorKind::anonymous), NotFlat);
  }
}

TEST_CASE("P2 JsonWriter writes what dump() writes, escapes and invalid UTF-8 included") {
  const std::vector<std::string> strings = {
      "",
      "plain text",
      "quote \" backslash \\ slash /",
      "controls \x01\x1f\b\f\n\r\t and \x7f",
      "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
      "bad \xff\xfe utf-8 \xc3",
      std::string("nul \0 inside", 12),
  };
  for (const auto& s : strings) {
    CAPTURE(s);
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    w.key("k");
    w.string(s);
    w.key("z");
    w.begin_object();
    w.end_object();
    w.end_object();
    CHECK(text == dump(Json{{"k", s}, {"z", Json::object()}}));
  }
  std::string text;
  JsonWriter w(text);
  w.begin_object();
  w.key("a_min");
  w.integer(std::numeric_limits<std::int64_t>::min());
  w.key("b_max");
  w.integer(std::numeric_limits<std::int64_t>::max());
  w.key("c_false");
  w.boolean(false);
  w.key("d_true");
  w.boolean(true);
  w.key("e_null");
  w.null();
  w.key("f_time");
  w.time(TimePoint{} + std::chrono::milliseconds(1769860800007));
  w.key("g_none");
  w.time_or_null(std::nullopt);
  w.end_object();
  CHECK(text == dump(Json{{"a_min", std::numeric_limits<std::int64_t>::min()},
                          {"b_max", std::numeric_limits<std::int64_t>::max()},
                          {"c_false", false},
                          {"d_true", true},
                          {"e_null", nullptr},
                          {"f_time", "2026-01-31T12:00:00.007Z"},
                          {"g_none", nullptr}}));
}

TEST_CASE("P2 times are written zero-padded, milliseconds floored") {
  using std::chrono::milliseconds;
  CHECK(format_time(TimePoint{}) == "1970-01-01T00:00:00.000Z");
  CHECK(format_time(TimePoint{} + milliseconds(946684799999)) == "1999-12-31T23:59:59.999Z");
  CHECK(format_time(TimePoint{} + milliseconds(1769860800070)) == "2026-01-31T12:00:00.070Z");
  CHECK(format_time(TimePoint{} + std::chrono::microseconds(1769860800123999)) ==
        "2026-01-31T12:00:00.123Z");
  CHECK(format_time(TimePoint{} - milliseconds(1)) == "1969-12-31T23:59:59.999Z");
  CHECK(format_time(TimePoint{} + milliseconds(7258118400000)) == "2200-01-01T00:00:00.000Z");
  std::string out = "x";
  append_time(out, TimePoint{});
  CHECK(out == "x1970-01-01T00:00:00.000Z");
}

/// The outcome of one call: the response text, or the error.
struct Outcome {
  std::string text;
  Errc code = Errc::ok;
  std::string message;
  std::string field;
};

template <class Call>
Outcome outcome(Call&& call) {
  Outcome o;
  try {
    o.text = call();
  } catch (const Error& e) {
    o.code = e.code();
    o.message = e.what();
    o.field = e.field();
  }
  return o;
}

struct Verifier {
  test::TempDir dir;
  OpenOptions opened = decode_options(test_options(dir));
  System system{opened.options};
  Host host{system, opened.fake_clock};
  std::string user_id;
  std::string token;

  Verifier() {
    user_id = call(host, "accounts.register",
                   {{"username", "ann"},
                    {"email", "ann@example.com"},
                    {"password", "correct horse battery"}})["user_id"];
    token = call(host, "sessions.sign_in",
                 {{"identifier", "ann@example.com"},
                  {"password", "correct horse battery"},
                  {"device_id", "d-1"}})["tokens"]["access_token"];
  }

  /// Runs `request` through call_text() and through the general path
  /// (dump(call(parse()))); they must agree byte for byte or on the error.
  /// Returns the outcome and whether the fast path decoded the request.
  Outcome same(const std::string& op, const std::string& request, bool& took_fast_path) {
    CAPTURE(op);
    CAPTURE(request);
    const Outcome fast = outcome([&] { return call_text(host, op, request); });
    const Outcome general =
        outcome([&] { return dump(call(host, op, parse(request, "request"))); });
    CHECK(fast.text == general.text);
    CHECK(fast.code == general.code);
    CHECK(fast.message == general.message);
    CHECK(fast.field == general.field);
    if (general.code == Errc::ok) CHECK(general.text == dump(Json::parse(general.text)));
    took_fast_path = false;
    const Operation* table_op = find_operation(op);
    FlatRequest flat;
    if (table_op && table_op->run_flat && read_flat(request, flat)) {
      try {
        std::string text;
        table_op->run_flat(host, flat, text);
        took_fast_path = true;
        CHECK(text == fast.text);
      } catch (const NotFlat&) {
      } catch (const Error& e) {
        took_fast_path = true;
        CHECK(e.what() == fast.message);
      }
    }
    return fast;
  }
};

TEST_CASE("P2 sessions.verify answers alike on the fast and the general path") {
  Verifier v;
  const std::string& t = v.token;
  bool fast = false;

  // a valid token: the claims, on the fast path
  const Outcome ok = v.same("sessions.verify", R"({"token": ")" + t + R"("})", fast);
  CHECK(fast);
  REQUIRE(ok.code == Errc::ok);
  const Json claims = Json::parse(ok.text);
  CHECK(claims["subject"] == v.user_id);
  CHECK(claims["username"] == "ann");
  CHECK(claims["issued_at"] == "2026-01-31T12:00:00.000Z");
  CHECK(v.same("sessions.verify", R"({"check_session":true,"token":")" + t + R"("})", fast).code ==
        Errc::ok);
  CHECK(fast);

  // an actor, valid or not (the general path names its errors)
  CHECK(v.same("sessions.verify",
               R"({"actor": {"kind": "admin", "id": "ops", "tenant": "default"}, "token": ")" + t +
                   R"("})",
               fast)
            .code == Errc::ok);
  CHECK(fast);
  Outcome bad =
      v.same("sessions.verify", R"({"actor":{"kind":"emperor"},"token":")" + t + R"("})", fast);
  CHECK_FALSE(fast);
  CHECK(bad.code == Errc::invalid_argument);
  CHECK(bad.field == "actor.kind");
  bad =
      v.same("sessions.verify", R"({"actor":{"kind":"user","x":1},"token":")" + t + R"("})", fast);
  CHECK(bad.field == "actor.x");
  bad = v.same("sessions.verify", R"({"actor":"admin","token":")" + t + R"("})", fast);
  CHECK(bad.field == "actor");

  // escapes in the token: the general path decodes them (here to the same token)
  const std::string escaped =
      "\\u00" + std::to_string(int(t[0]) / 16) + "0123456789abcdef"[int(t[0]) % 16] + t.substr(1);
  CHECK(v.same("sessions.verify", R"({"token":")" + escaped + R"("})", fast).text == ok.text);
  CHECK_FALSE(fast);
  CHECK(v.same("sessions.verify", R"({"token":")" + t + R"(\n"})", fast).code ==
        Errc::unauthenticated);

  // a tampered signature, a truncated token, an empty one, no token: refused,
  // and the message quotes no token
  std::string tampered = t;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  for (const std::string& request :
       {R"({"token":")" + tampered + R"("})", R"({"token":")" + t.substr(0, 40) + R"("})",
        std::string(R"({"token":""})"), std::string("{}")}) {
    bad = v.same("sessions.verify", request, fast);
    CHECK(fast);
    CHECK(bad.code == Errc::unauthenticated);
    CHECK(bad.message.find(t.substr(0, 20)) == std::string::npos);
  }

  // unknown field, wrong types, malformed JSON, unknown operation
  bad = v.same("sessions.verify", R"({"token":")" + t + R"(","extra":1})", fast);
  CHECK_FALSE(fast);
  CHECK(bad.code == Errc::invalid_argument);
  CHECK(bad.field == "extra");
  bad = v.same("sessions.verify", R"({"token":5})", fast);
  CHECK(bad.field == "token");
  CHECK(bad.message == "token: must be a string");
  bad = v.same("sessions.verify", R"({"token":")" + t + R"(","check_session":"yes"})", fast);
  CHECK(bad.field == "check_session");
  bad = v.same("sessions.verify", R"({"token":null})", fast);
  CHECK(bad.field == "token");
  bad = v.same("sessions.verify", R"({"token":")" + t + R"(","token":")" + t + R"("})", fast);
  CHECK(bad.code == Errc::ok);  // JSON's last duplicate wins, as before
  bad = v.same("sessions.verify", R"({"token":")" + t, fast);
  CHECK(bad.field == "request");
  CHECK(bad.message.find(t.substr(0, 20)) == std::string::npos);
  bad = v.same("sessions.verify", R"(["token"])", fast);
  CHECK(bad.field == "request");
  bad = v.same("sessions.nope", R"({"token":")" + t + R"("})", fast);
  CHECK(bad.field == "op");
  bad = v.same("sessions.nope", R"({"token":)", fast);
  CHECK(bad.field == "request");  // parsed before the name is looked at, as before

  // expired: the fake clock moves past the token's lifetime (2 hours by default)
  v.opened.fake_clock->advance(std::chrono::hours(3));
  bad = v.same("sessions.verify", R"({"token":")" + t + R"("})", fast);
  CHECK(fast);
  CHECK(bad.code == Errc::unauthenticated);
  CHECK(bad.message.find(t.substr(0, 20)) == std::string::npos);
}

TEST_CASE("P2 threads verifying different users' tokens each get their own claims") {
  Verifier v;
  const std::string bob = call(v.host, "accounts.register",
                               {{"username", "bob"},
                                {"email", "bob@example.com"},
                                {"password", "correct horse battery"}})["user_id"];
  const std::string bob_token =
      call(v.host, "sessions.sign_in",
           {{"identifier", "bob@example.com"},
            {"password", "correct horse battery"}})["tokens"]["access_token"];
  const std::array<std::string, 2> requests = {R"({"token":")" + v.token + R"("})",
                                               R"({"token":")" + bob_token + R"("})"};
  const std::array<std::string, 2> subjects = {v.user_id, bob};
  std::array<int, 4> wrong{};
  test::race(4, [&](std::size_t t) {
    for (int i = 0; i < 300; ++i) {
      const std::size_t who = (t + std::size_t(i)) % 2;
      const Json claims = Json::parse(call_text(v.host, "sessions.verify", requests[who]));
      if (claims["subject"] != subjects[who]) ++wrong[t];
    }
  });
  CHECK(wrong == std::array<int, 4>{});
}

TEST_CASE("P2 the general path of a text operation answers as JSON for the example servers") {
  Verifier v;
  const Operation* op = find_operation("sessions.verify");
  REQUIRE(op);
  REQUIRE(op->run_text);
  const Json request = {{"token", v.token}};
  const Json claims = call_as(v.host, *op, Actor::anonymous(), request);
  CHECK(claims["subject"] == v.user_id);
  CHECK(dump(claims) == call_text(v.host, "sessions.verify", dump(request)));
}

}  // namespace
}  // namespace member::api
