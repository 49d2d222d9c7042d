// H1 for bindings, identities, addresses, tags and identity checks: the
// SQLite file (and its WAL) never holds an address, an ID or card number, a
// customer name or an identity's nickname in clear; and a ciphertext moved
// to another row no longer opens.
#include <doctest/doctest.h>

#include <filesystem>

#include "bindings/helpers.hpp"

namespace member::test {
namespace {

const std::vector<std::string> kSecrets = {
    "Quokka Lane 42",    "Wobbleshire-Province",
    "Marzipan City",     "13957123468",
    "Zanzibar Quentin",  kResidentId,
    "1949123",           kCard,
    "090000000000",      kOtherCard,
    "Okapi Bank",        "CustomerNameXyzzy",
    "NickPangolin",      "tag-secret-value",
    "secret-claim-note", "https://img.example.com/p.png",
};

Address address_of(const std::string& user, const std::string& street) {
  Address a;
  a.user_id = user;
  a.contact_name = "Zanzibar Quentin";
  a.contact_phone = "13957123468";
  a.province = "Wobbleshire-Province";
  a.city = "Marzipan City";
  a.address = street;
  return a;
}

void store_everything(Fixture& f) {
  f.sys->addresses().add(f.as_alice(), address_of(f.alice, "Quokka Lane 42"));
  const auto id = f.sys->verifications().submit_real_name(
      f.as_alice(),
      {.user_id = f.alice, .real_name = "Zanzibar Quentin", .id_number = kResidentId});
  f.sys->verifications().decide(
      kAdmin, {.verification_id = id.verification_id, .status = VerificationStatus::approved});
  const auto card =
      f.sys->verifications().submit_bank_card(f.as_alice(), {.user_id = f.alice,
                                                             .card_number = kCard,
                                                             .bank_name = "Okapi Bank",
                                                             .holder_name = "Zanzibar Quentin",
                                                             .card_type = "debit"});
  f.sys->verifications().decide(
      kAdmin, {.verification_id = card.verification_id, .status = VerificationStatus::approved});
  f.sys->verifications().submit_bank_card(f.as_bob(), {.user_id = f.bob,
                                                       .card_number = kOtherCard,
                                                       .bank_name = "Okapi Bank",
                                                       .holder_name = "Bob",
                                                       .card_type = "credit"});
  f.sys->bindings().bind_customer(
      f.as_alice(),
      {.user_id = f.alice, .customer_id = "CUST-CLEAR-OK", .customer_name = "CustomerNameXyzzy"});
  f.sys->bindings().bind_transaction(f.as_alice(), {.user_id = f.alice,
                                                    .trans_type = "CLAIM",
                                                    .trans_id = "CL-1",
                                                    .metadata = R"({"note":"secret-claim-note"})"});
  f.sys->identities().bind(f.as_alice(), {.user_id = f.alice,
                                          .provider = "wechat",
                                          .subject = "o-clear-ok",
                                          .nickname = "NickPangolin",
                                          .avatar_url = "https://img.example.com/p.png"});
  f.sys->tags().set(f.as_alice(), {.user_id = f.alice,
                                   .type = TagType::preference,
                                   .key = "crop_type",
                                   .value = "tag-secret-value"});
}

void check_clean(const std::string& db) {
  const std::string bytes = file_bytes(db);
  const std::string wal = std::filesystem::exists(db + "-wal") ? file_bytes(db + "-wal") : "";
  REQUIRE_FALSE(bytes.empty());
  for (const std::string& secret : kSecrets) {
    CAPTURE(secret);
    CHECK(bytes.find(secret) == std::string::npos);
    CHECK(wal.find(secret) == std::string::npos);
  }
  // Sanity: the scan sees what is stored in clear by design.
  CHECK((bytes.find("CUST-CLEAR-OK") != std::string::npos ||
         wal.find("CUST-CLEAR-OK") != std::string::npos));
  CHECK((bytes.find("o-clear-ok") != std::string::npos ||
         wal.find("o-clear-ok") != std::string::npos));
}

}  // namespace

TEST_CASE("A8 A10 H1: the database file holds no address, ID or card number in clear") {
  Fixture f;
  store_everything(f);
  check_clean(f.db());  // with the WAL
  const std::string db = f.db();
  f.sys.reset();  // checkpointed into the main file
  check_clean(db);
  // Reopened, everything still reads back.
  Options o = file_options(*f.dir, f.clock);
  System sys(o);
  CHECK(sys.addresses().list(f.as_alice(), f.alice).front().address == "Quokka Lane 42");
  CHECK(sys.verifications().payment_account(kService, f.alice) == kCard);
  CHECK(sys.identities().list(f.as_alice(), f.alice).front().nickname == "NickPangolin");
  CHECK(sys.tags().list(f.as_alice(), f.alice).front().value == "tag-secret-value");
}

TEST_CASE("A8 H1: an address ciphertext copied to another row fails with key_error") {
  Fixture f;
  const auto first = f.sys->addresses().add(kAdmin, address_of(f.alice, "first"));
  const auto second = f.sys->addresses().add(kAdmin, address_of(f.alice, "second"));
  raw_exec(f.db(), "UPDATE addresses SET data = (SELECT data FROM addresses WHERE address_id = '" +
                       first.address_id + "') WHERE address_id = '" + second.address_id + "'");
  check_error([&] { f.sys->addresses().get(kAdmin, f.alice, second.address_id); }, Errc::key_error);
  CHECK(f.sys->addresses().get(kAdmin, f.alice, first.address_id).address == "first");
}

}  // namespace member::test
