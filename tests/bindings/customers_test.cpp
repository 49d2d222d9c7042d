// B1 customer bindings and B4 access on them.
#include <doctest/doctest.h>

#include "bindings/helpers.hpp"

namespace member::test {
namespace {

BindCustomerRequest customer(const std::string& user, const std::string& id) {
  return {.user_id = user, .customer_id = id, .customer_name = "", .certificate_type = ""};
}

}  // namespace

BACKEND_TEST(b1_bind_list_unbind, "B1 customer: bind with display data, list, unbind") {
  Bindings& b = f.sys->bindings();
  const auto when = f.clock->now() - std::chrono::hours(48);
  const CustomerBinding c1 = b.bind_customer(f.as_alice(), {.user_id = f.alice,
                                                            .customer_id = "CUST-001",
                                                            .customer_name = "张三",
                                                            .certificate_type = "ID_CARD",
                                                            .bound_at = when});
  CHECK(c1.customer_name == "张三");
  CHECK(c1.certificate_type == "ID_CARD");
  CHECK(c1.bound_at == when);
  f.clock->advance(std::chrono::seconds(1));
  const CustomerBinding c2 = b.bind_customer(kAdmin, customer(f.alice, "CUST-002"));
  CHECK(c2.bound_at == f.clock->now());
  CHECK(c2.customer_name.empty());
  const auto list = b.customers(f.as_alice(), f.alice);
  REQUIRE(list.size() == 2);
  CHECK(list[0].customer_id == "CUST-001");
  CHECK(list[0].customer_name == "张三");
  CHECK(list[1].customer_id == "CUST-002");
  CHECK(b.customers(f.as_bob(), f.bob).empty());

  b.unbind_customer(f.as_alice(), f.alice, "CUST-001");
  const auto after = b.customers(kAdmin, f.alice);
  REQUIRE(after.size() == 1);
  CHECK(after[0].customer_id == "CUST-002");
  CHECK(f.audit_count(f.alice, "binding.customer.bind") == 2);
  const auto unbinds = audit_of(*f.sys, f.alice, "binding.customer.unbind");
  REQUIRE(unbinds.size() == 1);
  CHECK(unbinds[0].actor_kind == ActorKind::user);
  CHECK(unbinds[0].actor_id == f.alice);
  CHECK(unbinds[0].detail.find("CUST-001") != std::string::npos);
  // Once unbound, the customer id is free for another user.
  CHECK(b.bind_customer(kAdmin, customer(f.bob, "CUST-001")).user_id == f.bob);
}

BACKEND_TEST(b1_one_user_per_customer, "B1 customer: a customer id belongs to one user") {
  Bindings& b = f.sys->bindings();
  b.bind_customer(f.as_alice(), customer(f.alice, "CUST-9"));
  // Again for the same user: the existing binding, nothing new recorded.
  const auto again = b.bind_customer(f.as_alice(), {.user_id = f.alice,
                                                    .customer_id = "CUST-9",
                                                    .customer_name = "other",
                                                    .certificate_type = ""});
  CHECK(again.customer_name.empty());
  CHECK(f.audit_count(f.alice, "binding.customer.bind") == 1);
  check_error([&] { b.bind_customer(kAdmin, customer(f.bob, "CUST-9")); }, Errc::conflict,
              "customer_id");
  CHECK(b.customers(kAdmin, f.bob).empty());
  // Unbinding what is not bound (or bound to somebody else) is not_found.
  check_error([&] { b.unbind_customer(kAdmin, f.bob, "CUST-9"); }, Errc::not_found, "customer_id");
  check_error([&] { b.unbind_customer(kAdmin, f.alice, "CUST-404"); }, Errc::not_found,
              "customer_id");
  CHECK(b.customers(kAdmin, f.alice).size() == 1);
  // Another tenant's users are not this tenant's: the id is free there, and
  // this tenant's users are unknown to it.
  check_error([&] { b.bind_customer(Actor::admin("op", "elsewhere"), customer(f.alice, "C")); },
              Errc::not_found);
}

BACKEND_TEST(b1_bad_input, "B1 customer: bad input names the field and changes nothing") {
  Bindings& b = f.sys->bindings();
  check_error([&] { b.bind_customer(kAdmin, customer(f.alice, "")); }, Errc::invalid_argument,
              "customer_id");
  check_error([&] { b.bind_customer(kAdmin, customer(f.alice, "has space")); },
              Errc::invalid_argument, "customer_id");
  check_error([&] { b.bind_customer(kAdmin, customer(f.alice, std::string(65, 'c'))); },
              Errc::invalid_argument, "customer_id");
  check_error([&] { b.bind_customer(kAdmin, customer("not-a-user-id", "C1")); },
              Errc::invalid_argument, "user_id");
  auto r = customer(f.alice, "C1");
  r.customer_name = std::string(201, 'n');
  check_error([&] { b.bind_customer(kAdmin, r); }, Errc::invalid_argument, "customer_name");
  r = customer(f.alice, "C1");
  r.certificate_type = "ID CARD";
  check_error([&] { b.bind_customer(kAdmin, r); }, Errc::invalid_argument, "certificate_type");
  r = customer(f.alice, "C1");
  r.bound_at = f.clock->now() + std::chrono::seconds(1);
  check_error([&] { b.bind_customer(kAdmin, r); }, Errc::invalid_argument, "bound_at");
  check_error([&] { b.unbind_customer(kAdmin, f.alice, ""); }, Errc::invalid_argument,
              "customer_id");
  CHECK(b.customers(kAdmin, f.alice).empty());
  CHECK(f.audit_count(f.alice, "binding.customer.bind") == 0);
}

BACKEND_TEST(b4_customer_access, "B4 customer: a user sees and changes only their own") {
  Bindings& b = f.sys->bindings();
  b.bind_customer(f.as_alice(), customer(f.alice, "CUST-A"));
  const auto denied = [](auto&& op) { check_error(op, Errc::permission_denied); };
  denied([&] { b.customers(f.as_bob(), f.alice); });
  denied([&] { b.bind_customer(f.as_bob(), customer(f.alice, "CUST-B")); });
  denied([&] { b.unbind_customer(f.as_bob(), f.alice, "CUST-A"); });
  denied([&] { b.customers(Actor::anonymous(), f.alice); });
  denied([&] { b.bind_customer(Actor::anonymous(), customer(f.alice, "CUST-B")); });
  // Staff of the tenant act for anyone; a service too.
  CHECK(b.customers(kService, f.alice).size() == 1);
  b.bind_customer(kService, customer(f.alice, "CUST-S"));
  CHECK(b.customers(f.as_alice(), f.alice).size() == 2);
  CHECK(b.customers(f.as_bob(), f.bob).empty());
}

BACKEND_TEST(b1_inactive_account, "B1 customer: an account that is not active cannot bind") {
  Bindings& b = f.sys->bindings();
  b.bind_customer(kAdmin, customer(f.alice, "CUST-1"));
  f.sys->accounts().set_status(kAdmin, f.alice, AccountStatus::disabled);
  check_error([&] { b.bind_customer(kAdmin, customer(f.alice, "CUST-2")); },
              Errc::failed_precondition);
  check_error([&] { b.unbind_customer(kAdmin, f.alice, "CUST-1"); }, Errc::failed_precondition);
  CHECK(b.customers(kAdmin, f.alice).size() == 1);  // reading still works
  check_error([&] { b.customers(kAdmin, "00000000-0000-4000-8000-000000000000abcd"); },
              Errc::not_found);
}

}  // namespace member::test
