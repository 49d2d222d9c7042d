// F1: access tokens. What verify() accepts, and every way of tampering with
// a token that it must refuse.
#include <nlohmann/json.hpp>

#include "sessions/session_helpers.hpp"

namespace member::test {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

Options keyed(const TempDir& dir, const std::string& db, std::vector<TokenKey> keys,
              TokenAlgorithm algorithm = TokenAlgorithm::hs256) {
  Options o = file_options(dir);
  o.database = dir.file(db);
  o.sessions.algorithm = algorithm;
  o.sessions.keys = std::move(keys);
  return o;
}

std::string refusal(SessionFixture& f, const std::string& token) {
  const Error e = caught([&] { f.sessions().verify(token); });
  CHECK(e.code() == Errc::unauthenticated);
  return e.what();
}

}  // namespace

TEST_CASE("F1 tokens: a sign-in returns an HS256 JWT with the claims, valid for 2 hours") {
  TempDir dir;
  SessionFixture f(file_options(dir));
  const SessionSignIn s = f.sign_in();
  CHECK(s.account.user_id == f.alice);
  const TokenParts parts = split(s.tokens.access_token);
  const auto header = nlohmann::json::parse(parts.header);
  CHECK(header["alg"] == "HS256");
  CHECK(header["typ"] == "JWT");
  CHECK(header["kid"] == "member-1");
  const auto payload = nlohmann::json::parse(parts.payload);
  CHECK(payload["sub"] == f.alice);
  CHECK(payload["username"] == "alice");
  CHECK(payload["role"] == "MEMBER");
  CHECK(payload["tenant"] == "default");
  CHECK(payload["sid"] == s.tokens.session_id);
  CHECK(payload["iss"] == "member");
  CHECK(payload["aud"] == "member");
  CHECK(payload["level"] == "BASIC");  // the lowest level of the default ladder
  CHECK(payload["exp"].get<std::int64_t>() - payload["iat"].get<std::int64_t>() == 7200);
  CHECK(s.tokens.access_expires_at == session_start() + hours(2));
  CHECK(s.tokens.refresh_expires_at == session_start() + hours(24 * 30));
  // The refresh token is opaque, 256 bits, and stored only hashed.
  CHECK(s.tokens.refresh_token.size() == 43);
  CHECK(raw_int(dir.file("member.db"),
                "SELECT count(*) FROM session_refresh WHERE "
                "length(token_hash) = 32 AND used = 0") == 1);
  for (const char* file : {"member.db", "member.db-wal"}) {
    CHECK(file_bytes(dir.file(file)).find(s.tokens.refresh_token) == std::string::npos);
  }

  const AccessClaims c = f.sessions().verify(s.tokens.access_token);
  CHECK(c.subject == f.alice);
  CHECK(c.username == "alice");
  CHECK(c.role == "MEMBER");
  CHECK(c.level == "BASIC");
  CHECK(c.tenant == "default");
  CHECK(c.session_id == s.tokens.session_id);
  CHECK(c.token_id.size() == 16);
  CHECK(c.key_id == "member-1");
  CHECK(c.issued_at == session_start());
  CHECK(c.expires_at == session_start() + hours(2));

  // verify into a reused object gives the same claims.
  AccessClaims reused;
  f.sessions().verify(s.tokens.access_token, reused);
  f.sessions().verify(s.tokens.access_token, reused);
  CHECK(reused.subject == c.subject);
  CHECK(reused.token_id == c.token_id);
}

TEST_CASE("F1 tokens: expiry and not-before are checked with a 30 s leeway") {
  TempDir dir;
  SessionFixture f(file_options(dir));
  const std::string token = f.sign_in().tokens.access_token;
  f.clock->advance(hours(2) + seconds(29));
  CHECK(f.valid(token));
  f.clock->advance(seconds(1));
  CHECK(refusal(f, token).find("expired") != std::string::npos);

  // A token issued in the future (a second System, same key, clock ahead)
  // is not yet valid here, beyond the leeway.
  Options a = keyed(dir, "a.db", {{"k1", test_secret(1)}});
  Options b = keyed(dir, "b.db", {{"k1", test_secret(1)}});
  SessionFixture here(a);
  SessionFixture ahead(b);
  ahead.clock->advance(seconds(31));
  const std::string future = ahead.sign_in().tokens.access_token;
  CHECK(refusal(here, future).find("not yet valid") != std::string::npos);
  here.clock->advance(seconds(1));
  CHECK(here.valid(future));

  // An nbf claim is honoured with the same leeway.
  const TokenParts p = split(future);
  nlohmann::json payload = nlohmann::json::parse(p.payload);
  payload["nbf"] = payload["iat"].get<std::int64_t>() + 60;
  const std::string later = hs256_token(p.header, payload.dump(), bytes_of_hex(test_secret(1)));
  CHECK(refusal(here, later).find("not yet valid") != std::string::npos);
  here.clock->advance(seconds(59));  // nbf - leeway - 1 s
  CHECK_FALSE(here.valid(later));
  here.clock->advance(seconds(1));
  CHECK(here.valid(later));
}

TEST_CASE("F1 tokens: alg none, other algorithms and keys named in the header are refused") {
  TempDir dir;
  SessionFixture f(keyed(dir, "m.db", {{"k1", test_secret(1)}}));
  const std::string token = f.sign_in().tokens.access_token;
  const TokenParts p = split(token);
  const auto key = bytes_of_hex(test_secret(1));

  // alg "none" with no signature, and with the original signature.
  const std::string none = R"({"alg":"none","typ":"JWT","kid":"k1"})";
  CHECK(refusal(f, assemble(none, p.payload, "")).find("wrong algorithm") != std::string::npos);
  CHECK(refusal(f, assemble(none, p.payload, p.signature)).find("wrong algorithm") !=
        std::string::npos);
  CHECK(refusal(f, assemble(R"({"typ":"JWT","kid":"k1"})", p.payload, p.signature))
            .find("wrong algorithm") != std::string::npos);
  // HS384/HS512/RS256 headers, even correctly "signed" with the key as HS256.
  for (const char* alg : {"HS384", "HS512", "RS256", "EdDSA", "hs256", "NONE"}) {
    CAPTURE(alg);
    const std::string header = std::string(R"({"alg":")") + alg + R"(","typ":"JWT","kid":"k1"})";
    CHECK(refusal(f, hs256_token(header, p.payload, key)).find("wrong algorithm") !=
          std::string::npos);
  }
  // A header that names a key, a key URL, a certificate or critical extensions.
  for (const char* extra :
       {R"("jwk":{"kty":"oct","k":"AAAA"})", R"("jku":"https://x.example")",
        R"("x5u":"https://x.example")", R"("x5c":["AAAA"])", R"("crit":["exp"])"}) {
    CAPTURE(extra);
    const std::string header =
        std::string(R"({"alg":"HS256","typ":"JWT","kid":"k1",)") + extra + "}";
    CHECK_FALSE(f.valid(hs256_token(header, p.payload, key)));
  }
  // An unknown kid, or none.
  CHECK(refusal(f, hs256_token(R"({"alg":"HS256","typ":"JWT","kid":"k9"})", p.payload, key))
            .find("unknown key") != std::string::npos);
  CHECK(refusal(f, hs256_token(R"({"alg":"HS256","typ":"JWT"})", p.payload, key))
            .find("unknown key") != std::string::npos);
  // With the right key, header and payload the forged token is accepted: the
  // tests above fail for the reason they name, not by accident.
  CHECK(f.valid(hs256_token(p.header, p.payload, key)));
}

TEST_CASE("F1 tokens: alg swap between HS256 and EdDSA is refused both ways") {
  TempDir dir;
  SessionFixture ed(keyed(dir, "ed.db", {{"k1", test_secret(1)}}, TokenAlgorithm::ed25519));
  SessionFixture hs(keyed(dir, "hs.db", {{"k1", test_secret(1)}}));
  const std::string ed_token = ed.sign_in().tokens.access_token;
  const std::string hs_token = hs.sign_in().tokens.access_token;
  CHECK(split(ed_token).header.find("\"EdDSA\"") != std::string::npos);
  CHECK(ed.valid(ed_token));
  CHECK(hs.valid(hs_token));
  CHECK(refusal(ed, hs_token).find("wrong algorithm") != std::string::npos);
  CHECK(refusal(hs, ed_token).find("wrong algorithm") != std::string::npos);

  // The classic confusion: HMAC-sign with the Ed25519 public key as secret.
  const auto keys = ed.sessions().public_keys();
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].kid == "k1");
  CHECK(keys[0].public_key.size() == 64);
  const TokenParts p = split(ed_token);
  const std::string forged = hs256_token(R"({"alg":"HS256","typ":"JWT","kid":"k1"})", p.payload,
                                         bytes_of_hex(keys[0].public_key));
  CHECK(refusal(ed, forged).find("wrong algorithm") != std::string::npos);
  // HS256 keys are secret: never listed.
  CHECK(hs.sessions().public_keys().empty());
}

TEST_CASE("F1 tokens: a wrong key or a modified payload breaks the signature") {
  TempDir dir;
  SessionFixture f(keyed(dir, "a.db", {{"k1", test_secret(1)}}));
  SessionFixture other(keyed(dir, "b.db", {{"k1", test_secret(2)}}));
  const std::string token = f.sign_in().tokens.access_token;
  CHECK(refusal(other, token).find("bad signature") != std::string::npos);
  CHECK(refusal(f, other.sign_in().tokens.access_token).find("bad signature") != std::string::npos);

  const TokenParts p = split(token);
  const std::string bob = other.alice;  // a real user id, of someone else
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {f.alice, bob}, {"\"MEMBER\"", "\"ADMIN\""}, {"\"default\"", "\"other\""}}) {
    CAPTURE(to);
    CHECK(refusal(f, assemble(p.header, replaced(p.payload, from, to), p.signature))
              .find("bad signature") != std::string::npos);
  }
  // A changed or cut signature, extra or missing parts, garbage.
  std::string flipped = token;
  flipped[flipped.size() - 5] = flipped[flipped.size() - 5] == 'A' ? 'B' : 'A';
  CHECK_FALSE(f.valid(flipped));
  CHECK_FALSE(f.valid(token.substr(0, token.size() - 2)));
  CHECK_FALSE(f.valid(token + ".x"));
  CHECK_FALSE(f.valid(token.substr(0, token.rfind('.'))));
  CHECK_FALSE(f.valid(""));
  CHECK_FALSE(f.valid("not a token"));
  CHECK_FALSE(f.valid("..."));
  CHECK_FALSE(f.valid(std::string(5000, 'a')));
}

TEST_CASE("F1 tokens: wrong issuer or audience is refused even with the right key") {
  TempDir dir;
  SessionFixture f(keyed(dir, "a.db", {{"k1", test_secret(1)}}));
  Options iss = keyed(dir, "b.db", {{"k1", test_secret(1)}});
  iss.sessions.issuer = "someone-else";
  Options aud = keyed(dir, "c.db", {{"k1", test_secret(1)}});
  aud.sessions.audience = "another-api";
  SessionFixture wrong_issuer(iss);
  SessionFixture wrong_audience(aud);
  CHECK(refusal(f, wrong_issuer.sign_in().tokens.access_token).find("wrong issuer") !=
        std::string::npos);
  CHECK(refusal(f, wrong_audience.sign_in().tokens.access_token).find("wrong audience") !=
        std::string::npos);
  CHECK(wrong_audience.valid(wrong_audience.sign_in().tokens.access_token));
}

TEST_CASE("F1 tokens: claims are parsed strictly (duplicates, types, escapes, missing claims)") {
  TempDir dir;
  SessionFixture f(keyed(dir, "a.db", {{"k1", test_secret(1)}}));
  const TokenParts p = split(f.sign_in().tokens.access_token);
  const auto key = bytes_of_hex(test_secret(1));
  const auto sign = [&](const std::string& payload) { return hs256_token(p.header, payload, key); };
  const auto payload = nlohmann::json::parse(p.payload);
  CHECK(f.valid(sign(p.payload)));
  CHECK(f.valid(sign(payload.dump(2))));  // whitespace is fine
  nlohmann::json extra = payload;
  extra["custom"] = 5;
  CHECK(f.valid(sign(extra.dump())));  // unknown claims are ignored
  for (const char* claim : {"iss", "aud", "sub", "tenant", "sid", "jti", "iat", "exp", "role"}) {
    CAPTURE(claim);
    nlohmann::json missing = payload;
    missing.erase(claim);
    CHECK(refusal(f, sign(missing.dump())).find("missing") != std::string::npos);
  }
  nlohmann::json wrong_type = payload;
  wrong_type["exp"] = std::to_string(payload["exp"].get<std::int64_t>());
  CHECK(refusal(f, sign(wrong_type.dump())).find("wrong type") != std::string::npos);
  wrong_type = payload;
  wrong_type["exp"] = 1.5e12;
  CHECK_FALSE(f.valid(sign(wrong_type.dump())));
  for (const std::int64_t bad : {std::int64_t{-1}, std::int64_t{253402300800}, INT64_MAX}) {
    CAPTURE(bad);
    nlohmann::json out_of_range = payload;
    out_of_range["exp"] = bad;
    CHECK(refusal(f, sign(out_of_range.dump())).find("out of range") != std::string::npos);
    out_of_range = payload;
    out_of_range["iat"] = bad;
    CHECK(refusal(f, sign(out_of_range.dump())).find("out of range") != std::string::npos);
  }
  CHECK(refusal(f, sign(replaced(p.payload, "{", R"({"sub":"x",)"))).find("duplicate") !=
        std::string::npos);
  CHECK(refusal(f, sign(replaced(p.payload, "\"alice\"", R"("al\u0069ce")"))).find("escape") !=
        std::string::npos);
  nlohmann::json nested = payload;
  nested["aud"] = nlohmann::json::array({"member"});
  CHECK_FALSE(f.valid(sign(nested.dump())));
  CHECK_FALSE(f.valid(sign(p.payload + " x")));
  CHECK_FALSE(f.valid(sign("[]")));
  CHECK_FALSE(f.valid(sign("")));
}

TEST_CASE("F1 tokens: key rotation verifies every configured kid and signs with the first") {
  TempDir dir;
  SessionFixture old_keys(keyed(dir, "a.db", {{"k1", test_secret(1)}}));
  SessionFixture rotated(keyed(dir, "b.db", {{"k2", test_secret(2)}, {"k1", test_secret(1)}}));
  SessionFixture retired(keyed(dir, "c.db", {{"k2", test_secret(2)}}));
  const std::string old_token = old_keys.sign_in().tokens.access_token;
  const std::string new_token = rotated.sign_in().tokens.access_token;
  CHECK(rotated.sessions().verify(old_token).key_id == "k1");
  CHECK(rotated.sessions().verify(new_token).key_id == "k2");
  CHECK(retired.valid(new_token));
  CHECK(refusal(retired, old_token).find("unknown key") != std::string::npos);
  CHECK(refusal(old_keys, new_token).find("unknown key") != std::string::npos);
}

TEST_CASE("F1 tokens: the generated key is kept (wrapped) in the database across restarts") {
  TempDir dir;
  std::string token;
  {
    SessionFixture f(file_options(dir));
    token = f.sign_in().tokens.access_token;
  }
  SessionFixture again(file_options(dir), false);
  CHECK(again.valid(token));
  // Ed25519 gets its own generated key.
  Options ed = file_options(dir);
  ed.sessions.algorithm = TokenAlgorithm::ed25519;
  SessionFixture edf(ed, false);
  CHECK_FALSE(edf.valid(token));
  CHECK(edf.sessions().public_keys().size() == 1);
}

TEST_CASE("F1 tokens: session options that make no sense are refused when opening") {
  const auto refused = [](auto change) {
    Options o = memory_options();
    change(o.sessions);
    check_error([&] { System sys(o); }, Errc::invalid_argument, "sessions");
  };
  refused([](SessionPolicy& p) { p.access_lifetime = seconds(0); });
  refused([](SessionPolicy& p) { p.refresh_lifetime = seconds(60); });
  refused([](SessionPolicy& p) { p.leeway = seconds(301); });
  refused([](SessionPolicy& p) { p.leeway = seconds(-1); });
  refused([](SessionPolicy& p) { p.issuer = "has \"quotes\""; });
  refused([](SessionPolicy& p) { p.audience = ""; });
  refused([](SessionPolicy& p) { p.keys = {{"k1", "abcd"}}; });                 // too short
  refused([](SessionPolicy& p) { p.keys = {{"k1", test_secret(1) + "zz"}}; });  // not hex
  refused([](SessionPolicy& p) { p.keys = {{"k 1", test_secret(1)}}; });
  refused([](SessionPolicy& p) { p.keys = {{"k1", test_secret(1)}, {"k1", test_secret(2)}}; });
  refused([](SessionPolicy& p) {
    p.algorithm = TokenAlgorithm::ed25519;
    p.keys = {{"k1", test_secret(1) + test_secret(2)}};  // 64 bytes: not a seed
  });
  refused([](SessionPolicy& p) { p.algorithm = static_cast<TokenAlgorithm>(7); });
}

}  // namespace member::test
