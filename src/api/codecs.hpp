// JSON codecs of the public request and result types, shared by the
// operation table (C ABI, example servers). JSON field names are the C++
// member names; times are UTC strings (api::format_time); enums are their
// to_string() names. Each module's codecs live in src/api/codec_<module>.cpp.
#pragma once

#include "api/json.hpp"
#include "api/json_writer.hpp"
#include "member/accounts.hpp"
#include "member/addresses.hpp"
#include "member/audit.hpp"
#include "member/bindings.hpp"
#include "member/catalog.hpp"
#include "member/codes.hpp"
#include "member/identities.hpp"
#include "member/ledger.hpp"
#include "member/loyalty.hpp"
#include "member/messages.hpp"
#include "member/moderation.hpp"
#include "member/page.hpp"
#include "member/privacy.hpp"
#include "member/sessions.hpp"
#include "member/tags.hpp"
#include "member/verification.hpp"

namespace member {
/// "whole", "day", "month", "year".
std::string_view to_string(BenefitPeriod p);
/// "upcoming", "active", "ended".
std::string_view to_string(ActivityStatus s);
}  // namespace member

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
Json encode(const Redemption& redemption);

/// A request naming one user: {"user_id": ...}.
struct UserRequest {
  std::string user_id;
};
UserRequest decode_user_request(Fields& f);

/// A page of one user's records: {"user_id": ..., "limit": ..., "offset": ...}.
struct UserPageRequest {
  std::string user_id;
  Page page;
};
UserPageRequest decode_user_page(Fields& f);

// bindings, identities, addresses, tags, verifications (codec_member_data.cpp)
BindCustomerRequest decode_bind_customer(Fields& f);
BindTransactionRequest decode_bind_transaction(Fields& f);
TransactionQuery decode_transaction_query(Fields& f);
Json encode(const CustomerBinding& b);
Json encode(const TransactionBinding& b);
BindIdentityRequest decode_bind_identity(Fields& f);
IdentitySignInRequest decode_identity_sign_in(Fields& f);
RegisterIdentityRequest decode_register_identity(Fields& f);
Json encode(const Identity& i);
Json encode(const IdentityStatus& s);
Address decode_address(Fields& f);
AddressUpdate decode_address_update(Fields& f);
Json encode(const Address& a);
TagRequest decode_tag(Fields& f);
Json encode(const Tag& t);
RealNameRequest decode_real_name(Fields& f);
BankCardRequest decode_bank_card(Fields& f);
VerificationDecision decode_verification_decision(Fields& f);
Json encode(const Verification& v);
Json encode(const VerifiedFlags& f);

// sessions, moderation, login-log queries (codec_sessions.cpp)
SessionSignInRequest decode_session_sign_in(Fields& f);
IdentitySessionSignInRequest decode_identity_session_sign_in(Fields& f);
Json encode(const TokenPair& t);
Json encode(const SessionSignIn& s);
/// The claims object of sessions.verify (the fast and the general path).
void write(JsonWriter& w, const AccessClaims& c);
Json encode(const Device& d);
Json encode(const PublicTokenKey& k);
Json encode(const ModerationState& s);
LoginQuery decode_login_query(Fields& f);
// loyalty (codec_loyalty.cpp)
/// {"levels": [...]}: a whole ladder.
struct LevelsRequest {
  std::vector<Level> levels;
};
/// {"from": ..., "to": ...}: a range of days.
struct TrendsRequest {
  TimePoint from;
  TimePoint to;
};
LevelsRequest decode_levels_request(Fields& f);
LoyaltySettings decode_loyalty_settings(Fields& f);
SetLevelRequest decode_set_level(Fields& f);
OrderEvent decode_order_event(Fields& f);
Benefit decode_benefit(Fields& f);
UseBenefitRequest decode_use_benefit(Fields& f);
Activity decode_activity(Fields& f);
ActivityQuery decode_activity_query(Fields& f);
TrendsRequest decode_trends(Fields& f);
Json encode(const Level& l);
Json encode(const LoyaltySettings& s);
Json encode(const LevelChange& c);
Json encode(const MemberProfile& p);
Json encode(const OrderOutcome& o);
Json encode(const Benefit& b);
Json encode(const AvailableBenefit& b);
Json encode(const BenefitUse& u);
Json encode(const Activity& a);
Json encode(const ActivityList& l);
Json encode(const Participation& p);
Json encode(const StatisticsOverview& s);
Json encode(const LevelShare& s);
Json encode(const DailyTrend& d);

// messages, privacy (codec_messages.cpp)
SendMessageRequest decode_send_message(Fields& f);
MessageQuery decode_message_query(Fields& f);
Json encode(const Message& m);
Json encode(const MessageList& l);
EraseRequest decode_erase(Fields& f);
Json encode(const ErasureReport& r);
// verification codes (codec_codes.cpp)
SendCodeRequest decode_send_code(Fields& f);
CodeRegisterRequest decode_code_register(Fields& f);
CodeSignInRequest decode_code_sign_in(Fields& f);
CodeResetRequest decode_code_reset(Fields& f);
ContactChangeRequest decode_contact_change(Fields& f);
Json encode(const CodeSent& s);
Json encode(const CodeMessage& m);

/// Encodes each element of a list with encode().
template <class T>
Json encode_list(const std::vector<T>& items) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(encode(item));
  return out;
}

}  // namespace member::api
