// JSON codecs of the public request and result types, shared by the
// operation table (C ABI, example servers). JSON field names are the C++
// member names; times are UTC strings (api::format_time); enums are their
// to_string() names. Each module's codecs live in src/api/codec_<module>.cpp.
#pragma once

#include "api/json.hpp"
#include "member/accounts.hpp"
#include "member/audit.hpp"
#include "member/catalog.hpp"
#include "member/ledger.hpp"
#include "member/page.hpp"

namespace member::api {

/// "limit" and "offset" members of a list request.
Page decode_page(Fields& f);

// accounts
RegisterRequest decode_register(Fields& f);
SignInRequest decode_sign_in(Fields& f);
ChangePasswordRequest decode_change_password(Fields& f);
ProfileUpdate decode_profile_update(Fields& f);
ChangeIdentifierRequest decode_change_identifier(Fields& f);
Json encode(const SignInResult& r);
Json encode(const Profile& p);
Json encode(const LoginRecord& r);
Json encode(const BatchResult& r);

// audit
AuditQuery decode_audit_query(Fields& f);
Json encode(const AuditEntry& e);

// ledger
EarnRequest decode_earn(Fields& f);
UseRequest decode_use(Fields& f);
FreezeRequest decode_freeze(Fields& f);
CaptureRequest decode_capture(Fields& f);
ReleaseRequest decode_release(Fields& f);
RedeemRequest decode_redeem(Fields& f);
ReverseRequest decode_reverse(Fields& f);
AdjustRequest decode_adjust(Fields& f);
BatchRequest decode_batch(Fields& f);
HistoryQuery decode_history(Fields& f);
Json encode(const Movement& m);
Json encode(const Summary& s);
Json encode(const History& h);
Json encode(const BatchOutcome& b);
Json encode(const ExpiryReport& r);

// catalog
CatalogItem decode_catalog_item(Fields& f);
Json encode(const CatalogItem& item);

/// Encodes each element of a list with encode().
template <class T>
Json encode_list(const std::vector<T>& items) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(encode(item));
  return out;
}

}  // namespace member::api
