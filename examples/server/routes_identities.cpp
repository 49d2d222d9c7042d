// Third-party identity routes: seed 000's WeChat check and binding
// (/wechat/*) and seed 004's OAuth binding and sign-in (/api/user/*oauth*)
// over the identities.* operations. The server cannot ask WeChat or an OIDC
// issuer itself: every route that takes an identity (all but unbinding)
// needs the gateway's X-Identity-Verified (Route::asserts_identity).
#include "routes.hpp"

namespace member::server {

namespace {

using api::Json;

// WeChat calls the subject "openid" and the union id "unionid".
Json wechat(Json request) {
  request = renamed(std::move(request), {{"openid", "subject"},
                                         {"openId", "subject"},
                                         {"unionid", "union_id"},
                                         {"unionId", "union_id"}});
  request["provider"] = "wechat";
  return request;
}

// GET /wechat/check?openid=&unionid=
Json wechat_check(const HttpInput& in) {
  Json request = Json::object();
  if (auto openid = in.query("openid")) request["subject"] = *openid;
  if (auto unionid = in.query("unionid")) request["union_id"] = *unionid;
  request["provider"] = "wechat";
  return request;
}

// Binding as a user binds to the caller's own account; an anonymous caller
// names the account with identifier and password.
Json with_ip(Json request, const HttpInput& in) {
  if (request.contains("password")) return with_peer_ip(std::move(request), in);
  request.erase("ip");
  return request;
}

Json wechat_bind(const HttpInput& in) {
  return own(with_ip(wechat(in.body), in), in.actor);
}

Json oauth(const HttpInput& in) {
  return renamed(in.body, {{"open_id", "subject"}, {"openid", "subject"}});
}

Json oauth_bind(const HttpInput& in) {
  return own(oauth(in), in.actor);
}

Json oauth_sign_in(const HttpInput& in) {
  Json request = oauth(in);
  return with_peer_ip(std::move(request), in);
}

}  // namespace

std::vector<Route> identities_routes() {
  return {
      // seed 000
      {"GET", "/wechat/check", "identities.check", Access::open, "000", Body::none, wechat_check,
       false, true},
      {"POST", "/wechat/bind", "identities.bind", Access::open, "000", Body::json, wechat_bind,
       false, true},
      // seed 004
      {"POST", "/api/user/login/oauth", "identities.sign_in", Access::open, "004", Body::json,
       oauth_sign_in, false, true},
      {"POST", "/api/user/bind_oauth", "identities.bind", Access::member, "004", Body::json,
       oauth_bind, false, true},
      {"POST", "/api/user/unbind_oauth", "identities.unbind", Access::member, "004", Body::json,
       oauth_bind},
  };
}

}  // namespace member::server
