// crypto/key_file and crypto/secret_key: the embedded default's 0600 master
// key file, and parsing of host-supplied hex keys.
#include <botan/hash.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/key_file.hpp"
#include "crypto/secret_key.hpp"
#include "support/fixtures.hpp"

using namespace member;
using member::crypto::load_or_create_key_file;
using member::crypto::SecretKey;
namespace fs = std::filesystem;

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_file(const std::string& path, std::string_view content, fs::perms mode) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
  }
  fs::permissions(path, mode, fs::perm_options::replace);
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

bool same_key(const SecretKey& a, const SecretKey& b) {
  return std::equal(a.bytes().begin(), a.bytes().end(), b.bytes().begin());
}

bool is_lower_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

constexpr fs::perms kOwnerRw = fs::perms::owner_read | fs::perms::owner_write;

}  // namespace

// ---------------------------------------------------------------------------
// SecretKey

TEST_CASE("H1 secret key: from_hex parses 64 hex digits, either case") {
  const SecretKey key = SecretKey::from_hex(test::kTestMasterKey, "master key");
  for (std::size_t i = 0; i < SecretKey::kSize; ++i) CHECK(key.bytes()[i] == i);
  std::string upper = test::kTestMasterKey;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  CHECK(same_key(SecretKey::from_hex(upper, "master key"), key));
  const SecretKey ones = SecretKey::from_hex(std::string(64, 'f'), "k");
  CHECK(std::all_of(ones.bytes().begin(), ones.bytes().end(),
                    [](std::uint8_t b) { return b == 0xff; }));
}

TEST_CASE("H1 secret key: anything but 64 hex digits is a key_error naming what it is") {
  const std::string good = test::kTestMasterKey;
  const std::vector<std::string> bad = {
      "",
      good.substr(0, 63),
      good + "0",
      good.substr(0, 62),
      good + "00",
      "g" + good.substr(1),
      good.substr(0, 63) + " ",
      " " + good.substr(1),
      good.substr(0, 32) + " " + good.substr(33),
      good.substr(0, 63) + "\n",
      "0x" + good.substr(2),
      std::string("\0", 1) + good.substr(1),
      good.substr(0, 63) + "\xC3",
  };
  for (const std::string& hex : bad) {
    INFO("hex: " << hex);
    try {
      (void)SecretKey::from_hex(hex, "options.master_key");
      FAIL("expected key_error");
    } catch (const Error& e) {
      CHECK(e.code() == Errc::key_error);
      CHECK(std::string_view(e.what()).find("options.master_key") != std::string_view::npos);
      // Never echo (part of) the key.
      CHECK(std::string_view(e.what()).find("0102030405") == std::string_view::npos);
    }
  }
}

TEST_CASE("H1 secret key: raw bytes must be exactly 32") {
  const std::vector<std::uint8_t> bytes31(31, 1), bytes32(32, 1), bytes33(33, 1);
  CHECK_NOTHROW(SecretKey(std::span<const std::uint8_t>(bytes32)));
  test::check_error([&] { SecretKey k{std::span<const std::uint8_t>(bytes31)}; }, Errc::key_error);
  test::check_error([&] { SecretKey k{std::span<const std::uint8_t>(bytes33)}; }, Errc::key_error);
  test::check_error([&] { SecretKey k{std::span<const std::uint8_t>()}; }, Errc::key_error);
}

TEST_CASE("H1 secret key: generate gives fresh keys; id is stable and reveals nothing") {
  const SecretKey a = SecretKey::generate();
  const SecretKey b = SecretKey::generate();
  CHECK_FALSE(same_key(a, b));
  CHECK(a.id() == a.id());
  CHECK(a.id() != b.id());
  const SecretKey copy = a;
  CHECK(same_key(copy, a));
  CHECK(copy.id() == a.id());

  // id = SHA-256("member key id v1" || key)[0..8]: stable across versions, and
  // not a prefix of the key itself.
  const SecretKey fixed = SecretKey::from_hex(test::kTestMasterKey, "k");
  auto sha = Botan::HashFunction::create_or_throw("SHA-256");
  sha->update("member key id v1");
  sha->update(fixed.bytes().data(), fixed.bytes().size());
  const auto digest = sha->final();
  const auto id = fixed.id();
  CHECK(std::equal(id.begin(), id.end(), digest.begin()));
  CHECK_FALSE(std::equal(id.begin(), id.end(), fixed.bytes().begin()));
}

// ---------------------------------------------------------------------------
// key file

TEST_CASE("H1 key file: created with mode 0600 holding 64 hex digits and a newline") {
  test::TempDir dir;
  const std::string path = dir.file("member.db.key");
  const crypto::LoadedKey loaded = load_or_create_key_file(path);
  CHECK(loaded.created);
  REQUIRE(fs::exists(path));
  CHECK(mode_of(path) == 0600);
  const std::string content = read_all(path);
  REQUIRE(content.size() == 65);
  CHECK(content.back() == '\n');
  CHECK(std::all_of(content.begin(), content.end() - 1, is_lower_hex));
  CHECK(same_key(SecretKey::from_hex(content.substr(0, 64), "k"), loaded.key));
  // No temporary file is left behind.
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("H1 key file: a second open loads the same key with created=false") {
  test::TempDir dir;
  const std::string path = dir.file("member.db.key");
  const crypto::LoadedKey first = load_or_create_key_file(path);
  const crypto::LoadedKey second = load_or_create_key_file(path);
  const crypto::LoadedKey third = load_or_create_key_file(path);
  CHECK(first.created);
  CHECK_FALSE(second.created);
  CHECK_FALSE(third.created);
  CHECK(same_key(first.key, second.key));
  CHECK(same_key(first.key, third.key));
  CHECK(mode_of(path) == 0600);
  // Different files get different keys.
  const crypto::LoadedKey other = load_or_create_key_file(dir.file("other.key"));
  CHECK(other.created);
  CHECK_FALSE(same_key(other.key, first.key));
}

TEST_CASE("H1 key file: an existing host-written key is read as-is") {
  test::TempDir dir;
  const std::string path = dir.file("host.key");
  const SecretKey expected = SecretKey::from_hex(test::kTestMasterKey, "k");
  for (const std::string& content :
       {test::kTestMasterKey, test::kTestMasterKey + "\n", test::kTestMasterKey + "\r\n",
        test::kTestMasterKey + "  \n"}) {
    write_file(path, content, kOwnerRw);
    const crypto::LoadedKey loaded = load_or_create_key_file(path);
    CHECK_FALSE(loaded.created);
    CHECK(same_key(loaded.key, expected));
  }
  // Owner read-only is fine too.
  fs::permissions(path, fs::perms::owner_read, fs::perm_options::replace);
  CHECK(same_key(load_or_create_key_file(path).key, expected));
}

TEST_CASE("H1 key file: readable by group or others is a key_error") {
  test::TempDir dir;
  const std::string path = dir.file("member.db.key");
  (void)load_or_create_key_file(path);
  for (fs::perms extra : {fs::perms::group_read, fs::perms::others_read, fs::perms::group_write,
                          fs::perms::others_write, fs::perms::group_exec}) {
    fs::permissions(path, kOwnerRw | extra, fs::perm_options::replace);
    test::check_error([&] { (void)load_or_create_key_file(path); }, Errc::key_error);
  }
  fs::permissions(path, fs::perms(0644), fs::perm_options::replace);
  try {
    (void)load_or_create_key_file(path);
    FAIL("expected key_error");
  } catch (const Error& e) {
    CHECK(e.code() == Errc::key_error);
    // The message says what to do and never contains the key.
    CHECK(std::string_view(e.what()).find("600") != std::string_view::npos);
    CHECK(std::string_view(e.what()).find(read_all(path).substr(0, 16)) == std::string_view::npos);
  }
  // The file is left alone: fixing the mode makes it usable again.
  fs::permissions(path, kOwnerRw, fs::perm_options::replace);
  CHECK_FALSE(load_or_create_key_file(path).created);
}

TEST_CASE("H1 key file: malformed content is a key_error and is not overwritten") {
  test::TempDir dir;
  const std::string path = dir.file("bad.key");
  const std::vector<std::string> bad = {
      "",
      "\n",
      "not a key\n",
      test::kTestMasterKey.substr(0, 63) + "\n",
      test::kTestMasterKey + "0\n",
      " " + test::kTestMasterKey + "\n",
      test::kTestMasterKey + "\n" + test::kTestMasterKey + "\n",
      "g" + test::kTestMasterKey.substr(1) + "\n",
      std::string(200, 'a'),
  };
  for (const std::string& content : bad) {
    INFO("content: " << content);
    write_file(path, content, kOwnerRw);
    test::check_error([&] { (void)load_or_create_key_file(path); }, Errc::key_error);
    CHECK(read_all(path) == content);
  }
}

TEST_CASE("H1 key file: an unwritable location is a key_error") {
  test::TempDir dir;
  test::check_error([&] { (void)load_or_create_key_file(dir.file("missing/dir/member.key")); },
                    Errc::key_error);
  CHECK_FALSE(fs::exists(dir.path() / "missing"));
}
