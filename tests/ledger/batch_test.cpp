// C1 batches: many grants and deductions in one transaction, a result per
// item, idempotent by the batch key.
#include <SQLiteCpp/SQLiteCpp.h>

#include "support/fixtures.hpp"

namespace member::test {
namespace {

const Actor kOperator = Actor::admin("op-7");

struct Fixture {
  TempDir dir;
  System sys{file_options(dir)};
  std::string register_user(const std::string& email) {
    return sys.accounts().register_user(Actor::anonymous(),
                                        {.email = email, .password = "batch test password"});
  }
  std::int64_t available(const std::string& id) {
    return sys.points().summary(Actor::system(), id).available;
  }
  std::int64_t entries() {
    SQLite::Database raw(dir.file("member.db"));
    return raw.execAndGet("SELECT count(*) FROM ledger_entries").getInt64();
  }
};

TEST_CASE("C1 batch: each item succeeds or fails on its own, in order") {
  Fixture f;
  const std::string a = f.register_user("a@example.com");
  const std::string b = f.register_user("b@example.com");
  const std::string c = f.register_user("c@example.com");
  f.sys.accounts().set_status(kOperator, c, AccountStatus::disabled, "test");
  const BatchRequest request{.key = "BAT-1",
                             .reason = "incident compensation",
                             .items = {{a, 100, "first", ""},
                                       {b, 150, "second", "PROMO"},
                                       {b, -500, "too much", ""},
                                       {"not-an-id", 5, "", ""},
                                       {c, 10, "disabled", ""},
                                       {a, 0, "zero", ""},
                                       {a, -40, "deduct", ""}}};
  const BatchOutcome out = f.sys.points().apply_batch(kOperator, request);
  CHECK(out.batch_id == "BAT-1");
  CHECK_FALSE(out.replayed);
  REQUIRE(out.results.size() == 7);
  for (std::size_t i = 0; i < out.results.size(); ++i) CHECK(out.results[i].index == i);
  CHECK(out.results[0].code == Errc::ok);
  CHECK_FALSE(out.results[0].entry_id.empty());
  CHECK(out.results[1].code == Errc::ok);
  CHECK(out.results[2].code == Errc::insufficient_points);
  CHECK(out.results[2].field == "amount");
  CHECK(out.results[3].code == Errc::invalid_argument);
  CHECK(out.results[3].field == "user_id");
  CHECK(out.results[4].code == Errc::failed_precondition);
  CHECK(out.results[5].code == Errc::invalid_argument);
  CHECK(out.results[6].code == Errc::ok);
  CHECK(out.succeeded == 3);
  CHECK(out.failed == 4);
  CHECK(out.amount == 100 + 150 - 40);
  CHECK(f.available(a) == 60);
  CHECK(f.available(b) == 150);
  CHECK(f.entries() == 3);  // refused items wrote nothing
  const auto audit = f.sys.audit().list(Actor::system(), {.action = "ledger.batch"});
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].actor_id == "op-7");
  CHECK(audit[0].detail.find("incident compensation") != std::string::npos);
}

TEST_CASE("C1 batch: the batch key makes the whole batch idempotent") {
  Fixture f;
  const std::string a = f.register_user("a@example.com");
  const BatchRequest request{.key = "BAT-2", .reason = "bonus", .items = {{a, 70, "", ""}}};
  const BatchOutcome first = f.sys.points().apply_batch(kOperator, request);
  const BatchOutcome again = f.sys.points().apply_batch(kOperator, request);
  CHECK(again.replayed);
  CHECK(again.succeeded == 1);
  REQUIRE(again.results.size() == 1);
  CHECK(again.results[0].entry_id == first.results[0].entry_id);
  CHECK(f.available(a) == 70);
  CHECK(f.entries() == 1);
  BatchRequest other = request;
  other.items[0].amount = 71;
  check_error([&] { f.sys.points().apply_batch(kOperator, other); }, Errc::conflict, "key");
  CHECK(f.available(a) == 70);
}

TEST_CASE("C1 batch: bad batches are refused as a whole") {
  Fixture f;
  const std::string a = f.register_user("a@example.com");
  check_error(
      [&] {
        f.sys.points().apply_batch(kOperator,
                                   {.key = "", .reason = "r", .items = {{a, 1, "", ""}}});
      },
      Errc::invalid_argument, "key");
  check_error(
      [&] {
        f.sys.points().apply_batch(kOperator,
                                   {.key = "k", .reason = "", .items = {{a, 1, "", ""}}});
      },
      Errc::invalid_argument, "reason");
  check_error(
      [&] { f.sys.points().apply_batch(kOperator, {.key = "k", .reason = "r", .items = {}}); },
      Errc::invalid_argument, "items");
  std::vector<BatchItem> too_many(10'001, BatchItem{a, 1, "", ""});
  check_error(
      [&] {
        f.sys.points().apply_batch(kOperator, {.key = "k", .reason = "r", .items = too_many});
      },
      Errc::invalid_argument, "items");
  check_error(
      [&] {
        f.sys.points().apply_batch(Actor::user(a),
                                   {.key = "k", .reason = "r", .items = {{a, 1, "", ""}}});
      },
      Errc::permission_denied);
  CHECK(f.entries() == 0);
}

TEST_CASE("C1 batch: a thousand grants over many users in one call") {
  Fixture f;
  std::vector<std::string> users;
  for (int i = 0; i < 20; ++i)
    users.push_back(f.register_user("u" + std::to_string(i) + "@example.com"));
  BatchRequest request{.key = "BAT-BIG", .reason = "load"};
  for (int i = 0; i < 1000; ++i) {
    request.items.push_back({users[static_cast<std::size_t>(i) % users.size()], 1 + i % 7, "", ""});
  }
  std::int64_t expected = 0;
  for (const auto& item : request.items) expected += item.amount;
  const BatchOutcome out = f.sys.points().apply_batch(kOperator, request);
  CHECK(out.succeeded == 1000);
  CHECK(out.amount == expected);
  std::int64_t sum = 0;
  for (const auto& u : users) sum += f.available(u);
  CHECK(sum == expected);
  CHECK(f.entries() == 1000);
}

}  // namespace
}  // namespace member::test
