// Codecs of messages (G1) and privacy (A12) requests and results.
#include "api/codecs.hpp"

namespace member::api {

SendMessageRequest decode_send_message(Fields& f) {
  SendMessageRequest r;
  r.audience = f.enumeration<AudienceKind>("audience", 3, AudienceKind::user);
  r.target = f.str("target");
  r.category = f.enumeration<MessageCategory>("category", 2, MessageCategory::message);
  r.title = f.str("title");
  r.body = f.str("body");
  return r;
}

MessageQuery decode_message_query(Fields& f) {
  MessageQuery q;
  q.user_id = f.str("user_id");
  q.category = f.opt_enum<MessageCategory>("category", 2);
  q.unread_only = f.boolean("unread_only");
  q.order = f.enumeration<MessageOrder>("order", 2, MessageOrder::newest_first);
  q.page = decode_page(f);
  return q;
}

Json encode(const Message& m) {
  return {{"message_id", m.message_id},
          {"category", to_string(m.category)},
          {"audience", to_string(m.audience)},
          {"target", m.target},
          {"sender", m.sender},
          {"title", m.title},
          {"body", m.body},
          {"sent_at", format_time(m.sent_at)},
          {"read", m.read}};
}

Json encode(const MessageList& l) {
  return {{"messages", encode_list(l.messages)}, {"total", l.total}, {"unread", l.unread}};
}

EraseRequest decode_erase(Fields& f) {
  EraseRequest r;
  r.user_id = f.str("user_id");
  r.password = f.str("password");
  return r;
}

Json encode(const ErasureReport& r) {
  Json tables = Json::array();
  for (const auto& [table, rows] : r.tables) tables.push_back({{"table", table}, {"rows", rows}});
  return {{"user_id", r.user_id}, {"tables", tables}};
}

}  // namespace member::api
