// H1: personal data is encrypted at rest; ciphertexts are bound to their row.
#include <filesystem>

#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

const Actor kAnon = Actor::anonymous();

struct Person {
  std::string username;  // stored in clear by design: not personal data here
  std::string email;
  std::string mobile;       // as typed
  std::string mobile_e164;  // as normalised
  std::string real_name;
  std::string nickname;
  std::string address;
  std::string region;
  std::string birthday;
  std::string attribute;
};

const std::vector<Person> kPeople = {
    {"person_one", "zanzibar.quokka@example.com", "13957123468", "+8613957123468",
     "Quentin Zanzibar-Fitzwilliam", "Quokkalicious", "77 Wobblewood Crescent", "Wobbleshire",
     "1981-04-17", "attr-marmoset-9931"},
    {"person_two", "yttrium.pangolin@example.org", "+44 7700 900461", "+447700900461",
     "\xE6\xAC\xA7\xE9\x98\xB3\xE7\x8F\x8A\xE7\x8F\x8A",  // 欧阳珊珊
     "Pangolin\xF0\x9F\xA6\x94Nick", "Flat 9, Xylophone Mansions\nGlimmerton", "Glimmerton Vale",
     "1975-11-02", "attr-okapi-5521"},
    {"person_three", "vermilion.axolotl@example.net", "186 2468 1357", "+8618624681357",
     "Beatrix Vermilion-Axolotl", "AxoBea", "13 Marzipan Row", "Marzipania", "1999-09-09",
     "attr-tapir-7720"},
};

/// Everything of a person that must never be readable in the database file.
std::vector<std::string> secrets_of(const Person& p) {
  std::string digits;
  for (char c : p.mobile_e164) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  std::string national = digits.substr(digits.size() - 10);
  return {p.email,       p.email.substr(0, p.email.find('@')),
          p.mobile_e164, digits,
          national,      p.mobile,
          p.real_name,   p.nickname,
          p.address,     p.address.substr(0, p.address.find('\n')),
          p.region,      p.birthday,
          p.attribute,   kPassword};
}

void register_people(System& sys) {
  for (const Person& p : kPeople) {
    RegisterRequest r = with_all(p.username, p.email, p.mobile);
    r.real_name = p.real_name;
    r.nickname = p.nickname;
    r.address = p.address;
    r.region = p.region;
    r.birthday = p.birthday;
    r.attributes = R"({"note":")" + p.attribute + R"("})";
    sys.accounts().register_user(kAnon, r);
  }
}

/// Checks that no secret occurs in the database file or its WAL.
void check_files_clean(const TempDir& dir, bool expect_wal) {
  const std::string db = dir.file("member.db");
  const std::string main_bytes = file_bytes(db);
  REQUIRE(main_bytes.size() > 0);
  std::string wal_bytes;
  if (std::filesystem::exists(db + "-wal")) wal_bytes = file_bytes(db + "-wal");
  if (expect_wal) CHECK(wal_bytes.size() > 0);
  for (const Person& p : kPeople) {
    for (const std::string& secret : secrets_of(p)) {
      CAPTURE(secret);
      CHECK(main_bytes.find(secret) == std::string::npos);
      CHECK(wal_bytes.find(secret) == std::string::npos);
    }
  }
  // Sanity: the scan would see a value stored in clear (usernames are).
  CHECK((main_bytes.find("person_one") != std::string::npos ||
         wal_bytes.find("person_one") != std::string::npos));
}

}  // namespace

TEST_CASE("H1 encryption at rest: personal data never appears in the database file or its WAL") {
  TempDir dir;
  {
    System sys(file_options(dir));
    register_people(sys);
    // Lookups by email and mobile still work through the blind index.
    for (const Person& p : kPeople) {
      CAPTURE(p.username);
      CHECK(can_sign_in(sys, p.email));
      CHECK(can_sign_in(sys, p.mobile_e164));
      const auto id = sys.accounts().sign_in(kAnon, credentials(p.username)).user_id;
      const Profile profile = sys.accounts().profile(Actor::user(id), id);
      CHECK(profile.real_name == p.real_name);
      CHECK(profile.address == p.address);
    }
    // Updating the profile writes new ciphertext, never clear text.
    const auto id = sys.accounts().sign_in(kAnon, credentials("person_one")).user_id;
    ProfileUpdate u;
    u.user_id = id;
    u.nickname = kPeople[0].nickname;
    u.real_name = kPeople[0].real_name;
    sys.accounts().update_profile(Actor::user(id), u);
    sys.accounts().change_identifier(
        Actor::admin("support"),
        {.user_id = id, .kind = Identifier::email, .value = kPeople[0].email});
    check_files_clean(dir, /*expect_wal=*/true);
  }
  // After close (checkpointed into the main file).
  check_files_clean(dir, /*expect_wal=*/false);

  // And a reopened System still decrypts it.
  System sys(file_options(dir));
  const auto id = sys.accounts().sign_in(kAnon, credentials(kPeople[1].email)).user_id;
  const Profile p = sys.accounts().profile(Actor::user(id), id);
  CHECK(p.real_name == kPeople[1].real_name);
  CHECK(p.mobile == kPeople[1].mobile_e164);
}

TEST_CASE("H1 encryption at rest: a ciphertext copied into another row fails with key_error") {
  TempDir dir;
  std::string a, b;
  {
    System sys(file_options(dir));
    a = sys.accounts().register_user(kAnon, with_all("row_a", "row.a@example.com", "13800000001"));
    b = sys.accounts().register_user(kAnon, with_all("row_b", "row.b@example.com", "13800000002"));
  }
  raw_exec(dir.file("member.db"), "UPDATE users SET email = (SELECT email FROM users WHERE id = '" +
                                      a + "') WHERE id = '" + b + "'");
  System sys(file_options(dir));
  check_error([&] { sys.accounts().profile(Actor::system(), b); }, Errc::key_error);
  // The row it came from is unaffected.
  CHECK(sys.accounts().profile(Actor::system(), a).email == "row.a@example.com");
}

TEST_CASE("H1 encryption at rest: a ciphertext moved to another column of its row fails too") {
  TempDir dir;
  std::string id;
  {
    System sys(file_options(dir));
    id =
        sys.accounts().register_user(kAnon, with_all("col_user", "col@example.com", "13800000003"));
  }
  raw_exec(dir.file("member.db"), "UPDATE users SET mobile = email WHERE id = '" + id + "'");
  System sys(file_options(dir));
  check_error([&] { sys.accounts().profile(Actor::system(), id); }, Errc::key_error);
}

TEST_CASE("H1 encryption at rest: swapping a wrapped data key between rows fails with key_error") {
  TempDir dir;
  std::string a, b;
  {
    System sys(file_options(dir));
    a = sys.accounts().register_user(kAnon, with_email("key.a@example.com"));
    b = sys.accounts().register_user(kAnon, with_email("key.b@example.com"));
  }
  raw_exec(dir.file("member.db"),
           "UPDATE users SET data_key = (SELECT data_key FROM users WHERE id = '" + a +
               "'), email = (SELECT email FROM users WHERE id = '" + a + "') WHERE id = '" + b +
               "'");
  System sys(file_options(dir));
  check_error([&] { sys.accounts().profile(Actor::system(), b); }, Errc::key_error);
}

TEST_CASE("H1 encryption at rest: a tampered ciphertext fails with key_error") {
  TempDir dir;
  std::string id;
  {
    System sys(file_options(dir));
    RegisterRequest r = with_username("tampered");
    r.real_name = "Tamper Target";
    id = sys.accounts().register_user(kAnon, r);
  }
  // Flip one bit of the last byte of the profile ciphertext (its tag).
  {
    SQLite::Database db(dir.file("member.db"), SQLite::OPEN_READWRITE);
    SQLite::Statement read(db, "SELECT profile FROM users WHERE id = ?");
    read.bind(1, id);
    REQUIRE(read.executeStep());
    const SQLite::Column column = read.getColumn(0);
    const auto* bytes = static_cast<const char*>(column.getBlob());
    std::string blob(bytes, bytes + column.getBytes());
    REQUIRE(blob.size() > 16);
    blob.back() = static_cast<char>(blob.back() ^ 0x01);
    read.reset();
    SQLite::Statement write(db, "UPDATE users SET profile = ? WHERE id = ?");
    write.bind(1, blob.data(), static_cast<int>(blob.size()));
    write.bind(2, id);
    CHECK(write.exec() == 1);
  }
  System sys(file_options(dir));
  check_error([&] { sys.accounts().profile(Actor::system(), id); }, Errc::key_error);
}

}  // namespace member::test
