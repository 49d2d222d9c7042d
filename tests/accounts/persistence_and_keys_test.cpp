// Persistence across close and reopen of a file database; where the master
// key comes from; schema versions.
#include <cctype>
#include <filesystem>

#include "accounts/account_helpers.hpp"

namespace member::test {
namespace {

namespace fs = std::filesystem;
const Actor kAnon = Actor::anonymous();
const std::string kOtherKey = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("persistence: accounts survive closing and reopening a file database") {
  TempDir dir;
  std::string id;
  {
    auto clock = std::make_shared<ManualClock>();
    System sys(file_options(dir, clock));
    RegisterRequest r = with_all("persistent", "persist@example.com", "13800138000");
    r.real_name = "Per Sistent";
    r.attributes = R"({"k":[1,2]})";
    id = sys.accounts().register_user(kAnon, r);
    sys.accounts().sign_in(kAnon, credentials("persistent"));
    check_error([&] { sys.accounts().sign_in(kAnon, credentials("persistent", kOtherPassword)); },
                Errc::unauthenticated);
  }
  System sys(file_options(dir));
  CHECK(sys.accounts().sign_in(kAnon, credentials("persistent")).user_id == id);
  CHECK(sys.accounts().sign_in(kAnon, credentials("persist@example.com")).user_id == id);
  CHECK(sys.accounts().sign_in(kAnon, credentials("+8613800138000")).user_id == id);
  const Profile p = sys.accounts().profile(Actor::user(id), id);
  CHECK(p.real_name == "Per Sistent");
  CHECK(p.attributes == R"({"k":[1,2]})");
  CHECK(sys.accounts().login_history(Actor::user(id), id).size() == 5);
  CHECK(audit_of(sys, id, "account.register").size() == 1);
  // Uniqueness holds across the reopen.
  check_error([&] { sys.accounts().register_user(kAnon, with_email("PERSIST@example.com")); },
              Errc::conflict, "email");
}

TEST_CASE("keys: the key file is created 0600 beside the database, then loaded") {
  TempDir dir;
  const std::string key_path = dir.file("member.db") + ".key";
  {
    System sys(file_options(dir));
    CHECK(sys.key_source().kind == KeySource::Kind::key_file_created);
    CHECK(sys.key_source().path == key_path);
    sys.accounts().register_user(kAnon, with_username("key_user"));
  }
  REQUIRE(fs::exists(key_path));
  const auto perms = fs::status(key_path).permissions();
  CHECK((perms & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  const std::string key_text = trimmed(file_bytes(key_path));
  CHECK(key_text.size() == 64);
  CHECK(key_text.find_first_not_of("0123456789abcdef") == std::string::npos);
  // The key is not in the database.
  CHECK(file_bytes(dir.file("member.db")).find(key_text) == std::string::npos);

  {
    System sys(file_options(dir));
    CHECK(sys.key_source().kind == KeySource::Kind::key_file_loaded);
    CHECK(sys.key_source().path == key_path);
    CHECK(can_sign_in(sys, "key_user"));
  }
  // The key file's key, given by the host, opens the same database.
  Options host = file_options(dir);
  host.master_key = key_text;
  System sys(host);
  CHECK(sys.key_source().kind == KeySource::Kind::host_supplied);
  CHECK(can_sign_in(sys, "key_user"));
}

TEST_CASE("keys: Options.key_file places the key file elsewhere") {
  TempDir dir;
  Options o = file_options(dir);
  o.key_file = dir.file("secrets/custom.key");
  fs::create_directories(dir.path() / "secrets");
  {
    System sys(o);
    CHECK(sys.key_source().kind == KeySource::Kind::key_file_created);
    CHECK(sys.key_source().path == o.key_file);
    sys.accounts().register_user(kAnon, with_username("custom_key"));
  }
  CHECK(fs::exists(o.key_file));
  CHECK_FALSE(fs::exists(dir.file("member.db") + ".key"));
  System sys(o);
  CHECK(sys.key_source().kind == KeySource::Kind::key_file_loaded);
  CHECK(can_sign_in(sys, "custom_key"));
}

TEST_CASE("keys: a different master key is key_error") {
  TempDir dir;
  {
    Options o = file_options(dir);
    o.master_key = kTestMasterKey;
    System sys(o);
    sys.accounts().register_user(kAnon, with_username("keyed_user"));
  }
  Options wrong = file_options(dir);
  wrong.master_key = kOtherKey;
  check_error([&] { System sys(wrong); }, Errc::key_error);
  // Without master_key a fresh key file would be a different key: refused too.
  check_error([&] { System sys(file_options(dir)); }, Errc::key_error);
  CHECK_FALSE(fs::exists(dir.file("member.db") + ".key"));

  Options right = file_options(dir);
  right.master_key = kTestMasterKey;
  System sys(right);
  CHECK(can_sign_in(sys, "keyed_user"));
}

TEST_CASE("keys: a key file that does not match the database is key_error") {
  TempDir dir;
  {
    System sys(file_options(dir));
    sys.accounts().register_user(kAnon, with_username("mismatch"));
  }
  const std::string key_path = dir.file("member.db") + ".key";
  fs::remove(key_path);
  {
    // Write another valid key in place of the right one.
    std::ofstream out(key_path);
    out << kOtherKey << "\n";
  }
  fs::permissions(key_path, fs::perms::owner_read | fs::perms::owner_write);
  check_error([&] { System sys(file_options(dir)); }, Errc::key_error);
}

TEST_CASE("keys: a deleted key file is key_error, and no new key is silently created") {
  TempDir dir;
  {
    System sys(file_options(dir));
    sys.accounts().register_user(kAnon, with_username("lost_key"));
  }
  const std::string key_path = dir.file("member.db") + ".key";
  REQUIRE(fs::remove(key_path));
  check_error([&] { System sys(file_options(dir)); }, Errc::key_error);
  CHECK_FALSE(fs::exists(key_path));
  check_error([&] { System sys(file_options(dir)); }, Errc::key_error);
  CHECK_FALSE(fs::exists(key_path));
}

TEST_CASE("keys: a key file readable by group or others is refused") {
  TempDir dir;
  {
    System sys(file_options(dir));
    sys.accounts().register_user(kAnon, with_username("loose_perms"));
  }
  const std::string key_path = dir.file("member.db") + ".key";
  fs::permissions(key_path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                fs::perms::others_read);
  check_error([&] { System sys(file_options(dir)); }, Errc::key_error);
  fs::permissions(key_path, fs::perms::owner_read | fs::perms::owner_write);
  System sys(file_options(dir));
  CHECK(can_sign_in(sys, "loose_perms"));
}

TEST_CASE("keys: a host-supplied master key is reported and creates no key file") {
  TempDir dir;
  Options o = file_options(dir);
  o.master_key = kTestMasterKey;
  {
    System sys(o);
    CHECK(sys.key_source().kind == KeySource::Kind::host_supplied);
    CHECK(sys.key_source().path.empty());
    sys.accounts().register_user(kAnon, with_username("host_keyed"));
  }
  CHECK_FALSE(fs::exists(dir.file("member.db") + ".key"));
  // Hex digits in either case are the same key.
  std::string upper = kTestMasterKey;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  o.master_key = upper;
  System sys(o);
  CHECK(can_sign_in(sys, "host_keyed"));
}

TEST_CASE("keys: previous master keys are accepted after a rotation") {
  TempDir dir;
  std::string old_user;
  {
    Options o = file_options(dir);
    o.master_key = kTestMasterKey;
    System sys(o);
    RegisterRequest r = with_all("before_rotation", "before@example.com", "");
    r.real_name = "Old Key";
    old_user = sys.accounts().register_user(kAnon, r);
  }
  Options rotated = file_options(dir);
  rotated.master_key = kOtherKey;
  rotated.previous_master_keys = {kTestMasterKey};
  std::string new_user;
  {
    System sys(rotated);
    CHECK(sys.key_source().kind == KeySource::Kind::host_supplied);
    CHECK(can_sign_in(sys, "before@example.com"));
    CHECK(sys.accounts().profile(Actor::system(), old_user).real_name == "Old Key");
    new_user = sys.accounts().register_user(kAnon, with_email("after@example.com"));
  }
  System sys(rotated);
  CHECK(can_sign_in(sys, "after@example.com"));
  CHECK(can_sign_in(sys, "before_rotation"));
}

TEST_CASE("keys: a malformed master key is key_error") {
  TempDir dir;
  const std::vector<std::string> malformed = {
      "abc",
      kTestMasterKey.substr(0, 63),
      kTestMasterKey + "00",
      std::string(64, 'g'),
      "0x" + kTestMasterKey.substr(2),
      kTestMasterKey.substr(0, 62) + " 0",
  };
  for (const auto& key : malformed) {
    CAPTURE(key);
    Options o = file_options(dir);
    o.master_key = key;
    check_error([&] { System sys(o); }, Errc::key_error);
    Options m = memory_options();
    m.master_key = key;
    check_error([&] { System sys(m); }, Errc::key_error);
    Options previous = memory_options();
    previous.master_key = kTestMasterKey;
    previous.previous_master_keys = {key};
    check_error([&] { System sys(previous); }, Errc::key_error);
  }
  // No key file was created along the way.
  CHECK_FALSE(fs::exists(dir.file("member.db") + ".key"));
}

TEST_CASE("schema: a database from a newer member is schema_too_new") {
  TempDir dir;
  {
    System sys(file_options(dir));
    sys.accounts().register_user(kAnon, with_username("from_the_past"));
  }
  const std::string db = dir.file("member.db");
  CHECK(raw_int(db, "SELECT version FROM schema_version") == storage::schema_version());
  raw_exec(db, "UPDATE schema_version SET version = 999");
  check_error([&] { System sys(file_options(dir)); }, Errc::schema_too_new);
  // Nothing was changed by the refused open.
  CHECK(raw_int(db, "SELECT version FROM schema_version") == 999);
  CHECK(raw_int(db, "SELECT COUNT(*) FROM users") == 1);
}

TEST_CASE("persistence: missing parent directories of the database are created") {
  TempDir dir;
  Options o = file_options(dir);
  o.database = dir.file("nested/deeper/member.db");
  {
    System sys(o);
    CHECK(sys.key_source().kind == KeySource::Kind::key_file_created);
    CHECK(sys.key_source().path == o.database + ".key");
    sys.accounts().register_user(kAnon, with_username("nested_user"));
  }
  CHECK(fs::exists(o.database));
  System sys(o);
  CHECK(can_sign_in(sys, "nested_user"));
}

TEST_CASE("persistence: a bad database path or file is a clear error") {
  TempDir dir;
  Options empty = file_options(dir);
  empty.database = "";
  check_error([&] { System sys(empty); }, Errc::invalid_argument, "database");

  // A parent "directory" that is a file.
  { std::ofstream(dir.file("plain-file")) << "x"; }
  Options under_file = file_options(dir);
  under_file.database = dir.file("plain-file/member.db");
  check_error([&] { System sys(under_file); }, Errc::storage);

  // A file that is not a SQLite database.
  { std::ofstream(dir.file("member.db")) << std::string(4096, 'g'); }
  check_error([&] { System sys(file_options(dir)); }, Errc::storage);
  CHECK_FALSE(fs::exists(dir.file("member.db") + ".key"));
}

TEST_CASE("persistence: \":memory:\" works and is private and ephemeral") {
  {
    System sys(memory_options());
    CHECK(sys.key_source().kind == KeySource::Kind::ephemeral);
    const auto id = sys.accounts().register_user(kAnon, with_username("in_memory"));
    CHECK(sys.accounts().sign_in(kAnon, credentials("in_memory")).user_id == id);
    // A second in-memory System is a different database.
    System other(memory_options());
    CHECK_FALSE(can_sign_in(other, "in_memory"));
    CHECK_NOTHROW(other.accounts().register_user(kAnon, with_username("in_memory")));
  }
  System fresh(memory_options());
  CHECK_FALSE(can_sign_in(fresh, "in_memory"));
  CHECK_FALSE(fs::exists(":memory:"));
  CHECK_FALSE(fs::exists(":memory:.key"));

  // A host key works with memory too.
  Options o = memory_options();
  o.master_key = kTestMasterKey;
  System keyed(o);
  CHECK(keyed.key_source().kind == KeySource::Kind::host_supplied);
}

}  // namespace member::test
