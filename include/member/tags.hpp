// User tags (A9, seed 003): behavior, preference and attribute tags with a
// key, a value and a weight, for user profiling.
//
// Obtain the service from member::System::tags(); it is thread-safe. A user
// reads and sets their own tags; an admin, internal service or the system
// those of any user of its tenant (B4 rules). Values are stored encrypted
// under the user's data key; keys are not (do not put personal data in them).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"

namespace member {

namespace detail {
struct Context;
}

enum class TagType : int { behavior = 0, preference = 1, attribute = 2 };
MEMBER_EXPORT std::string_view to_string(TagType type) noexcept;

struct Tag {
  TagType type = TagType::attribute;
  std::string key;      ///< 1-64 characters from [A-Za-z0-9_.-]
  std::string value;    ///< at most 500 bytes of text
  double weight = 1.0;  ///< 0..1, kept to six decimal places
  TimePoint updated_at;
};

struct TagRequest {
  std::string user_id;
  TagType type = TagType::attribute;
  std::string key;
  std::string value;
  double weight = 1.0;
};

class MEMBER_EXPORT Tags {
 public:
  /// Creates the tag (type, key) of the user or replaces its value and
  /// weight. Throws invalid_argument naming the field, permission_denied,
  /// not_found, failed_precondition (account not active). Audit: "tag.set".
  Tag set(const Actor& actor, const TagRequest& request);

  /// The user's tags of one type, or of every type, by type then key.
  std::vector<Tag> list(const Actor& actor, const std::string& user_id,
                        std::optional<TagType> type = {});

  /// Removes a tag; not_found (field "key") when the user has no such tag.
  /// Audit: "tag.remove".
  void remove(const Actor& actor, const std::string& user_id, TagType type, const std::string& key);

 private:
  friend class System;
  explicit Tags(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
