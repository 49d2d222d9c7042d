#include "storage/bindings_conformance.hpp"

#include <doctest/doctest.h>

#include "support/fixtures.hpp"

namespace member::test {
namespace {

using storage::Bytes;

void add_user(storage::Transaction& tx, const std::string& id) {
  storage::UserRow row;
  row.tenant = "default";
  row.id = id;
  row.profile = {1};
  row.data_key = {2};
  row.user_type = "MEMBER";
  tx.users().insert(row);
}

void customers_and_transactions(storage::Transaction& tx) {
  auto& b = tx.bindings();
  CHECK(b.insert_customer({"default", "C2", "u1", Bytes{9, 9}, 20}));
  CHECK(b.insert_customer({"default", "C1", "u1", {}, 10}));
  CHECK_FALSE(b.insert_customer({"default", "C1", "u2", {}, 30}));  // taken: not inserted
  CHECK(b.find_customer("default", "C1")->user_id == "u1");
  CHECK_FALSE(b.find_customer("other", "C1").has_value());
  const auto mine = b.customers_of("default", "u1");
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].customer_id == "C1");  // oldest first
  CHECK(mine[0].display.empty());
  CHECK(mine[1].display == Bytes{9, 9});
  CHECK_FALSE(b.remove_customer("default", "C1", "u2"));  // not u2's
  CHECK(b.remove_customer("default", "C1", "u1"));
  CHECK_FALSE(b.remove_customer("default", "C1", "u1"));

  for (int i = 1; i <= 3; ++i) {
    CHECK(b.insert_transaction({"default", "CLAIM", "T" + std::to_string(i), "u1", {}, i}));
  }
  CHECK_FALSE(b.insert_transaction({"default", "CLAIM", "T1", "u2", {}, 9}));
  CHECK(b.insert_transaction({"default", "RENEWAL", "T1", "u2", Bytes{1}, 9}));
  const auto page = b.transactions_of("default", "u1", "CLAIM", 2, 1);
  REQUIRE(page.size() == 2);
  CHECK(page[0].trans_id == "T2");  // newest first, after skipping T3
  CHECK(page[1].trans_id == "T1");
  CHECK(b.find_transaction("default", "RENEWAL", "T1")->metadata == Bytes{1});
  CHECK(b.remove_transaction("default", "CLAIM", "T2", "u1"));
  CHECK_FALSE(b.find_transaction("default", "CLAIM", "T2").has_value());
}

void identities(storage::Transaction& tx) {
  auto& ids = tx.identities();
  CHECK(ids.insert({"default", "wechat", "o1", "u1", "un", Bytes{5}, 1}));
  CHECK(ids.insert({"default", "wechat", "o2", "u1", "un", {}, 2}));
  CHECK(ids.insert({"default", "qq", "o1", "u2", "", {}, 3}));
  CHECK_FALSE(ids.insert({"default", "wechat", "o1", "u2", "", {}, 4}));
  CHECK(ids.find("default", "wechat", "o1")->profile == Bytes{5});
  CHECK(ids.find("default", "qq", "o1")->union_id.empty());
  CHECK(ids.find_by_union("default", "wechat", "un").size() == 2);
  CHECK(ids.find_by_union("default", "qq", "un").empty());
  CHECK(ids.of_user("default", "u1").size() == 2);
  CHECK_FALSE(ids.remove("default", "wechat", "o1", "u2"));
  CHECK(ids.remove("default", "wechat", "o1", "u1"));
  CHECK(ids.of_user("default", "u1").size() == 1);
  CHECK(ids.claim_union("default", "wechat", "un", "u1") == "u1");
  CHECK(ids.claim_union("default", "wechat", "un", "u2") == "u1");
  CHECK(ids.claim_union("default", "qq", "un", "u2") == "u2");
  ids.release_union("default", "wechat", "un");
  CHECK(ids.claim_union("default", "wechat", "un", "u2") == "u2");
}

void one_default_address(storage::Transaction& tx) {
  auto& ad = tx.addresses();
  ad.insert({"default", "a1", "u1", true, Bytes{1}, 1, 1});
  ad.insert({"default", "a2", "u1", false, Bytes{2}, 2, 2});
  // The database itself refuses a second default.
  check_error([&] { ad.insert({"default", "a3", "u1", true, Bytes{3}, 3, 3}); }, Errc::conflict);
}

void addresses_tags_verifications(storage::Transaction& tx) {
  auto& ad = tx.addresses();
  ad.clear_default("default", "u1");
  auto a2 = *ad.find("default", "a2");
  a2.is_default = true;
  a2.data = Bytes{7};
  a2.updated_at_ms = 5;
  ad.update(a2);
  const auto list = ad.of_user("default", "u1");
  REQUIRE(list.size() == 2);
  CHECK(list[0].address_id == "a2");  // newest first
  CHECK(list[0].is_default);
  CHECK(list[0].data == Bytes{7});
  CHECK_FALSE(list[1].is_default);
  CHECK(ad.remove("default", "a1"));
  CHECK_FALSE(ad.remove("default", "a1"));

  auto& tags = tx.tags();
  tags.upsert({"default", "u1", 1, "k", Bytes{1}, 500000, 1});
  tags.upsert({"default", "u1", 0, "k", {}, 1000000, 1});
  tags.upsert({"default", "u1", 1, "k", Bytes{2}, 250000, 2});  // replaces
  const auto all = tags.of_user("default", "u1", -1);
  REQUIRE(all.size() == 2);
  CHECK(all[0].type == 0);
  CHECK(all[1].value == Bytes{2});
  CHECK(all[1].weight_micros == 250000);
  CHECK(tags.of_user("default", "u1", 1).size() == 1);
  CHECK(tags.remove("default", "u1", 0, "k"));
  CHECK_FALSE(tags.remove("default", "u1", 0, "k"));

  auto& v = tx.verifications();
  v.insert({"default", "v1", "u1", 1, 0, Bytes{3}, "", "", 10, 0});
  v.insert({"default", "v2", "u1", 0, 0, Bytes{4}, "", "", 11, 0});
  auto v1 = *v.find("default", "v1");
  v1.status = 2;
  v1.review_note = "no";
  v1.reviewer = "op";
  v1.decided_at_ms = 12;
  v.update(v1);
  const auto rows = v.of_user("default", "u1");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].verification_id == "v2");
  CHECK(rows[1].status == 2);
  CHECK(rows[1].review_note == "no");
  CHECK(rows[1].reviewer == "op");
  CHECK(rows[1].decided_at_ms == 12);
  CHECK(rows[1].data == Bytes{3});
}

}  // namespace

void bindings_stores_conform(storage::Storage& s) {
  {
    auto tx = s.write();
    add_user(*tx, "u1");
    add_user(*tx, "u2");
    customers_and_transactions(*tx);
    identities(*tx);
    tx->commit();
  }
  {
    auto tx = s.write();
    one_default_address(*tx);
    // A failed statement ends the transaction on PostgreSQL: start afresh.
  }
  {
    auto tx = s.write();
    auto& ad = tx->addresses();
    ad.insert({"default", "a1", "u1", true, Bytes{1}, 1, 1});
    ad.insert({"default", "a2", "u1", false, Bytes{2}, 2, 2});
    tx->commit();
  }
  auto tx = s.write();
  addresses_tags_verifications(*tx);
  tx->commit();
}

}  // namespace member::test
