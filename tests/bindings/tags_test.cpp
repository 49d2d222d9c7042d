// A9 tags: upsert by (type, key), list by type, weights, access, bad input.
#include <doctest/doctest.h>

#include <cmath>

#include "bindings/helpers.hpp"

namespace member::test {

BACKEND_TEST(a9_upsert_list, "A9 tags: upsert by type and key, list by type") {
  Tags& t = f.sys->tags();
  t.set(kService, {.user_id = f.alice,
                   .type = TagType::behavior,
                   .key = "active_level",
                   .value = "high",
                   .weight = 0.8});
  t.set(f.as_alice(), {.user_id = f.alice,
                       .type = TagType::preference,
                       .key = "crop_type",
                       .value = "蔬菜种植",
                       .weight = 0.9});
  t.set(kAdmin, {.user_id = f.alice,
                 .type = TagType::attribute,
                 .key = "farm_size",
                 .value = "小规模",
                 .weight = 1.0});
  f.clock->advance(std::chrono::seconds(3));
  // Upsert: the same (type, key) replaces value and weight.
  const Tag replaced = t.set(f.as_alice(), {.user_id = f.alice,
                                            .type = TagType::preference,
                                            .key = "crop_type",
                                            .value = "水稻种植",
                                            .weight = 0.25});
  CHECK(replaced.updated_at == f.clock->now());
  const auto prefs = t.list(f.as_alice(), f.alice, TagType::preference);
  REQUIRE(prefs.size() == 1);
  CHECK(prefs[0].value == "水稻种植");
  CHECK(prefs[0].weight == doctest::Approx(0.25));
  // The same key under another type is another tag.
  t.set(kAdmin, {.user_id = f.alice, .type = TagType::behavior, .key = "crop_type", .value = "x"});
  const auto all = t.list(f.as_alice(), f.alice);
  REQUIRE(all.size() == 4);
  CHECK(all[0].type == TagType::behavior);
  CHECK(all[0].key == "active_level");
  CHECK(all[0].weight == doctest::Approx(0.8));
  CHECK(all[1].key == "crop_type");
  CHECK(all[3].type == TagType::attribute);
  CHECK(t.list(f.as_alice(), f.alice, TagType::behavior).size() == 2);
  CHECK(t.list(f.as_bob(), f.bob).empty());
  t.remove(kAdmin, f.alice, TagType::behavior, "crop_type");
  check_error([&] { t.remove(kAdmin, f.alice, TagType::behavior, "crop_type"); }, Errc::not_found,
              "key");
  CHECK(t.list(kAdmin, f.alice).size() == 3);
  CHECK(f.audit_count(f.alice, "tag.set") == 5);
  CHECK(f.audit_count(f.alice, "tag.remove") == 1);
}

BACKEND_TEST(a9_rules, "A9 tags: weights 0..1, bad input, access") {
  Tags& t = f.sys->tags();
  const auto bad = [&](TagRequest r, const std::string& field) {
    check_error([&] { t.set(kAdmin, r); }, Errc::invalid_argument, field);
  };
  TagRequest r{.user_id = f.alice, .type = TagType::behavior, .key = "k", .value = "v"};
  for (double w : {-0.01, 1.01, static_cast<double>(NAN), static_cast<double>(INFINITY)}) {
    r.weight = w;
    bad(r, "weight");
  }
  r.weight = 0.0;
  CHECK(t.set(kAdmin, r).weight == 0.0);
  r.weight = 1.0;
  CHECK(t.set(kAdmin, r).weight == 1.0);
  r.key = "";
  bad(r, "key");
  r.key = "with space";
  bad(r, "key");
  r.key = "k";
  r.value = std::string(501, 'v');
  bad(r, "value");
  r.value = "v";
  r.type = static_cast<TagType>(7);
  bad(r, "type");
  check_error([&] { t.list(kAdmin, f.alice, static_cast<TagType>(-1)); }, Errc::invalid_argument,
              "type");
  check_error([&] { t.list(f.as_bob(), f.alice); }, Errc::permission_denied);
  check_error([&] { t.set(f.as_bob(), {.user_id = f.alice, .key = "x"}); },
              Errc::permission_denied);
  check_error([&] { t.remove(f.as_bob(), f.alice, TagType::behavior, "k"); },
              Errc::permission_denied);
  CHECK(t.list(kAdmin, f.alice).size() == 1);
}

}  // namespace member::test
