// F3: login-log and audit-trail queries (filters, paging, access) and
// login-log retention, on every backend with a manual clock.
#include "sessions/session_helpers.hpp"

namespace member::test {
namespace {

using std::chrono::days;
using std::chrono::minutes;

void attempt(SessionFixture& f, const std::string& who, const std::string& password) {
  try {
    f.sys->accounts().sign_in(kAnonymous, credentials(who, password));
  } catch (const Error&) {
  }
}

}  // namespace

TEST_CASE("F3 login log: per user for the user and staff, per tenant for staff, by time, paged") {
  on_each_backend([](SessionFixture& f) {
    AuditLog& log = f.sys->audit();
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bob"));
    const TimePoint t0 = f.clock->now();
    attempt(f, "alice", kPassword);
    f.clock->advance(minutes(1));
    attempt(f, "bob", kOtherPassword);  // a failure
    f.clock->advance(minutes(1));
    attempt(f, "alice", kOtherPassword);
    f.clock->advance(minutes(1));
    attempt(f, "nobody", kPassword);  // matches no user

    const auto alices = log.logins(Actor::user(f.alice), {.user_id = f.alice});
    REQUIRE(alices.size() == 2);
    CHECK(alices[0].outcome == SignInOutcome::wrong_password);  // newest first
    CHECK(alices[1].outcome == SignInOutcome::success);
    CHECK(alices[1].at == t0);
    const auto tenant = log.logins(kStaff, {});
    CHECK(tenant.size() == 4);
    CHECK(tenant[0].user_id.empty());
    CHECK(log.logins(kStaff, {.from = t0 + minutes(1), .to = t0 + minutes(3)}).size() == 2);
    CHECK(log.logins(kStaff, {.user_id = bob}).at(0).outcome == SignInOutcome::wrong_password);
    CHECK(log.logins(kStaff, {.page = {.limit = 1, .offset = 1}}).at(0).user_id == f.alice);
    // Another tenant sees nothing of it.
    f.sys->tenants().create(Actor::system(), {.id = "elsewhere", .name = "Elsewhere"});
    CHECK(log.logins(Actor::admin("ops", "elsewhere"), {}).empty());

    check_error([&] { log.logins(Actor::user(f.alice), {}); }, Errc::permission_denied);
    check_error([&] { log.logins(Actor::user(f.alice), {.user_id = bob}); },
                Errc::permission_denied);
    check_error([&] { log.logins(kAnonymous, {}); }, Errc::permission_denied);
    check_error([&] { log.logins(kStaff, {.user_id = "x"}); }, Errc::invalid_argument, "user_id");
    check_error([&] { log.logins(kStaff, {.page = {.limit = 0}}); }, Errc::invalid_argument,
                "page.limit");
    check_error([&] { log.logins(kStaff, {.from = t0 + minutes(1), .to = t0}); },
                Errc::invalid_argument, "to");
  });
}

TEST_CASE("F3 audit trail: filters by actor, target, action and time range") {
  on_each_backend([](SessionFixture& f) {
    AuditLog& log = f.sys->audit();
    const TimePoint t0 = f.clock->now();
    f.clock->advance(minutes(1));
    f.sys->accounts().set_status(Actor::admin("ops-a"), f.alice, AccountStatus::disabled, "x");
    f.clock->advance(minutes(1));
    f.sys->accounts().set_status(Actor::admin("ops-b"), f.alice, AccountStatus::active);
    f.clock->advance(minutes(1));
    f.sys->moderation().report(Actor::admin("ops-a"), f.alice, "spam");

    CHECK(log.list(kStaff, {.actor_id = "ops-a"}).size() == 2);
    CHECK(log.list(kStaff, {.action = "account.status.change", .actor_id = "ops-b"}).size() == 1);
    CHECK(log.list(kStaff, {.user_id = f.alice, .from = t0 + minutes(1), .to = t0 + minutes(2)})
              .size() == 1);
    CHECK(log.list(kStaff, {.user_id = f.alice, .from = t0 + minutes(1)}).size() == 3);
    CHECK(log.list(kStaff, {.to = t0 + minutes(1)}).size() == 1);  // the registration
    CHECK(log.list(kStaff, {.actor_id = "nobody"}).empty());
    CHECK(log.list(Actor::user(f.alice), {.user_id = f.alice, .actor_id = "ops-b"}).size() == 1);
    check_error([&] { log.list(kStaff, {.actor_id = std::string(129, 'a')}); },
                Errc::invalid_argument, "actor_id");
    check_error([&] { log.list(kStaff, {.from = t0 + minutes(2), .to = t0}); },
                Errc::invalid_argument, "to");
  });
}

TEST_CASE("F3 retention: login-log entries older than N days are deleted, audit records kept") {
  on_each_backend([](SessionFixture& f) {
    AuditLog& log = f.sys->audit();
    attempt(f, "alice", kPassword);
    f.clock->advance(days(10));
    attempt(f, "alice", kPassword);
    f.clock->advance(days(10));
    attempt(f, "alice", kPassword);
    const std::size_t audit_before = log.list(kStaff, {.page = {.limit = 1000}}).size();

    CHECK(log.purge_logins(kStaff, 15) == 1);  // the one 20 days old
    CHECK(log.logins(kStaff, {}).size() == 2);
    CHECK(log.purge_logins(kStaff, 15) == 0);
    CHECK(log.purge_logins(Actor::system(), 5) == 1);
    CHECK(log.logins(kStaff, {}).size() == 1);
    // Audit records stay, plus one per purge.
    const auto audit = log.list(kStaff, {.page = {.limit = 1000}});
    CHECK(audit.size() == audit_before + 3);
    CHECK(log.list(kStaff, {.action = "login_log.purge"}).size() == 3);
    check_error([&] { log.purge_logins(Actor::user(f.alice), 1); }, Errc::permission_denied);
    check_error([&] { log.purge_logins(kStaff, 0); }, Errc::invalid_argument, "older_than_days");
  });
}

}  // namespace member::test
