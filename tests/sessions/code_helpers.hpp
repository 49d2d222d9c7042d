// Helpers of the verification code tests (A6): a fixture with a member who
// has an email and a mobile, and the codes the default outbox holds.
#pragma once

#include <string>
#include <vector>

#include "member/codes.hpp"
#include "sessions/session_helpers.hpp"

namespace member::test {

inline const std::string kCarolEmail = "carol@example.com";
inline const std::string kCarolMobile = "13800138000";
inline const std::string kCarolE164 = "+8613800138000";

inline SendCodeRequest code_for(CodePurpose purpose, CodeChannel channel, std::string destination,
                                std::string user_id = {}) {
  return {.purpose = purpose,
          .channel = channel,
          .destination = std::move(destination),
          .user_id = std::move(user_id)};
}

inline CodeSignInRequest code_sign_in(CodeChannel channel, std::string destination,
                                      std::string code) {
  return {.channel = channel,
          .destination = std::move(destination),
          .code = std::move(code),
          .device_id = "phone-9",
          .device_type = "phone",
          .device_name = "Carol's phone",
          .platform = "android 14",
          .app_version = "1.0.0",
          .ip = "203.0.113.9"};
}

/// A session fixture plus "carol", who has an email and a mobile.
struct CodeFixture {
  SessionFixture& f;
  std::string carol;

  explicit CodeFixture(SessionFixture& fixture) : f(fixture) {
    carol =
        f.sys->accounts().register_user(kAnonymous, with_all("carol", kCarolEmail, kCarolMobile));
  }

  Codes& codes() { return f.sys->codes(); }

  std::vector<CodeMessage> outbox() { return codes().outbox(kStaff, {.limit = 1000}); }

  /// The newest outbox code sent to `destination` (normalised form).
  std::string last_code(const std::string& destination) {
    const auto box = outbox();
    for (auto it = box.rbegin(); it != box.rend(); ++it) {
      if (it->destination == destination) return it->code;
    }
    FAIL("no code in the outbox for the destination");
    return {};
  }

  /// Sends a sign-in code to Carol's mobile and returns it.
  std::string sign_in_code() {
    codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::sms, kCarolMobile));
    return last_code(kCarolE164);
  }

  bool signs_in(const std::string& code, const std::string& destination = kCarolMobile) {
    return succeeds(
        [&] { codes().sign_in(kAnonymous, code_sign_in(CodeChannel::sms, destination, code)); });
  }

  bool resets(const std::string& code, const std::string& password = kOtherPassword,
              const std::string& destination = kCarolMobile) {
    return succeeds([&] {
      codes().reset_password(kAnonymous, {.channel = CodeChannel::sms,
                                          .destination = destination,
                                          .code = code,
                                          .new_password = password});
    });
  }

  /// Some six digits other than `code`.
  static std::string other_than(const std::string& code) {
    return code == "000000" ? "000001" : "000000";
  }
};

}  // namespace member::test
