// Reading a tenant's ladder and a member's loyalty row, shared by the
// loyalty services.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/context.hpp"
#include "member/loyalty.hpp"
#include "member/storage.hpp"

namespace member::detail {

/// The tenant's ladder, lowest first: the stored one or default_levels().
std::vector<Level> load_ladder(storage::Transaction& tx, const std::string& tenant);

/// The row a member without one starts from: the lowest level since joining.
storage::MemberRow initial_member(const std::vector<Level>& ladder, const storage::UserRow& user);

/// The member's level: their stored code, or (when the ladder no longer has
/// it) the level their spend qualifies for.
std::size_t current_level(const std::vector<Level>& ladder, const storage::MemberRow& member);

/// The user's current level code (the lowest level's for a user without a
/// loyalty row), read in `tx`: for the JWT `level` claim (issue 6).
std::string current_level_code(storage::Transaction& tx, const std::string& tenant,
                               const std::string& user_id);

/// The spend that earns a member a level: with a downgrade policy of
/// `window_days` days (0: none), their spend of those last days, the
/// same spend the downgrade job judges, so that a level it took away is not
/// given back by the next small order; without one, all their spend.
std::int64_t qualifying_spend(storage::Transaction& tx, const storage::MemberRow& member,
                              std::int64_t window_days, std::int64_t now_ms);

/// The start of a downgrade window of `days` ending at `now_ms`.
std::int64_t window_start_ms(std::int64_t days, std::int64_t now_ms);

/// Why a level changed (stored).
enum class LevelCause : int { spend = 0, by_hand = 1, downgrade = 2 };

/// Moves the member to ladder[to] (when different), records the change with
/// a new operation id and audits it as "loyalty.level" (cause, both codes,
/// `reason` when given). Returns the change; the caller saves the member.
LevelChange change_level(storage::Transaction& tx, const Context& context, const Actor& actor,
                         storage::MemberRow& member, const std::vector<Level>& ladder,
                         std::size_t to, LevelCause cause, const std::string& reason = {});

/// A new operation id: "op" and 22 random characters.
std::string new_operation_id();

}  // namespace member::detail
