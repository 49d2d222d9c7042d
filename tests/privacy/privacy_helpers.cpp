#include "privacy/privacy_helpers.hpp"

#include "storage/sqlite/sqlite_connection.hpp"
#ifdef MEMBER_TEST_WITH_POSTGRES
#include "storage/postgres/postgres_connection.hpp"
#endif

namespace member::test {
namespace {

/// 17 digits and the ISO 7064 MOD 11-2 check character.
std::string resident_id(int n) {
  const std::string body = "110105194912310" + std::to_string(10 + n % 90);
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (body[static_cast<std::size_t>(i)] - '0') * kWeights[i];
  return body + "10X98765432"[sum % 11];
}

/// 15 digits and the Luhn check digit.
std::string bank_card(int n) {
  const std::string body = "622202123456" + std::to_string(100 + n % 900);
  int sum = 0;
  for (std::size_t i = 0; i < body.size(); ++i) {
    int d = body[body.size() - 1 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + std::to_string((10 - sum % 10) % 10);
}

}  // namespace

PersonalValues populate_user(SessionFixture& f, int n) {
  const std::string k = std::to_string(n);
  const std::string two = n < 10 ? "0" + k : k;
  RegisterRequest r = with_all("quokka" + k, "quokka" + k + "@example.org", "+86138001380" + two);
  r.nickname = "NickQuokka" + k;
  r.real_name = "RealnameWombat" + k;
  r.region = "RegionTasman" + k;
  r.address = "ProfileStreet" + k;
  const std::string id = f.sys->accounts().register_user(kAnonymous, r);
  const Actor me = Actor::user(id);
  PersonalValues v{.user_id = id, .texts = {}, .blobs = {}};
  v.texts = {r.username, r.email,   "138001380" + two, r.nickname,   r.real_name,
             r.region,   r.address, resident_id(n),    bank_card(n), "quokka" + k};

  Address a;
  a.user_id = id;
  a.contact_name = "ContactBilby" + k;
  a.contact_phone = "+61 400 555 00" + k;
  a.province = "ProvinceOtway" + k;
  a.city = "CityGeelong" + k;
  a.address = "AddressLine Numbat " + k;
  f.sys->addresses().add(me, a);
  v.texts.insert(v.texts.end(), {a.contact_name, a.province, a.city, a.address});

  f.sys->tags().set(me, {.user_id = id,
                         .type = TagType::preference,
                         .key = "tagkey_potoroo" + k,
                         .value = "TagValueBandicoot" + k,
                         .weight = 0.5});
  // Tag keys, customer, transaction and device ids are the host's
  // identifiers, which audit records name (docs/privacy.md): not listed.
  v.texts.push_back("TagValueBandicoot" + k);

  f.sys->bindings().bind_customer(me, {.user_id = id,
                                       .customer_id = "CUST-DIBBLER-" + k,
                                       .customer_name = "CustomerQuoll" + k,
                                       .certificate_type = {},
                                       .bound_at = {}});
  f.sys->bindings().bind_transaction(me, {.user_id = id,
                                          .trans_type = "CLAIM",
                                          .trans_id = "CLAIM-NUMBAT-" + k,
                                          .metadata = R"({"note":"MetaNoteEchidna)" + k + "\"}"});
  v.texts.insert(v.texts.end(), {"CustomerQuoll" + k, "MetaNoteEchidna" + k});

  BindIdentityRequest b;
  b.user_id = id;
  b.provider = "wechat";
  b.subject = "wx-subject-kowari-" + k;
  b.union_id = "wx-union-mulgara-" + k;
  b.nickname = "WxNickDunnart" + k;
  f.sys->identities().bind(me, b);
  v.texts.insert(v.texts.end(), {b.subject, b.union_id, b.nickname});

  f.sys->verifications().submit_real_name(
      me, {.user_id = id, .real_name = "CheckedName" + k, .id_number = resident_id(n)});
  f.sys->verifications().submit_bank_card(me, {.user_id = id,
                                               .card_number = bank_card(n),
                                               .bank_name = "Okapi Bank",
                                               .holder_name = "HolderPlatypus" + k,
                                               .card_type = "debit"});
  v.texts.insert(v.texts.end(), {"CheckedName" + k, "HolderPlatypus" + k});

  f.sys->points().earn(kStaff, {.user_id = id,
                                .amount = 500 + n,
                                .key = "earn-" + k,
                                .event_type = "PURCHASE",
                                .description = "LedgerNoteWallaby" + k,
                                .related_order = {},
                                .related_data = R"({"shop":"LedgerDataKoala)" + k + "\"}"});
  f.sys->points().use(kStaff, {.user_id = id, .amount = 100, .key = "use-" + k});
  f.sys->wallet().earn(kStaff, {.user_id = id,
                                .amount = 7000,
                                .key = "topup-" + k,
                                .event_type = "TOPUP",
                                .description = "WalletNoteDingo" + k,
                                .related_order = {},
                                .related_data = {}});
  v.texts.insert(v.texts.end(),
                 {"LedgerNoteWallaby" + k, "LedgerDataKoala" + k, "WalletNoteDingo" + k});

  f.sys->loyalty().set_level(Actor::admin("ops-1"),
                             {.user_id = id, .level_code = "SILVER", .reason = "promotion"});

  SessionSignInRequest s;
  s.credentials = credentials(r.username);
  s.credentials.device_id = "device-bettong-" + k;
  s.credentials.platform = "ios 17";
  s.credentials.ip = "198.51.100." + k;
  s.device_type = "phone";
  s.device_name = "PhoneNameCuscus" + k;
  s.app_version = "3.1.0";
  f.sessions().sign_in(kAnonymous, s);
  v.texts.insert(v.texts.end(), {"198.51.100." + k, "PhoneNameCuscus" + k});

  f.sys->messages().send(kStaff, {.audience = AudienceKind::user,
                                  .target = id,
                                  .category = MessageCategory::message,
                                  .title = "DirectTitleGalah" + k,
                                  .body = "DirectBodyCorella" + k});
  v.texts.insert(v.texts.end(), {"DirectTitleGalah" + k, "DirectBodyCorella" + k});
  return v;
}

std::unique_ptr<storage::sql::Connection> raw_connection(const Backend& backend) {
  const Options o = backend.options();
#ifdef MEMBER_TEST_WITH_POSTGRES
  if (backend.name == "postgres") {
    return storage::postgres::open_connection({.conninfo = o.database});
  }
#endif
  storage::SqliteOptions s;
  s.path = o.database;
  return storage::sqlite::open_connection(s);
}

std::set<std::string> tables_referring_to_users(storage::sql::Connection& db, bool postgres) {
  std::set<std::string> out = {"users"};
  storage::sql::Statement& s = db.prepare(
      postgres ? "SELECT table_name FROM information_schema.columns "
                 "WHERE table_schema = current_schema() AND column_name = 'user_id' "
                 "UNION SELECT tc.table_name FROM information_schema.table_constraints tc "
                 "JOIN information_schema.constraint_column_usage cu "
                 "ON cu.constraint_name = tc.constraint_name AND cu.table_schema = tc.table_schema "
                 "WHERE tc.table_schema = current_schema() AND tc.constraint_type = 'FOREIGN KEY' "
                 "AND cu.table_name = 'users'"
               : "SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) p "
                 "WHERE m.type = 'table' AND p.name = 'user_id' "
                 "UNION SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) k "
                 "WHERE m.type = 'table' AND k.\"table\" = 'users'");
  while (s.step()) out.insert(s.get_text(0));
  return out;
}

std::set<std::string> all_tables(storage::sql::Connection& db, bool postgres) {
  std::set<std::string> tables;
  storage::sql::Statement& s =
      db.prepare(postgres ? "SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                          : "SELECT name FROM sqlite_master WHERE type = 'table'");
  while (s.step()) tables.insert(s.get_text(0));
  return tables;
}

std::vector<std::string> table_texts(storage::sql::Connection& db, bool postgres) {
  const std::set<std::string> tables = all_tables(db, postgres);
  std::vector<std::string> out;
  db.begin(storage::sql::TransactionKind::read);
  for (const std::string& table : tables) {
    std::string text = table + ":";
    if (postgres) {
      storage::sql::Statement& s = db.prepare("SELECT CAST(t AS TEXT) FROM " + table + " t");
      while (s.step()) text += s.get_text(0) + "\n";
    } else {
      std::vector<std::string> columns;
      storage::sql::Statement& c =
          db.prepare("SELECT name FROM pragma_table_info('" + table + "')");
      while (c.step()) columns.push_back(c.get_text(0));
      std::string sql = "SELECT ''";
      for (const auto& column : columns) {
        sql += " || ' ' || (CASE WHEN typeof(" + column + ") = 'blob' THEN lower(hex(" + column +
               ")) ELSE coalesce(CAST(" + column + " AS TEXT), 'null') END)";
      }
      storage::sql::Statement& s = db.prepare(sql + " FROM " + table);
      while (s.step()) text += s.get_text(0) + "\n";
    }
    out.push_back(std::move(text));
  }
  db.rollback();
  return out;
}

std::string hex_of(const storage::Bytes& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const std::uint8_t b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

}  // namespace member::test
