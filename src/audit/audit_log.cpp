#include "member/audit.hpp"

#include "audit/chain.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/context.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"

namespace member {
namespace {

/// The time range of a query, checked (from must not be after to).
void set_range(storage::LogFilter& filter, const std::optional<TimePoint>& from,
               const std::optional<TimePoint>& to) {
  if (from && to && *to < *from) {
    throw Error(Errc::invalid_argument, "to: is before from", "to");
  }
  if (from) filter.from_ms = detail::to_ms(*from);
  if (to) filter.to_ms = detail::to_ms(*to);
}

}  // namespace

std::vector<AuditEntry> AuditLog::list(const Actor& actor, const AuditQuery& query) {
  detail::require_tenant(context_, actor);
  if (!detail::holds_permission(context_, actor, "audit.read")) {
    // A user may read the trail about themself only.
    detail::require_access(context_, actor, query.user_id);
  }
  if (!query.user_id.empty()) detail::validate_user_id("user_id", query.user_id);
  detail::validate_text("action", query.action, 64);
  detail::validate_page(query.page);
  detail::validate_text("actor_id", query.actor_id, 128);
  auto tx = context_.storage->read();
  std::vector<AuditEntry> entries;
  storage::LogFilter filter{.tenant = actor.tenant,
                            .user_id = query.user_id,
                            .action = query.action,
                            .actor_id = query.actor_id};
  set_range(filter, query.from, query.to);
  for (auto& row : tx->audit().query(filter, query.page.limit, query.page.offset)) {
    entries.push_back({.sequence = row.sequence,
                       .at = detail::from_ms(row.at_ms),
                       .actor_kind = static_cast<ActorKind>(row.actor_kind),
                       .actor_id = std::move(row.actor_id),
                       .action = std::move(row.action),
                       .user_id = std::move(row.user_id),
                       .detail = std::move(row.detail)});
  }
  return entries;
}

std::vector<LoginRecord> AuditLog::logins(const Actor& actor, const LoginQuery& query) {
  if (!query.user_id.empty()) detail::validate_user_id("user_id", query.user_id);
  detail::require_tenant(context_, actor);
  // Holders of audit.logins read anyone's log; others only their own.
  if (!detail::holds_permission(context_, actor, "audit.logins")) {
    if (query.user_id.empty()) detail::require_permission(context_, actor, "audit.logins");
    detail::require_access(context_, actor, query.user_id);
  }
  detail::validate_page(query.page);
  storage::LogFilter filter{.tenant = actor.tenant, .user_id = query.user_id};
  set_range(filter, query.from, query.to);
  auto tx = context_.storage->read();
  std::vector<LoginRecord> records;
  for (auto& row : tx->logins().query(filter, query.page.limit, query.page.offset)) {
    records.push_back(detail::to_login_record(std::move(row)));
  }
  return records;
}

std::uint64_t AuditLog::purge_logins(const Actor& actor, std::uint32_t older_than_days) {
  detail::require_permission(context_, actor, "audit.purge");
  if (older_than_days < 1 || older_than_days > 36600) {
    throw Error(Errc::invalid_argument, "older_than_days: must be 1..36600", "older_than_days");
  }
  const auto before = context_.now() - std::chrono::days(older_than_days);
  auto tx = context_.storage->write();
  const std::int64_t deleted = tx->logins().purge(actor.tenant, detail::to_ms(before));
  detail::record_audit(*tx, context_, actor, "login_log.purge", "",
                       {{"older_than_days", older_than_days}, {"deleted", deleted}});
  tx->commit();
  return static_cast<std::uint64_t>(deleted);
}

AuditVerification AuditLog::verify(const Actor& actor) {
  detail::require_permission(context_, actor, "audit.verify");
  constexpr std::uint32_t kBatch = 1000;
  AuditVerification result;
  const auto broken = [&result](AuditBreak problem, std::int64_t position, std::int64_t sequence) {
    result.intact = false;
    result.problem = problem;
    result.position = position;
    result.sequence = sequence;
    return result;
  };
  auto tx = context_.storage->read();
  const auto head = tx->audit().chain_head(actor.tenant);
  std::int64_t expected = 1;  // the next chain position
  std::string previous;       // the hash of the record before it
  std::int64_t after_pos = 0;
  std::int64_t after_sequence = 0;
  for (;;) {
    const auto rows = tx->audit().chain(actor.tenant, after_pos, after_sequence, kBatch);
    for (const auto& row : rows) {
      ++result.checked;
      if (row.chain_pos > expected) return broken(AuditBreak::gap, expected, row.sequence);
      if (row.chain_pos < expected || row.prev_hash != previous) {
        return broken(AuditBreak::broken_link, expected, row.sequence);
      }
      if (detail::audit_chain_hash(row) != row.hash) {
        return broken(AuditBreak::altered, expected, row.sequence);
      }
      previous = row.hash;
      ++expected;
    }
    if (rows.size() < kBatch) break;
    after_pos = rows.back().chain_pos;
    after_sequence = rows.back().sequence;
  }
  result.head_hash = previous;
  // The newest records deleted, or the head itself tampered with.
  const std::int64_t last = expected - 1;
  if (head ? head->position != last || head->hash != previous : last != 0) {
    return broken(AuditBreak::truncated, expected, 0);
  }
  if (const auto inserted = tx->audit().unchained_after_chain(actor.tenant)) {
    return broken(AuditBreak::unchained, 0, *inserted);
  }
  return result;
}

}  // namespace member
