// Identity check routes: seed 003's real-name and bank card checks
// (/api/user/auth/*), seed 004's /api/user/verify_identity, and seed 002's
// payment account lookup for internal callers, over the verifications.*
// operations.
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

Json real_name(const HttpInput& in) {
  return own(renamed(in.body, {{"id_card_number", "id_number"}}), in.actor);
}

Json bank_card(const HttpInput& in) {
  return own(
      renamed(in.body, {{"bank_card_number", "card_number"}, {"cardholder_name", "holder_name"}}),
      in.actor);
}

Json status(const HttpInput& in) {
  return own_id(in);
}

Json decide(const HttpInput& in) {
  return in.body;
}

// Seed 002's path segment names the member; here it carries the user id.
Json payment_account(const HttpInput& in) {
  return {{"user_id", in.query("user_id").value_or("")}};
}

}  // namespace

std::vector<Route> verifications_routes() {
  return {
      // seed 003
      {"POST", "/api/user/auth/real-name", "verifications.submit_real_name", Access::member, "003",
       Body::json, real_name},
      {"POST", "/api/user/auth/bank-card", "verifications.submit_bank_card", Access::member, "003",
       Body::json, bank_card},
      {"GET", "/api/user/auth/status", "verifications.list", Access::member, "003", Body::none,
       status},
      // seed 004
      {"POST", "/api/user/verify_identity", "verifications.submit_real_name", Access::member, "004",
       Body::json, real_name},
      // An operator's review of a pending check (no seed names a route for it).
      {"POST", "/api/user/auth/review", "verifications.decide", Access::admin, "member", Body::json,
       decide},
      // seed 002: the bank account to pay a member, for internal callers only.
      {"GET", "/provide/my-bankbookNum/{user_id}", "verifications.payment_account",
       Access::internal, "002", Body::none, payment_account},
  };
}

}  // namespace member::server
