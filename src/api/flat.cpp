#include "api/flat.hpp"

#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace member::api {

namespace {

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
constexpr std::uint64_t kHighs = 0x8080808080808080ULL;

/// Non-zero when some byte of `x` is zero (no false negatives; a false
/// positive only above a true zero byte).
constexpr std::uint64_t zero_byte(std::uint64_t x) {
  return (x - kOnes) & ~x & kHighs;
}

/// Non-zero when some byte of `x` may not be plain: '"', '\\', a control
/// character or a byte >= 0x80 (false positives are rechecked bytewise).
constexpr std::uint64_t special_byte(std::uint64_t x) {
  return zero_byte(x ^ (kOnes * '"')) | zero_byte(x ^ (kOnes * '\\')) |
         ((x - kOnes * 0x20) & ~x & kHighs) | (x & kHighs);
}

constexpr bool plain(unsigned char c) {
  return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

class Reader {
 public:
  explicit Reader(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}

  bool request(FlatRequest& out) {
    out.top.count = 0;
    out.nested.count = 0;
    skip_space();
    if (!object(out.top, &out.nested)) return false;
    skip_space();
    return at_ == end_;
  }

 private:
  void skip_space() {
    while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  bool consume(char c) {
    if (at_ == end_ || *at_ != c) return false;
    ++at_;
    return true;
  }

  bool literal(std::string_view word) {
    if (std::size_t(end_ - at_) < word.size() || std::memcmp(at_, word.data(), word.size()) != 0) {
      return false;
    }
    at_ += word.size();
    return true;
  }

  /// A string without escapes, control characters or non-ASCII bytes; the
  /// opening quote is already consumed.
  bool plain_string(std::string_view& out) {
    const char* start = at_;
    at_ += plain_prefix({at_, std::size_t(end_ - at_)});
    if (at_ == end_ || *at_ != '"') return false;
    out = std::string_view(start, std::size_t(at_ - start));
    ++at_;
    return true;
  }

  /// -?(0|[1-9][0-9]*) of at most 18 digits (so it fits), no fraction or
  /// exponent.
  bool integer(std::int64_t& out) {
    const bool negative = consume('-');
    const char* start = at_;
    std::int64_t value = 0;
    while (at_ != end_ && *at_ >= '0' && *at_ <= '9') {
      if (at_ - start == 18) return false;
      value = value * 10 + (*at_ - '0');
      ++at_;
    }
    const std::size_t digits = std::size_t(at_ - start);
    if (digits == 0 || (digits > 1 && *start == '0')) return false;
    if (at_ != end_ && (*at_ == '.' || *at_ == 'e' || *at_ == 'E')) return false;
    out = negative ? -value : value;
    return true;
  }

  bool value(FlatMember& m, FlatObject* nested) {
    if (at_ == end_) return false;
    switch (*at_) {
      case '"':
        ++at_;
        m.kind = FlatMember::Kind::string;
        return plain_string(m.text);
      case 't':
        m.kind = FlatMember::Kind::boolean;
        m.boolean = true;
        return literal("true");
      case 'f':
        m.kind = FlatMember::Kind::boolean;
        m.boolean = false;
        return literal("false");
      case '{':
        // One nested object, itself of scalars only.
        if (!nested || nested_used_) return false;
        nested_used_ = true;
        m.kind = FlatMember::Kind::object;
        return object(*nested, nullptr);
      default:
        m.kind = FlatMember::Kind::integer;
        return integer(m.integer);
    }
  }

  bool object(FlatObject& out, FlatObject* nested) {
    if (!consume('{')) return false;
    skip_space();
    if (consume('}')) return true;
    for (;;) {
      skip_space();
      if (out.count == FlatObject::kMaxMembers || !consume('"')) return false;
      FlatMember& m = out.members[out.count];
      m = FlatMember{};
      if (!plain_string(m.name)) return false;
      for (std::size_t i = 0; i < out.count; ++i) {
        if (out.members[i].name == m.name) return false;  // duplicates: general path
      }
      skip_space();
      if (!consume(':')) return false;
      skip_space();
      if (!value(m, nested)) return false;
      ++out.count;
      skip_space();
      if (consume('}')) return true;
      if (!consume(',')) return false;
    }
  }

  const char* at_;
  const char* end_;
  bool nested_used_ = false;
};

}  // namespace

std::size_t plain_prefix(std::string_view text) noexcept {
  std::size_t at = 0;
#ifdef __SSE2__
  // 16 bytes a step: '"', '\\', and (signed) below 0x20, which takes in
  // the bytes >= 0x80 too.
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  while (text.size() - at >= 16) {
    const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + at));
    const __m128i stop =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, quote), _mm_cmpeq_epi8(chunk, backslash)),
                     _mm_cmplt_epi8(chunk, space));
    const int mask = _mm_movemask_epi8(stop);
    if (mask != 0) return at + std::size_t(__builtin_ctz(unsigned(mask)));
    at += 16;
  }
#endif
  while (text.size() - at >= 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, text.data() + at, sizeof chunk);
    if (special_byte(chunk)) break;
    at += 8;
  }
  while (at < text.size() && plain(static_cast<unsigned char>(text[at]))) ++at;
  return at;
}

bool read_flat(std::string_view text, FlatRequest& out) noexcept {
  return Reader(text).request(out);
}

const FlatMember* FlatFields::get(std::string_view name, FlatMember::Kind kind) {
  for (std::size_t i = 0; i < object_.count; ++i) {
    const FlatMember& m = object_.members[i];
    if (m.name != name) continue;
    if (m.kind != kind) throw NotFlat{};
    read_ |= std::uint32_t(1) << i;
    return &m;
  }
  return nullptr;
}

std::string_view FlatFields::view(std::string_view name, std::string_view fallback) {
  const FlatMember* m = get(name, FlatMember::Kind::string);
  return m ? m->text : fallback;
}

std::string FlatFields::str(std::string_view name, std::string fallback) {
  const FlatMember* m = get(name, FlatMember::Kind::string);
  return m ? std::string(m->text) : fallback;
}

std::optional<std::string> FlatFields::opt_str(std::string_view name) {
  const FlatMember* m = get(name, FlatMember::Kind::string);
  if (!m) return std::nullopt;
  return std::string(m->text);
}

std::int64_t FlatFields::i64(std::string_view name, std::int64_t fallback) {
  const FlatMember* m = get(name, FlatMember::Kind::integer);
  return m ? m->integer : fallback;
}

bool FlatFields::boolean(std::string_view name, bool fallback) {
  const FlatMember* m = get(name, FlatMember::Kind::boolean);
  return m ? m->boolean : fallback;
}

std::optional<FlatFields> FlatFields::object(std::string_view name) {
  if (!get(name, FlatMember::Kind::object)) return std::nullopt;
  return FlatFields(*nested_, nullptr);
}

void FlatFields::finish() const {
  if (read_ != (std::uint32_t(1) << object_.count) - 1) throw NotFlat{};
}

}  // namespace member::api
