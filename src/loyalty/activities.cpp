// Activities (C4): admin CRUD, the list with status and the member's
// eligibility, and joining once, never beyond the maximum.
#include "accounts/activity.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "loyalty/ladder.hpp"
#include "loyalty/level_rules.hpp"
#include "member/loyalty.hpp"

namespace member {
namespace {

void validate_activity(const Activity& a) {
  detail::validate_token("activity_id", a.activity_id, 64);
  if (a.title.empty()) throw Error(Errc::invalid_argument, "title: is empty", "title");
  detail::validate_text("title", a.title, 200);
  detail::validate_text("description", a.description, 2000, true);
  if (a.category.empty() || a.category.size() > 32 ||
      a.category.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != std::string::npos) {
    throw Error(Errc::invalid_argument, "category: must be 1-32 characters from A-Z, 0-9 and _",
                "category");
  }
  detail::validate_token("required_level", a.required_level, 32);
  if (a.end_time <= a.start_time) {
    throw Error(Errc::invalid_argument, "end_time: must be after start_time", "end_time");
  }
  if (a.max_participants < 0 || a.max_participants > 1'000'000'000) {
    throw Error(Errc::invalid_argument, "max_participants: must be 0..10^9", "max_participants");
  }
}

Activity to_activity(const storage::ActivityRow& r) {
  return {r.activity_id,
          r.title,
          r.description,
          r.category,
          r.required_level,
          detail::from_ms(r.start_ms),
          detail::from_ms(r.end_ms),
          r.max_participants};
}

ActivityStatus status_of(const storage::ActivityRow& r, std::int64_t now) {
  if (now < r.start_ms) return ActivityStatus::upcoming;
  return now < r.end_ms ? ActivityStatus::active : ActivityStatus::ended;
}

/// True when a member on ladder[level] may take part.
bool eligible(const std::vector<Level>& ladder, std::size_t level,
              const storage::ActivityRow& row) {
  const auto needed = detail::level_index(ladder, row.required_level);
  return needed && level >= *needed;
}

}  // namespace

Activity Loyalty::put_activity(const Actor& actor, const Activity& a) {
  detail::require_permission(context_, actor, "loyalty.configure");
  validate_activity(a);
  auto tx = context_.storage->write();
  auto& store = tx->loyalty();
  if (!detail::level_index(detail::load_ladder(*tx, actor.tenant), a.required_level)) {
    throw Error(Errc::invalid_argument, "required_level: not a level of the ladder",
                "required_level");
  }
  if (const auto existing = store.find_activity(actor.tenant, a.activity_id);
      existing && a.max_participants != 0 && a.max_participants < existing->participants) {
    throw Error(Errc::invalid_argument, "max_participants: below those who joined",
                "max_participants");
  }
  store.put_activity({actor.tenant, a.activity_id, a.title, a.description, a.category,
                      a.required_level, detail::to_ms(a.start_time), detail::to_ms(a.end_time),
                      a.max_participants, 0});
  detail::record_audit(*tx, context_, actor, "loyalty.activity.put", "",
                       {{"activity_id", a.activity_id},
                        {"category", a.category},
                        {"max_participants", a.max_participants}});
  tx->commit();
  return a;
}

void Loyalty::remove_activity(const Actor& actor, const std::string& activity_id) {
  detail::require_permission(context_, actor, "loyalty.configure");
  detail::validate_token("activity_id", activity_id, 64);
  auto tx = context_.storage->write();
  if (!tx->loyalty().remove_activity(actor.tenant, activity_id)) {
    throw Error(Errc::not_found, "activity not found", "activity_id");
  }
  detail::record_audit(*tx, context_, actor, "loyalty.activity.remove", "",
                       {{"activity_id", activity_id}});
  tx->commit();
}

ActivityList Loyalty::activities(const Actor& actor, const ActivityQuery& q) {
  detail::require_tenant(context_, actor);
  detail::validate_page(q.page);
  if (!q.category.empty()) detail::validate_token("category", q.category, 32);
  const int status = q.status ? static_cast<int>(*q.status) : -1;
  if (status < -1 || status > 2) {
    throw Error(Errc::invalid_argument, "status: unknown status", "status");
  }
  const std::string user_id =
      !q.user_id.empty() ? q.user_id : (actor.kind == ActorKind::user ? actor.id : "");
  auto tx = context_.storage->read();
  auto& store = tx->loyalty();
  const auto ladder = detail::load_ladder(*tx, actor.tenant);
  std::optional<std::size_t> level;
  if (!user_id.empty()) {
    detail::load_user(context_, *tx, actor, user_id);  // access and existence
    const auto member = store.find_member(actor.tenant, user_id);
    level = member ? detail::current_level(ladder, *member) : 0;
  }
  const storage::ActivityFilter filter{actor.tenant, q.category, status,
                                       detail::to_ms(context_.now())};
  ActivityList list;
  list.total = store.count_activities(filter);
  for (const auto& row : store.list_activities(filter, q.page.limit, q.page.offset)) {
    ActivityView v;
    v.activity = to_activity(row);
    v.status = status_of(row, filter.now_ms);
    v.participation_count = row.participants;
    if (level) {
      v.is_eligible = eligible(ladder, *level, row);
      v.is_participated = store.participates(actor.tenant, row.activity_id, user_id);
    }
    list.activities.push_back(std::move(v));
  }
  return list;
}

Participation Loyalty::join_activity(const Actor& actor, const std::string& user_id,
                                     const std::string& activity_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_access(context_, actor, user_id);
  detail::validate_token("activity_id", activity_id, 64);
  const std::int64_t now = detail::to_ms(context_.now());
  auto tx = context_.storage->write();
  auto& store = tx->loyalty();
  const auto user = detail::load_user(context_, *tx, actor, user_id);
  detail::require_active(user);
  // Locked until commit: concurrent joins of this activity queue here, so
  // the count read below is the one the insert raises.
  const auto row = store.find_activity(actor.tenant, activity_id);
  if (!row) throw Error(Errc::not_found, "activity not found", "activity_id");
  const ActivityStatus status = status_of(*row, now);
  if (status == ActivityStatus::upcoming) {
    throw Error(Errc::failed_precondition, "the activity has not started", "start_time");
  }
  if (status == ActivityStatus::ended) {
    throw Error(Errc::failed_precondition, "the activity has ended", "end_time");
  }
  const auto ladder = detail::load_ladder(*tx, actor.tenant);
  auto member = store.lock_member(detail::initial_member(ladder, user));
  if (!eligible(ladder, detail::current_level(ladder, member), *row)) {
    throw Error(Errc::failed_precondition, "the member's level is below the required level",
                "required_level");
  }
  if (store.participates(actor.tenant, activity_id, user_id)) {
    throw Error(Errc::conflict, "the member already joined the activity", "activity_id");
  }
  if (row->max_participants != 0 && row->participants >= row->max_participants) {
    throw Error(Errc::resource_exhausted, "the activity is full", "max_participants");
  }
  const std::string participation_id = detail::new_operation_id();
  store.add_participation(actor.tenant, activity_id, user_id, participation_id, now);
  member.last_active_ms = now;
  store.put_member(member);
  detail::record_audit(*tx, context_, actor, "loyalty.activity.join", user_id,
                       {{"activity_id", activity_id}, {"participation_id", participation_id}});
  tx->commit();
  return {participation_id, activity_id, row->title, detail::from_ms(now)};
}

}  // namespace member
