// The points ledger and the money wallet (REQUIREMENTS C1, C7): one engine,
// two assets.
//
// Every change is an immutable journal entry; balances are kept per user and
// asset and always equal the sum of the journal. Earned amounts are lots with
// an expiry; spending consumes the soonest-expiring lots first and records
// which; a freeze is a hold on lots, resolved exactly once (capture, release
// or timeout). Available = posted - frozen, never negative. Every change
// carries an idempotency key: the same key with the same content returns the
// first result and changes nothing; with other content it is Errc::conflict.
// Staff share the tenant's keys; a member's own requests have keys of their
// own (docs/points.md, "Whose keys meet").
//
// Obtain the ledgers from member::System::points() and ::wallet(). They are
// thread-safe; operations on one user are serialised by the database.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/error.hpp"
#include "member/export.hpp"
#include "member/page.hpp"

namespace member {

namespace detail {
struct Context;
}

/// What a ledger counts: loyalty points, or money in minor units (cents).
enum class Asset : int { points = 0, money = 1 };
MEMBER_EXPORT std::string_view to_string(Asset asset) noexcept;

/// The kind of a journal entry. Stable numbers (stored).
enum class EntryKind : int {
  earn = 0,     ///< + posted, a new lot
  use = 1,      ///< - posted, consumed from lots
  freeze = 2,   ///< + frozen (a hold)
  release = 3,  ///< - frozen (hold released or timed out)
  capture = 4,  ///< - posted and - frozen (hold captured)
  expire = 5,   ///< - posted (what was left in expired lots)
  adjust = 6,   ///< +/- posted by staff, with a reason
  redeem = 7,   ///< - posted for catalog items (stock taken in the same transaction)
  reverse = 8,  ///< undoes an earlier entry (a refund or a claw-back)
};
MEMBER_EXPORT std::string_view to_string(EntryKind kind) noexcept;

struct EarnRequest {
  std::string user_id;
  std::int64_t amount = 0;  ///< > 0
  std::string key;          ///< idempotency key, e.g. the order id (1-128 characters)
  /// What earned it ("PURCHASE", "SIGN_IN", ...): selects the expiry rule
  /// (LedgerPolicy::expiry_by_event).
  std::string event_type;
  std::string description;
  std::string related_order;
  std::string related_data;  ///< a JSON object, or empty
};

struct UseRequest {
  std::string user_id;
  std::int64_t amount = 0;  ///< > 0: points (or minor units) to spend
  std::string key;
  std::string description;
  std::string related_order;
  /// Points only: the order's amount in minor units. The discount is
  /// amount * 100 / LedgerPolicy::points_per_currency_unit minor units and
  /// may not exceed it (invalid_argument, field "amount"). `amount` must buy
  /// whole minor units (e.g. a multiple of 10 points at 1000 points per
  /// unit), else invalid_argument naming "amount": no point is taken
  /// without its discount.
  std::optional<std::int64_t> order_amount;
};

struct FreezeRequest {
  std::string user_id;
  std::int64_t amount = 0;  ///< > 0
  std::string key;
  std::string description;
  std::string related_order;
  /// When an unresolved hold is released by itself; default
  /// LedgerPolicy::hold_timeout after now.
  std::optional<TimePoint> expires_at;
};

/// Resolves a hold by spending `amount` of it (0: all of it); the rest
/// returns to the lots.
struct CaptureRequest {
  std::string user_id;
  std::string hold_id;
  std::int64_t amount = 0;
  std::string key;
  std::string description;
};

struct ReleaseRequest {
  std::string user_id;
  std::string hold_id;
  std::string key;
};

/// Redeems `quantity` units of a catalog item for points (points only).
struct RedeemRequest {
  std::string user_id;
  std::string item_id;
  std::int64_t quantity = 1;     ///< 1..1000
  std::string delivery_address;  ///< stored encrypted; may be empty for virtual items
  std::string key;
};

/// Undoes an earlier entry of the user (staff only; audited). A spend (use,
/// capture, redeem, negative adjust) is refunded into the lots it came from
/// (what returns to an expired lot expires at once; a redemption returns its
/// stock). An earn or positive adjust takes back what is still available of
/// its lot, which may be less than was earned (what was spent stays spent,
/// and a later refund of such a spend returns nothing to that lot);
/// while a hold has a share of that lot the reversal is failed_precondition
/// until the hold is captured or released. An entry is reversed once.
struct ReverseRequest {
  std::string user_id;
  std::string entry_id;
  std::string key;
  std::string reason;  ///< required
};

/// A staff correction (audited): a positive amount is a new lot, a negative
/// one is consumed like a use.
struct AdjustRequest {
  std::string user_id;
  std::int64_t amount = 0;  ///< != 0
  std::string key;
  std::string reason;  ///< required
};

/// The outcome of a change, as first recorded (a replay returns it again).
struct Movement {
  std::string entry_id;
  EntryKind kind = EntryKind::earn;
  std::int64_t amount = 0;              ///< the change to posted (negative when spent)
  std::int64_t frozen_change = 0;       ///< the change to frozen
  std::int64_t total = 0;               ///< available + frozen, after
  std::int64_t available = 0;           ///< after
  std::int64_t frozen = 0;              ///< after
  std::optional<TimePoint> expires_at;  ///< earn: when the lot expires; freeze: the hold
  std::string hold_id;                  ///< freeze, capture, release
  std::int64_t discount = 0;            ///< use with order_amount: minor units off the order
  std::int64_t final_amount = 0;        ///< use with order_amount: what the order now costs
  bool replayed = false;                ///< true when an earlier identical request answered
};

struct Summary {
  std::int64_t total = 0;                ///< available + frozen
  std::int64_t available = 0;            ///< spendable now
  std::int64_t frozen = 0;               ///< held
  std::int64_t expiring = 0;             ///< available that expires within the window asked for
  std::optional<TimePoint> next_expiry;  ///< the soonest expiry of an available lot
};

struct Entry {
  std::string entry_id;
  EntryKind kind = EntryKind::earn;
  std::int64_t amount = 0;
  std::int64_t frozen_change = 0;
  std::string event_type;
  std::string description;
  std::string related_order;
  std::string hold_id;
  TimePoint created_at;
  std::optional<TimePoint> expires_at;
};

struct HistoryQuery {
  std::string user_id;
  std::optional<EntryKind> kind;  ///< only this kind
  std::optional<TimePoint> from;  ///< inclusive
  std::optional<TimePoint> to;    ///< exclusive
  Page page;
};

struct History {
  std::vector<Entry> entries;  ///< newest first
  std::int64_t total = 0;      ///< entries matching the filter
  std::int64_t earned = 0;     ///< sum of positive amounts matching the filter
  std::int64_t spent = 0;  ///< sum of negative amounts matching the filter, as a positive number
};

struct ExpiryReport {
  std::int64_t accounts = 0;  ///< accounts where this call expired or released something
  std::int64_t lots = 0;      ///< lots expired by this call
  std::int64_t amount = 0;    ///< total amount expired
  std::int64_t holds = 0;     ///< timed-out holds released
  bool more = false;          ///< the limit was hit: call again
};

/// One grant (amount > 0) or deduction (amount < 0) of a batch.
struct BatchItem {
  std::string user_id;
  std::int64_t amount = 0;
  std::string note;        ///< the entry's description
  std::string event_type;  ///< grants: selects the expiry rule
};

/// Many grants or deductions applied in one transaction (seed 001
/// admin/points/batch), e.g. compensation for an incident.
struct BatchRequest {
  std::string key;               ///< the batch id, and its idempotency key
  std::string reason;            ///< why (audited); required
  std::vector<BatchItem> items;  ///< 1..10000
};

struct BatchItemResult {
  std::size_t index = 0;  ///< position in the request
  Errc code = Errc::ok;   ///< Errc::ok when applied
  std::string entry_id;   ///< when applied
  std::string field;      ///< when refused
  std::string message;    ///< when refused
};

struct BatchOutcome {
  std::string batch_id;
  std::vector<BatchItemResult> results;  ///< one per item, in order
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  std::int64_t amount = 0;  ///< net amount applied
  bool replayed = false;    ///< an earlier identical batch answered
};

class MEMBER_EXPORT Ledger {
 public:
  /// Adds a lot (staff only). Errors: invalid_argument, not_found, conflict
  /// (key reused with other content), failed_precondition (account not active).
  Movement earn(const Actor& actor, const EarnRequest& request);

  /// Spends from the soonest-expiring available lots (the user or staff).
  /// Errc::insufficient_points (wallet: insufficient_funds) when available is
  /// short; nothing changes then.
  Movement use(const Actor& actor, const UseRequest& request);

  /// Holds an amount (the user or staff); it stays unavailable until captured,
  /// released or timed out.
  Movement freeze(const Actor& actor, const FreezeRequest& request);

  /// Spends all or part of a hold; the rest is released. A hold already
  /// resolved is failed_precondition saying how.
  Movement capture(const Actor& actor, const CaptureRequest& request);

  /// Redeems catalog items: takes the stock and the points in one
  /// transaction. Errors: not_found (item), failed_precondition (inactive),
  /// resource_exhausted (out of stock: nothing changes), insufficient_points.
  Movement redeem(const Actor& actor, const RedeemRequest& request);

  /// Releases a hold. A hold already resolved is failed_precondition saying how.
  Movement release(const Actor& actor, const ReleaseRequest& request);

  /// Reverses an entry (see ReverseRequest); audited as "ledger.reverse".
  /// Errors: not_found (entry), failed_precondition (already reversed, not
  /// reversible, part of it held, nothing left to take back, or a spend
  /// other than a redemption whose points all came from reversed earns; such
  /// a redemption is reversed for its stock alone).
  Movement reverse(const Actor& actor, const ReverseRequest& request);

  /// A staff correction with a reason; audited as "ledger.adjust".
  Movement adjust(const Actor& actor, const AdjustRequest& request);

  /// Applies a batch of grants and deductions in one transaction (staff
  /// only; audited as "ledger.batch"). Each item succeeds or fails on its own
  /// (bad amount, unknown or inactive user, insufficient available): a
  /// failing item changes nothing and never affects the others. The whole
  /// batch is idempotent by its key. This is also the fast path: it locks
  /// each user once and commits once.
  BatchOutcome apply_batch(const Actor& actor, const BatchRequest& request);

  /// Expires what is left of lots due by now and releases timed-out holds, for
  /// at most `limit` accounts per call (staff only); ExpiryReport::more says
  /// to call again. Idempotent. It looks at the accounts whose balance row
  /// says something may be due; one whose due lot was spent meanwhile is
  /// looked at once (within the limit), not counted, and then waits for its
  /// next due time.
  ExpiryReport expire_due(const Actor& actor, std::uint32_t limit = 1000);

  /// Balances now, and what expires within `window` (0 to 100 years, else
  /// invalid_argument naming "window").
  Summary summary(const Actor& actor, const std::string& user_id,
                  std::chrono::seconds window = std::chrono::hours(24 * 30));

  /// The journal of a user, filtered and paged, with totals.
  History history(const Actor& actor, const HistoryQuery& query);

 private:
  friend class System;
  Ledger(detail::Context& context, Asset asset) : context_(context), asset_(asset) {}
  detail::Context& context_;
  Asset asset_;
};

}  // namespace member
