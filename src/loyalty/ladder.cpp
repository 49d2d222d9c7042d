#include "loyalty/ladder.hpp"

#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "crypto/random.hpp"
#include "loyalty/level_rules.hpp"

namespace member::detail {

std::vector<Level> load_ladder(storage::Transaction& tx, const std::string& tenant) {
  const auto rows = tx.loyalty().levels(tenant);
  if (rows.empty()) return default_levels();
  std::vector<Level> ladder;
  for (const auto& row : rows) {
    ladder.push_back({row.position, row.code, row.name, row.required_spend,
                      static_cast<std::int32_t>(row.discount_bp),
                      static_cast<std::int32_t>(row.multiplier_bp), flags_from_bits(row.flags)});
  }
  return ladder;
}

storage::MemberRow initial_member(const std::vector<Level>& ladder, const storage::UserRow& user) {
  storage::MemberRow row;
  row.tenant = user.tenant;
  row.user_id = user.id;
  row.level_code = ladder.front().code;
  row.level_since_ms = user.created_at_ms;
  return row;
}

std::size_t current_level(const std::vector<Level>& ladder, const storage::MemberRow& member) {
  if (auto at = level_index(ladder, member.level_code)) return *at;
  return level_for_spend(ladder, member.total_spent);
}

std::int64_t window_start_ms(std::int64_t days, std::int64_t now_ms) {
  return now_ms - days * 24 * 3600 * 1000;
}

std::int64_t qualifying_spend(storage::Transaction& tx, const storage::MemberRow& member,
                              std::int64_t window_days, std::int64_t now_ms) {
  if (window_days == 0) return member.total_spent;
  return tx.loyalty().spend_since(member.tenant, member.user_id,
                                  window_start_ms(window_days, now_ms));
}

LevelChange change_level(storage::Transaction& tx, const Context& context, const Actor& actor,
                         storage::MemberRow& member, const std::vector<Level>& ladder,
                         std::size_t to, LevelCause cause, const std::string& reason) {
  const std::int64_t now = to_ms(context.now());
  LevelChange change{new_operation_id(), member.level_code, ladder[to].code, from_ms(now)};
  member.level_code = ladder[to].code;
  member.manual = cause == LevelCause::by_hand;
  member.level_since_ms = now;
  tx.loyalty().add_level_change({member.tenant, change.operation_id, member.user_id,
                                 change.old_level, change.new_level, static_cast<int>(cause), now});
  static constexpr const char* kCauses[] = {"spend", "by_hand", "downgrade"};
  nlohmann::json detail = {{"operation_id", change.operation_id},
                           {"cause", kCauses[static_cast<int>(cause)]},
                           {"old_level", change.old_level},
                           {"new_level", change.new_level}};
  if (!reason.empty()) detail["reason"] = reason;
  record_audit(tx, context, actor, "loyalty.level", member.user_id, detail);
  return change;
}

std::string current_level_code(storage::Transaction& tx, const std::string& tenant,
                               const std::string& user_id) {
  const auto ladder = load_ladder(tx, tenant);
  const auto member = tx.loyalty().find_member(tenant, user_id);
  return member ? ladder[current_level(ladder, *member)].code : ladder.front().code;
}

std::string new_operation_id() {
  return "op" + crypto::random_string("0123456789abcdefghijklmnopqrstuvwxyz", 22);
}

}  // namespace member::detail
