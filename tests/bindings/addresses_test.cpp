// A8 addresses: CRUD, one default per user, B4 access, bad input.
#include <doctest/doctest.h>

#include <cmath>

#include "bindings/helpers.hpp"

namespace member::test {
namespace {

Address farm(const std::string& user, const std::string& label, bool is_default = false) {
  Address a;
  a.user_id = user;
  a.name = label;
  a.contact_name = "张三";
  a.contact_phone = "13800138000";
  a.province = "山东省";
  a.city = "济南市";
  a.county = "历城区";
  a.address = "某某村123号";
  a.longitude = 117.1234;
  a.latitude = 36.5678;
  a.address_type = "farm";
  a.is_default = is_default;
  return a;
}

std::size_t defaults(const std::vector<Address>& list) {
  std::size_t n = 0;
  for (const auto& a : list) n += a.is_default;
  return n;
}

}  // namespace

BACKEND_TEST(a8_crud, "A8 address: add, get, list, update, remove") {
  Addresses& ad = f.sys->addresses();
  const Address first = ad.add(f.as_alice(), farm(f.alice, "家庭农场"));
  CHECK(first.address_id.rfind("adr_", 0) == 0);
  CHECK(first.is_default);  // the first address is the default
  CHECK(first.contact_name == "张三");
  REQUIRE(first.longitude.has_value());
  CHECK(*first.longitude == doctest::Approx(117.1234));
  f.clock->advance(std::chrono::seconds(1));
  Address no_coordinates = farm(f.alice, "Office");
  no_coordinates.longitude.reset();
  no_coordinates.latitude.reset();
  no_coordinates.county.clear();
  const Address second = ad.add(f.as_alice(), no_coordinates);
  CHECK_FALSE(second.is_default);
  CHECK_FALSE(second.longitude.has_value());

  const auto list = ad.list(f.as_alice(), f.alice);
  REQUIRE(list.size() == 2);
  CHECK(list[0].address_id == second.address_id);  // newest first
  CHECK(ad.get(kAdmin, f.alice, first.address_id).address == "某某村123号");

  f.clock->advance(std::chrono::seconds(1));
  AddressUpdate u;
  u.user_id = f.alice;
  u.address_id = first.address_id;
  u.address = "新地址456号";
  u.latitude = std::optional<double>{};  // clears it
  const Address updated = ad.update(f.as_alice(), u);
  CHECK(updated.address == "新地址456号");
  CHECK(updated.name == "家庭农场");
  CHECK_FALSE(updated.latitude.has_value());
  CHECK(updated.updated_at == f.clock->now());
  CHECK(updated.created_at == first.created_at);
  const auto audit = audit_of(*f.sys, f.alice, "address.update");
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].detail.find("latitude") != std::string::npos);
  CHECK(audit[0].detail.find("新地址") == std::string::npos);  // fields named, values not

  ad.remove(f.as_alice(), f.alice, second.address_id);
  CHECK(ad.list(f.as_alice(), f.alice).size() == 1);
  check_error([&] { ad.get(f.as_alice(), f.alice, second.address_id); }, Errc::not_found,
              "address_id");
  check_error([&] { ad.remove(f.as_alice(), f.alice, second.address_id); }, Errc::not_found,
              "address_id");
  CHECK(f.audit_count(f.alice, "address.add") == 2);
  CHECK(f.audit_count(f.alice, "address.remove") == 1);
}

BACKEND_TEST(a8_one_default, "A8 address: one default; deleting it promotes the newest") {
  Addresses& ad = f.sys->addresses();
  const Address a = ad.add(f.as_alice(), farm(f.alice, "A"));
  f.clock->advance(std::chrono::seconds(1));
  const Address b = ad.add(f.as_alice(), farm(f.alice, "B", true));
  CHECK(b.is_default);
  auto list = ad.list(f.as_alice(), f.alice);
  CHECK(defaults(list) == 1);
  CHECK_FALSE(ad.get(f.as_alice(), f.alice, a.address_id).is_default);
  f.clock->advance(std::chrono::seconds(1));
  const Address c = ad.add(f.as_alice(), farm(f.alice, "C"));
  // Making A the default by update clears B.
  AddressUpdate u;
  u.user_id = f.alice;
  u.address_id = a.address_id;
  u.is_default = true;
  ad.update(f.as_alice(), u);
  list = ad.list(f.as_alice(), f.alice);
  CHECK(defaults(list) == 1);
  CHECK(ad.get(f.as_alice(), f.alice, a.address_id).is_default);
  // Deleting the default (A) promotes the newest remaining address (C).
  ad.remove(f.as_alice(), f.alice, a.address_id);
  CHECK(ad.get(f.as_alice(), f.alice, c.address_id).is_default);
  CHECK_FALSE(ad.get(f.as_alice(), f.alice, b.address_id).is_default);
  // Deleting a non-default leaves the default alone.
  ad.remove(f.as_alice(), f.alice, b.address_id);
  CHECK(ad.get(f.as_alice(), f.alice, c.address_id).is_default);
  // Unsetting the default leaves none; deleting the last leaves nothing.
  u.address_id = c.address_id;
  u.is_default = false;
  CHECK_FALSE(ad.update(f.as_alice(), u).is_default);
  CHECK(defaults(ad.list(f.as_alice(), f.alice)) == 0);
  ad.remove(f.as_alice(), f.alice, c.address_id);
  CHECK(ad.list(f.as_alice(), f.alice).empty());
  // Bob's default is his own business.
  CHECK(ad.add(f.as_bob(), farm(f.bob, "Bob's")).is_default);
}

BACKEND_TEST(a8_access, "A8 address: a user touches only their own addresses") {
  Addresses& ad = f.sys->addresses();
  const Address a = ad.add(f.as_alice(), farm(f.alice, "A"));
  const auto denied = [](auto&& op) { check_error(op, Errc::permission_denied); };
  denied([&] { ad.list(f.as_bob(), f.alice); });
  denied([&] { ad.get(f.as_bob(), f.alice, a.address_id); });
  denied([&] { ad.add(f.as_bob(), farm(f.alice, "X")); });
  denied([&] { ad.remove(f.as_bob(), f.alice, a.address_id); });
  denied([&] { ad.list(Actor::anonymous(), f.alice); });
  // Bob naming himself cannot reach Alice's address by its id.
  check_error([&] { ad.get(f.as_bob(), f.bob, a.address_id); }, Errc::not_found, "address_id");
  check_error([&] { ad.remove(f.as_bob(), f.bob, a.address_id); }, Errc::not_found, "address_id");
  AddressUpdate u;
  u.user_id = f.bob;
  u.address_id = a.address_id;
  u.name = "mine now";
  check_error([&] { ad.update(f.as_bob(), u); }, Errc::not_found, "address_id");
  CHECK(ad.get(kAdmin, f.alice, a.address_id).name == "A");
  CHECK(ad.add(kAdmin, farm(f.alice, "by staff")).user_id == f.alice);
}

BACKEND_TEST(a8_bad_input, "A8 address: bad input names the field and changes nothing") {
  Addresses& ad = f.sys->addresses();
  const auto bad = [&](Address a, const std::string& field) {
    check_error([&] { ad.add(f.as_alice(), a); }, Errc::invalid_argument, field);
  };
  auto a = farm(f.alice, "X");
  a.contact_name.clear();
  bad(a, "contact_name");
  a = farm(f.alice, "X");
  a.contact_phone = "call me";
  bad(a, "contact_phone");
  a.contact_phone = "123";
  bad(a, "contact_phone");
  a = farm(f.alice, "X");
  a.province.clear();
  bad(a, "province");
  a = farm(f.alice, "X");
  a.city.clear();
  bad(a, "city");
  a = farm(f.alice, "X");
  a.address = std::string(501, 'x');
  bad(a, "address");
  a = farm(f.alice, "X");
  a.longitude = 180.5;
  bad(a, "longitude");
  a = farm(f.alice, "X");
  a.latitude = NAN;
  bad(a, "latitude");
  a = farm(f.alice, "X");
  a.address_type = "farm house";
  bad(a, "address_type");
  a = farm(f.alice, "X");
  a.name = "bad\x01name";
  bad(a, "name");
  CHECK(ad.list(f.as_alice(), f.alice).empty());
  // Updates cannot clear a required field either.
  const Address ok = ad.add(f.as_alice(), farm(f.alice, "ok"));
  AddressUpdate u;
  u.user_id = f.alice;
  u.address_id = ok.address_id;
  u.city = "";
  check_error([&] { ad.update(f.as_alice(), u); }, Errc::invalid_argument, "city");
  CHECK(ad.get(f.as_alice(), f.alice, ok.address_id).city == "济南市");
  check_error([&] { ad.get(f.as_alice(), f.alice, "no such id"); }, Errc::invalid_argument,
              "address_id");
}

TEST_CASE("A8 address: at most kMaxPerUser addresses per user") {
  Fixture f;
  for (std::size_t i = 0; i < Addresses::kMaxPerUser; ++i) {
    f.sys->addresses().add(kAdmin, farm(f.alice, "n" + std::to_string(i)));
  }
  check_error([&] { f.sys->addresses().add(kAdmin, farm(f.alice, "one too many")); },
              Errc::resource_exhausted);
  CHECK(f.sys->addresses().list(kAdmin, f.alice).size() == Addresses::kMaxPerUser);
}

}  // namespace member::test
