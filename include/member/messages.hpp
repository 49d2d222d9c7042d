// In-site messages and notifications (G1, seed 004): staff send a message to
// one user, to every holder of a role, or to every member of the tenant; a
// user lists theirs (paged, newest first or unread first), marks one or all
// read and counts the unread ones.
//
// A broadcast (role or tenant) is stored once: who has read it is kept as
// per-user read marks and a per-user read watermark, never as one row per
// member. A broadcast is shown to accounts that existed when it was sent.
// The title and body of a message to one user are personal data, sealed
// under that user's data key (erasing the user erases them, A12).
//
// Obtain the service from member::System::messages(); it is thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"
#include "member/page.hpp"

namespace member {

namespace detail {
struct Context;
}

/// Seed 004 lists messages (站内信) and notifications (通知) apart.
enum class MessageCategory : int { message = 0, notification = 1 };
MEMBER_EXPORT std::string_view to_string(MessageCategory category) noexcept;

/// Who a message goes to.
enum class AudienceKind : int {
  user = 0,    ///< one user (target: the user id)
  role = 1,    ///< every holder of a role (target: the role code)
  tenant = 2,  ///< every member of the tenant (target: empty)
};
MEMBER_EXPORT std::string_view to_string(AudienceKind kind) noexcept;

struct SendMessageRequest {
  AudienceKind audience = AudienceKind::user;
  std::string target;  ///< user id, role code (1-64 of [A-Za-z0-9_.-]) or empty
  MessageCategory category = MessageCategory::message;
  std::string title;  ///< 1-200 bytes of text
  std::string body;   ///< 1-10000 bytes of text
};

struct Message {
  std::string message_id;
  MessageCategory category = MessageCategory::message;
  AudienceKind audience = AudienceKind::user;
  std::string target;
  std::string sender;  ///< "<actor kind>:<actor id>"
  std::string title;
  std::string body;
  TimePoint sent_at;
  bool read = false;  ///< for the user the list was read for
};

enum class MessageOrder : int { newest_first = 0, unread_first = 1 };
MEMBER_EXPORT std::string_view to_string(MessageOrder order) noexcept;

struct MessageQuery {
  std::string user_id;
  std::optional<MessageCategory> category;  ///< only this category
  bool unread_only = false;
  MessageOrder order = MessageOrder::newest_first;
  Page page;
};

struct MessageList {
  std::vector<Message> messages;
  std::int64_t total = 0;   ///< messages matching the query
  std::int64_t unread = 0;  ///< unread messages of the query's category
};

class MEMBER_EXPORT Messages {
 public:
  /// Sends a message. Staff only (admin, service, system); a user target
  /// must be an account of the tenant. Throws invalid_argument naming the
  /// field (audience, target, category, title, body), permission_denied,
  /// not_found (target). Audit: "message.send" with audience, target and
  /// category (never the text).
  Message send(const Actor& actor, const SendMessageRequest& request);

  /// The user's messages (the user themself or staff). Throws
  /// invalid_argument (user_id, category, order, page.limit),
  /// permission_denied, not_found. Not audited (a read).
  MessageList list(const Actor& actor, const MessageQuery& query);

  /// Marks one of the user's messages read; marking it again changes
  /// nothing. Throws invalid_argument (user_id, message_id),
  /// permission_denied, not_found (message_id: no such message for this
  /// user). Not audited (the user's own read state).
  void mark_read(const Actor& actor, const std::string& user_id, const std::string& message_id);

  /// Marks every message of the user read (one watermark write, however
  /// many broadcasts there are) and returns how many were unread. Throws
  /// invalid_argument, permission_denied, not_found. Not audited.
  std::int64_t mark_all_read(const Actor& actor, const std::string& user_id);

  /// How many of the user's messages (of one category, when given) are
  /// unread. Throws invalid_argument, permission_denied, not_found.
  std::int64_t unread_count(const Actor& actor, const std::string& user_id,
                            std::optional<MessageCategory> category = {});

 private:
  friend class System;
  explicit Messages(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
