#include "core/base64url.hpp"

#include <array>
#include <bit>
#include <cstring>

namespace member::detail {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<std::int8_t, 256> make_table() {
  std::array<std::int8_t, 256> table{};
  for (auto& v : table) v = -1;
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int8_t>(i);
  }
  return table;
}

constexpr std::array<std::int8_t, 256> kTable = make_table();

}  // namespace

std::string base64url_encode(std::span<const std::uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v =
        (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::uint32_t{bytes[i]} << 16;
    if (rest == 2) v |= std::uint32_t{bytes[i + 1]} << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(kAlphabet[(v >> 6) & 63]);
  }
  return out;
}

std::optional<std::size_t> base64url_decode(std::string_view text, std::span<std::uint8_t> out) {
  if (text.size() % 4 == 1) return std::nullopt;
  const std::size_t size = base64url_decoded_size(text.size());
  if (size > out.size()) return std::nullopt;
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t o = 0;
  std::size_t i = 0;
  // Eight characters (48 bits) at a time, stored as one 8-byte big-endian
  // word of which the last two bytes are scratch, overwritten by the next
  // step: only while those two bytes still fit in `out`.
  for (; i + 8 <= text.size() && o + 8 <= out.size(); i += 8, o += 6) {
    const std::int64_t c0 = kTable[in[i]], c1 = kTable[in[i + 1]], c2 = kTable[in[i + 2]],
                       c3 = kTable[in[i + 3]], c4 = kTable[in[i + 4]], c5 = kTable[in[i + 5]],
                       c6 = kTable[in[i + 6]], c7 = kTable[in[i + 7]];
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) < 0) return std::nullopt;
    const auto u = [](std::int64_t c) { return static_cast<std::uint64_t>(c); };
    const std::uint64_t v = (u(c0) << 58) | (u(c1) << 52) | (u(c2) << 46) | (u(c3) << 40) |
                            (u(c4) << 34) | (u(c5) << 28) | (u(c6) << 22) | (u(c7) << 16);
    const std::uint64_t big_endian =
        std::endian::native == std::endian::little ? __builtin_bswap64(v) : v;
    std::memcpy(out.data() + o, &big_endian, 8);
  }
  for (; i + 4 <= text.size(); i += 4) {
    const int a = kTable[in[i]], b = kTable[in[i + 1]], c = kTable[in[i + 2]],
              d = kTable[in[i + 3]];
    if ((a | b | c | d) < 0) return std::nullopt;
    const auto v = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6) | d);
    out[o++] = static_cast<std::uint8_t>(v >> 16);
    out[o++] = static_cast<std::uint8_t>(v >> 8);
    out[o++] = static_cast<std::uint8_t>(v);
  }
  const std::size_t rest = text.size() - i;
  if (rest > 0) {
    const int a = kTable[in[i]], b = kTable[in[i + 1]];
    const int c = rest == 3 ? kTable[in[i + 2]] : 0;
    if ((a | b | c) < 0) return std::nullopt;
    const auto v = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6));
    // Bits beyond the last byte must be zero: one encoding per byte string.
    if ((rest == 2 && (v & 0xffff) != 0) || (rest == 3 && (v & 0xff) != 0)) return std::nullopt;
    out[o++] = static_cast<std::uint8_t>(v >> 16);
    if (rest == 3) out[o++] = static_cast<std::uint8_t>(v >> 8);
  }
  return o;
}

}  // namespace member::detail
