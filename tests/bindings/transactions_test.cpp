// B2 transaction bindings and B4 access on them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "bindings/helpers.hpp"

namespace member::test {
namespace {

BindTransactionRequest trans(const std::string& user, const std::string& type,
                             const std::string& id, const std::string& metadata = {}) {
  return {.user_id = user, .trans_type = type, .trans_id = id, .metadata = metadata};
}

TransactionQuery query(const std::string& user, const std::string& type, std::uint32_t limit = 50,
                       std::uint32_t offset = 0) {
  return {.user_id = user, .trans_type = type, .page = {.limit = limit, .offset = offset}};
}

}  // namespace

BACKEND_TEST(b2_bind_query_unbind, "B2 transaction: bind, query by type and id, by user, unbind") {
  Bindings& b = f.sys->bindings();
  const auto t = b.bind_transaction(
      f.as_alice(), trans(f.alice, "POLICY_APPLICATION", "PA-1", R"({"premium": 1200})"));
  CHECK(t.metadata == R"({"premium":1200})");
  for (int i = 1; i <= 5; ++i) {
    f.clock->advance(std::chrono::seconds(1));
    b.bind_transaction(kAdmin, trans(f.alice, "CLAIM", "CL-" + std::to_string(i)));
  }
  b.bind_transaction(kAdmin, trans(f.bob, "CLAIM", "CL-BOB"));

  const auto holder = b.transaction(kAdmin, "POLICY_APPLICATION", "PA-1");
  CHECK(holder.user_id == f.alice);
  CHECK(holder.metadata == R"({"premium":1200})");
  CHECK(b.transaction(f.as_alice(), "CLAIM", "CL-3").user_id == f.alice);

  // By type and user: newest first, paged.
  const auto page1 = b.transactions(f.as_alice(), query(f.alice, "CLAIM", 2));
  REQUIRE(page1.size() == 2);
  CHECK(page1[0].trans_id == "CL-5");
  CHECK(page1[1].trans_id == "CL-4");
  CHECK(page1[0].metadata == "{}");
  const auto page3 = b.transactions(f.as_alice(), query(f.alice, "CLAIM", 2, 4));
  REQUIRE(page3.size() == 1);
  CHECK(page3[0].trans_id == "CL-1");
  CHECK(b.transactions(f.as_alice(), query(f.alice, "RENEWAL")).empty());
  CHECK(b.transactions(f.as_alice(), query(f.alice, "POLICY_APPLICATION")).size() == 1);
  // Every type at once (an empty type), newest first, paged.
  const auto all = b.transactions(f.as_alice(), query(f.alice, ""));
  REQUIRE(all.size() == 6);
  CHECK(all[0].trans_id == "CL-5");
  CHECK(all[5].trans_id == "PA-1");
  CHECK(all[5].metadata == R"({"premium":1200})");
  const auto last = b.transactions(f.as_alice(), query(f.alice, "", 4, 4));
  REQUIRE(last.size() == 2);
  CHECK(last[0].trans_id == "CL-1");
  CHECK(last[1].trans_id == "PA-1");

  b.unbind_transaction(f.as_alice(), f.alice, "CLAIM", "CL-3");
  check_error([&] { b.transaction(kAdmin, "CLAIM", "CL-3"); }, Errc::not_found, "trans_id");
  CHECK(b.transactions(kAdmin, query(f.alice, "CLAIM")).size() == 4);
  check_error([&] { b.unbind_transaction(kAdmin, f.alice, "CLAIM", "CL-3"); }, Errc::not_found,
              "trans_id");
  CHECK(f.audit_count(f.alice, "binding.transaction.bind") == 6);
  CHECK(f.audit_count(f.alice, "binding.transaction.unbind") == 1);
}

BACKEND_TEST(b2_idempotent_and_conflict,
             "B2 transaction: rebinding is idempotent, another user conflicts") {
  Bindings& b = f.sys->bindings();
  const auto first = b.bind_transaction(kAdmin, trans(f.alice, "RENEWAL", "R-1", R"({"a":1})"));
  f.clock->advance(std::chrono::minutes(5));
  const auto again = b.bind_transaction(kAdmin, trans(f.alice, "RENEWAL", "R-1", R"({"a":2})"));
  CHECK(again.bound_at == first.bound_at);
  CHECK(again.metadata == R"({"a":1})");
  CHECK(b.transactions(kAdmin, query(f.alice, "RENEWAL")).size() == 1);
  CHECK(f.audit_count(f.alice, "binding.transaction.bind") == 1);
  check_error([&] { b.bind_transaction(kAdmin, trans(f.bob, "RENEWAL", "R-1")); }, Errc::conflict,
              "trans_id");
  // The same id under another type is another transaction.
  CHECK(b.bind_transaction(kAdmin, trans(f.bob, "CLAIM", "R-1")).user_id == f.bob);
  // Bob cannot unbind Alice's.
  check_error([&] { b.unbind_transaction(kAdmin, f.bob, "RENEWAL", "R-1"); }, Errc::not_found);
  CHECK(b.transaction(kAdmin, "RENEWAL", "R-1").user_id == f.alice);
}

BACKEND_TEST(b2_bad_input, "B2 transaction: bad input names the field") {
  Bindings& b = f.sys->bindings();
  check_error([&] { b.bind_transaction(kAdmin, trans(f.alice, "LOAN", "X-1")); },
              Errc::invalid_argument, "trans_type");
  check_error([&] { b.bind_transaction(kAdmin, trans(f.alice, "", "X-1")); },
              Errc::invalid_argument, "trans_type");
  check_error([&] { b.bind_transaction(kAdmin, trans(f.alice, "CLAIM", "")); },
              Errc::invalid_argument, "trans_id");
  check_error([&] { b.bind_transaction(kAdmin, trans(f.alice, "CLAIM", "a/b")); },
              Errc::invalid_argument, "trans_id");
  check_error([&] { b.bind_transaction(kAdmin, trans(f.alice, "CLAIM", "C-1", "[1,2]")); },
              Errc::invalid_argument, "metadata");
  check_error([&] { b.bind_transaction(kAdmin, trans(f.alice, "CLAIM", "C-1", "{nope")); },
              Errc::invalid_argument, "metadata");
  check_error([&] { b.transactions(kAdmin, query(f.alice, "LOAN")); }, Errc::invalid_argument,
              "trans_type");
  check_error([&] { b.transactions(kAdmin, query(f.alice, "CLAIM", 0)); }, Errc::invalid_argument,
              "page.limit");
  check_error([&] { b.transaction(kAdmin, "CLAIM", ""); }, Errc::invalid_argument, "trans_id");
  CHECK(b.transactions(kAdmin, query(f.alice, "CLAIM")).empty());
}

TEST_CASE("B2 transaction: the configured types replace the defaults") {
  TempDir dir;
  Options o = file_options(dir);
  o.transaction_types = {"LOAN", "CLAIM"};
  System sys(o);
  const auto id = sys.accounts().register_user(Actor::anonymous(), with_username("carol"));
  CHECK(sys.bindings().bind_transaction(kAdmin, trans(id, "LOAN", "L-1")).trans_type == "LOAN");
  check_error([&] { sys.bindings().bind_transaction(kAdmin, trans(id, "RENEWAL", "R-1")); },
              Errc::invalid_argument, "trans_type");
  Options bad = file_options(dir);
  bad.transaction_types = {"NOT OK"};
  check_error([&] { System broken(bad); }, Errc::invalid_argument, "transaction_types");
}

TEST_CASE("B2 transaction: bindings of a type no longer configured are still listed and exported") {
  TempDir dir;
  Options o = file_options(dir);
  o.transaction_types = {"LOAN", "CLAIM"};
  std::string id;
  {
    System sys(o);
    id = sys.accounts().register_user(Actor::anonymous(), with_username("carol"));
    sys.bindings().bind_transaction(kAdmin, trans(id, "LOAN", "L-1", R"({"bank":"Okapi"})"));
    sys.bindings().bind_transaction(kAdmin, trans(id, "CLAIM", "C-1"));
  }
  o.transaction_types = {"CLAIM"};
  System sys(o);
  const auto all = sys.bindings().transactions(kAdmin, query(id, ""));
  REQUIRE(all.size() == 2);
  CHECK(all[1].trans_type == "LOAN");
  CHECK(all[1].metadata == R"({"bank":"Okapi"})");
  // By type, LOAN is no longer one of the configured types.
  check_error([&] { sys.bindings().transactions(kAdmin, query(id, "LOAN")); },
              Errc::invalid_argument, "trans_type");
  const auto e = nlohmann::json::parse(sys.privacy().export_user(kAdmin, id));
  const auto& exported = e.at("bindings").at("transactions");
  REQUIRE(exported.size() == 2);
  CHECK(exported.at(1).at("trans_id") == "L-1");
  CHECK(exported.at(1).at("metadata") == R"({"bank":"Okapi"})");
}

BACKEND_TEST(b4_transaction_access, "B4 transaction: a user never sees another user's bindings") {
  Bindings& b = f.sys->bindings();
  b.bind_transaction(f.as_alice(), trans(f.alice, "CLAIM", "CL-A"));
  // Who holds Alice's claim: Bob is told nobody he may know of.
  check_error([&] { b.transaction(f.as_bob(), "CLAIM", "CL-A"); }, Errc::not_found);
  check_error([&] { b.transaction(Actor::anonymous(), "CLAIM", "CL-A"); }, Errc::permission_denied);
  check_error([&] { b.transactions(f.as_bob(), query(f.alice, "CLAIM")); },
              Errc::permission_denied);
  check_error([&] { b.bind_transaction(f.as_bob(), trans(f.alice, "CLAIM", "CL-B")); },
              Errc::permission_denied);
  check_error([&] { b.unbind_transaction(f.as_bob(), f.alice, "CLAIM", "CL-A"); },
              Errc::permission_denied);
  // Staff of another tenant do not find it either.
  check_error([&] { b.transaction(Actor::admin("op", "elsewhere"), "CLAIM", "CL-A"); },
              Errc::not_found);
  CHECK(b.transaction(kService, "CLAIM", "CL-A").user_id == f.alice);
  CHECK(b.transactions(f.as_alice(), query(f.alice, "CLAIM")).size() == 1);
}

}  // namespace member::test
