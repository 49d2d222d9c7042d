// points.* and wallet.* operations (member::Ledger): one set of operations
// registered for each asset. redeem is points only.
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kService = R"({"kind": "service", "id": "orders"})";
constexpr const char* kAdmin = R"({"kind": "admin", "id": "ops-anna"})";
constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kMovement =
    R"({"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d8e", "kind": "earn",
 "amount": 250, "frozen_change": 0, "total": 1250, "available": 1250, "frozen": 0,
 "expires_at": "2028-01-31T12:00:00.000Z", "hold_id": "", "discount": 0, "final_amount": 0,
 "replayed": false})";

template <Asset A>
Ledger& ledger(Host& h) {
  return A == Asset::points ? h.system.points() : h.system.wallet();
}

template <Asset A, class Request, Movement (Ledger::*Method)(const Actor&, const Request&)>
Json movement(Host& h, const Actor& a, const Request& r) {
  return encode((ledger<A>(h).*Method)(a, r));
}

struct SummaryRequest {
  std::string user_id;
  std::int64_t window_seconds = 30 * 24 * 3600;
};
SummaryRequest decode_summary(Fields& f) {
  SummaryRequest r;
  r.user_id = f.str("user_id");
  r.window_seconds = f.i64("window_seconds", r.window_seconds);
  return r;
}

struct ExpireRequest {
  std::uint32_t limit = 1000;
};
ExpireRequest decode_expire(Fields& f) {
  return {f.u32("limit", 1000)};
}

template <Asset A>
void register_ledger(OperationTable& t, const std::string& p) {
  t.add(
      p + ".earn",
      "Adds a lot (staff only); idempotent by key. Errors: invalid_argument, not_found, "
      "conflict (key reused with other content), failed_precondition (account not active).",
      kService,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "amount": 250, "key": "ORD123", "event_type": "PURCHASE", "description": "order ORD123", "related_order": "ORD123"})",
      kMovement, decode_earn, movement<A, EarnRequest, &Ledger::earn>);
  t.add(
      p + ".use",
      "Spends from the soonest-expiring lots (the user or staff). insufficient_points "
      "(wallet: insufficient_funds) with shortage when available is short.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "amount": 100, "key": "USE-7", "related_order": "ORD124"})",
      R"({"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d8f", "kind": "use", "amount": -100, "frozen_change": 0, "total": 1150, "available": 1150, "frozen": 0, "expires_at": null, "hold_id": "", "discount": 0, "final_amount": 0, "replayed": false})",
      decode_use, movement<A, UseRequest, &Ledger::use>);
  t.add(
      p + ".freeze", "Holds an amount until captured, released or timed out.", kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "amount": 300, "key": "HOLD-1", "related_order": "ORD125", "expires_at": "2026-01-31T12:30:00Z"})",
      R"({"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d90", "kind": "freeze", "amount": 0, "frozen_change": 300, "total": 1250, "available": 950, "frozen": 300, "expires_at": "2026-01-31T12:30:00.000Z", "hold_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d90", "discount": 0, "final_amount": 0, "replayed": false})",
      decode_freeze, movement<A, FreezeRequest, &Ledger::freeze>);
  t.add(
      p + ".capture",
      "Spends all (amount 0) or part of a hold; the rest is released. A resolved hold is "
      "failed_precondition.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "hold_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d90", "amount": 0, "key": "CAP-1"})",
      R"({"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d91", "kind": "capture", "amount": -300, "frozen_change": -300, "total": 950, "available": 950, "frozen": 0, "expires_at": null, "hold_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d90", "discount": 0, "final_amount": 0, "replayed": false})",
      decode_capture, movement<A, CaptureRequest, &Ledger::capture>);
  t.add(
      p + ".release", "Releases a hold. A resolved hold is failed_precondition.", kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "hold_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d90", "key": "REL-1"})",
      R"({"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d92", "kind": "release", "amount": 0, "frozen_change": -300, "total": 1250, "available": 1250, "frozen": 0, "expires_at": null, "hold_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d90", "discount": 0, "final_amount": 0, "replayed": false})",
      decode_release, movement<A, ReleaseRequest, &Ledger::release>);
  if constexpr (A == Asset::points) {
    t.add(
        p + ".redeem",
        "Redeems catalog items: stock and points in one transaction. Errors: not_found, "
        "failed_precondition (inactive item), resource_exhausted (stock), "
        "insufficient_points.",
        kUser,
        R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "item_id": "mug-01", "quantity": 1, "delivery_address": "1 Main St", "key": "RED-1"})",
        R"({"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d93", "kind": "redeem", "amount": -500, "frozen_change": 0, "total": 750, "available": 750, "frozen": 0, "expires_at": null, "hold_id": "", "discount": 0, "final_amount": 0, "replayed": false})",
        decode_redeem, movement<A, RedeemRequest, &Ledger::redeem>);
  }
  t.add(
      p + ".reverse",
      "Undoes an earlier entry (staff only, reason required): refunds a spend, takes back "
      "what is left of an earn (failed_precondition while a hold has a share of it). Once per "
      "entry.",
      kAdmin,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d8f", "key": "REV-1", "reason": "order cancelled"})",
      R"({"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d94", "kind": "reverse", "amount": 100, "frozen_change": 0, "total": 1250, "available": 1250, "frozen": 0, "expires_at": null, "hold_id": "", "discount": 0, "final_amount": 0, "replayed": false})",
      decode_reverse, movement<A, ReverseRequest, &Ledger::reverse>);
  t.add(
      p + ".adjust", "A staff correction with a reason; negative amounts are spent like a use.",
      kAdmin,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "amount": -50, "key": "ADJ-1", "reason": "duplicate grant"})",
      R"({"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d95", "kind": "adjust", "amount": -50, "frozen_change": 0, "total": 1200, "available": 1200, "frozen": 0, "expires_at": null, "hold_id": "", "discount": 0, "final_amount": 0, "replayed": false})",
      decode_adjust, movement<A, AdjustRequest, &Ledger::adjust>);
  t.add(
      p + ".apply_batch",
      "Grants (amount > 0) and deductions (amount < 0) in one transaction (staff only); each "
      "item succeeds or fails on its own; idempotent by key.",
      kAdmin,
      R"({"key": "INCIDENT-42", "reason": "outage compensation", "items": [{"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "amount": 100, "note": "sorry", "event_type": "COMPENSATION"}]})",
      R"({"batch_id": "INCIDENT-42", "results": [{"index": 0, "code": "ok", "entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d96", "field": "", "message": ""}], "succeeded": 1, "failed": 0, "amount": 100, "replayed": false})",
      decode_batch, [](Host& h, const Actor& a, const BatchRequest& r) -> Json {
        return encode(ledger<A>(h).apply_batch(a, r));
      });
  t.add(p + ".expire_due",
        "Expires lots due by now and releases timed-out holds for at most limit accounts "
        "(staff only); more says to call again.",
        R"({"kind": "system"})", R"({"limit": 1000})",
        R"({"accounts": 3, "lots": 4, "amount": 900, "holds": 1, "more": false})", decode_expire,
        [](Host& h, const Actor& a, const ExpireRequest& r) -> Json {
          return encode(ledger<A>(h).expire_due(a, r.limit));
        });
  t.add(
      p + ".summary", "Balances now, and what expires within window_seconds (default 30 days).",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "window_seconds": 2592000})",
      R"({"total": 1250, "available": 950, "frozen": 300, "expiring": 0, "next_expiry": "2028-01-31T12:00:00.000Z"})",
      decode_summary, [](Host& h, const Actor& a, const SummaryRequest& r) -> Json {
        if (r.window_seconds < 0) invalid("window_seconds", "must not be negative");
        return encode(ledger<A>(h).summary(a, r.user_id, std::chrono::seconds(r.window_seconds)));
      });
  t.add(
      p + ".history",
      "The user's journal, newest first, filtered by kind and time (from inclusive, to "
      "exclusive) and paged, with totals.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "kind": "earn", "from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z", "limit": 50, "offset": 0})",
      R"({"entries": [{"entry_id": "0193a5c2e4f07b1c9d2e3f4a5b6c7d8e", "kind": "earn", "amount": 250, "frozen_change": 0, "event_type": "PURCHASE", "description": "order ORD123", "related_order": "ORD123", "hold_id": "", "created_at": "2026-01-31T12:00:00.000Z", "expires_at": "2028-01-31T12:00:00.000Z"}], "total": 1, "earned": 250, "spent": 0})",
      decode_history, [](Host& h, const Actor& a, const HistoryQuery& q) -> Json {
        return encode(ledger<A>(h).history(a, q));
      });
}

}  // namespace

void register_ledger_operations(OperationTable& t) {
  register_ledger<Asset::points>(t, "points");
  register_ledger<Asset::money>(t, "wallet");
}

}  // namespace member::api
