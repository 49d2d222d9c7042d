#include "storage/conformance.hpp"

#include <doctest/doctest.h>

#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "storage/bindings_conformance.hpp"
#include "support/fixtures.hpp"

namespace member::test {
namespace {

using storage::Bytes;
using storage::UserRow;

UserRow sample_user(const std::string& id, std::uint8_t tag) {
  UserRow row;
  row.tenant = "default";
  row.id = id;
  row.username = "User" + std::to_string(tag);
  row.username_key = "user" + std::to_string(tag);
  row.email_index = Bytes(32, tag);
  row.mobile_index = Bytes(32, static_cast<std::uint8_t>(tag + 100));
  row.email = {1, 2, 3, tag};
  row.mobile = {4, 5, 6, tag};
  row.profile = {7, 8, 9, tag};
  row.data_key = {10, 11, tag};
  row.user_type = "MEMBER";
  row.password_hash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
  row.status = 0;
  row.created_at_ms = 1000 + tag;
  row.updated_at_ms = 2000 + tag;
  return row;
}

void check_same(const UserRow& a, const UserRow& b) {
  CHECK(a.tenant == b.tenant);
  CHECK(a.id == b.id);
  CHECK(a.username == b.username);
  CHECK(a.username_key == b.username_key);
  CHECK(a.email_index == b.email_index);
  CHECK(a.mobile_index == b.mobile_index);
  CHECK(a.email == b.email);
  CHECK(a.mobile == b.mobile);
  CHECK(a.profile == b.profile);
  CHECK(a.data_key == b.data_key);
  CHECK(a.user_type == b.user_type);
  CHECK(a.password_hash == b.password_hash);
  CHECK(a.status == b.status);
  CHECK(a.status_reason == b.status_reason);
  CHECK(a.email_verified == b.email_verified);
  CHECK(a.mobile_verified == b.mobile_verified);
  CHECK(a.failed_sign_ins == b.failed_sign_ins);
  CHECK(a.lockouts == b.lockouts);
  CHECK(a.locked_until_ms == b.locked_until_ms);
  CHECK(a.created_at_ms == b.created_at_ms);
  CHECK(a.updated_at_ms == b.updated_at_ms);
}

void insert_committed(storage::Storage& s, const UserRow& row) {
  auto tx = s.write();
  tx->users().insert(row);
  tx->commit();
}

void users_round_trip(storage::Storage& s) {
  const UserRow row = sample_user("u1", 1);
  insert_committed(s, row);
  auto tx = s.read();
  auto& users = tx->users();
  REQUIRE(users.find_by_id("default", "u1"));
  check_same(*users.find_by_id("default", "u1"), row);
  CHECK(users.find_by_username("default", "user1")->id == "u1");
  CHECK(users.find_by_email("default", row.email_index)->id == "u1");
  CHECK(users.find_by_mobile("default", row.mobile_index)->id == "u1");
  CHECK_FALSE(users.find_by_id("default", "u2"));
  CHECK_FALSE(users.find_by_id("other-tenant", "u1"));
  CHECK_FALSE(users.find_by_username("default", "User1"));  // keys are exact
  CHECK_FALSE(users.find_by_email("default", Bytes(32, 99)));
  CHECK(users.count("default") == 1);
  CHECK(users.count("other-tenant") == 0);
}

void optional_identifiers_are_absent(storage::Storage& s) {
  // Users without username/email/mobile must not collide with each other.
  for (std::uint8_t i = 1; i <= 3; ++i) {
    UserRow row = sample_user("u" + std::to_string(i), i);
    row.username.clear();
    row.username_key.clear();
    row.email_index.clear();
    row.email.clear();
    row.mobile_index.clear();
    row.mobile.clear();
    insert_committed(s, row);
  }
  auto tx = s.read();
  CHECK(tx->users().count("default") == 3);
  const auto found = tx->users().find_by_id("default", "u2");
  REQUIRE(found);
  CHECK(found->username.empty());
  CHECK(found->email.empty());
  CHECK(found->mobile_index.empty());
}

// lock_statuses and lock_balances: the SQL stores' set-based statements (ids
// in chunks of 128) agree with the interface's one-row-at-a-time defaults.
void many_rows_at_once(storage::Storage& s) {
  std::vector<std::string> ids;
  {
    auto tx = s.write();
    for (int i = 0; i < 300; ++i) {
      UserRow row = sample_user("m" + std::to_string(1000 + i), 1);
      row.username = row.username_key = "many" + std::to_string(i);
      row.email_index.clear();
      row.mobile_index.clear();
      row.status = i % 7 == 0 ? 1 : 0;
      tx->users().insert(row);
      ids.push_back(row.id);
    }
    tx->commit();
  }
  // Unsorted, with duplicates and an unknown id.
  std::vector<std::string> asked(ids.rbegin(), ids.rend());
  asked.push_back(ids[5]);
  asked.push_back("m-unknown");
  auto tx = s.write();
  auto& users = tx->users();
  const auto statuses = users.lock_statuses("default", asked);
  CHECK(statuses == users.storage::UserStore::lock_statuses("default", asked));
  REQUIRE(statuses.size() == 300);
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    CHECK(statuses[i].first == ids[i]);  // ids are zero-padded: sorted already
    CHECK(statuses[i].second == (i % 7 == 0 ? 1 : 0));
  }
  CHECK(users.lock_statuses("default", {}).empty());
  CHECK(users.lock_statuses("other-tenant", asked).empty());

  auto& ledger = tx->ledger();
  // Users only: the SQL stores skip an unknown id, the default would fail on it.
  auto balances = ledger.lock_balances("default", asked, 0);
  REQUIRE(balances.size() == 300);
  for (std::size_t i = 0; i < balances.size(); ++i) {
    CHECK(balances[i].user_id == ids[i]);
    CHECK(balances[i].posted == 0);
    balances[i].posted = static_cast<std::int64_t>(i);
    balances[i].due_at_ms = 7;
    ledger.save_balance(balances[i]);
  }
  const auto again = ledger.lock_balances("default", asked, 0);
  const auto one_by_one = ledger.storage::LedgerStore::lock_balances("default", ids, 0);
  REQUIRE(again.size() == 300);
  REQUIRE(one_by_one.size() == 300);
  for (std::size_t i = 0; i < again.size(); ++i) {
    CHECK(again[i].posted == static_cast<std::int64_t>(i));
    CHECK(again[i].due_at_ms == 7);
    CHECK(one_by_one[i].user_id == again[i].user_id);
    CHECK(one_by_one[i].posted == again[i].posted);
  }
  CHECK(ledger.lock_balances("default", {ids[3]}, 1).front().posted == 0);  // another asset
  tx->commit();
}

// start_change: the SQL backends' one round trip agrees with the default's
// find_by_id, lock_balance, find_key and open_lots.
void change_start(storage::Storage& s) {
  UserRow active = sample_user("c1", 1);
  UserRow disabled = sample_user("c2", 2);
  disabled.status = 1;
  insert_committed(s, active);
  insert_committed(s, disabled);
  auto tx = s.write();
  for (const bool one_trip : {true, false}) {
    const std::string round = one_trip ? "-sql" : "-default";
    const auto start = [&](const std::string& key, const std::string& user, bool lots = false) {
      const storage::RequestKeys keys{key + round, "shared-" + key + round};
      return one_trip ? tx->start_change("default", 0, keys, user, 0, lots)
                      : tx->storage::Transaction::start_change("default", 0, keys, user, 0, lots);
    };
    const auto first = start("k1", "c1");
    CHECK_FALSE(first.first);
    REQUIRE(first.balance);
    CHECK_FALSE(first.open_lots);
    CHECK(first.balance->user_id == "c1");
    CHECK(first.balance->posted == (one_trip ? 0 : 40));
    // The open lots come with the lock when asked for: the account's only,
    // soonest expiry first, none spent.
    const std::string lot = one_trip ? "l-sql" : "l-default";
    for (const auto& [id, remaining, expires] :
         {std::tuple{lot + "2", 5, 900}, std::tuple{lot + "1", 7, 300},
          std::tuple{lot + "0", 0, 100}}) {
      tx->ledger().insert_lot({"default", id, "c1", 0, 10, remaining, 0, expires, 1});
    }
    tx->ledger().insert_lot({"default", lot + "x", "c2", 0, 10, 10, 0, 50, 1});
    const auto with_lots = start("k0", "c1", true);
    REQUIRE(with_lots.open_lots);
    std::string ids;  // this round's (the other round's lots are c1's too)
    for (const auto& l : *with_lots.open_lots) {
      if (l.lot_id.starts_with(lot)) ids += l.lot_id + " ";
    }
    CHECK(ids == lot + "1 " + lot + "2 ");
    CHECK_FALSE(start("k4", "c2", true).open_lots);  // not active: no lock, no lots
    auto saved = *first.balance;
    saved.posted = 40;
    tx->ledger().save_balance(saved);
    tx->ledger().record_key("default", 0, "k1" + round, "fp", "answer", 5);
    const auto again = start("k1", "c1");
    REQUIRE(again.first);
    CHECK(again.first->first == "fp");
    CHECK(again.first->second == "answer");
    CHECK_FALSE(again.shared_first);
    CHECK_FALSE(again.balance);
    // The shared key is read too, and leaves the balance locked.
    tx->ledger().record_key("default", 0, "shared-k6" + round, "fp6", "shared answer", 5);
    const auto shared = start("k6", "c1");
    CHECK_FALSE(shared.first);
    REQUIRE(shared.shared_first);
    CHECK(shared.shared_first->first == "fp6");
    CHECK(shared.shared_first->second == "shared answer");
    CHECK(shared.balance);
    tx->ledger().record_key("default", 0, "k6" + round, "fp7", "own answer", 5);
    const auto both = start("k6", "c1");
    REQUIRE(both.first);
    CHECK(both.first->second == "own answer");
    REQUIRE(both.shared_first);
    CHECK(both.shared_first->second == "shared answer");
    const auto missing = start("k2", "nobody");
    CHECK_FALSE(missing.first);
    CHECK_FALSE(missing.balance);
    const auto inactive = start("k3", "c2");
    CHECK_FALSE(inactive.first);
    CHECK_FALSE(inactive.balance);
    // A key used before is found even when the user may no longer transact.
    tx->ledger().record_key("default", 0, "k5" + round, "fp", "earlier", 5);
    const auto used_before = start("k5", "c2");
    REQUIRE(used_before.first);
    CHECK(used_before.first->second == "earlier");
    CHECK_FALSE(used_before.balance);
  }
  tx->commit();
}

// Idempotency keys: stored once with their answer, per tenant and asset; a
// second store of a key is Errc::conflict naming "key" (from record_key or
// from commit), and the first answer stays.
void idempotency_keys(storage::Storage& s) {
  {
    auto tx = s.write();
    CHECK_FALSE(tx->ledger().find_key("default", 0, "order-1"));
    tx->ledger().record_key("default", 0, "order-1", "fp1", "first answer", 7);
    CHECK(tx->ledger().find_key("default", 0, "order-1") ==
          std::pair<std::string, std::string>{"fp1", "first answer"});
    tx->ledger().record_key("default", 1, "order-1", "fp2", "other asset", 7);
    tx->ledger().record_key("other", 0, "order-1", "fp3", "other tenant", 7);
    tx->commit();
  }
  {
    auto tx = s.write();
    CHECK(tx->ledger().find_key("default", 1, "order-1")->second == "other asset");
    CHECK(tx->ledger().find_key("other", 0, "order-1")->second == "other tenant");
    try {
      tx->ledger().record_key("default", 0, "order-1", "fp9", "second answer", 8);
      tx->commit();
      FAIL("a key was stored twice");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::conflict);
      CHECK(e.field() == "key");
    }
  }
  auto tx = s.read();
  CHECK(tx->ledger().find_key("default", 0, "order-1") ==
        std::pair<std::string, std::string>{"fp1", "first answer"});
}

// An account's journal: list_entries and entry_totals see exactly that
// account's entries, newest first, filtered and paged, while other accounts
// (another user, another asset) post in between.
void journal_per_account(storage::Storage& s) {
  insert_committed(s, sample_user("j1", 1));
  insert_committed(s, sample_user("j2", 2));
  {
    auto tx = s.write();
    auto& ledger = tx->ledger();
    for (int i = 0; i < 9; ++i) {
      const std::string user = i % 3 == 1 ? "j2" : "j1";
      const int asset = i % 3 == 2 ? 1 : 0;
      storage::BalanceRow balance = ledger.lock_balance("default", user, asset);
      storage::EntryRow entry;
      entry.tenant = "default";
      entry.entry_id = "e" + std::to_string(i);
      entry.user_id = user;
      entry.asset = asset;
      entry.kind = i % 2;
      entry.amount = 10 + i;
      entry.created_at_ms = 1000 + i;
      entry.prev_entry_id = std::exchange(balance.last_entry_id, entry.entry_id);
      balance.posted += entry.amount;
      ledger.append_entry(entry, {});
      ledger.save_balance(balance);
    }
    tx->commit();
  }
  auto tx = s.write();
  auto& ledger = tx->ledger();
  const auto ids = [&](storage::EntryFilter filter, std::uint32_t limit, std::uint32_t offset) {
    std::vector<std::string> out;
    for (const auto& e : ledger.list_entries(filter, limit, offset)) out.push_back(e.entry_id);
    return out;
  };
  using V = std::vector<std::string>;
  const storage::EntryFilter j1{.tenant = "default", .user_id = "j1", .asset = 0};
  CHECK(ids(j1, 10, 0) == V{"e6", "e3", "e0"});
  CHECK(ids(j1, 2, 1) == V{"e3", "e0"});
  CHECK(ids({.tenant = "default", .user_id = "j1", .asset = 1}, 10, 0) == V{"e8", "e5", "e2"});
  CHECK(ids({.tenant = "default", .user_id = "j2", .asset = 0}, 10, 0) == V{"e7", "e4", "e1"});
  auto even = j1;
  even.kind = 0;
  CHECK(ids(even, 10, 0) == V{"e6", "e0"});
  auto window = j1;
  window.from_ms = 1003;
  window.to_ms = 1006;
  CHECK(ids(window, 10, 0) == V{"e3"});
  const auto totals = ledger.entry_totals(j1);
  CHECK(totals.count == 3);
  CHECK(totals.positive == 10 + 13 + 16);
  CHECK(ledger.entry_totals(window).count == 1);
  CHECK(ids({.tenant = "default", .user_id = "nobody", .asset = 0}, 10, 0).empty());
  CHECK(ledger.entry_totals({.tenant = "other", .user_id = "j1", .asset = 0}).count == 0);
  const auto newest = ledger.list_entries(j1, 1, 0);
  REQUIRE(newest.size() == 1);
  CHECK(newest[0].prev_entry_id == "e3");
}

// Due accounts: users_due lists the balances whose due_at is in 1..now, in
// user id order and limited; save_balance leaves due_at alone when told it
// did not change.
void due_accounts(storage::Storage& s) {
  for (const char* id : {"d1", "d2", "d3", "d4"})
    insert_committed(s, sample_user(id, static_cast<std::uint8_t>(id[1] - '0')));
  {
    auto tx = s.write();
    auto& ledger = tx->ledger();
    const std::pair<const char*, std::int64_t> due[] = {
        {"d3", 500}, {"d1", 100}, {"d2", 0}, {"d4", 900}};
    for (const auto& [user, at] : due) {
      storage::BalanceRow balance = ledger.lock_balance("default", user, 0);
      balance.due_at_ms = at;
      ledger.save_balance(balance);
    }
    storage::BalanceRow money = ledger.lock_balance("default", "d2", 1);
    money.due_at_ms = 50;
    ledger.save_balance(money);
    tx->commit();
  }
  auto tx = s.write();
  auto& ledger = tx->ledger();
  using V = std::vector<std::string>;
  CHECK(ledger.users_due("default", 0, 99, 10).empty());
  CHECK(ledger.users_due("default", 0, 500, 10) == V{"d1", "d3"});
  CHECK(ledger.users_due("default", 0, 1000, 2) == V{"d1", "d3"});
  CHECK(ledger.users_due("default", 0, 1000, 10) == V{"d1", "d3", "d4"});
  CHECK(ledger.users_due("default", 1, 1000, 10) == V{"d2"});
  CHECK(ledger.users_due("other", 0, 1000, 10).empty());

  storage::BalanceRow kept = ledger.lock_balance("default", "d1", 0);
  CHECK(kept.due_at_ms == 100);
  kept.posted = 7;
  kept.due_at_ms = 0;
  kept.due_at_changed = false;
  ledger.save_balance(kept);
  storage::BalanceRow read = ledger.lock_balance("default", "d1", 0);
  CHECK(read.posted == 7);
  CHECK(read.due_at_ms == 100);
  read.due_at_ms = 0;
  ledger.save_balance(read);  // due_at_changed defaults to true
  CHECK(ledger.lock_balance("default", "d1", 0).due_at_ms == 0);
  CHECK(ledger.users_due("default", 0, 1000, 10) == V{"d3", "d4"});
  tx->commit();
}

void level_points(storage::Storage& s) {
  for (const char* id : {"p1", "p2", "p3"})
    insert_committed(s, sample_user(id, static_cast<std::uint8_t>(id[1] - '0')));
  const auto totals = [&](const char* tenant = "default") {
    std::string out;
    for (const auto& t : s.read()->loyalty().level_totals(tenant)) {
      out += "[" + t.level_code + "] " + std::to_string(t.members) + "/" + std::to_string(t.spent) +
             "/" + std::to_string(t.points) + " ";
    }
    return out;
  };
  // Each step in its own transaction: the points are written at commit.
  const auto in_tx = [&](auto&& step) {
    auto tx = s.write();
    step(tx->ledger(), tx->loyalty());
    tx->commit();
  };
  const auto set_posted = [](storage::LedgerStore& ledger, const char* user, std::int64_t posted) {
    storage::BalanceRow b = ledger.lock_balance("default", user, 0);
    const std::int64_t delta = posted - b.posted;
    b.posted = posted;
    ledger.save_balance(b);
    ledger.add_level_points("default", user, delta);
  };
  CHECK(totals().empty());
  // No loyalty row: the code ''.
  in_tx([&](auto& ledger, auto&) { set_posted(ledger, "p1", 50); });
  CHECK(totals() == "[] 0/0/50 ");
  // A new row takes the balance to its code; an existing one moves nothing.
  storage::MemberRow m{"default", "p1", "BASIC", false, 0, 0, 0, 0};
  in_tx([&](auto&, auto& loyalty) {
    loyalty.lock_member(m);
    CHECK(loyalty.lock_member({"default", "p1", "OTHER", false, 0, 0, 0, 0}).level_code == "BASIC");
  });
  CHECK(totals() == "[] 0/0/0 [BASIC] 1/0/50 ");
  in_tx([&](auto& ledger, auto&) { set_posted(ledger, "p1", 30); });
  CHECK(totals() == "[] 0/0/0 [BASIC] 1/0/30 ");
  // A level change moves the whole balance, with what this transaction
  // changed before it; other columns move nothing.
  in_tx([&](auto& ledger, auto& loyalty) {
    set_posted(ledger, "p1", 35);
    m.level_code = "GOLD";
    m.total_spent = 900;
    loyalty.put_member(m);
    m.orders = 3;
    loyalty.put_member(m);
    set_posted(ledger, "p1", 30);
  });
  CHECK(totals() == "[] 0/0/0 [BASIC] 0/0/0 [GOLD] 1/900/30 ");
  // A member with no balance moves nothing; the other asset never counts.
  in_tx([&](auto& ledger, auto& loyalty) {
    loyalty.lock_member({"default", "p2", "BASIC", false, 0, 0, 0, 0});
    storage::BalanceRow money = ledger.lock_balance("default", "p2", 1);
    money.posted = 1000;
    ledger.save_balance(money);
    loyalty.put_member({"default", "p2", "SILVER", false, 5, 1, 0, 0});
  });
  CHECK(totals() == "[] 0/0/0 [BASIC] 0/0/0 [GOLD] 1/900/30 [SILVER] 1/5/0 ");
  // Several users in one transaction (a batch), each under their own level.
  in_tx([&](auto& ledger, auto&) {
    set_posted(ledger, "p3", 4);
    set_posted(ledger, "p2", 7);
    set_posted(ledger, "p1", 33);
    set_posted(ledger, "p3", 5);
  });
  CHECK(totals() == "[] 0/0/5 [BASIC] 0/0/0 [GOLD] 1/900/33 [SILVER] 1/5/7 ");
  // Back to no code (as an erasure does before the row goes).
  in_tx([&](auto& ledger, auto& loyalty) {
    m.level_code.clear();
    loyalty.put_member(m);
    set_posted(ledger, "p1", 34);
  });
  CHECK(totals() == "[] 1/900/39 [BASIC] 0/0/0 [GOLD] 0/0/0 [SILVER] 1/5/7 ");
  CHECK(totals("other").empty());
}

void unique_identifiers_conflict(storage::Storage& s) {
  insert_committed(s, sample_user("u1", 1));
  const auto clash = [&](auto mutate, const std::string& field) {
    UserRow row = sample_user("u2", 2);
    mutate(row);
    auto tx = s.write();
    check_error([&] { tx->users().insert(row); }, Errc::conflict, field);
  };
  clash([](UserRow& r) { r.username_key = "user1"; }, "username");
  clash([](UserRow& r) { r.email_index = Bytes(32, 1); }, "email");
  clash([](UserRow& r) { r.mobile_index = Bytes(32, 101); }, "mobile");
  auto tx = s.write();
  check_error([&] { tx->users().insert(sample_user("u1", 3)); }, Errc::conflict);
}

void update_replaces_every_column(storage::Storage& s) {
  insert_committed(s, sample_user("u1", 1));
  UserRow changed = sample_user("u1", 5);
  changed.status = 4;
  changed.status_reason = "reason";
  changed.email_verified = true;
  changed.mobile_verified = true;
  changed.failed_sign_ins = 3;
  changed.lockouts = 2;
  changed.locked_until_ms = 123456789;
  changed.email.clear();
  changed.email_index.clear();
  {
    auto tx = s.write();
    tx->users().update(changed);
    tx->commit();
  }
  auto tx = s.read();
  check_same(*tx->users().find_by_id("default", "u1"), changed);
  CHECK_FALSE(tx->users().find_by_email("default", Bytes(32, 1)));
}

void update_of_missing_row_is_not_found(storage::Storage& s) {
  auto tx = s.write();
  check_error([&] { tx->users().update(sample_user("nobody", 1)); }, Errc::not_found);
}

void uncommitted_writes_roll_back(storage::Storage& s) {
  {
    auto tx = s.write();
    tx->users().insert(sample_user("u1", 1));
    tx->keys().put("k", {1});
  }  // destroyed without commit
  auto tx = s.read();
  CHECK_FALSE(tx->users().find_by_id("default", "u1"));
  CHECK_FALSE(tx->keys().get("k"));
}

void login_log_is_newest_first_and_paged(storage::Storage& s) {
  {
    auto tx = s.write();
    for (int i = 0; i < 5; ++i) {
      tx->logins().append({.tenant = "default",
                           .at_ms = 100 + i,
                           .user_id = "u1",
                           .outcome = i,
                           .device_id = "d" + std::to_string(i),
                           .platform = "ios",
                           .ip = "10.0.0." + std::to_string(i)});
    }
    tx->logins().append({.tenant = "default", .at_ms = 200, .user_id = "u2"});
    tx->commit();
  }
  auto tx = s.read();
  const auto all = tx->logins().list("default", "u1", 10, 0);
  REQUIRE(all.size() == 5);
  CHECK(all.front().at_ms == 104);
  CHECK(all.front().outcome == 4);
  CHECK(all.front().device_id == "d4");
  CHECK(all.front().ip == "10.0.0.4");
  CHECK(all.back().at_ms == 100);
  const auto page = tx->logins().list("default", "u1", 2, 2);
  REQUIRE(page.size() == 2);
  CHECK(page[0].at_ms == 102);
  CHECK(page[1].at_ms == 101);
  CHECK(tx->logins().list("default", "u2", 10, 0).size() == 1);
  CHECK(tx->logins().list("other-tenant", "u1", 10, 0).empty());
}

void sign_in_throttle_rows(storage::Storage& s) {
  const storage::Bytes key{1, 2, 3}, other{4, 5, 6};
  {
    auto tx = s.write();
    CHECK(tx->logins().lock_throttle("default", key, 100).failures == 0);
    tx->logins().save_throttle({.tenant = "default",
                                .key = key,
                                .failures = 3,
                                .lockouts = 1,
                                .locked_until_ms = 900,
                                .updated_at_ms = 150});
    tx->logins().save_throttle({.tenant = "default", .key = other, .failures = 1});
    tx->commit();
  }
  auto tx = s.write();
  const auto row = tx->logins().find_throttle("default", key);
  REQUIRE(row);
  CHECK(row->failures == 3);
  CHECK(row->lockouts == 1);
  CHECK(row->locked_until_ms == 900);
  CHECK(row->updated_at_ms == 150);
  CHECK_FALSE(tx->logins().find_throttle("other-tenant", key));
  tx->logins().remove_throttle("other-tenant", key);  // another tenant's: nothing
  tx->logins().remove_throttle("default", key);
  tx->logins().remove_throttle("default", key);  // gone already: nothing
  CHECK_FALSE(tx->logins().find_throttle("default", key));
  CHECK(tx->logins().find_throttle("default", other));
}

void loyalty_settings_row(storage::Storage& s) {
  {
    auto tx = s.write();
    CHECK_FALSE(tx->loyalty().settings("default"));
    // Missing: inserted as given.
    const auto row = tx->loyalty().lock_settings({.tenant = "default",
                                                  .points_rate_bp = 250,
                                                  .downgrade_window_days = 7,
                                                  .webhook_secret = {}});
    CHECK(row.points_rate_bp == 250);
    CHECK(row.downgrade_window_days == 7);
    CHECK(row.webhook_secret.empty());
    tx->loyalty().put_settings({.tenant = "default",
                                .points_rate_bp = 300,
                                .downgrade_window_days = 7,
                                .webhook_secret = {9, 9}});
    tx->commit();
  }
  auto tx = s.write();
  // There: returned as stored, whatever is given.
  const auto row = tx->loyalty().lock_settings({.tenant = "default", .points_rate_bp = 1});
  CHECK(row.points_rate_bp == 300);
  CHECK(row.webhook_secret == storage::Bytes{9, 9});
  CHECK_FALSE(tx->loyalty().settings("other-tenant"));
}

void code_rows(storage::Storage& s) {
  const storage::CodeRow initial{.tenant = "default",
                                 .purpose = 1,
                                 .destination = {7, 7},
                                 .user_id = "",
                                 .channel = 0,
                                 .code_hash = {},
                                 .sent_at_ms = 0,
                                 .expires_at_ms = 0,
                                 .attempts = 0,
                                 .state = 3,
                                 .failures = 0,
                                 .failures_since_ms = 0};
  {
    auto tx = s.write();
    const auto row = tx->codes().lock(initial);  // missing: inserted as given
    CHECK(row.state == 3);
    CHECK(row.code_hash.empty());
    auto sent = initial;
    sent.code_hash = {1, 2, 3};
    sent.sent_at_ms = 500;
    sent.state = 0;
    tx->codes().save(sent);
    tx->commit();
  }
  auto tx = s.write();
  const auto row = tx->codes().lock(initial);  // there: as stored
  CHECK(row.state == 0);
  CHECK(row.sent_at_ms == 500);
  CHECK(row.code_hash == storage::Bytes{1, 2, 3});
  auto other = initial;
  other.purpose = 2;
  CHECK_FALSE(tx->codes().find("default", 2, initial.destination, ""));
  CHECK(tx->codes().lock(other).state == 3);
}

void audit_is_filtered_and_sequenced(storage::Storage& s) {
  {
    auto tx = s.write();
    tx->audit().append({.tenant = "default",
                        .at_ms = 1,
                        .actor_kind = 2,
                        .actor_id = "op",
                        .action = "a.one",
                        .user_id = "u1",
                        .detail = "{}"});
    tx->audit().append({.tenant = "default",
                        .at_ms = 2,
                        .actor_kind = 1,
                        .actor_id = "u2",
                        .action = "a.two",
                        .user_id = "u2",
                        .detail = R"({"x":1})"});
    tx->audit().append({.tenant = "default",
                        .at_ms = 3,
                        .actor_kind = 2,
                        .actor_id = "op",
                        .action = "a.one",
                        .user_id = "u2",
                        .detail = "{}"});
    tx->commit();
  }
  auto tx = s.read();
  const auto all = tx->audit().list("default", "", "", 10, 0);
  REQUIRE(all.size() == 3);
  CHECK(all[0].at_ms == 3);
  CHECK(all[0].sequence > all[1].sequence);
  CHECK(all[1].sequence > all[2].sequence);
  CHECK(all[1].detail == R"({"x":1})");
  CHECK(all[1].actor_kind == 1);
  CHECK(tx->audit().list("default", "u2", "", 10, 0).size() == 2);
  CHECK(tx->audit().list("default", "", "a.one", 10, 0).size() == 2);
  CHECK(tx->audit().list("default", "u2", "a.one", 10, 0).size() == 1);
  CHECK(tx->audit().list("default", "", "", 1, 1)[0].at_ms == 2);
  CHECK(tx->audit().list("other-tenant", "", "", 10, 0).empty());
  // The hash chain: positions 1, 2, 3 in append order, each linked to the
  // hash before it, and the head on the last.
  const auto chain = tx->audit().chain("default", 0, 0, 10);
  REQUIRE(chain.size() == 3);
  std::string previous;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    CHECK(chain[i].chain_pos == static_cast<std::int64_t>(i + 1));
    CHECK(chain[i].at_ms == static_cast<std::int64_t>(i + 1));
    CHECK(chain[i].prev_hash == previous);
    CHECK(chain[i].hash.size() == 64);
    previous = chain[i].hash;
  }
  CHECK(tx->audit().chain("default", 2, chain[1].sequence, 10).size() == 1);
  CHECK(tx->audit().chain("default", 0, 0, 2).size() == 2);
  const auto head = tx->audit().chain_head("default");
  REQUIRE(head.has_value());
  CHECK(head->position == 3);
  CHECK(head->hash == previous);
  CHECK_FALSE(tx->audit().chain_head("other-tenant").has_value());
}

void keys_and_tenants(storage::Storage& s) {
  {
    auto tx = s.write();
    CHECK_FALSE(tx->keys().get("k"));
    tx->keys().put("k", {1, 2, 3});
    tx->keys().put("k", {4, 5});  // replaces
    tx->commit();
  }
  {
    auto tx = s.read();
    CHECK(*tx->keys().get("k") == Bytes{4, 5});
    CHECK(tx->tenants().exists("default"));
    CHECK_FALSE(tx->tenants().exists("nope"));
  }
  // Memberships: a member of another tenant names its home tenant.
  auto tx = s.write();
  tx->tenants().insert({.id = "eu", .name = "EU", .created_at_ms = 1, .updated_at_ms = 1});
  tx->tenants().set_memberships("default", "m1", {"eu"}, 2);
  CHECK(tx->tenants().member_home("eu", "m1") == std::optional<std::string>("default"));
  CHECK_FALSE(tx->tenants().member_home("default", "m1"));
  CHECK_FALSE(tx->tenants().member_home("eu", "m2"));
  CHECK(tx->tenants().memberships("default", "m1") == std::vector<std::string>{"eu"});
  tx->tenants().set_memberships("default", "m1", {}, 3);
  CHECK_FALSE(tx->tenants().member_home("eu", "m1"));
}

void concurrent_writes_are_isolated(storage::Storage& s) {
  insert_committed(s, sample_user("u1", 1));
  constexpr int kThreads = 8;
  constexpr int kIncrements = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIncrements; ++i) {
        auto tx = s.write();
        auto row = *tx->users().find_by_id("default", "u1");
        row.failed_sign_ins += 1;
        tx->users().update(row);
        tx->commit();
      }
    });
  }
  for (auto& t : threads) t.join();
  auto tx = s.read();
  CHECK(tx->users().find_by_id("default", "u1")->failed_sign_ins == kThreads * kIncrements);
}

}  // namespace

void check_storage_conformance(const StorageFactory& open) {
  const std::pair<const char*, void (*)(storage::Storage&)> checks[] = {
      {"users round trip", users_round_trip},
      {"optional identifiers are absent", optional_identifiers_are_absent},
      {"unique identifiers conflict", unique_identifiers_conflict},
      {"many rows at once", many_rows_at_once},
      {"a change's start", change_start},
      {"idempotency keys", idempotency_keys},
      {"journal per account", journal_per_account},
      {"due accounts", due_accounts},
      {"level points", level_points},
      {"update replaces every column", update_replaces_every_column},
      {"update of a missing row", update_of_missing_row_is_not_found},
      {"uncommitted writes roll back", uncommitted_writes_roll_back},
      {"login log", login_log_is_newest_first_and_paged},
      {"sign-in throttle rows", sign_in_throttle_rows},
      {"loyalty settings row", loyalty_settings_row},
      {"verification code rows", code_rows},
      {"audit trail", audit_is_filtered_and_sequenced},
      {"keys and tenants", keys_and_tenants},
      {"concurrent writes", concurrent_writes_are_isolated},
      {"bindings, identities, addresses, tags, verifications", bindings_stores_conform},
  };
  for (const auto& [name, check] : checks) {
    SUBCASE(name) {
      const auto storage = open();
      REQUIRE(storage);
      check(*storage);
    }
  }
}

}  // namespace member::test
