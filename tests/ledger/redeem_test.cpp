// C1 catalog and redemption: stock and points change together, or not at all.
#include <SQLiteCpp/SQLiteCpp.h>

#include <atomic>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "support/fixtures.hpp"
#include "support/latch.hpp"

namespace member::test {
namespace {

const Actor kShop = Actor::admin("shop");
const Actor kOrders = Actor::service("orders");

struct Shop {
  TempDir dir;
  System sys{file_options(dir)};
  std::string user = sys.accounts().register_user(
      Actor::anonymous(), {.email = "buyer@example.com", .password = "redeem test password"});

  std::int64_t available() { return sys.points().summary(Actor::system(), user).available; }
  std::int64_t stock(const std::string& item) { return sys.catalog().get(kShop, item).stock; }
  void grant(std::int64_t amount, const std::string& key) {
    sys.points().earn(kOrders, {.user_id = user, .amount = amount, .key = key});
  }
};

TEST_CASE("C1 catalog: put, get, list and remove") {
  Shop shop;
  auto& catalog = shop.sys.catalog();
  catalog.put(kShop, {"mug", "Coffee mug", 500, 10, true});
  catalog.put(kShop, {"cap", "Cap", 300, 0, true});
  catalog.put(kShop, {"old", "Retired", 100, 5, false});
  CHECK(catalog.get(Actor::anonymous(), "mug").name == "Coffee mug");
  const auto active = catalog.list(Actor::anonymous());
  REQUIRE(active.size() == 2);
  CHECK(active[0].item_id == "cap");
  CHECK(active[1].item_id == "mug");
  CHECK(catalog.list(kShop, true).size() == 3);
  CHECK(catalog.list(kShop, true, {.limit = 1, .offset = 1})[0].item_id == "mug");
  catalog.put(kShop, {"mug", "Big mug", 600, 3, true});  // replaces
  CHECK(catalog.get(kShop, "mug").points_cost == 600);
  catalog.remove(kShop, "old");
  check_error([&] { catalog.get(kShop, "old"); }, Errc::not_found, "item_id");
  check_error([&] { catalog.remove(kShop, "old"); }, Errc::not_found, "item_id");
}

TEST_CASE("C1 catalog: bad items and non-staff writers are refused") {
  Shop shop;
  auto& catalog = shop.sys.catalog();
  check_error(
      [&] {
        catalog.put(kShop, {"", "x", 1, 1, true});
      },
      Errc::invalid_argument, "item_id");
  check_error(
      [&] {
        catalog.put(kShop, {"a b", "x", 1, 1, true});
      },
      Errc::invalid_argument, "item_id");
  check_error([&] { catalog.put(kShop, {"a", "", 1, 1, true}); }, Errc::invalid_argument, "name");
  check_error(
      [&] {
        catalog.put(kShop, {"a", "x", 0, 1, true});
      },
      Errc::invalid_argument, "points_cost");
  check_error(
      [&] {
        catalog.put(kShop, {"a", "x", 1, -1, true});
      },
      Errc::invalid_argument, "stock");
  check_error(
      [&] {
        catalog.put(Actor::user(shop.user), {"a", "x", 1, 1, true});
      },
      Errc::permission_denied);
  CHECK(catalog.list(kShop, true).empty());
}

TEST_CASE("C1 redeem: stock and points are taken together") {
  Shop shop;
  shop.sys.catalog().put(kShop, {"mug", "Coffee mug", 500, 3, true});
  shop.grant(1200, "g1");
  const Actor me = Actor::user(shop.user);
  const Movement m = shop.sys.points().redeem(me, {.user_id = shop.user,
                                                   .item_id = "mug",
                                                   .quantity = 2,
                                                   .delivery_address = "12 Elm St",
                                                   .key = "R1"});
  CHECK(m.kind == EntryKind::redeem);
  CHECK(m.amount == -1000);
  CHECK(m.available == 200);
  CHECK(shop.stock("mug") == 1);
  // Replaying the same request takes nothing more.
  CHECK(shop.sys.points()
            .redeem(me, {.user_id = shop.user,
                         .item_id = "mug",
                         .quantity = 2,
                         .delivery_address = "12 Elm St",
                         .key = "R1"})
            .replayed);
  CHECK(shop.stock("mug") == 1);
  CHECK(shop.available() == 200);
  const auto history =
      shop.sys.points().history(me, {.user_id = shop.user, .kind = EntryKind::redeem});
  REQUIRE(history.total == 1);
  CHECK(history.entries[0].description == "Coffee mug");
}

TEST_CASE("C1 redeem: out of stock, inactive item or too few points change nothing") {
  Shop shop;
  shop.sys.catalog().put(kShop, {"mug", "Coffee mug", 500, 1, true});
  shop.sys.catalog().put(kShop, {"off", "Inactive", 10, 5, false});
  shop.grant(700, "g1");
  const Actor me = Actor::user(shop.user);
  auto redeem = [&](const std::string& item, std::int64_t quantity, const std::string& key) {
    shop.sys.points().redeem(
        me, {.user_id = shop.user, .item_id = item, .quantity = quantity, .key = key});
  };
  check_error([&] { redeem("mug", 2, "k1"); }, Errc::resource_exhausted, "quantity");
  check_error([&] { redeem("off", 1, "k2"); }, Errc::failed_precondition, "item_id");
  check_error([&] { redeem("nope", 1, "k3"); }, Errc::not_found, "item_id");
  check_error([&] { redeem("mug", 0, "k4"); }, Errc::invalid_argument, "quantity");
  shop.sys.catalog().put(kShop, {"mug", "Coffee mug", 800, 1, true});
  check_error([&] { redeem("mug", 1, "k5"); }, Errc::insufficient_points, "amount");
  CHECK(shop.stock("mug") == 1);
  CHECK(shop.available() == 700);
  check_error(
      [&] { shop.sys.wallet().redeem(me, {.user_id = shop.user, .item_id = "mug", .key = "w"}); },
      Errc::invalid_argument, "item_id");
}

TEST_CASE("C1 redeem: the delivery address is stored encrypted") {
  Shop shop;
  shop.sys.catalog().put(kShop, {"mug", "Coffee mug", 10, 5, true});
  shop.grant(100, "g1");
  const std::string address = "Flat 9, Xylophone Mansions, Glimmerton";
  shop.sys.points().redeem(
      Actor::user(shop.user),
      {.user_id = shop.user, .item_id = "mug", .delivery_address = address, .key = "R"});
  SQLite::Database raw(shop.dir.file("member.db"));
  CHECK(raw.execAndGet("SELECT count(*) FROM redemptions WHERE delivery_address IS NOT NULL")
            .getInt() == 1);
  for (const char* file : {"member.db", "member.db-wal"}) {
    std::ifstream in(shop.dir.file(file), std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    CHECK(bytes.str().find("Xylophone") == std::string::npos);
  }
}

TEST_CASE("C1 redeem: the member and staff read redemptions back with their addresses") {
  Shop shop;
  shop.sys.catalog().put(kShop, {"mug", "Coffee mug", 10, 50, true});
  shop.sys.catalog().put(kShop, {"ebook", "E-book", 5, 50, true});
  shop.grant(1000, "g1");
  const Actor me = Actor::user(shop.user);
  const Movement first =
      shop.sys.points().redeem(me, {.user_id = shop.user,
                                    .item_id = "mug",
                                    .quantity = 3,
                                    .delivery_address = "Flat 9, Xylophone Mansions",
                                    .key = "R1"});
  const Movement second = shop.sys.points().redeem(
      me, {.user_id = shop.user, .item_id = "ebook", .key = "R2"});  // virtual: no address

  const auto mine = shop.sys.catalog().redemptions(me, shop.user);
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].redemption_id == second.entry_id);  // newest first
  CHECK(mine[0].item_id == "ebook");
  CHECK(mine[0].delivery_address.empty());
  CHECK(mine[1].redemption_id == first.entry_id);
  CHECK(mine[1].quantity == 3);
  CHECK(mine[1].points == 30);
  CHECK(mine[1].delivery_address == "Flat 9, Xylophone Mansions");
  CHECK(mine[1].reversed_by.empty());
  CHECK(mine[1].created_at == shop.sys.points()
                                  .history(me, {.user_id = shop.user, .kind = EntryKind::redeem})
                                  .entries[1]
                                  .created_at);
  // Staff ship it; pages work; another member may not look.
  const auto page = shop.sys.catalog().redemptions(kShop, shop.user, {.limit = 1, .offset = 1});
  REQUIRE(page.size() == 1);
  CHECK(page[0].delivery_address == "Flat 9, Xylophone Mansions");
  const std::string other = shop.sys.accounts().register_user(
      Actor::anonymous(), {.email = "other@example.com", .password = "redeem test password"});
  check_error([&] { shop.sys.catalog().redemptions(Actor::user(other), shop.user); },
              Errc::permission_denied);
  CHECK(shop.sys.catalog().redemptions(Actor::user(other), other).empty());
  check_error([&] { shop.sys.catalog().redemptions(kShop, shop.user, {.limit = 0}); },
              Errc::invalid_argument, "page.limit");

  // A reversed redemption says so: refunded and back in stock, not to ship.
  const Movement reversal = shop.sys.points().reverse(
      kShop,
      {.user_id = shop.user, .entry_id = first.entry_id, .key = "R1-back", .reason = "lost"});
  const auto after = shop.sys.catalog().redemptions(kShop, shop.user);
  REQUIRE(after.size() == 2);
  CHECK(after[1].redemption_id == first.entry_id);
  CHECK(after[1].reversed_by == reversal.entry_id);
  CHECK(after[0].reversed_by.empty());
  CHECK(shop.sys.catalog().get(kShop, "mug").stock == 50);

  // The privacy export has the address (A12); after erasure nobody reads it.
  const auto exported = nlohmann::json::parse(shop.sys.privacy().export_user(me, shop.user));
  CHECK(exported.dump().find("Xylophone Mansions") != std::string::npos);
  shop.sys.privacy().erase(kShop, {.user_id = shop.user});
  check_error([&] { shop.sys.catalog().redemptions(kShop, shop.user); }, Errc::not_found,
              "user_id");
}

TEST_CASE("C1 redeem: racing redemptions never sell more than the stock") {
  Shop shop;
  shop.sys.catalog().put(kShop, {"mug", "Coffee mug", 10, 5, true});
  shop.grant(1000, "g1");
  constexpr int kThreads = 12;
  std::atomic<int> sold{0};
  std::atomic<int> refused{0};
  Latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        shop.sys.points().redeem(
            kOrders, {.user_id = shop.user, .item_id = "mug", .key = "race-" + std::to_string(i)});
        ++sold;
      } catch (const Error& e) {
        if (e.code() == Errc::resource_exhausted) ++refused;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(sold == 5);
  CHECK(refused == kThreads - 5);
  CHECK(shop.stock("mug") == 0);
  CHECK(shop.available() == 1000 - 5 * 10);
}

}  // namespace
}  // namespace member::test
