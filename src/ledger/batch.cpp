// Batches of grants and deductions (C1, seed 001 admin/points/batch): one
// transaction, one lock per user, one result per item.
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "accounts/activity.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "ledger/account.hpp"
#include "ledger/expiry.hpp"
#include "ledger/idempotency.hpp"
#include "ledger/rules.hpp"
#include "member/ledger.hpp"

namespace member {
namespace {

constexpr std::size_t kMaxItems = 10'000;

std::string to_json(const BatchOutcome& o) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& r : o.results) {
    results.push_back({{"code", static_cast<int>(r.code)},
                       {"entry_id", r.entry_id},
                       {"field", r.field},
                       {"message", r.message}});
  }
  return nlohmann::json{{"batch_id", o.batch_id},
                        {"results", results},
                        {"succeeded", o.succeeded},
                        {"failed", o.failed},
                        {"amount", o.amount}}
      .dump();
}

BatchOutcome from_json(const std::string& text) {
  const auto j = nlohmann::json::parse(text);
  BatchOutcome o;
  o.batch_id = j.at("batch_id").get<std::string>();
  std::size_t index = 0;
  for (const auto& r : j.at("results")) {
    o.results.push_back({index++, static_cast<Errc>(r.at("code").get<int>()),
                         r.at("entry_id").get<std::string>(), r.at("field").get<std::string>(),
                         r.at("message").get<std::string>()});
  }
  o.succeeded = j.at("succeeded").get<std::int64_t>();
  o.failed = j.at("failed").get<std::int64_t>();
  o.amount = j.at("amount").get<std::int64_t>();
  return o;
}

/// Throws invalid_argument for an item no account may take.
void validate_item(const BatchItem& item) {
  detail::validate_user_id("user_id", item.user_id);
  if (item.amount == 0) throw Error(Errc::invalid_argument, "amount: must not be zero", "amount");
  if (item.amount < -detail::kMaxLedgerAmount) {
    throw Error(Errc::invalid_argument, "amount: is too large", "amount");
  }
  detail::validate_ledger_amount(item.amount < 0 ? -item.amount : item.amount);
  detail::validate_text("note", item.note, 500);
  detail::validate_text("event_type", item.event_type, 64);
}

/// The accounts a batch touches, each locked and settled once. They are read
/// and locked up front, many per statement and in user id order (so
/// concurrent batches take their locks in one order).
class BatchAccounts {
 public:
  BatchAccounts(storage::Transaction& tx, const std::string& tenant, Asset asset, std::int64_t now)
      : tx_(tx), tenant_(tenant), asset_(asset), now_(now) {}

  /// Locks the users of the valid items, and the balances of the active
  /// ones. A user whose items are all invalid is not touched (not settled).
  void lock(const std::vector<BatchItem>& items) {
    std::vector<std::string> ids;
    ids.reserve(items.size());
    for (const auto& item : items) {
      try {
        validate_item(item);
        ids.push_back(item.user_id);
      } catch (const Error&) {
        // apply_item refuses it again, with this error, before any account.
      }
    }
    std::vector<std::string> active;
    for (auto& [id, status] : tx_.users().lock_statuses(tenant_, std::move(ids))) {
      if (status == static_cast<int>(AccountStatus::active)) active.push_back(id);
      statuses_.emplace(std::move(id), status);
    }
    for (auto& balance :
         tx_.ledger().lock_balances(tenant_, std::move(active), static_cast<int>(asset_))) {
      auto account = std::make_unique<detail::Account>(tx_, std::move(balance), asset_, now_);
      account->settle();
      const std::string user_id = account->balance().user_id;
      accounts_.emplace(user_id, std::move(account));
    }
  }

  /// The user's account; throws not_found or failed_precondition (inactive).
  detail::Account& get(const std::string& user_id) {
    if (auto it = accounts_.find(user_id); it != accounts_.end()) return *it->second;
    const auto status = statuses_.find(user_id);
    if (status == statuses_.end()) throw Error(Errc::not_found, "user not found", "user_id");
    detail::require_active(status->second);
    throw Error(Errc::internal, "an active user's balance was not locked");
  }

  /// Saves in user id order (the map's), the order the balances were locked.
  void save() {
    for (auto& [user, account] : accounts_) account->save();
  }

 private:
  storage::Transaction& tx_;
  const std::string& tenant_;
  Asset asset_;
  std::int64_t now_;
  std::map<std::string, int> statuses_;
  std::map<std::string, std::unique_ptr<detail::Account>> accounts_;
};

/// Applies one item; throws member::Error (before writing anything) when it
/// cannot be applied. Returns the entry id.
std::string apply_item(const detail::Context& context, BatchAccounts& accounts, Asset asset,
                       const BatchRequest& batch, std::size_t index) {
  const BatchItem& item = batch.items[index];
  validate_item(item);
  detail::Account& account = accounts.get(item.user_id);
  storage::EntryRow entry = account.entry(item.amount > 0 ? EntryKind::earn : EntryKind::use);
  entry.amount = item.amount;
  entry.event_type = item.event_type.empty() ? "BATCH" : item.event_type;
  entry.description = item.note;
  entry.request_key = batch.key + "#" + std::to_string(index);
  std::vector<storage::LotShare> shares;
  if (item.amount > 0) {
    account.credit(entry, detail::lot_expiry_ms(context.options.points, asset, entry.event_type,
                                                account.now_ms()));
  } else {
    shares = account.debit(-item.amount);
  }
  return account.post(std::move(entry), shares).entry_id;
}

}  // namespace

BatchOutcome Ledger::apply_batch(const Actor& actor, const BatchRequest& request) {
  detail::require_permission(context_, actor, detail::ledger_permission(asset_, "batch"));
  detail::validate_ledger_key(request.key);
  if (request.reason.empty()) throw Error(Errc::invalid_argument, "reason: is required", "reason");
  detail::validate_text("reason", request.reason, 500);
  if (request.items.empty() || request.items.size() > kMaxItems) {
    throw Error(Errc::invalid_argument, "items: 1..10000 per batch", "items");
  }
  nlohmann::json content = {{"op", "batch"}, {"reason", request.reason}};
  auto& items = content["items"] = nlohmann::json::array();
  for (const auto& item : request.items) {
    items.push_back({item.user_id, item.amount, item.note, item.event_type});
  }
  const std::int64_t now = detail::to_ms(context_.now());
  const std::string fingerprint = detail::fingerprint_of(content);
  const auto replay = [](const std::string& answer) {
    BatchOutcome first = from_json(answer);
    first.replayed = true;
    return first;
  };
  // A batch is staff's: its key is the tenant's alone.
  const storage::RequestKeys keys{request.key, ""};
  auto tx = context_.storage->write();
  const auto find_replay = [&] {
    return detail::find_replay(tx->ledger(), actor.tenant, static_cast<int>(asset_), keys,
                               fingerprint);
  };
  // Looked up before the users are locked (a retry of a finished batch
  // locks nothing) and again after: a concurrent copy that held those locks
  // has committed by then. Copies that share no user meet when the key is
  // stored (commit_with_key).
  if (auto first = find_replay()) return replay(*first);
  BatchAccounts accounts(*tx, actor.tenant, asset_, now);
  accounts.lock(request.items);
  if (auto first = find_replay()) return replay(*first);
  BatchOutcome outcome;
  outcome.batch_id = request.key;
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    try {
      outcome.results.push_back(
          {.index = i, .entry_id = apply_item(context_, accounts, asset_, request, i)});
      ++outcome.succeeded;
      outcome.amount += request.items[i].amount;
    } catch (const Error& e) {
      if (e.code() == Errc::storage || e.code() == Errc::busy || e.code() == Errc::internal) {
        throw;  // the transaction itself failed: the batch as a whole did
      }
      outcome.results.push_back(
          {.index = i, .code = e.code(), .field = e.field(), .message = e.what()});
      ++outcome.failed;
    }
  }
  accounts.save();
  detail::record_audit(*tx, context_, actor, "ledger.batch", "",
                       {{"batch_id", request.key},
                        {"asset", to_string(asset_)},
                        {"reason", request.reason},
                        {"items", request.items.size()},
                        {"succeeded", outcome.succeeded},
                        {"failed", outcome.failed},
                        {"amount", outcome.amount}});
  if (auto first = detail::commit_with_key(
          *context_.storage, std::move(tx),
          {actor.tenant, static_cast<int>(asset_), keys, fingerprint, now}, to_json(outcome))) {
    return replay(*first);
  }
  return outcome;
}

}  // namespace member
