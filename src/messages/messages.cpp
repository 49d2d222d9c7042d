// In-site messages and notifications (G1).
#include "member/messages.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "accounts/personal_data.hpp"
#include "accounts/sealed_field.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "crypto/random.hpp"
#include "messages/audience.hpp"

namespace member {
namespace {

constexpr std::string_view kContentColumn = "messages.content";
constexpr std::string_view kIdAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

void validate_category(MessageCategory category, std::string_view field = "category") {
  const int c = static_cast<int>(category);
  if (c < 0 || c > static_cast<int>(MessageCategory::notification)) {
    throw Error(Errc::invalid_argument, std::string(field) + ": unknown category",
                std::string(field));
  }
}

/// What the user sees: their own messages and the broadcasts to them since
/// their account exists.
storage::MessageScope scope_of(storage::Transaction& tx, const storage::UserRow& user,
                               std::optional<MessageCategory> category, bool unread_only) {
  return {.tenant = user.tenant,
          .user_id = user.id,
          .roles = detail::roles_of(tx, user),
          .since_ms = user.created_at_ms,
          .category = category ? static_cast<int>(*category) : -1,
          .unread_only = unread_only};
}

Message to_message(const detail::Context& context, const storage::UserRow& user,
                   const storage::MessageRow& row) {
  std::string text;
  if (row.audience_kind == static_cast<int>(AudienceKind::user)) {
    text = detail::open_field(detail::data_key(context, user),
                              {row.tenant, kContentColumn, row.message_id}, row.content);
  } else {
    text.assign(row.content.begin(), row.content.end());
  }
  const auto content = nlohmann::json::parse(text);
  return {.message_id = row.message_id,
          .category = static_cast<MessageCategory>(row.category),
          .audience = static_cast<AudienceKind>(row.audience_kind),
          .target = row.audience,
          .sender = row.sender,
          .title = content.at("title").get<std::string>(),
          .body = content.at("body").get<std::string>(),
          .sent_at = detail::from_ms(row.created_at_ms),
          .read = row.read};
}

}  // namespace

std::string_view to_string(MessageCategory category) noexcept {
  switch (category) {
    case MessageCategory::message:
      return "message";
    case MessageCategory::notification:
      return "notification";
  }
  return "unknown";
}

std::string_view to_string(AudienceKind kind) noexcept {
  switch (kind) {
    case AudienceKind::user:
      return "user";
    case AudienceKind::role:
      return "role";
    case AudienceKind::tenant:
      return "tenant";
  }
  return "unknown";
}

std::string_view to_string(MessageOrder order) noexcept {
  switch (order) {
    case MessageOrder::newest_first:
      return "newest_first";
    case MessageOrder::unread_first:
      return "unread_first";
  }
  return "unknown";
}

Message Messages::send(const Actor& actor, const SendMessageRequest& r) {
  detail::require_permission(context_, actor, "messages.send");
  const int audience = static_cast<int>(r.audience);
  if (audience < 0 || audience > static_cast<int>(AudienceKind::tenant)) {
    throw Error(Errc::invalid_argument, "audience: unknown audience", "audience");
  }
  if (r.audience == AudienceKind::user) detail::validate_user_id("target", r.target);
  if (r.audience == AudienceKind::role) detail::validate_token("target", r.target, 64);
  if (r.audience == AudienceKind::tenant && !r.target.empty()) {
    throw Error(Errc::invalid_argument, "target: must be empty for the whole tenant", "target");
  }
  validate_category(r.category);
  detail::validate_required_text("title", r.title, 200);
  detail::validate_text("body", r.body, 10000, true);
  if (r.body.empty()) throw Error(Errc::invalid_argument, "body: is required", "body");

  auto tx = context_.storage->write();
  storage::MessageRow row{.tenant = actor.tenant,
                          .message_id = "msg_" + crypto::random_string(kIdAlphabet, 20),
                          .sequence = 0,
                          .category = static_cast<int>(r.category),
                          .audience_kind = audience,
                          .audience = r.target,
                          .user_id = {},
                          .sender = std::string(to_string(actor.kind)) + ":" + actor.id,
                          .content = {},
                          .created_at_ms = detail::to_ms(context_.now())};
  const std::string text = nlohmann::json{{"title", r.title}, {"body", r.body}}.dump();
  std::optional<storage::UserRow> recipient;
  if (r.audience == AudienceKind::user) {
    try {
      // messages.send covers every user of the tenant, also for a member
      // holding it through a role.
      recipient = detail::load_user_checked(*tx, actor, r.target);
    } catch (const Error& e) {
      if (e.code() == Errc::not_found) throw Error(Errc::not_found, "user not found", "target");
      throw;
    }
    row.user_id = recipient->id;
    row.content = detail::seal_field(detail::data_key(context_, *recipient),
                                     {row.tenant, kContentColumn, row.message_id}, text);
  } else {
    row.content.assign(text.begin(), text.end());
  }
  row.sequence = tx->messages().insert(row);
  detail::record_audit(*tx, context_, actor, "message.send", row.user_id,
                       {{"message_id", row.message_id},
                        {"audience", to_string(r.audience)},
                        {"target", r.target},
                        {"category", to_string(r.category)}});
  tx->commit();
  Message m;
  m.message_id = row.message_id;
  m.category = r.category;
  m.audience = r.audience;
  m.target = r.target;
  m.sender = row.sender;
  m.title = r.title;
  m.body = r.body;
  m.sent_at = detail::from_ms(row.created_at_ms);
  return m;
}

MessageList Messages::list(const Actor& actor, const MessageQuery& q) {
  if (q.category) validate_category(*q.category);
  const int order = static_cast<int>(q.order);
  if (order < 0 || order > static_cast<int>(MessageOrder::unread_first)) {
    throw Error(Errc::invalid_argument, "order: unknown order", "order");
  }
  detail::validate_page(q.page);
  auto tx = context_.storage->read();
  const storage::UserRow user = detail::load_user(context_, *tx, actor, q.user_id);
  const storage::MessageScope scope = scope_of(*tx, user, q.category, q.unread_only);
  MessageList out;
  for (const auto& row : tx->messages().list(scope, q.order == MessageOrder::unread_first,
                                             q.page.limit, q.page.offset)) {
    out.messages.push_back(to_message(context_, user, row));
  }
  out.total = tx->messages().count(scope);
  out.unread = tx->messages().count(scope_of(*tx, user, q.category, true));
  return out;
}

void Messages::mark_read(const Actor& actor, const std::string& user_id,
                         const std::string& message_id) {
  detail::validate_token("message_id", message_id, 64);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_user(context_, *tx, actor, user_id);
  const auto row = tx->messages().find(actor.tenant, message_id);
  const auto roles = detail::roles_of(*tx, user);
  const bool visible =
      row && (row->user_id == user.id ||
              (row->created_at_ms >= user.created_at_ms &&
               (row->audience_kind == static_cast<int>(AudienceKind::tenant) ||
                (row->audience_kind == static_cast<int>(AudienceKind::role) &&
                 std::find(roles.begin(), roles.end(), row->audience) != roles.end()))));
  if (!visible) throw Error(Errc::not_found, "message not found", "message_id");
  tx->messages().mark_read(actor.tenant, user.id, message_id, detail::to_ms(context_.now()));
  tx->commit();
}

std::int64_t Messages::mark_all_read(const Actor& actor, const std::string& user_id) {
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_user(context_, *tx, actor, user_id);
  const std::int64_t unread = tx->messages().count(scope_of(*tx, user, std::nullopt, true));
  const std::int64_t latest =
      tx->messages().latest_sequence(scope_of(*tx, user, std::nullopt, false));
  if (latest > 0) tx->messages().mark_read_through(actor.tenant, user.id, latest);
  tx->commit();
  return unread;
}

std::int64_t Messages::unread_count(const Actor& actor, const std::string& user_id,
                                    std::optional<MessageCategory> category) {
  if (category) validate_category(*category);
  auto tx = context_.storage->read();
  const storage::UserRow user = detail::load_user(context_, *tx, actor, user_id);
  return tx->messages().count(scope_of(*tx, user, category, true));
}

}  // namespace member
