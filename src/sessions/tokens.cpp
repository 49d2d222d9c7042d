#include "sessions/tokens.hpp"

#include <array>
#include <charconv>
#include <cstring>

#include "core/base64url.hpp"
#include "core/validation.hpp"
#include "crypto/keyring.hpp"
#include "crypto/secret_key.hpp"
#include "member/error.hpp"

namespace member::detail {
namespace {

constexpr std::size_t kMaxToken = 4096;
constexpr std::size_t kMaxHeader = 256;    // decoded bytes
constexpr std::size_t kMaxPayload = 1536;  // decoded bytes

[[noreturn]] void refuse(const char* why) {
  throw Error(Errc::unauthenticated, std::string("access token refused: ") + why);
}

std::string_view alg_name(TokenAlgorithm algorithm) {
  return algorithm == TokenAlgorithm::hs256 ? "HS256" : "EdDSA";
}

/// A JSON value as far as tokens need: strings without escapes, integers,
/// and literals. member writes no escapes, so a token with one is not ours.
struct Value {
  enum class Kind { string, integer, literal } kind = Kind::literal;
  std::string_view text;
  std::int64_t integer = 0;
};

/// Reads a flat JSON object member by member, in place.
class ObjectReader {
 public:
  explicit ObjectReader(std::string_view json) : p_(json.data()), end_(json.data() + json.size()) {
    skip_space();
    if (!eat('{')) refuse("malformed JSON");
    skip_space();
    first_ = true;
  }

  /// The next member, or false at the closing brace (then nothing may follow).
  bool next(std::string_view& key, Value& value) {
    skip_space();
    if (eat('}')) {
      skip_space();
      if (p_ != end_) refuse("malformed JSON");
      return false;
    }
    if (!first_ && !eat(',')) refuse("malformed JSON");
    first_ = false;
    skip_space();
    key = read_string();
    skip_space();
    if (!eat(':')) refuse("malformed JSON");
    skip_space();
    value = read_value();
    return true;
  }

 private:
  void skip_space() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  std::string_view read_string() {
    if (!eat('"')) refuse("malformed JSON");
    const char* start = p_;
    // Eight bytes at a time while none is '"', '\\' or a control character;
    // the byte loop below then finds the end and judges what stopped it.
    while (end_ - p_ >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p_, 8);
      if (may_end_string(word)) break;
      p_ += 8;
    }
    while (p_ != end_ && *p_ != '"') {
      if (*p_ == '\\' || static_cast<unsigned char>(*p_) < 0x20) refuse("unexpected JSON escape");
      ++p_;
    }
    if (p_ == end_) refuse("malformed JSON");
    std::string_view s(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return s;
  }
  Value read_value() {
    Value v;
    if (p_ == end_) refuse("malformed JSON");
    if (*p_ == '"') {
      v.kind = Value::Kind::string;
      v.text = read_string();
      return v;
    }
    if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9')) {
      const auto [next, ec] = std::from_chars(p_, end_, v.integer);
      if (ec != std::errc() || (next != end_ && (*next == '.' || *next == 'e' || *next == 'E'))) {
        refuse("malformed number");
      }
      v.kind = Value::Kind::integer;
      p_ = next;
      return v;
    }
    for (std::string_view literal : {"true", "false", "null"}) {
      if (static_cast<std::size_t>(end_ - p_) >= literal.size() &&
          std::memcmp(p_, literal.data(), literal.size()) == 0) {
        p_ += literal.size();
        v.text = literal;
        return v;
      }
    }
    refuse("unexpected JSON value");
  }

  /// True when one of the word's bytes may be '"', '\\' or below 0x20 (a
  /// byte below 0x80 minus the value borrows into its high bit exactly when
  /// it is smaller; false positives only ever follow a true one).
  static bool may_end_string(std::uint64_t word) {
    constexpr std::uint64_t kOnes = 0x0101010101010101, kHigh = 0x8080808080808080;
    const auto below = [](std::uint64_t x, std::uint64_t n) {
      return (x - kOnes * n) & ~x & kHigh;
    };
    return (below(word ^ (kOnes * '"'), 1) | below(word ^ (kOnes * '\\'), 1) | below(word, 0x20)) !=
           0;
  }

  const char* p_;
  const char* end_;
  bool first_ = true;
};

/// Marks a claim as seen; a claim given twice is refused.
void once(std::uint32_t& seen, std::uint32_t bit) {
  if (seen & bit) refuse("duplicate claim");
  seen |= bit;
}

std::string_view string_of(const Value& v) {
  if (v.kind != Value::Kind::string) refuse("claim of the wrong type");
  return v.text;
}

/// A time claim: whole seconds from 1970 to the end of year 9999.
std::int64_t integer_of(const Value& v) {
  if (v.kind != Value::Kind::integer) refuse("claim of the wrong type");
  if (v.integer < 0 || v.integer > 253402300799) refuse("time claim out of range");
  return v.integer;
}

void append_claim(std::string& json, std::string_view name, std::string_view value) {
  json += ",\"";
  json += name;
  json += "\":\"";
  json += value;
  json += '"';
}

}  // namespace

TokenCodec::TokenCodec(const SessionPolicy& policy, const std::vector<Key>& keys)
    : algorithm_(policy.algorithm),
      issuer_(policy.issuer),
      audience_(policy.audience),
      leeway_s_(policy.leeway.count()) {
  for (const Key& key : keys) {
    Slot slot;
    slot.kid = key.kid;
    slot.header = base64url_encode("{\"alg\":\"" + std::string(alg_name(algorithm_)) +
                                   "\",\"typ\":\"JWT\",\"kid\":\"" + key.kid + "\"}");
    if (algorithm_ == TokenAlgorithm::hs256) {
      slot.hmac.emplace(key.secret);
    } else {
      slot.ed25519.emplace(std::span<const std::uint8_t, 32>(key.secret.data(), 32));
    }
    slots_.push_back(std::move(slot));
  }
}

std::string_view TokenCodec::read_header(std::string_view header64) const {
  // The decoded header lives in a thread-local buffer so the kid returned
  // stays valid until this thread's next call.
  thread_local std::array<std::uint8_t, kMaxHeader> bytes;
  const auto size = base64url_decode(header64, bytes);
  if (!size) refuse("malformed header");
  ObjectReader header(std::string_view(reinterpret_cast<const char*>(bytes.data()), *size));
  std::string_view key, alg, kid;
  Value value;
  std::uint32_t seen = 0;
  while (header.next(key, value)) {
    if (key == "alg") {
      once(seen, 1);
      alg = string_of(value);
    } else if (key == "kid") {
      once(seen, 2);
      kid = string_of(value);
    } else if (key == "typ") {
      once(seen, 4);
      if (string_of(value) != "JWT") refuse("wrong type");
    } else {
      refuse("unexpected header parameter");
    }
  }
  if (alg != alg_name(algorithm_)) refuse("wrong algorithm");
  return kid;
}

const TokenCodec::Slot* TokenCodec::find(std::string_view kid) const {
  for (const Slot& slot : slots_) {
    if (slot.kid == kid) return &slot;
  }
  return nullptr;
}

std::string TokenCodec::sign(const AccessClaims& c) const {
  const Slot& slot = slots_.front();
  const auto seconds = [](TimePoint t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  };
  std::string json = "{\"iss\":\"";
  json += issuer_;
  json += '"';
  append_claim(json, "aud", audience_);
  append_claim(json, "sub", c.subject);
  if (!c.username.empty()) append_claim(json, "username", c.username);
  append_claim(json, "role", c.role);
  if (!c.level.empty()) append_claim(json, "level", c.level);
  append_claim(json, "tenant", c.tenant);
  append_claim(json, "sid", c.session_id);
  append_claim(json, "jti", c.token_id);
  json += ",\"iat\":";
  json += std::to_string(seconds(c.issued_at));
  json += ",\"exp\":";
  json += std::to_string(seconds(c.expires_at));
  json += '}';
  std::string token = slot.header;
  token += '.';
  token += base64url_encode(json);
  const std::string signature = slot.hmac ? base64url_encode(slot.hmac->mac(token))
                                          : base64url_encode(slot.ed25519->sign(token));
  token += '.';
  token += signature;
  return token;
}

void TokenCodec::verify(std::string_view token, AccessClaims& out, std::int64_t now_s) const {
  if (token.size() > kMaxToken) refuse("too long");
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) {
    refuse("not a signed JWT");
  }
  const std::string_view header64 = token.substr(0, dot1);
  const std::string_view payload64 = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const std::string_view signature64 = token.substr(dot2 + 1);

  // Header: the configured algorithm and a known kid, nothing else that
  // could name a key (jwk, jku, x5u, x5c ...) or demand processing (crit).
  // The header member writes is recognised as is, without decoding.
  const Slot* slot = nullptr;
  std::string_view kid;
  for (const Slot& candidate : slots_) {
    if (candidate.header == header64) {
      slot = &candidate;
      kid = candidate.kid;
    }
  }
  if (slot == nullptr) {
    kid = read_header(header64);
    slot = find(kid);
    if (slot == nullptr) refuse("unknown key");
  }

  // Signature over "header.payload", compared in constant time.
  const std::string_view signed_part = token.substr(0, dot2);
  std::array<std::uint8_t, 64> signature;
  const auto signature_size = base64url_decode(signature64, signature);
  if (slot->hmac) {
    if (signature_size != 32) refuse("bad signature");
    const auto expected = slot->hmac->mac(signed_part);
    if (!crypto::equal_constant_time(expected, std::span(signature.data(), 32))) {
      refuse("bad signature");
    }
  } else {
    if (signature_size != 64 || !slot->ed25519->verify(signed_part, signature)) {
      refuse("bad signature");
    }
  }

  // Claims.
  std::array<std::uint8_t, kMaxPayload> payload_bytes;
  const auto payload_size = base64url_decode(payload64, payload_bytes);
  if (!payload_size) refuse("malformed payload");
  ObjectReader payload(
      std::string_view(reinterpret_cast<const char*>(payload_bytes.data()), *payload_size));
  std::string_view key;
  Value value;
  std::uint32_t seen = 0;
  std::int64_t iat = 0, exp = 0, nbf = 0;
  out.username.clear();
  out.level.clear();
  while (payload.next(key, value)) {
    if (key == "iss") {
      once(seen, 1 << 0);
      if (string_of(value) != issuer_) refuse("wrong issuer");
    } else if (key == "aud") {
      once(seen, 1 << 1);
      if (string_of(value) != audience_) refuse("wrong audience");
    } else if (key == "sub") {
      once(seen, 1 << 2);
      out.subject.assign(string_of(value));
    } else if (key == "tenant") {
      once(seen, 1 << 3);
      out.tenant.assign(string_of(value));
    } else if (key == "sid") {
      once(seen, 1 << 4);
      out.session_id.assign(string_of(value));
    } else if (key == "jti") {
      once(seen, 1 << 5);
      out.token_id.assign(string_of(value));
    } else if (key == "iat") {
      once(seen, 1 << 6);
      iat = integer_of(value);
    } else if (key == "exp") {
      once(seen, 1 << 7);
      exp = integer_of(value);
    } else if (key == "role") {
      once(seen, 1 << 8);
      out.role.assign(string_of(value));
    } else if (key == "username") {
      once(seen, 1 << 9);
      out.username.assign(string_of(value));
    } else if (key == "level") {
      once(seen, 1 << 10);
      out.level.assign(string_of(value));
    } else if (key == "nbf") {
      once(seen, 1 << 11);
      nbf = integer_of(value);
    }
  }
  constexpr std::uint32_t kRequired = (1 << 9) - 1;  // iss .. role
  if ((seen & kRequired) != kRequired) refuse("a required claim is missing");
  if (now_s - leeway_s_ >= exp) refuse("expired");  // no overflow for any exp
  if ((seen & (1 << 11)) && now_s + leeway_s_ < nbf) refuse("not yet valid");
  if (now_s + leeway_s_ < iat) refuse("not yet valid (issued in the future)");
  out.key_id.assign(kid);
  out.issued_at = TimePoint{std::chrono::seconds(iat)};
  out.expires_at = TimePoint{std::chrono::seconds(exp)};
}

std::vector<PublicTokenKey> TokenCodec::public_keys() const {
  std::vector<PublicTokenKey> keys;
  for (const Slot& slot : slots_) {
    if (!slot.ed25519) continue;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (std::uint8_t b : slot.ed25519->public_key()) {
      hex += kHex[b >> 4];
      hex += kHex[b & 15];
    }
    keys.push_back({slot.kid, std::move(hex)});
  }
  return keys;
}

namespace {

std::vector<std::uint8_t> parse_hex(std::string_view hex) {
  std::vector<std::uint8_t> out;
  if (hex.size() % 2 != 0) return {};
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    std::uint8_t b = 0;
    const auto [p, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, b, 16);
    if (ec != std::errc() || p != hex.data() + i + 2) return {};
    out.push_back(b);
  }
  return out;
}

void validate_policy(const SessionPolicy& p) {
  const bool ok =
      (p.algorithm == TokenAlgorithm::hs256 || p.algorithm == TokenAlgorithm::ed25519) &&
      p.access_lifetime.count() >= 1 && p.refresh_lifetime >= p.access_lifetime &&
      p.leeway.count() >= 0 && p.leeway <= std::chrono::minutes(5);
  if (!ok) {
    throw Error(Errc::invalid_argument,
                "sessions: need a known algorithm, access_lifetime >= 1 s, refresh_lifetime >= "
                "access_lifetime and 0 <= leeway <= 5 min",
                "sessions");
  }
  // member writes these into tokens verbatim: no characters that need escaping.
  validate_token("sessions", p.issuer, 256);
  validate_token("sessions", p.audience, 256);
}

}  // namespace

TokenCodec make_token_codec(const SessionPolicy& policy, storage::Storage& storage,
                            const crypto::Keyring& keyring) {
  validate_policy(policy);
  std::vector<TokenCodec::Key> keys;
  if (policy.keys.empty()) {
    const std::string name =
        policy.algorithm == TokenAlgorithm::hs256 ? "token.hs256" : "token.ed25519";
    auto tx = storage.write();
    crypto::SecretKey secret;
    if (auto wrapped = tx->keys().get(name)) {
      secret = keyring.unwrap(*wrapped, name);
    } else {
      secret = crypto::SecretKey::generate();
      tx->keys().put(name, keyring.wrap(secret, name));
      tx->commit();
    }
    keys.push_back({"member-1", {secret.bytes().begin(), secret.bytes().end()}});
  }
  for (const TokenKey& k : policy.keys) {
    validate_token("sessions", k.kid, 64);
    for (const auto& other : keys) {
      if (other.kid == k.kid)
        throw Error(Errc::invalid_argument, "sessions: duplicate kid", "sessions");
    }
    auto secret = parse_hex(k.secret);
    const bool ok = policy.algorithm == TokenAlgorithm::hs256
                        ? secret.size() >= 32 && secret.size() <= 64
                        : secret.size() == 32;
    if (!ok) {
      throw Error(Errc::invalid_argument,
                  "sessions: a key secret must be hex, 32-64 bytes for HS256 and 32 for Ed25519",
                  "sessions");
    }
    keys.push_back({k.kid, std::move(secret)});
  }
  return TokenCodec(policy, keys);
}

}  // namespace member::detail
