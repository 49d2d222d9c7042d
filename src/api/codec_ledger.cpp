#include "api/codecs.hpp"

namespace member::api {

EarnRequest decode_earn(Fields& f) {
  EarnRequest r;
  r.user_id = f.str("user_id");
  r.amount = f.i64("amount");
  r.key = f.str("key");
  r.event_type = f.str("event_type");
  r.description = f.str("description");
  r.related_order = f.str("related_order");
  r.related_data = f.str("related_data");
  return r;
}

UseRequest decode_use(Fields& f) {
  UseRequest r;
  r.user_id = f.str("user_id");
  r.amount = f.i64("amount");
  r.key = f.str("key");
  r.description = f.str("description");
  r.related_order = f.str("related_order");
  r.order_amount = f.opt_i64("order_amount");
  return r;
}

FreezeRequest decode_freeze(Fields& f) {
  FreezeRequest r;
  r.user_id = f.str("user_id");
  r.amount = f.i64("amount");
  r.key = f.str("key");
  r.description = f.str("description");
  r.related_order = f.str("related_order");
  r.expires_at = f.opt_time("expires_at");
  return r;
}

CaptureRequest decode_capture(Fields& f) {
  CaptureRequest r;
  r.user_id = f.str("user_id");
  r.hold_id = f.str("hold_id");
  r.amount = f.i64("amount");
  r.key = f.str("key");
  r.description = f.str("description");
  return r;
}

ReleaseRequest decode_release(Fields& f) {
  ReleaseRequest r;
  r.user_id = f.str("user_id");
  r.hold_id = f.str("hold_id");
  r.key = f.str("key");
  return r;
}

RedeemRequest decode_redeem(Fields& f) {
  RedeemRequest r;
  r.user_id = f.str("user_id");
  r.item_id = f.str("item_id");
  r.quantity = f.i64("quantity", 1);
  r.delivery_address = f.str("delivery_address");
  r.key = f.str("key");
  return r;
}

ReverseRequest decode_reverse(Fields& f) {
  ReverseRequest r;
  r.user_id = f.str("user_id");
  r.entry_id = f.str("entry_id");
  r.key = f.str("key");
  r.reason = f.str("reason");
  return r;
}

AdjustRequest decode_adjust(Fields& f) {
  AdjustRequest r;
  r.user_id = f.str("user_id");
  r.amount = f.i64("amount");
  r.key = f.str("key");
  r.reason = f.str("reason");
  return r;
}

BatchRequest decode_batch(Fields& f) {
  BatchRequest r;
  r.key = f.str("key");
  r.reason = f.str("reason");
  if (const Json* items = f.array("items")) {
    for (std::size_t i = 0; i < items->size(); ++i) {
      Fields item(items->at(i), element_path(f.path("items"), i));
      BatchItem b;
      b.user_id = item.str("user_id");
      b.amount = item.i64("amount");
      b.note = item.str("note");
      b.event_type = item.str("event_type");
      item.finish();
      r.items.push_back(std::move(b));
    }
  }
  return r;
}

HistoryQuery decode_history(Fields& f) {
  HistoryQuery q;
  q.user_id = f.str("user_id");
  q.kind = f.opt_enum<EntryKind>("kind", 9);
  q.from = f.opt_time("from");
  q.to = f.opt_time("to");
  q.page = decode_page(f);
  return q;
}

Json encode(const Movement& m) {
  return {{"entry_id", m.entry_id},
          {"kind", to_string(m.kind)},
          {"amount", m.amount},
          {"frozen_change", m.frozen_change},
          {"total", m.total},
          {"available", m.available},
          {"frozen", m.frozen},
          {"expires_at", time_or_null(m.expires_at)},
          {"hold_id", m.hold_id},
          {"discount", m.discount},
          {"final_amount", m.final_amount},
          {"replayed", m.replayed}};
}

Json encode(const Summary& s) {
  return {{"total", s.total},
          {"available", s.available},
          {"frozen", s.frozen},
          {"expiring", s.expiring},
          {"next_expiry", time_or_null(s.next_expiry)}};
}

namespace {
Json encode_entry(const Entry& e) {
  return {{"entry_id", e.entry_id},
          {"kind", to_string(e.kind)},
          {"amount", e.amount},
          {"frozen_change", e.frozen_change},
          {"event_type", e.event_type},
          {"description", e.description},
          {"related_order", e.related_order},
          {"hold_id", e.hold_id},
          {"created_at", format_time(e.created_at)},
          {"expires_at", time_or_null(e.expires_at)}};
}
}  // namespace

Json encode(const History& h) {
  Json entries = Json::array();
  for (const auto& e : h.entries) entries.push_back(encode_entry(e));
  return {{"entries", std::move(entries)},
          {"total", h.total},
          {"earned", h.earned},
          {"spent", h.spent}};
}

Json encode(const BatchOutcome& b) {
  Json results = Json::array();
  for (const auto& r : b.results) {
    results.push_back({{"index", r.index},
                       {"code", to_string(r.code)},
                       {"entry_id", r.entry_id},
                       {"field", r.field},
                       {"message", r.message}});
  }
  return {{"batch_id", b.batch_id},   {"results", std::move(results)},
          {"succeeded", b.succeeded}, {"failed", b.failed},
          {"amount", b.amount},       {"replayed", b.replayed}};
}

Json encode(const ExpiryReport& r) {
  return {{"accounts", r.accounts},
          {"lots", r.lots},
          {"amount", r.amount},
          {"holds", r.holds},
          {"more", r.more}};
}

}  // namespace member::api
