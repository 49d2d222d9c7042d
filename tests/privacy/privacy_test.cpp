// A12 (seed 004 GDPR): export of all of a user's data, and erasure that
// leaves none of their personal data readable, on every backend.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>

#include "privacy/privacy_helpers.hpp"
#include "support/latch.hpp"

namespace member::test {
namespace {

using nlohmann::json;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

/// The user's export without what changes on every call.
json stable_export(SessionFixture& f, const std::string& user_id) {
  json e = json::parse(f.sys->privacy().export_user(kStaff, user_id));
  e.erase("exported_at");
  e.erase("audit");
  return e;
}

/// The stored bytes of the user's row and sealed fields, read raw.
std::vector<storage::Bytes> stored_blobs(storage::sql::Connection& db, const std::string& user_id) {
  std::vector<storage::Bytes> out;
  storage::sql::Statement& u = db.prepare(
      "SELECT email_index, mobile_index, email, mobile, profile, data_key FROM users "
      "WHERE id = ?1");
  u.bind(1, user_id);
  REQUIRE(u.step());
  for (int c = 0; c < 6; ++c) out.push_back(u.get_blob_or_empty(c));
  storage::sql::Statement& a = db.prepare("SELECT data FROM addresses WHERE user_id = ?1");
  a.bind(1, user_id);
  while (a.step()) out.push_back(a.get_blob(0));
  storage::sql::Statement& m = db.prepare("SELECT content FROM messages WHERE user_id = ?1");
  m.bind(1, user_id);
  while (m.step()) out.push_back(m.get_blob(0));
  for (const auto& b : out) REQUIRE(b.size() >= 16);
  return out;
}

/// The one number `sql` selects (PostgreSQL sums bigints as numeric: cast back).
std::int64_t sum_of(storage::sql::Connection& db, const std::string& sql) {
  storage::sql::Statement& s = db.prepare("SELECT CAST(COALESCE((" + sql + "), 0) AS BIGINT)");
  REQUIRE(s.step());
  return s.get_int(0);
}

}  // namespace

TEST_CASE("A12: every table that refers to users is covered by a personal data participant") {
  on_each_backend([](SessionFixture&, const Backend& backend) {
    const bool postgres = backend.name == "postgres";
    auto db = raw_connection(backend);
    const std::set<std::string> tables = all_tables(*db, postgres);
    const std::set<std::string> referring = tables_referring_to_users(*db, postgres);
    const auto list = Privacy::covered_tables();
    const std::set<std::string> covered(list.begin(), list.end());
    CHECK(referring.size() >= 25);
    for (const std::string& table : referring) {
      CAPTURE(table);
      CHECK(covered.count(table) == 1);
    }
    for (const std::string& table : covered) {
      CAPTURE(table);
      CHECK(tables.count(table) == 1);  // no participant names a table that is gone
    }
  });
}

TEST_CASE("A12: the export holds every part of the user's data, for the user and for staff") {
  on_each_backend([](SessionFixture& f) {
    const PersonalValues alice = populate_user(f, 1);
    const PersonalValues bob = populate_user(f, 2);
    const std::string text =
        f.sys->privacy().export_user(Actor::user(alice.user_id), alice.user_id);
    const json e = json::parse(text);
    CHECK(e.at("user_id") == alice.user_id);
    for (const char* part :
         {"account", "login_log", "sessions", "bindings", "identities", "addresses", "tags",
          "verifications", "ledger", "loyalty", "messages", "audit"}) {
      CAPTURE(part);
      CHECK(e.contains(part));
    }
    CHECK(e.at("account").at("profile").at("email") == "quokka1@example.org");
    CHECK(e.at("account").at("profile").at("real_name") == "RealnameWombat1");
    CHECK(e.at("addresses").size() == 1);
    CHECK(e.at("tags").at(0).at("value") == "TagValueBandicoot1");
    CHECK(e.at("bindings").at("customers").size() == 1);
    CHECK(e.at("bindings").at("transactions").size() == 1);
    CHECK(e.at("identities").at(0).at("nickname") == "WxNickDunnart1");
    CHECK(e.at("verifications").size() == 2);
    CHECK(e.at("ledger").at("points").at("summary").at("total") == 401);
    CHECK(e.at("ledger").at("points").at("journal").size() == 2);
    CHECK(e.at("ledger").at("wallet").at("journal").size() == 1);
    CHECK(e.at("loyalty").at("level_history").size() == 1);
    CHECK(e.at("loyalty").at("level_history").at(0).at("new_code") == "SILVER");
    CHECK(e.at("sessions").at("devices").size() == 1);
    CHECK(e.at("sessions").at("sessions").at(0).at("device_name") == "PhoneNameCuscus1");
    CHECK(e.at("login_log").size() >= 1);
    CHECK(e.at("messages").at(0).at("body") == "DirectBodyCorella1");
    CHECK(e.at("audit").size() >= 5);
    for (const char* value : {"RegionTasman1", "ProfileStreet1", "AddressLine Numbat 1",
                              "CustomerQuoll1", "MetaNoteEchidna1", "LedgerNoteWallaby1",
                              "WalletNoteDingo1", "HolderPlatypus1", "CheckedName1"}) {
      CAPTURE(value);
      CHECK(contains(text, value));
    }
    // Nothing of bob's.
    for (const std::string& value : bob.texts) CHECK_FALSE(contains(text, value));
    // Staff get the same document; the exports are audited.
    CHECK(stable_export(f, alice.user_id).at("addresses") == e.at("addresses"));
    CHECK(audit_of(*f.sys, alice.user_id, "privacy.export").size() == 2);
  });
}

TEST_CASE("A12: export refuses other users, anonymous callers and bad ids") {
  on_each_backend([](SessionFixture& f) {
    Privacy& p = f.sys->privacy();
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bobcat"));
    check_error([&] { p.export_user(Actor::user(bob), f.alice); }, Errc::permission_denied);
    check_error([&] { p.export_user(kAnonymous, f.alice); }, Errc::permission_denied);
    check_error([&] { p.export_user(kStaff, "not-an-id"); }, Errc::invalid_argument, "user_id");
    check_error([&] { p.export_user(kStaff, "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"); },
                Errc::not_found, "user_id");
    CHECK(audit_of(*f.sys, f.alice, "privacy.export").empty());
  });
}

TEST_CASE(
    "A12: erasing a user leaves none of their personal data in the files, the tables or an "
    "export; the ledger balances, the audit chain verifies, others are untouched") {
  on_each_backend([](SessionFixture& f, const Backend& backend) {
    const bool postgres = backend.name == "postgres";
    const PersonalValues alice = populate_user(f, 1);
    const PersonalValues bob = populate_user(f, 2);
    const TokenPair tokens = f.sign_in("quokka1", "device-erase", "phone").tokens;
    std::vector<storage::Bytes> blobs;
    {
      auto db = raw_connection(backend);
      blobs = stored_blobs(*db, alice.user_id);
    }
    const json bob_before = stable_export(f, bob.user_id);

    const ErasureReport report = f.sys->privacy().erase(kStaff, {.user_id = alice.user_id});
    CHECK(report.user_id == alice.user_id);
    std::map<std::string, std::int64_t> counts(report.tables.begin(), report.tables.end());
    CHECK(counts.at("addresses") == 1);
    CHECK(counts.at("messages") == 1);
    CHECK(counts.at("identities") == 1);
    CHECK(counts.at("verifications") == 2);
    CHECK(counts.at("sessions") == 2);
    CHECK(counts.at("ledger_entries") == 3);  // points earn and use, wallet top-up
    CHECK(counts.at("login_log") >= 2);

    // Nothing of alice in the tables (every row of every table as text)...
    {
      auto db = raw_connection(backend);
      for (const std::string& table : table_texts(*db, postgres)) {
        for (const std::string& value : alice.texts) {
          CAPTURE(value);
          CHECK_FALSE(contains(table, value));
        }
        for (const auto& blob : blobs) CHECK_FALSE(contains(table, hex_of(blob)));
      }
      // ...the ledger still balances: the journal sums to the balances.
      for (int asset : {0, 1}) {
        const std::string a = std::to_string(asset);
        CHECK(sum_of(*db, "SELECT SUM(amount) FROM ledger_entries WHERE asset = " + a) ==
              sum_of(*db, "SELECT SUM(posted) FROM ledger_balances WHERE asset = " + a));
      }
      CHECK(sum_of(*db, "SELECT SUM(amount) FROM ledger_entries WHERE asset = 0") ==
            (501 - 100) + (502 - 100));
      // Alice's journal keeps its amounts under her (tombstone) id.
      CHECK(sum_of(*db, "SELECT SUM(amount) FROM ledger_entries WHERE asset = 0 AND user_id = '" +
                            alice.user_id + "'") == 401);
    }
    // ...nor in the SQLite file or its WAL.
    if (!postgres) {
      const std::string path = backend.options().database;
      const std::string bytes = file_bytes(path) + file_bytes(path + "-wal");
      REQUIRE(bytes.size() > 4096);
      for (const std::string& value : alice.texts) {
        CAPTURE(value);
        CHECK_FALSE(contains(bytes, value));
      }
      for (const auto& blob : blobs) {
        CHECK_FALSE(contains(bytes, std::string(blob.begin(), blob.end())));
      }
    }
    // The audit chain still verifies; the erasure is recorded with counts.
    CHECK(f.sys->audit().verify(Actor::system()).intact);
    const auto erased = audit_of(*f.sys, alice.user_id, "privacy.erase");
    REQUIRE(erased.size() == 1);
    CHECK(contains(erased[0].detail, "\"addresses\":1"));
    // Alice is gone for every call; her token is refused.
    check_error([&] { f.sys->privacy().export_user(kStaff, alice.user_id); }, Errc::not_found);
    check_error([&] { f.sys->accounts().profile(kStaff, alice.user_id); }, Errc::not_found);
    check_error([&] { f.sys->privacy().erase(kStaff, {.user_id = alice.user_id}); },
                Errc::not_found);
    check_error(
        [&] {
          f.sys->points().earn(kStaff, {.user_id = alice.user_id, .amount = 1, .key = "late"});
        },
        Errc::failed_precondition);
    // Nothing names her again: no report, membership or role is written.
    check_error([&] { f.sys->moderation().report(Actor::user(bob.user_id), alice.user_id, "x"); },
                Errc::not_found, "user_id");
    check_error([&] { f.sys->moderation().state(kStaff, alice.user_id); }, Errc::not_found,
                "user_id");
    check_error(
        [&] {
          f.sys->roles().assign_roles(kStaff, {{alice.user_id, "admin"}});
        },
        Errc::not_found, "assignments[0].user_id");
    check_error([&] { f.sys->tenants().assign_user_tenants(Actor::system(), alice.user_id, {}); },
                Errc::not_found, "user_id");
    CHECK_FALSE(f.valid(tokens.access_token));
    CHECK_FALSE(f.valid(tokens.access_token, {.check_session = true}));
    CHECK_FALSE(can_sign_in(*f.sys, "quokka1"));
    // Bob is untouched.
    CHECK(stable_export(f, bob.user_id) == bob_before);
    CHECK(can_sign_in(*f.sys, "quokka2"));
    // Her username, email and mobile are free again (their lookup rows are gone).
    CHECK_NOTHROW(f.sys->accounts().register_user(
        kAnonymous, with_all("quokka1", "quokka1@example.org", "+8613800138001")));
  });
}

TEST_CASE(
    "A12: reports about a user are exported and erased with them; reports they filed are "
    "exported and lose their text") {
  on_each_backend([](SessionFixture& f, const Backend& backend) {
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bobcat"));
    Moderation& m = f.sys->moderation();
    m.report(Actor::user(f.alice), bob, "FiledByAliceKowari");
    m.report(Actor::user(bob), f.alice, "AboutAliceDibbler");

    const json e = stable_export(f, f.alice);
    const json& about = e.at("account").at("reports_about_them");
    REQUIRE(about.size() == 1);
    CHECK(about.at(0).at("reporter") == "user:" + bob);
    CHECK(about.at(0).at("reason") == "AboutAliceDibbler");
    CHECK_FALSE(about.at(0).contains("user_id"));
    const json& filed = e.at("account").at("reports_filed");
    REQUIRE(filed.size() == 1);
    CHECK(filed.at(0).at("user_id") == bob);
    CHECK(filed.at(0).at("reason") == "FiledByAliceKowari");
    CHECK_FALSE(filed.at(0).contains("reporter"));

    const ErasureReport report = f.sys->privacy().erase(kStaff, {.user_id = f.alice});
    const std::map<std::string, std::int64_t> counts(report.tables.begin(), report.tables.end());
    CHECK(counts.at("reports") == 2);  // one removed, one cleared
    CHECK(std::count_if(report.tables.begin(), report.tables.end(),
                        [](const auto& t) { return t.first == "reports"; }) == 1);
    {
      auto db = raw_connection(backend);
      for (const std::string& table : table_texts(*db, backend.name == "postgres")) {
        CHECK_FALSE(contains(table, "FiledByAliceKowari"));
        CHECK_FALSE(contains(table, "AboutAliceDibbler"));
      }
    }
    // Bob keeps the report about him, without its text, and its count; the
    // report he filed about alice went with her.
    const json b = stable_export(f, bob);
    const json& about_bob = b.at("account").at("reports_about_them");
    REQUIRE(about_bob.size() == 1);
    CHECK(about_bob.at(0).at("reporter") == "user:" + f.alice);
    CHECK(about_bob.at(0).at("reason") == "");
    CHECK(b.at("account").at("reports_filed").empty());
    CHECK(m.state(kStaff, bob).report_count == 1);
  });
}

TEST_CASE("A12: erasure removes the lockout rows the user's identifiers had before the account") {
  on_each_backend([](SessionFixture& f, const Backend& backend) {
    // Failed sign-ins at identifiers no account has yet lock like accounts
    // do, in rows keyed by the identifiers' blind indexes.
    for (const char* identifier : {"wallaby", "wallaby@example.org", "+8613900139000", "nobody"}) {
      CHECK_FALSE(can_sign_in(*f.sys, identifier, "wrong password"));
    }
    const auto throttle_rows = [&] {
      auto db = raw_connection(backend);
      storage::sql::Statement& s = db->prepare("SELECT COUNT(*) FROM sign_in_throttle");
      REQUIRE(s.step());
      return s.get_int(0);
    };
    REQUIRE(throttle_rows() == 4);
    const std::string id = f.sys->accounts().register_user(
        kAnonymous, with_all("wallaby", "wallaby@example.org", "+8613900139000"));
    f.sys->privacy().erase(kStaff, {.user_id = id});
    CHECK(throttle_rows() == 1);  // only the identifier no account ever had
  });
}

TEST_CASE("A12: erasure is staff's, or the user's own with their password") {
  on_each_backend([](SessionFixture& f) {
    Privacy& p = f.sys->privacy();
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bobcat"));
    const Actor alice = Actor::user(f.alice);
    check_error([&] { p.erase(kAnonymous, {.user_id = f.alice}); }, Errc::permission_denied);
    check_error([&] { p.erase(Actor::user(bob), {.user_id = f.alice, .password = kPassword}); },
                Errc::permission_denied);
    check_error([&] { p.erase(alice, {.user_id = f.alice}); }, Errc::invalid_argument, "password");
    check_error([&] { p.erase(alice, {.user_id = f.alice, .password = kOtherPassword}); },
                Errc::unauthenticated);
    check_error([&] { p.erase(kStaff, {.user_id = "bad id"}); }, Errc::invalid_argument, "user_id");
    check_error([&] { p.erase(kStaff, {.user_id = "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"}); },
                Errc::not_found, "user_id");
    CHECK(audit_of(*f.sys, f.alice, "privacy.erase").empty());
    CHECK(can_sign_in(*f.sys, "alice"));

    p.erase(alice, {.user_id = f.alice, .password = kPassword});
    CHECK_FALSE(can_sign_in(*f.sys, "alice"));
    CHECK(audit_of(*f.sys, f.alice, "privacy.erase").size() == 1);
    CHECK(can_sign_in(*f.sys, "bobcat"));
  });
}

}  // namespace member::test

namespace member::test {

TEST_CASE("A12 G1: an erasure racing with messages, addresses and points leaves nothing behind") {
  on_each_backend([](SessionFixture& f, const Backend& backend) {
    for (int round = 0; round < 3; ++round) {
      CAPTURE(round);
      const std::string user = f.sys->accounts().register_user(
          kAnonymous, with_username("racer" + std::to_string(round)));
      std::atomic<int> refused{0};
      race(4, [&](std::size_t i) {
        try {
          if (i == 0) {
            f.sys->privacy().erase(kStaff, {.user_id = user});
          } else if (i == 1) {
            f.sys->messages().send(kStaff, {.audience = AudienceKind::user,
                                            .target = user,
                                            .category = MessageCategory::message,
                                            .title = "RaceTitle",
                                            .body = "RaceBody"});
          } else if (i == 2) {
            Address a;
            a.user_id = user;
            a.contact_name = "RaceContact";
            a.contact_phone = "+61 400 555 000";
            a.province = "RaceProvince";
            a.city = "RaceCity";
            a.address = "RaceStreet";
            f.sys->addresses().add(kStaff, a);
          } else {
            f.sys->points().earn(
                kStaff, {.user_id = user, .amount = 10, .key = "race-" + std::to_string(round)});
          }
        } catch (const Error& e) {
          // Too late: the account is already erased.
          CHECK((e.code() == Errc::not_found || e.code() == Errc::failed_precondition));
          ++refused;
        }
      });
      CHECK(refused <= 3);
      auto db = raw_connection(backend);
      for (const char* table : {"messages", "addresses"}) {
        CAPTURE(table);
        storage::sql::Statement& s =
            db->prepare(std::string("SELECT COUNT(*) FROM ") + table + " WHERE user_id = ?1");
        s.bind(1, user);
        REQUIRE(s.step());
        CHECK(s.get_int(0) == 0);
      }
      storage::sql::Statement& sum = db->prepare(
          "SELECT CAST(COALESCE((SELECT SUM(amount) FROM ledger_entries WHERE asset = 0), 0) - "
          "COALESCE((SELECT SUM(posted) FROM ledger_balances WHERE asset = 0), 0) AS BIGINT)");
      REQUIRE(sum.step());
      CHECK(sum.get_int(0) == 0);
    }
    CHECK(f.sys->audit().verify(Actor::system()).intact);
  });
}

}  // namespace member::test
