#include "crypto/password_hasher.hpp"

#include <botan/argon2.h>
#include <botan/base64.h>
#include <botan/bcrypt.h>
#include <botan/mem_ops.h>
#include <botan/pwdhash.h>
#include <botan/system_rng.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <vector>

#include "crypto/random.hpp"
#include "member/error.hpp"

namespace member::crypto {
namespace {

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto at = s.find(sep, start);
    parts.push_back(s.substr(start, at - start));
    if (at == std::string_view::npos) return parts;
    start = at + 1;
  }
}

std::optional<std::uint64_t> parse_number(std::string_view s) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return value;
}

/// Standard or passlib-adapted ('.' for '+') base64, padding optional.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string padded(text);
  std::replace(padded.begin(), padded.end(), '.', '+');
  while (padded.size() % 4 != 0) padded.push_back('=');
  try {
    const auto bytes = Botan::base64_decode(padded);
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

bool is_argon2(std::string_view h) {
  return h.starts_with("$argon2id$") || h.starts_with("$argon2i$") || h.starts_with("$argon2d$");
}

bool is_bcrypt(std::string_view h) {
  if (h.size() != 60 ||
      !(h.starts_with("$2a$") || h.starts_with("$2b$") || h.starts_with("$2y$"))) {
    return false;
  }
  const auto cost = parse_number(h.substr(4, 2));
  constexpr std::string_view kAlphabet =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return cost && *cost >= 4 && *cost <= 31 && h[6] == '$' &&
         h.substr(7).find_first_not_of(kAlphabet) == std::string_view::npos;
}

/// Argon2 PHC: $argon2X$v=19$m=M,t=T,p=P$salt$hash with sane costs.
struct Argon2Params {
  std::uint64_t m = 0, t = 0, p = 0;
};
std::optional<Argon2Params> parse_argon2(std::string_view h) {
  if (!is_argon2(h)) return std::nullopt;
  const auto parts = split(h, '$');  // "", variant, v=19, params, salt, hash
  if (parts.size() != 6 || parts[2] != "v=19") return std::nullopt;
  // Exactly m, t and p, each once, in any order.
  Argon2Params params;
  const auto kvs = split(parts[3], ',');
  if (kvs.size() != 3) return std::nullopt;
  for (std::string_view kv : kvs) {
    if (kv.size() < 3 || kv[1] != '=') return std::nullopt;
    const auto value = parse_number(kv.substr(2));
    std::uint64_t* slot = kv[0] == 'm'   ? &params.m
                          : kv[0] == 't' ? &params.t
                          : kv[0] == 'p' ? &params.p
                                         : nullptr;
    if (!value || slot == nullptr || *slot != 0) return std::nullopt;
    *slot = *value;
  }
  const bool sane = params.m >= 8 && params.m <= 4 * 1024 * 1024 && params.t >= 1 &&
                    params.t <= 1000 && params.p >= 1 && params.p <= 64 && params.m >= 8 * params.p;
  if (!sane || !decode_base64(parts[4]) || !decode_base64(parts[5])) return std::nullopt;
  return params;
}

/// PBKDF2-SHA256 in PHC/passlib form ($pbkdf2-sha256$[i=]N$salt$hash, salt
/// base64) or Django form (pbkdf2_sha256$N$salt$hash, salt used as text).
struct Pbkdf2Hash {
  std::uint64_t iterations = 0;
  std::vector<std::uint8_t> salt;
  std::vector<std::uint8_t> expected;
};
std::optional<Pbkdf2Hash> parse_pbkdf2(std::string_view h) {
  Pbkdf2Hash out;
  std::string_view iterations, salt, hash;
  bool salt_is_text = false;
  if (h.starts_with("$pbkdf2-sha256$")) {
    const auto parts = split(h, '$');
    if (parts.size() != 5) return std::nullopt;
    iterations = parts[2].starts_with("i=") ? parts[2].substr(2) : parts[2];
    salt = parts[3];
    hash = parts[4];
  } else if (h.starts_with("pbkdf2_sha256$")) {
    const auto parts = split(h, '$');
    if (parts.size() != 4) return std::nullopt;
    iterations = parts[1];
    salt = parts[2];
    hash = parts[3];
    salt_is_text = true;
  } else {
    return std::nullopt;
  }
  const auto n = parse_number(iterations);
  if (!n || *n < 1 || *n > 10'000'000 || salt.empty()) return std::nullopt;
  out.iterations = *n;
  if (salt_is_text) {
    out.salt.assign(salt.begin(), salt.end());
  } else {
    auto decoded = decode_base64(salt);
    if (!decoded) return std::nullopt;
    out.salt = std::move(*decoded);
  }
  auto expected = decode_base64(hash);
  if (!expected || expected->size() < 16 || expected->size() > 64) return std::nullopt;
  out.expected = std::move(*expected);
  return out;
}

bool verify_pbkdf2(std::string_view password, const Pbkdf2Hash& h) {
  auto family = Botan::PasswordHashFamily::create_or_throw("PBKDF2(SHA-256)");
  auto kdf = family->from_params(h.iterations);
  Botan::secure_vector<std::uint8_t> actual(h.expected.size());
  kdf->derive_key(actual.data(), actual.size(), password.data(), password.size(), h.salt.data(),
                  h.salt.size());
  return Botan::constant_time_compare(actual.data(), h.expected.data(), actual.size());
}

}  // namespace

PasswordHasher::PasswordHasher(PasswordHashing params) : params_(params) {
  const bool sane = params.memory_kib >= 8 * params.parallelism &&
                    params.memory_kib <= 4 * 1024 * 1024 && params.iterations >= 1 &&
                    params.iterations <= 1000 && params.parallelism >= 1 &&
                    params.parallelism <= 64;
  if (!sane) {
    throw Error(Errc::invalid_argument, "password_hashing: Argon2id parameters out of range",
                "password_hashing");
  }
  current_prefix_ = "$argon2id$v=19$m=" + std::to_string(params.memory_kib) +
                    ",t=" + std::to_string(params.iterations) +
                    ",p=" + std::to_string(params.parallelism) + "$";
  dummy_ = hash(random_string("abcdefghijklmnopqrstuvwxyz0123456789", 24));
}

std::string PasswordHasher::hash(std::string_view password) const {
  return Botan::argon2_generate_pwhash(password.data(), password.size(), Botan::system_rng(),
                                       params_.parallelism, params_.memory_kib, params_.iterations,
                                       /*y=Argon2id*/ 2);
}

bool PasswordHasher::verify(std::string_view password, std::string_view stored) const {
  try {
    if (parse_argon2(stored)) {
      return Botan::argon2_check_pwhash(password.data(), password.size(), std::string(stored));
    }
    if (is_bcrypt(stored)) {
      return Botan::check_bcrypt(std::string(password), std::string(stored));
    }
    if (const auto pbkdf2 = parse_pbkdf2(stored)) return verify_pbkdf2(password, *pbkdf2);
  } catch (const std::exception&) {
    // A hash Botan rejects verifies nothing.
  }
  return false;
}

bool PasswordHasher::needs_rehash(std::string_view stored) const {
  return !stored.starts_with(current_prefix_) || !parse_argon2(stored);
}

bool PasswordHasher::is_supported(std::string_view stored) {
  return parse_argon2(stored).has_value() || is_bcrypt(stored) || parse_pbkdf2(stored).has_value();
}

}  // namespace member::crypto
