// F3: the hash-chained audit trail. Every record is linked to the one before
// it in its tenant; AuditLog::verify finds edited, deleted, inserted and
// reordered records (made here with raw SQL behind the library's back) and
// says where. Appends from racing threads keep one unbroken chain.
#include <algorithm>

#include "sessions/audit_chain_helpers.hpp"
#include "support/latch.hpp"

namespace member::test {
namespace {

/// Registers bob, carol and dave: with alice's, at least four audit records.
void add_members(SessionFixture& f) {
  for (const char* name : {"bob", "carol", "dave"}) {
    f.clock->advance(std::chrono::minutes(1));
    f.sys->accounts().register_user(kAnonymous, with_username(name));
  }
}

/// The tenant's audit entries, oldest first (chain order when appended one at a time).
std::vector<AuditEntry> oldest_first(SessionFixture& f) {
  auto entries = f.sys->audit().list(kStaff, {.page = {.limit = 100}});
  std::reverse(entries.begin(), entries.end());
  return entries;
}

struct Tamper {
  std::string what;
  std::string sql;
  AuditBreak problem;
  std::int64_t position;  ///< -1: one past the last record
  bool has_record;        ///< a record is found at that position
};

}  // namespace

TEST_CASE("F3 audit chain: intact after every kind of write, staff only, per tenant") {
  on_each_backend([](SessionFixture& f, const Backend& backend) {
    add_members(f);
    f.sys->audit().purge_logins(kStaff, 30);  // an audited staff action too
    const auto entries = oldest_first(f);
    REQUIRE(entries.size() >= 5);
    const AuditVerification v = f.sys->audit().verify(kStaff);
    CHECK(v.intact);
    CHECK(v.problem == AuditBreak::none);
    CHECK(v.checked == entries.size());
    CHECK(v.position == 0);
    CHECK(v.head_hash.size() == 64);

    // A record from before the chain (position 0, no hashes, and a sequence
    // below every chained one) is outside it.
    const bool postgres = backend.name == "postgres";
    raw_exec(backend, std::string("INSERT INTO audit_log (seq, tenant, at, actor_kind, actor_id, "
                                  "action, user_id, detail) ") +
                          (postgres ? "OVERRIDING SYSTEM VALUE " : "") +
                          "VALUES (0, 'default', 1, 4, '', 'legacy', '', '{}')");
    const AuditVerification legacy = f.sys->audit().verify(kStaff);
    CHECK(legacy.intact);
    CHECK(legacy.checked == entries.size());
    CHECK(legacy.head_hash == v.head_hash);
    // One without a position written since is inserted: found, by sequence.
    raw_exec(backend,
             "INSERT INTO audit_log (tenant, at, actor_kind, actor_id, action, user_id, detail) "
             "VALUES ('default', 1, 4, '', 'forged', '', '{}')");
    const AuditVerification forged = f.sys->audit().verify(kStaff);
    CHECK_FALSE(forged.intact);
    CHECK(forged.problem == AuditBreak::unchained);
    CHECK(forged.position == 0);
    const auto listed = f.sys->audit().list(kStaff, {.action = "forged"});
    REQUIRE(listed.size() == 1);
    CHECK(forged.sequence == listed[0].sequence);
    raw_exec(backend, "DELETE FROM audit_log WHERE action = 'forged'");
    CHECK(f.sys->audit().verify(kStaff).intact);
    // One with a negative position (never written by member) is inserted
    // whatever its sequence.
    raw_exec(backend, std::string("INSERT INTO audit_log (seq, tenant, at, actor_kind, actor_id, "
                                  "action, user_id, detail, chain_pos) ") +
                          (postgres ? "OVERRIDING SYSTEM VALUE " : "") +
                          "VALUES (-5, 'default', 1, 4, '', 'forged', '', '{}', -1)");
    const AuditVerification negative = f.sys->audit().verify(kStaff);
    CHECK_FALSE(negative.intact);
    CHECK(negative.problem == AuditBreak::unchained);
    CHECK(negative.sequence == -5);
    raw_exec(backend, "DELETE FROM audit_log WHERE action = 'forged'");
    CHECK(f.sys->audit().verify(kStaff).intact);

    // Another tenant has a chain of its own: empty here.
    f.sys->tenants().create(Actor::system(), {.id = "elsewhere", .name = "Elsewhere"});
    const AuditVerification other = f.sys->audit().verify(Actor::admin("ops", "elsewhere"));
    CHECK(other.intact);
    CHECK(other.checked == 0);
    CHECK(other.head_hash.empty());

    check_error([&] { f.sys->audit().verify(Actor::user(f.alice)); }, Errc::permission_denied);
    check_error([&] { f.sys->audit().verify(kAnonymous); }, Errc::permission_denied);

    // The chain goes on across a reopen; the head moves.
    f.sys.reset();
    SessionFixture again(backend.options(), false);
    again.sys->accounts().register_user(kAnonymous, with_username("erin"));
    const AuditVerification after = again.sys->audit().verify(kStaff);
    CHECK(after.intact);
    CHECK(after.checked > entries.size());
    // Every record but the legacy one is chained.
    CHECK(after.checked == again.sys->audit().list(kStaff, {.page = {.limit = 100}}).size() - 1);
    CHECK(after.head_hash != v.head_hash);
  });
}

TEST_CASE("F3 audit chain: edited, deleted, inserted and reordered records are found and located") {
  const std::string where = " WHERE tenant = 'default' AND chain_pos = ";
  const std::vector<Tamper> tampers = {
      {"detail edited", "UPDATE audit_log SET detail = '{\"forged\":true}'" + where + "2",
       AuditBreak::altered, 2, true},
      {"time edited", "UPDATE audit_log SET at = at + 1" + where + "3", AuditBreak::altered, 3,
       true},
      {"actor edited", "UPDATE audit_log SET actor_id = 'someone'" + where + "1",
       AuditBreak::altered, 1, true},
      {"link edited", "UPDATE audit_log SET prev_hash = hash" + where + "2",
       AuditBreak::broken_link, 2, true},
      {"middle record deleted", "DELETE FROM audit_log" + where + "2", AuditBreak::gap, 2, true},
      {"record taken out of the chain", "UPDATE audit_log SET chain_pos = 0" + where + "3",
       AuditBreak::gap, 3, true},
      {"two records swapped",
       "UPDATE audit_log SET chain_pos = 5 - chain_pos WHERE tenant = 'default' AND chain_pos IN "
       "(2, 3)",
       AuditBreak::broken_link, 2, true},
      {"record copied in",
       "INSERT INTO audit_log (tenant, at, actor_kind, actor_id, action, user_id, detail, "
       "chain_pos, prev_hash, hash) SELECT tenant, at, actor_kind, actor_id, action, user_id, "
       "detail, chain_pos, prev_hash, hash FROM audit_log" +
           where + "2",
       AuditBreak::broken_link, 3, true},
      {"newest record deleted",
       "DELETE FROM audit_log WHERE tenant = 'default' AND chain_pos = (SELECT max(chain_pos) "
       "FROM audit_log WHERE tenant = 'default')",
       AuditBreak::truncated, 0, false},
      {"chain head edited", "UPDATE audit_chain SET head_hash = 'x' WHERE tenant = 'default'",
       AuditBreak::truncated, -1, false},
      {"chain head deleted", "DELETE FROM audit_chain WHERE tenant = 'default'",
       AuditBreak::truncated, -1, false},
  };
  for (const Tamper& t : tampers) {
    CAPTURE(t.what);
    on_each_backend([&t](SessionFixture& f, const Backend& backend) {
      add_members(f);
      const auto entries = oldest_first(f);
      REQUIRE(f.sys->audit().verify(kStaff).intact);
      raw_exec(backend, t.sql);
      const AuditVerification v = f.sys->audit().verify(kStaff);
      CHECK_FALSE(v.intact);
      CHECK(v.problem == t.problem);
      const auto last = static_cast<std::int64_t>(entries.size());
      // Deleting the newest record leaves the chain one shorter.
      const std::int64_t position =
          t.position == -1 ? last + 1 : (t.position == 0 ? last : t.position);
      CHECK(v.position == position);
      if (t.has_record) {
        // The record found there: the one that followed (gap), its copy, or itself.
        CHECK(v.sequence != 0);
        if (t.problem == AuditBreak::altered) {
          CHECK(v.sequence == entries.at(static_cast<std::size_t>(position - 1)).sequence);
        }
        if (t.problem == AuditBreak::gap) {
          CHECK(v.sequence == entries.at(static_cast<std::size_t>(position)).sequence);
        }
      } else {
        CHECK(v.sequence == 0);
      }
      check_error([&] { f.sys->audit().verify(Actor::user(f.alice)); }, Errc::permission_denied);
    });
  }
}

TEST_CASE("F3 audit chain: appends from racing threads make one unbroken chain") {
  on_each_backend([](SessionFixture& f) {
    constexpr std::size_t kThreads = 6;
    constexpr int kEach = 4;
    race(kThreads, [&](std::size_t i) {
      for (int j = 0; j < kEach; ++j) {
        f.sys->accounts().register_user(
            kAnonymous, with_username("racer" + std::to_string(i) + "x" + std::to_string(j)));
      }
    });
    const auto entries = f.sys->audit().list(kStaff, {.page = {.limit = 100}});
    CHECK(entries.size() >= 1 + kThreads * kEach);
    const AuditVerification v = f.sys->audit().verify(kStaff);
    CHECK(v.intact);
    CHECK(v.problem == AuditBreak::none);
    CHECK(v.checked == entries.size());
  });
}

}  // namespace member::test
