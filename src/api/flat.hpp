// A reader for flat request objects, without allocation: the fast path of
// the operation table (OperationTable::add_text). It takes only the common,
// simple shape of a request — one JSON object whose members are strings
// without escape sequences, integers or booleans, plus at most one nested
// object of such members (the "actor") — and says "not simple" for anything
// else: escapes, non-ASCII text, numbers with fractions or exponents, null,
// arrays, deeper nesting, duplicate or too many members, malformed JSON.
// Those requests take the general path (nlohmann::json and Fields), which
// produces the errors; so does a flat request that FlatFields cannot decode
// (a wrong type, an unknown member, a value out of range), because
// FlatFields throws NotFlat instead of an error, before anything has run.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace member::api {

/// Thrown by FlatFields when a request is not one the fast path decodes;
/// the caller then runs the general path. Never leaves the operation table.
struct NotFlat {};

/// One member of a flat object.
struct FlatMember {
  enum class Kind : std::uint8_t { string, integer, boolean, object };
  std::string_view name;
  Kind kind = Kind::string;
  std::string_view text;  ///< a string's characters (no escapes in them)
  std::int64_t integer = 0;
  bool boolean = false;
};

/// The members of one object, in text order.
struct FlatObject {
  static constexpr std::size_t kMaxMembers = 16;
  std::array<FlatMember, kMaxMembers> members;
  std::size_t count = 0;
};

/// A request object read by read_flat(); its views point into the text.
struct FlatRequest {
  FlatObject top;
  FlatObject nested;  ///< the one member of kind object, if any
};

/// The length of the leading run of `text` that JSON writes as it is
/// inside a string: ASCII 0x20-0x7f except '"' and '\\'.
std::size_t plain_prefix(std::string_view text) noexcept;

/// Reads `text` into `out` when it is a flat request as described above;
/// false otherwise (the text may still be valid JSON: the general path
/// decides). Never throws, never allocates.
bool read_flat(std::string_view text, FlatRequest& out) noexcept;

/// Reads the members of a flat object with the names and defaults of
/// Fields (src/api/json.hpp), so one decoder template serves both. A member
/// of another type, a value out of range and (in finish()) a member never
/// read throw NotFlat: the general path then reports them.
class FlatFields {
 public:
  /// `nested` is the object a member of kind object refers to.
  FlatFields(const FlatObject& object, const FlatObject* nested)
      : object_(object), nested_(nested) {}

  /// A string member as a view into the request text.
  std::string_view view(std::string_view name, std::string_view fallback = {});
  std::string str(std::string_view name, std::string fallback = {});
  std::optional<std::string> opt_str(std::string_view name);
  std::int64_t i64(std::string_view name, std::int64_t fallback = 0);
  bool boolean(std::string_view name, bool fallback = false);
  /// The nested object member `name` (absent: nullopt).
  std::optional<FlatFields> object(std::string_view name);
  /// Reads an enum by its to_string() name; `count` values 0..count-1.
  template <class E>
  E enumeration(std::string_view name, int count, E fallback) {
    const FlatMember* m = get(name, FlatMember::Kind::string);
    if (!m) return fallback;
    for (int i = 0; i < count; ++i) {
      if (to_string(static_cast<E>(i)) == m->text) return static_cast<E>(i);
    }
    throw NotFlat{};
  }
  /// Throws NotFlat when a member was never read (an unknown field).
  void finish() const;

 private:
  const FlatMember* get(std::string_view name, FlatMember::Kind kind);
  const FlatObject& object_;
  const FlatObject* nested_;
  std::uint32_t read_ = 0;  ///< bit i: member i was read
  static_assert(FlatObject::kMaxMembers <= 32);
};

}  // namespace member::api
