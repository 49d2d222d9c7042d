// D1, D2 (seed 002): reports, blocking through the one status change, and
// unblocking after the period, on every backend with a manual clock.
#include "sessions/session_helpers.hpp"

namespace member::test {
namespace {

using Days = std::chrono::days;

/// `n` reports against `user` by distinct staff operators.
ModerationState report_times(SessionFixture& f, const std::string& user, int n) {
  ModerationState s;
  for (int i = 0; i < n; ++i) {
    s = f.sys->moderation().report(Actor::admin("mod-" + std::to_string(i)), user,
                                   "abusive driver");
  }
  return s;
}

bool can_earn(SessionFixture& f, const std::string& user) {
  try {
    f.sys->points().earn(
        kStaff, {.user_id = user,
                 .amount = 10,
                 .key = "earn-" + std::to_string(f.clock->now().time_since_epoch().count())});
    return true;
  } catch (const Error& e) {
    CHECK(e.code() == Errc::failed_precondition);
    return false;
  }
}

}  // namespace

TEST_CASE(
    "D1 D2 seed 002: 10 reports block; unblock refused at 5 months, granted at 6 with "
    "count 9; one more report blocks again") {
  on_each_backend([](SessionFixture& f) {
    Moderation& m = f.sys->moderation();
    const TokenPair session = f.sign_in().tokens;

    // Nine reports: counted, still active.
    ModerationState s = report_times(f, f.alice, 9);
    CHECK(s.report_count == 9);
    CHECK_FALSE(s.blocked);
    CHECK(f.valid(session.access_token));
    CHECK(can_earn(f, f.alice));

    // The tenth blocks: sessions end, sign-in and activity are refused.
    f.clock->advance(Days(1));
    const TimePoint last_report = f.clock->now();
    s = m.report(Actor::user(f.sys->accounts().register_user(kAnonymous, with_username("rider"))),
                 f.alice, "unsafe driving");
    CHECK(s.report_count == 10);
    CHECK(s.blocked);
    CHECK(s.last_report_at == last_report);
    CHECK(s.unblock_possible_at == last_report + Days(183));
    CHECK(f.sys->accounts().profile(kStaff, f.alice).status == AccountStatus::blocked);
    CHECK_FALSE(f.valid(session.access_token));
    CHECK_FALSE(f.valid(session.access_token, {.check_session = true}));
    CHECK_FALSE(f.refreshes(session.refresh_token));
    check_error([&] { f.sign_in(); }, Errc::unauthenticated);
    CHECK_FALSE(can_earn(f, f.alice));
    // A blocked user cannot report others either.
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bob"));
    check_error([&] { m.report(Actor::user(f.alice), bob, "revenge"); }, Errc::failed_precondition);

    // Five months later: refused, with the date it becomes possible.
    f.clock->advance(Days(150));
    const Error early = caught([&] { m.request_unblock(Actor::user(f.alice), f.alice); });
    CHECK(early.code() == Errc::failed_precondition);
    REQUIRE(early.retry_at().has_value());
    CHECK(*early.retry_at() == last_report + Days(183));
    CHECK(m.state(kStaff, f.alice).blocked);

    // Six months after the latest report: granted, the count goes to 9.
    f.clock->set(last_report + Days(183));
    s = m.request_unblock(Actor::user(f.alice), f.alice);
    CHECK_FALSE(s.blocked);
    CHECK(s.report_count == 9);
    CHECK(f.sys->accounts().profile(kStaff, f.alice).status == AccountStatus::active);
    const TokenPair again = f.sign_in().tokens;
    CHECK(f.valid(again.access_token));
    CHECK(can_earn(f, f.alice));

    // A single new report blocks again.
    s = m.report(kStaff, f.alice, "again");
    CHECK(s.report_count == 10);
    CHECK(s.blocked);
    CHECK_FALSE(f.valid(again.access_token));

    // All of it audited.
    CHECK(audit_of(*f.sys, f.alice, "moderation.report").size() == 11);
    CHECK(audit_of(*f.sys, f.alice, "account.block").size() == 2);
    CHECK(audit_of(*f.sys, f.alice, "account.unblock").size() == 1);
    CHECK(audit_of(*f.sys, f.alice, "session.revoke").size() == 2);
  });
}

TEST_CASE("D2: reports while blocked push the unblock date; the count never returns to 0") {
  on_each_backend(
      [](SessionFixture& f) {
        Moderation& m = f.sys->moderation();
        CHECK(report_times(f, f.alice, 1).blocked);  // threshold 1
        f.clock->advance(Days(20));
        const ModerationState s = report_times(f, f.alice, 1);
        CHECK(s.report_count == 2);
        CHECK(s.unblock_possible_at == f.clock->now() + Days(30));
        f.clock->advance(Days(29));
        check_error([&] { m.request_unblock(kStaff, f.alice); }, Errc::failed_precondition);
        f.clock->advance(Days(1));
        CHECK(m.request_unblock(kStaff, f.alice).report_count == 1);
        // Already active: nothing to unblock.
        check_error([&] { m.request_unblock(kStaff, f.alice); }, Errc::failed_precondition);
        const ModerationState blocked = report_times(f, f.alice, 1);
        CHECK(blocked.blocked);
        CHECK(blocked.report_count == 2);
      },
      [](Options& o) { o.moderation = {.block_threshold = 1, .unblock_after = Days(30)}; });
}

TEST_CASE("D1: who may report and unblock; bad input; a disabled user is not blocked") {
  on_each_backend([](SessionFixture& f) {
    Moderation& m = f.sys->moderation();
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bob"));
    check_error([&] { m.report(kAnonymous, f.alice, "spam"); }, Errc::permission_denied);
    check_error([&] { m.report(Actor::user(f.alice), f.alice, "me"); }, Errc::invalid_argument,
                "user_id");
    check_error([&] { m.report(kStaff, f.alice, ""); }, Errc::invalid_argument, "reason");
    check_error([&] { m.report(kStaff, f.alice, std::string(501, 'x')); }, Errc::invalid_argument,
                "reason");
    check_error([&] { m.report(kStaff, "nobody", "spam"); }, Errc::invalid_argument, "user_id");
    check_error([&] { m.report(kStaff, "00000000-0000-4000-8000-000000000000abcd", "spam"); },
                Errc::not_found, "user_id");
    check_error([&] { m.state(Actor::user(bob), f.alice); }, Errc::permission_denied);
    check_error([&] { m.request_unblock(Actor::user(bob), f.alice); }, Errc::permission_denied);
    CHECK(m.state(Actor::user(f.alice), f.alice).report_count == 0);
    // Nothing was counted by the refused reports.
    CHECK(audit_of(*f.sys, f.alice, "moderation.report").empty());

    // A disabled account reaching the threshold keeps its status.
    f.sys->accounts().set_status(kStaff, f.alice, AccountStatus::disabled, "review");
    const ModerationState s = report_times(f, f.alice, 10);
    CHECK(s.report_count == 10);
    CHECK_FALSE(s.blocked);
    CHECK(f.sys->accounts().profile(kStaff, f.alice).status == AccountStatus::disabled);
  });
}

TEST_CASE("D1: a moderation policy that makes no sense is refused when opening") {
  Options o = memory_options();
  o.moderation.block_threshold = 0;
  check_error([&] { System sys(o); }, Errc::invalid_argument, "moderation");
}

}  // namespace member::test
