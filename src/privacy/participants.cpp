// The personal data participants (A12), one entry per module. Export steps
// use the public services and their JSON codecs (the same shapes the
// operation table returns); erase steps work in the erasure's transaction.
// A new module that keeps rows about users adds its entry to kList.
#include "privacy/participant.hpp"

#include "accounts/personal_data.hpp"
#include "accounts/unknown_identifiers.hpp"
#include "api/codecs.hpp"
#include "core/time.hpp"
#include "sessions/revocation.hpp"

namespace member::detail {
namespace {

constexpr std::uint32_t kPage = 1000;

/// Every page of a paged list: `page_of(page)` returns one page's items
/// already encoded as a JSON array; stops at the first short page.
template <class PageOf>
nlohmann::json all_pages(PageOf&& page_of) {
  nlohmann::json out = nlohmann::json::array();
  for (Page page{.limit = kPage, .offset = 0};; page.offset += kPage) {
    const nlohmann::json items = page_of(page);
    for (const auto& item : items) out.push_back(item);
    if (items.size() < kPage) return out;
  }
}

nlohmann::json export_account(const ExportScope& s) {
  // The reports table's rows of the user: those about them (without their
  // own id) and those they filed about others (without their reporter id).
  nlohmann::json about = nlohmann::json::array();
  nlohmann::json filed = nlohmann::json::array();
  for (nlohmann::json& report : plain_rows(s, "reports")) {
    if (report.at("user_id") == s.user.id) {
      report.erase("user_id");
      about.push_back(std::move(report));
    } else {
      report.erase("reporter");
      filed.push_back(std::move(report));
    }
  }
  return {{"profile", api::encode(s.system.accounts().profile(s.actor, s.user.id))},
          {"moderation", api::encode(s.system.moderation().state(s.actor, s.user.id))},
          {"reports_about_them", std::move(about)},
          {"reports_filed", std::move(filed)}};
}

/// The tombstone: the row keeps id, tenant, type, status and times, so the
/// rows that refer to it (ledger balances, audit records) stay valid.
void erase_account(const ErasureScope& s) {
  storage::UserRow& row = s.user;
  row.username.clear();
  row.username_key.clear();
  row.email_index.clear();
  row.mobile_index.clear();
  row.email.clear();
  row.mobile.clear();
  row.profile.clear();
  row.data_key.clear();  // the data key is gone: nothing sealed under it opens again
  row.password_hash.clear();
  row.status = static_cast<int>(AccountStatus::withdrawn);
  row.status_reason = "erased";
  row.email_verified = false;
  row.mobile_verified = false;
  row.failed_sign_ins = 0;
  row.lockouts = 0;
  row.locked_until_ms = 0;
  row.updated_at_ms = to_ms(s.context.now());
  s.tx.users().update(row);
}

nlohmann::json export_logins(const ExportScope& s) {
  return all_pages([&](Page p) {
    return api::encode_list(s.system.accounts().login_history(s.actor, s.user.id, p));
  });
}

/// The lockout rows of the user's identifiers from before the account had
/// them (unknown_identifiers.hpp): keyed by the same blind indexes the
/// account part empties, so they go with them.
void erase_throttles(const ErasureScope& s) {
  const storage::UserRow& u = s.user;
  if (!u.username_key.empty()) {
    s.tx.logins().remove_throttle(
        u.tenant, unknown_identifier_key(s.context, u.tenant, Identifier::username, u.username_key,
                                         u.username_key));
  }
  for (const storage::Bytes* index : {&u.email_index, &u.mobile_index}) {
    if (!index->empty()) s.tx.logins().remove_throttle(u.tenant, *index);
  }
}

nlohmann::json export_sessions(const ExportScope& s) {
  return {{"devices", api::encode_list(s.system.sessions().devices(s.actor, s.user.id))},
          {"sessions", plain_rows(s, "sessions")}};
}

void erase_sessions(const ErasureScope& s) {
  s.revoked_sessions = revoke_sessions(s.tx, s.context, s.actor, s.user.id, "account erased");
}

nlohmann::json export_bindings(const ExportScope& s) {
  // Every type the user has bindings of, also one no longer configured.
  nlohmann::json transactions = all_pages([&](Page p) {
    return api::encode_list(s.system.bindings().transactions(
        s.actor, {.user_id = s.user.id, .trans_type = {}, .page = p}));
  });
  return {{"customers", api::encode_list(s.system.bindings().customers(s.actor, s.user.id))},
          {"transactions", std::move(transactions)}};
}

nlohmann::json export_identities(const ExportScope& s) {
  return api::encode_list(s.system.identities().list(s.actor, s.user.id));
}

nlohmann::json export_addresses(const ExportScope& s) {
  return api::encode_list(s.system.addresses().list(s.actor, s.user.id));
}

nlohmann::json export_tags(const ExportScope& s) {
  return api::encode_list(s.system.tags().list(s.actor, s.user.id));
}

nlohmann::json export_verifications(const ExportScope& s) {
  return api::encode_list(s.system.verifications().list(s.actor, s.user.id));
}

nlohmann::json export_tenants(const ExportScope& s) {
  return {{"tenants", s.system.tenants().user_tenants(s.actor, s.user.id)},
          {"roles", s.system.roles().user_roles(s.actor, s.user.id)},
          {"permissions", s.system.roles().user_permissions(s.actor, s.user.id)}};
}

nlohmann::json export_codes(const ExportScope& s) {
  return {{"pending_codes", plain_rows(s, "verification_codes")}};
}

nlohmann::json ledger_part(const ExportScope& s, Ledger& ledger) {
  return {{"summary", api::encode(ledger.summary(s.actor, s.user.id))},
          {"journal", all_pages([&](Page p) {
             HistoryQuery q;
             q.user_id = s.user.id;
             q.page = p;
             return api::encode(ledger.history(s.actor, q)).at("entries");
           })}};
}

nlohmann::json export_ledger(const ExportScope& s) {
  return {{"points", ledger_part(s, s.system.points())},
          {"wallet", ledger_part(s, s.system.wallet())},
          {"redemptions", all_pages([&](Page p) {
             return api::encode_list(s.system.catalog().redemptions(s.actor, s.user.id, p));
           })}};
}

nlohmann::json export_loyalty(const ExportScope& s) {
  return {{"member", api::encode(s.system.loyalty().profile(s.actor, s.user.id))},
          {"level_history", plain_rows(s, "loyalty_level_changes")},
          {"orders", plain_rows(s, "loyalty_orders")},
          {"benefit_uses", plain_rows(s, "loyalty_benefit_uses")},
          {"activities", plain_rows(s, "loyalty_participations")}};
}

/// The user's points leave their level's total for the no-row total ('')
/// before their loyalty row goes; the balance itself stays (see "ledger").
void erase_loyalty(const ErasureScope& s) {
  auto& store = s.tx.loyalty();
  if (auto member = store.find_member(s.user.tenant, s.user.id)) {
    member->level_code.clear();
    store.put_member(*member);
  }
}

nlohmann::json export_messages(const ExportScope& s) {
  return all_pages([&](Page p) {
    MessageQuery q;
    q.user_id = s.user.id;
    q.page = p;
    return api::encode_list(s.system.messages().list(s.actor, q).messages);
  });
}

nlohmann::json export_audit(const ExportScope& s) {
  return all_pages([&](Page p) {
    AuditQuery q;
    q.user_id = s.user.id;
    q.page = p;
    return api::encode_list(s.system.audit().list(s.actor, q));
  });
}

}  // namespace

const std::vector<Participant>& participants() {
  using enum Treatment;
  static const std::vector<Participant> kList = {
      {"login_log",
       {{"login_log", removed}, {"sign_in_throttle", custom}},
       export_logins,
       erase_throttles},
      // Refresh tokens first: they are found through the user's sessions.
      {"sessions",
       {{"session_refresh", removed}, {"sessions", removed}},
       export_sessions,
       erase_sessions},
      {"bindings",
       {{"customer_bindings", removed}, {"transaction_bindings", removed}},
       export_bindings},
      {"identities", {{"identities", removed}, {"identity_unions", removed}}, export_identities},
      {"addresses", {{"addresses", removed}}, export_addresses},
      {"tags", {{"user_tags", removed}}, export_tags},
      {"verifications", {{"verifications", removed}}, export_verifications},
      // Memberships of other tenants and assigned roles (E1, E2).
      {"tenants", {{"user_roles", removed}, {"tenant_members", removed}}, export_tenants},
      // Codes hold a keyed hash and the destination's blind index, never the
      // code or the address; the user's (and those sent to their email or
      // mobile) go, before the account part empties the blind indexes.
      {"codes", {{"verification_codes", removed}}, export_codes},
      // Balances, lots and holds hold ids and amounts only; the journal keeps
      // amounts and ids but loses its free text, so the ledger still balances.
      {"ledger",
       {{"ledger_balances", kept},
        {"ledger_lots", kept},
        {"ledger_holds", kept},
        {"ledger_entries", cleared},
        {"redemptions", cleared}},
       export_ledger},
      {"loyalty",
       {{"loyalty_members", removed},
        {"loyalty_orders", removed},
        {"loyalty_level_changes", removed},
        {"loyalty_benefit_uses", removed},
        {"loyalty_participations", removed}},
       export_loyalty,
       erase_loyalty},
      {"messages",
       {{"messages", removed}, {"message_reads", removed}, {"message_watermarks", removed}},
       export_messages},
      // Audit records carry ids and actions, never personal data (F3), and
      // their hash chain must keep verifying: kept.
      {"audit", {{"audit_log", kept}}, export_audit},
      // Reports about the user are removed; those they filed are cleared
      // (privacy_store.cpp says which rows each treatment touches).
      {"account",
       {{"users", custom}, {"moderation", removed}, {"reports", removed}, {"reports", cleared}},
       export_account,
       erase_account},
  };
  return kList;
}

nlohmann::json plain_rows(const ExportScope& scope, const std::string& table) {
  auto tx = scope.context.storage->read();
  nlohmann::json out = nlohmann::json::array();
  for (const storage::PlainRow& row :
       tx->personal_data().rows(scope.user.tenant, table, scope.user.id)) {
    nlohmann::json item = nlohmann::json::object();
    for (const storage::PlainValue& v : row) {
      const bool time = v.column == "at" || v.column == "last_active" || v.column.ends_with("_at");
      if (v.number && time) {
        // Times as everywhere else in the export: UTC text, null for none.
        item[v.column] = *v.number == 0 ? nlohmann::json()
                                        : nlohmann::json(api::format_time(from_ms(*v.number)));
      } else if (v.number) {
        item[v.column] = *v.number;
      } else {
        item[v.column] = v.text;
      }
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace member::detail
