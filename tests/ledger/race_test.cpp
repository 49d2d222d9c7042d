// C1 races: many threads (and several Systems, as several application
// servers would) spend one balance or retry one key at once. Exactly the
// right number of spends succeed, the balance never goes negative, the totals
// are conserved, and a retried key has one effect.
#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "core/ids.hpp"
#include "ledger/ledger_helpers.hpp"
#include "support/latch.hpp"
#include "support/postgres.hpp"

namespace member::test {
namespace {

constexpr std::size_t kThreads = 32;

/// What one thread saw: a movement or an error.
struct Outcome {
  std::optional<Movement> movement;
  Errc code = Errc::ok;
  std::optional<std::int64_t> shortage;
  std::string what;
};

template <class F>
Outcome attempt(F&& f) {
  Outcome o;
  try {
    o.movement = f();
  } catch (const Error& e) {
    o.code = e.code();
    o.shortage = e.shortage();
    o.what = e.what();
  } catch (const std::exception& e) {
    o.code = Errc::internal;
    o.what = e.what();
  }
  return o;
}

/// Systems sharing one database: `count` of them on the SQLite file of `dir`,
/// or on a PostgreSQL schema.
struct Cluster {
  std::vector<std::unique_ptr<System>> systems;
  std::unique_ptr<SqlProbe> probe;
  std::string alice;

  System& at(std::size_t i) { return *systems[i % systems.size()]; }
  Summary summary() { return systems[0]->points().summary(kAdmin, alice); }
  History history(std::optional<EntryKind> kind = {}) {
    HistoryQuery q;
    q.user_id = alice;
    q.kind = kind;
    q.page.limit = 1000;
    return systems[0]->points().history(kAdmin, q);
  }
};

Cluster sqlite_cluster(const TempDir& dir, std::size_t count) {
  Cluster c;
  for (std::size_t i = 0; i < count; ++i) {
    Options o = file_options(dir);
    o.master_key = kTestMasterKey;
    c.systems.push_back(std::make_unique<System>(std::move(o)));
  }
  c.probe = std::make_unique<SqliteProbe>(dir.file("member.db"));
  c.alice = c.systems[0]->accounts().register_user(Actor::anonymous(), with_username("racer"));
  return c;
}

#ifdef MEMBER_TEST_WITH_POSTGRES
Cluster postgres_cluster(const std::string& server, std::size_t count) {
  const std::string conninfo = fresh_postgres_schema(server);
  Cluster c;
  for (std::size_t i = 0; i < count; ++i) {
    Options o;
    o.database = conninfo;
    o.master_key = kTestMasterKey;
    o.password_hashing = cheap_hashing();
    o.pool_size = 8;
    c.systems.push_back(std::make_unique<System>(std::move(o)));
  }
  c.probe = postgres_probe(conninfo);
  c.alice = c.systems[0]->accounts().register_user(Actor::anonymous(), with_username("racer"));
  return c;
}
#endif

/// Watches the balance while a race runs: the lowest available seen, from
/// the API and from the raw row.
class Watcher {
 public:
  explicit Watcher(Cluster& c) : c_(c), thread_([this] { run(); }) {}
  ~Watcher() { stop(); }
  void stop() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }
  std::int64_t lowest() const { return lowest_; }

 private:
  void run() {
    while (!done_) {
      lowest_ = std::min(lowest_.load(), c_.summary().available);
      const auto [posted, frozen] = raw_balance(*c_.probe, c_.alice, Asset::points);
      lowest_ = std::min(lowest_.load(), posted - frozen);
      std::this_thread::yield();
    }
  }
  Cluster& c_;
  std::atomic<bool> done_{false};
  std::atomic<std::int64_t> lowest_{std::numeric_limits<std::int64_t>::max()};
  std::thread thread_;
};

void spend_whole_balance(Cluster& c) {
  c.at(0).points().earn(kAdmin, {.user_id = c.alice, .amount = 1000, .key = "grant"});
  std::vector<Outcome> outcomes(kThreads);
  {
    Watcher watcher(c);
    race(kThreads, [&](std::size_t i) {
      outcomes[i] = attempt([&] {
        return c.at(i).points().use(
            Actor::user(c.alice),
            {.user_id = c.alice, .amount = 1000, .key = "spend-" + std::to_string(i)});
      });
    });
    watcher.stop();
    CHECK(watcher.lowest() >= 0);
  }
  int succeeded = 0;
  for (const Outcome& o : outcomes) {
    if (o.movement) {
      ++succeeded;
      CHECK(o.movement->available == 0);
      CHECK(o.movement->amount == -1000);
    } else {
      CHECK_MESSAGE(o.code == Errc::insufficient_points, to_string(o.code) << ": " << o.what);
      CHECK(o.shortage == 1000);
    }
  }
  CHECK(succeeded == 1);
  const Summary s = c.summary();
  CHECK(s.available == 0);
  CHECK(s.total == 0);
  const History h = c.history();
  CHECK(h.total == 2);
  CHECK(h.earned == 1000);
  CHECK(h.spent == 1000);
  CHECK(raw_balance(*c.probe, c.alice, Asset::points) ==
        std::pair<std::int64_t, std::int64_t>{0, 0});
  CHECK(check_invariants(*c.probe));
}

void spend_in_parts(Cluster& c) {
  c.at(0).points().earn(kAdmin, {.user_id = c.alice, .amount = 1000, .key = "grant"});
  std::vector<Outcome> outcomes(kThreads);
  {
    Watcher watcher(c);
    race(kThreads, [&](std::size_t i) {
      outcomes[i] = attempt([&] {
        return i % 2 == 0
                   ? c.at(i).points().use(
                         kAdmin,
                         {.user_id = c.alice, .amount = 100, .key = "part-" + std::to_string(i)})
                   : c.at(i).points().freeze(
                         kAdmin,
                         {.user_id = c.alice, .amount = 100, .key = "part-" + std::to_string(i)});
      });
    });
    watcher.stop();
    CHECK(watcher.lowest() >= 0);
  }
  int succeeded = 0;
  for (const Outcome& o : outcomes) {
    if (o.movement) {
      ++succeeded;
      CHECK(o.movement->available >= 0);
    } else {
      CHECK_MESSAGE(o.code == Errc::insufficient_points, to_string(o.code) << ": " << o.what);
      CHECK(o.shortage == 100);
    }
  }
  CHECK(succeeded == 10);
  const Summary s = c.summary();
  CHECK(s.available == 0);
  CHECK(s.total == s.frozen);
  CHECK(c.history().total == 11);
  CHECK(check_invariants(*c.probe));
}

void capture_one_hold(Cluster& c) {
  c.at(0).points().earn(kAdmin, {.user_id = c.alice, .amount = 500, .key = "grant"});
  const Movement hold =
      c.at(0).points().freeze(kAdmin, {.user_id = c.alice, .amount = 300, .key = "hold"});
  std::vector<Outcome> outcomes(kThreads);
  race(kThreads, [&](std::size_t i) {
    outcomes[i] = attempt([&]() -> Movement {
      if (i % 4 == 3) {
        return c.at(i).points().release(
            kAdmin,
            {.user_id = c.alice, .hold_id = hold.hold_id, .key = "res-" + std::to_string(i)});
      }
      return c.at(i).points().capture(kAdmin, {.user_id = c.alice,
                                               .hold_id = hold.hold_id,
                                               .amount = 100,
                                               .key = "res-" + std::to_string(i)});
    });
  });
  int succeeded = 0;
  std::string how;
  for (const Outcome& o : outcomes) {
    if (o.movement) {
      ++succeeded;
      how = o.movement->kind == EntryKind::capture ? "captured" : "released";
    }
  }
  REQUIRE(succeeded == 1);
  for (const Outcome& o : outcomes) {
    if (o.movement) continue;
    CHECK_MESSAGE(o.code == Errc::failed_precondition, to_string(o.code) << ": " << o.what);
    CHECK(o.what.find(how) != std::string::npos);
  }
  const Summary s = c.summary();
  CHECK(s.frozen == 0);
  CHECK(s.available == (how == "captured" ? 400 : 500));
  CHECK(c.history(EntryKind::capture).total + c.history(EntryKind::release).total == 1);
  CHECK(check_invariants(*c.probe));
}

void retry_one_key(Cluster& c) {
  std::vector<Outcome> outcomes(kThreads);
  race(kThreads, [&](std::size_t i) {
    outcomes[i] = attempt([&] {
      return c.at(i).points().earn(
          kAdmin, {.user_id = c.alice, .amount = 250, .key = "order-42", .event_type = "PURCHASE"});
    });
  });
  std::set<std::string> ids;
  int replayed = 0;
  for (const Outcome& o : outcomes) {
    REQUIRE_MESSAGE(o.movement.has_value(), to_string(o.code) << ": " << o.what);
    ids.insert(o.movement->entry_id);
    replayed += o.movement->replayed;
    CHECK(o.movement->available == 250);
  }
  CHECK(ids.size() == 1);
  CHECK(replayed == static_cast<int>(kThreads) - 1);
  const History h = c.history();
  CHECK(h.total == 1);
  REQUIRE(h.entries.size() == 1);
  CHECK(h.entries[0].entry_id == *ids.begin());
  CHECK(c.summary().available == 250);

  // The same for a spend retried at once, sent by the member and by staff
  // alike: their keys live apart, and one request for one account is still
  // one.
  race(kThreads, [&](std::size_t i) {
    outcomes[i] = attempt([&] {
      return c.at(i).points().use(i % 2 == 0 ? Actor::user(c.alice) : kAdmin,
                                  {.user_id = c.alice, .amount = 200, .key = "pay-42"});
    });
  });
  ids.clear();
  replayed = 0;
  for (const Outcome& o : outcomes) {
    REQUIRE_MESSAGE(o.movement.has_value(), to_string(o.code) << ": " << o.what);
    ids.insert(o.movement->entry_id);
    replayed += o.movement->replayed;
    CHECK(o.movement->available == 50);
  }
  CHECK(ids.size() == 1);
  CHECK(replayed == static_cast<int>(kThreads) - 1);
  CHECK(c.history(EntryKind::use).total == 1);
  CHECK(c.summary().available == 50);
  CHECK(check_invariants(*c.probe));
}

/// 32 threads send one batch (one key) at once: one effect, 31 replays of
/// its answer. The second batch refers only to an unknown user, so its
/// copies lock nothing in common and meet only when they store the key
/// (commit_with_key answers the losers with the winner's result).
void retry_one_batch(Cluster& c) {
  const auto send = [&](const BatchRequest& request) {
    std::vector<std::optional<BatchOutcome>> outcomes(kThreads);
    std::vector<std::string> errors(kThreads);
    race(kThreads, [&](std::size_t i) {
      try {
        outcomes[i] = c.at(i).points().apply_batch(kAdmin, request);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    });
    const BatchOutcome* first = nullptr;
    int replayed = 0;
    for (std::size_t i = 0; i < kThreads; ++i) {
      REQUIRE_MESSAGE(outcomes[i].has_value(), errors[i]);
      replayed += outcomes[i]->replayed;
      if (!outcomes[i]->replayed) first = &*outcomes[i];
    }
    CHECK(replayed == static_cast<int>(kThreads) - 1);
    REQUIRE(first != nullptr);
    for (const auto& o : outcomes) {
      REQUIRE(o->results.size() == first->results.size());
      for (std::size_t r = 0; r < o->results.size(); ++r) {
        CHECK(o->results[r].entry_id == first->results[r].entry_id);
        CHECK(o->results[r].code == first->results[r].code);
      }
    }
    return *first;
  };
  const BatchOutcome applied =
      send({.key = "batch-7",
            .reason = "race",
            .items = {{c.alice, 300, "grant", ""}, {c.alice, -100, "deduction", ""}}});
  CHECK(applied.succeeded == 2);
  CHECK(c.summary().available == 200);
  CHECK(c.history().total == 2);
  const BatchOutcome refused =
      send({.key = "batch-8", .reason = "race", .items = {{detail::new_user_id(), 5, "", ""}}});
  CHECK(refused.failed == 1);
  CHECK(refused.results[0].code == Errc::not_found);
  CHECK(c.history().total == 2);
  CHECK(check_invariants(*c.probe));
}

/// 32 threads send one key at once, half of them for alice and half for
/// bob (other content): one earn takes effect, its copies replay it, and
/// every request for the other user is a conflict naming "key". The two
/// users share no lock, so on PostgreSQL the losers may only meet the key
/// when they store it.
void one_key_for_two_users(Cluster& c) {
  const std::string bob =
      c.systems[0]->accounts().register_user(Actor::anonymous(), with_username("bob"));
  std::vector<Outcome> outcomes(kThreads);
  race(kThreads, [&](std::size_t i) {
    const std::string& user = i % 2 == 0 ? c.alice : bob;
    outcomes[i] = attempt([&] {
      return c.at(i).points().earn(
          kAdmin, {.user_id = user, .amount = 70, .key = "shared-9", .event_type = "PURCHASE"});
    });
  });
  std::set<std::string> entries;
  std::size_t applied = 0;
  std::size_t conflicts = 0;
  std::optional<std::size_t> winner_side;
  for (std::size_t i = 0; i < kThreads; ++i) {
    const Outcome& o = outcomes[i];
    if (o.movement) {
      entries.insert(o.movement->entry_id);
      applied += o.movement->replayed ? 0 : 1;
      if (!winner_side) winner_side = i % 2;
      CHECK(*winner_side == i % 2);  // only the winner's user gets answers
    } else {
      CHECK_MESSAGE(o.code == Errc::conflict, to_string(o.code) << ": " << o.what);
      ++conflicts;
    }
  }
  CHECK(applied == 1);
  CHECK(entries.size() == 1);
  CHECK(conflicts == kThreads / 2);
  const auto total = [&](const std::string& user) {
    return c.systems[0]->points().summary(kAdmin, user).total;
  };
  CHECK(total(c.alice) + total(bob) == 70);
  CHECK(check_invariants(*c.probe));
}

/// Threads doing random earns, uses, holds and adjustments on a few members
/// at once; afterwards every balance equals what the successful operations
/// add up to, and the journal agrees.
void random_traffic(Cluster& c, std::size_t threads, int ops_per_thread) {
  std::vector<std::string> users{c.alice};
  for (int i = 0; i < 2; ++i) {
    users.push_back(c.at(0).accounts().register_user(Actor::anonymous(),
                                                     with_username("traffic" + std::to_string(i))));
  }
  std::mutex mutex;
  std::map<std::string, std::int64_t> expected;  // per user: posted by the successes
  std::vector<std::string> failures;
  race(threads, [&](std::size_t t) {
    std::mt19937_64 rng(t * 7919 + 1);
    std::vector<std::pair<std::string, std::string>> holds;  // user, hold
    for (int n = 0; n < ops_per_thread; ++n) {
      const std::string& user = users[rng() % users.size()];
      const std::string key = "t" + std::to_string(t) + "-" + std::to_string(n);
      const std::int64_t amount = static_cast<std::int64_t>(rng() % 200) + 1;
      Ledger& p = c.at(t + n).points();
      std::int64_t delta = 0;
      const Outcome o = attempt([&]() -> Movement {
        switch (rng() % 6) {
          case 0:
          case 1:
            delta = amount;
            return p.earn(kAdmin, {.user_id = user, .amount = amount, .key = key});
          case 2:
            delta = -amount;
            return p.use(kAdmin, {.user_id = user, .amount = amount, .key = key});
          case 3: {
            Movement m = p.freeze(kAdmin, {.user_id = user, .amount = amount, .key = key});
            holds.emplace_back(user, m.hold_id);
            return m;
          }
          case 4: {
            if (holds.empty()) throw Error(Errc::ok, "nothing to do");
            const auto [u, h] = holds.back();
            holds.pop_back();
            Movement m = p.capture(kAdmin, {.user_id = u, .hold_id = h, .amount = 0, .key = key});
            std::lock_guard lock(mutex);
            expected[u] += m.amount;
            return m;
          }
          default:
            delta = -amount;
            return p.adjust(kAdmin,
                            {.user_id = user, .amount = -amount, .key = key, .reason = "r"});
        }
      });
      std::lock_guard lock(mutex);
      if (o.movement) {
        expected[user] += delta;
        if (o.movement->available < 0 || o.movement->frozen < 0) failures.push_back("negative");
      } else if (o.code != Errc::insufficient_points && o.code != Errc::ok) {
        failures.push_back(std::string(to_string(o.code)) + ": " + o.what);
      }
    }
  });
  CHECK_MESSAGE(failures.empty(), failures.size() << " unexpected outcomes, the first: "
                                                  << (failures.empty() ? "" : failures.front()));
  for (const std::string& user : users) {
    const auto [posted, frozen] = raw_balance(*c.probe, user, Asset::points);
    CHECK(posted == expected[user]);
    CHECK(posted - frozen >= 0);
    const Summary s = c.at(0).points().summary(kAdmin, user);
    CHECK(s.total == posted);
    CHECK(s.frozen == frozen);
  }
  CHECK(check_invariants(*c.probe));
}

}  // namespace

TEST_CASE("C1 race: 32 threads each spend the whole balance at once: exactly one succeeds") {
  TempDir dir;
  Cluster c = sqlite_cluster(dir, 1);
  spend_whole_balance(c);
}

TEST_CASE("C1 race: two Systems on one file, 32 threads spend the whole balance: one succeeds") {
  TempDir dir;
  Cluster c = sqlite_cluster(dir, 2);
  spend_whole_balance(c);
}

TEST_CASE("C1 race: 32 threads spend and hold 100 of 1000 each: exactly ten succeed") {
  TempDir dir;
  Cluster c = sqlite_cluster(dir, 2);
  spend_in_parts(c);
}

TEST_CASE("C1 race: 32 threads resolve one hold at once: exactly one resolution") {
  TempDir dir;
  Cluster c = sqlite_cluster(dir, 2);
  capture_one_hold(c);
}

TEST_CASE("C1 race: 32 threads retry one key at once: one effect, one entry, 31 replays") {
  TempDir dir;
  Cluster c = sqlite_cluster(dir, 2);
  retry_one_key(c);
}

TEST_CASE("C1 race: 32 threads send one batch at once: one effect, 31 replays") {
  TempDir dir;
  Cluster c = sqlite_cluster(dir, 2);
  retry_one_batch(c);
}

TEST_CASE("C1 race: 32 threads send one key for two users: one effect, the rest conflict") {
  TempDir dir;
  Cluster c = sqlite_cluster(dir, 2);
  one_key_for_two_users(c);
}

TEST_CASE("C1 race: random concurrent traffic keeps every balance equal to its successes") {
  TempDir dir;
  Cluster c = sqlite_cluster(dir, 2);
  random_traffic(c, 8, 60);
}

#ifdef MEMBER_TEST_WITH_POSTGRES
TEST_CASE("C1 race postgres: two Systems, 32 threads spend the whole balance: one succeeds") {
  const auto server = postgres_server();
  if (!server) return;
  Cluster c = postgres_cluster(*server, 2);
  spend_whole_balance(c);
}

TEST_CASE("C1 race postgres: 32 threads spend and hold 100 of 1000 each: exactly ten succeed") {
  const auto server = postgres_server();
  if (!server) return;
  Cluster c = postgres_cluster(*server, 2);
  spend_in_parts(c);
}

TEST_CASE("C1 race postgres: 32 threads resolve one hold at once: exactly one resolution") {
  const auto server = postgres_server();
  if (!server) return;
  Cluster c = postgres_cluster(*server, 2);
  capture_one_hold(c);
}

TEST_CASE("C1 race postgres: 32 threads retry one key at once: one effect") {
  const auto server = postgres_server();
  if (!server) return;
  Cluster c = postgres_cluster(*server, 2);
  retry_one_key(c);
}

TEST_CASE("C1 race postgres: 32 threads send one batch at once: one effect, 31 replays") {
  const auto server = postgres_server();
  if (!server) return;
  Cluster c = postgres_cluster(*server, 2);
  retry_one_batch(c);
}

TEST_CASE("C1 race postgres: 32 threads send one key for two users: one effect") {
  const auto server = postgres_server();
  if (!server) return;
  Cluster c = postgres_cluster(*server, 2);
  one_key_for_two_users(c);
}

TEST_CASE(
    "C1 race postgres: random concurrent traffic keeps every balance equal to its "
    "successes") {
  const auto server = postgres_server();
  if (!server) return;
  Cluster c = postgres_cluster(*server, 2);
  random_traffic(c, 8, 40);
}
#endif

}  // namespace member::test
