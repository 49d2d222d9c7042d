// A6: verification codes with a manual clock, on SQLite and PostgreSQL.
#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>

#include "sessions/code_helpers.hpp"
#include "support/latch.hpp"

namespace member::test {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST_CASE("A6: a sign-in code is six digits, in the outbox, and opens a session once") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const TimePoint t0 = sf.clock->now();
    const CodeSent sent =
        f.codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::sms, kCarolMobile));
    CHECK(sent.expires_at == t0 + minutes(5));
    CHECK(sent.resend_at == t0 + seconds(60));
    const auto box = f.outbox();
    REQUIRE(box.size() == 1);
    CHECK(box[0].purpose == CodePurpose::sign_in);
    CHECK(box[0].channel == CodeChannel::sms);
    CHECK(box[0].destination == kCarolE164);
    CHECK(box[0].expires_at == sent.expires_at);
    REQUIRE(box[0].code.size() == 6);
    CHECK(box[0].code.find_first_not_of("0123456789") == std::string::npos);

    const SessionSignIn in = f.codes().sign_in(
        kAnonymous, code_sign_in(CodeChannel::sms, "+86 138-0013-8000", box[0].code));
    CHECK(in.account.user_id == f.carol);
    CHECK(sf.sessions().verify(in.tokens.access_token).subject == f.carol);
    const auto log = sf.sys->accounts().login_history(kStaff, f.carol);
    REQUIRE(!log.empty());
    CHECK(log.front().outcome == SignInOutcome::success);
    CHECK(log.front().device_id == "phone-9");
    // Single use: the same code again is refused, and logged as a wrong code.
    CHECK_FALSE(f.signs_in(box[0].code));
    CHECK(sf.sys->accounts().login_history(kStaff, f.carol).front().outcome ==
          SignInOutcome::wrong_code);
    // Acknowledging removes the message, and with it the code.
    f.codes().acknowledge(kStaff, box[0].id);
    CHECK(f.outbox().empty());
    check_error([&] { f.codes().acknowledge(kStaff, box[0].id); }, Errc::not_found, "message_id");
  });
}

TEST_CASE("A6: a code is valid for 5 minutes: accepted at 4:59, refused at 5:00") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const std::string first = f.sign_in_code();
    sf.clock->advance(minutes(5));
    CHECK_FALSE(f.signs_in(first));
    const std::string second = f.sign_in_code();  // more than 60 s later: allowed
    sf.clock->advance(minutes(5) - seconds(1));
    CHECK(f.signs_in(second));
  });
}

TEST_CASE("A6: a new code is refused for 60 s with the wait, then replaces the old one") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const TimePoint t0 = sf.clock->now();
    const std::string first = f.sign_in_code();
    sf.clock->advance(seconds(59));
    const Error e = caught([&] {
      f.codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::sms, kCarolMobile));
    });
    CHECK(e.code() == Errc::resource_exhausted);
    REQUIRE(e.retry_at().has_value());
    CHECK(*e.retry_at() == t0 + seconds(60));
    CHECK(f.outbox().size() == 1);
    // Other purposes and destinations have their own interval.
    f.codes().send(kAnonymous,
                   code_for(CodePurpose::password_reset, CodeChannel::sms, kCarolMobile));
    f.codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::email, kCarolEmail));
    sf.clock->advance(seconds(1));
    const std::string second = f.sign_in_code();
    CHECK(f.outbox().size() == 4);
    if (first != second) CHECK_FALSE(f.signs_in(first));  // replaced
    CHECK(f.signs_in(second));
  });
}

TEST_CASE("A6: the fifth wrong try kills the code; four wrong tries do not") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    f.codes().send(kAnonymous,
                   code_for(CodePurpose::password_reset, CodeChannel::sms, kCarolMobile));
    std::string code = f.last_code(kCarolE164);
    for (int i = 0; i < 4; ++i) CHECK_FALSE(f.resets(CodeFixture::other_than(code)));
    CHECK(f.resets(code));
    CHECK(can_sign_in(*sf.sys, "carol", kOtherPassword));

    sf.clock->advance(minutes(1));
    f.codes().send(kAnonymous,
                   code_for(CodePurpose::password_reset, CodeChannel::sms, kCarolMobile));
    code = f.last_code(kCarolE164);
    for (int i = 0; i < 5; ++i) CHECK_FALSE(f.resets(CodeFixture::other_than(code), kPassword));
    CHECK_FALSE(f.resets(code, kPassword));  // dead, even with the right digits
    CHECK(can_sign_in(*sf.sys, "carol", kOtherPassword));
    const auto failures = audit_of(*sf.sys, f.carol, "code.fail");
    REQUIRE(failures.size() >= 6);
  });
}

TEST_CASE("A6: wrong tries count across resends: ten in a day stop the destination's codes") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const auto send_reset = [&](const std::string& mobile) {
      f.codes().send(kAnonymous, code_for(CodePurpose::password_reset, CodeChannel::sms, mobile));
    };
    const TimePoint first_failure = sf.clock->now();
    send_reset(kCarolMobile);
    std::string code = f.last_code(kCarolE164);
    for (int i = 0; i < 5; ++i) CHECK_FALSE(f.resets(CodeFixture::other_than(code)));
    // A new code does not start the count again: five more end it.
    sf.clock->advance(minutes(1));
    send_reset(kCarolMobile);
    code = f.last_code(kCarolE164);
    for (int i = 0; i < 4; ++i) CHECK_FALSE(f.resets(CodeFixture::other_than(code)));
    CHECK(f.outbox().size() == 2);
    CHECK_FALSE(f.resets(CodeFixture::other_than(code)));  // the tenth
    CHECK_FALSE(f.resets(code));                           // dead, even the right digits
    sf.clock->advance(minutes(1));
    const Error e = caught([&] { send_reset(kCarolMobile); });
    CHECK(e.code() == Errc::resource_exhausted);
    REQUIRE(e.retry_at().has_value());
    CHECK(*e.retry_at() == first_failure + std::chrono::hours(24));
    CHECK(f.outbox().size() == 2);
    // Other purposes of the same destination keep their own count.
    CHECK(f.signs_in(f.sign_in_code()));

    // An unknown destination is counted and refused the same way.
    const std::string nobody = "13700137000";
    for (int round = 0; round < 2; ++round) {
      send_reset(nobody);
      for (int i = 0; i < 5; ++i) CHECK_FALSE(f.resets("123456", kOtherPassword, nobody));
      sf.clock->advance(minutes(1));
    }
    CHECK(caught([&] { send_reset(nobody); }).code() == Errc::resource_exhausted);

    // When the window ends, codes are sent again and the count starts afresh.
    sf.clock->set(first_failure + std::chrono::hours(24));
    send_reset(kCarolMobile);
    code = f.last_code(kCarolE164);
    CHECK_FALSE(f.resets(CodeFixture::other_than(code)));
    CHECK(f.resets(code));
    CHECK(can_sign_in(*sf.sys, "carol", kOtherPassword));
  });
}

TEST_CASE("A6: an accepted code clears the destination's wrong tries") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    for (int round = 0; round < 3; ++round) {
      const std::string code = f.sign_in_code();
      for (int i = 0; i < 4; ++i) CHECK_FALSE(f.signs_in(CodeFixture::other_than(code)));
      CHECK(f.signs_in(code));
      sf.clock->advance(minutes(1));
      // The wrong sign-in codes also count for the account's lockout (A4):
      // the success cleared that too.
    }
    CHECK_NOTHROW(f.sign_in_code());
  });
}

TEST_CASE("A6: a code is bound to its purpose and destination") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const std::string dave = sf.sys->accounts().register_user(
        kAnonymous, with_all("dave", "dave@example.com", "13900139000"));
    const std::string code = f.sign_in_code();
    CHECK_FALSE(f.resets(code));                   // another purpose
    CHECK_FALSE(f.signs_in(code, "13900139000"));  // another destination
    CHECK_FALSE(succeeds([&] {                     // another channel
      f.codes().sign_in(kAnonymous, code_sign_in(CodeChannel::email, kCarolEmail, code));
    }));
    CHECK(f.signs_in(code));
    CHECK(sf.sys->accounts().login_history(kStaff, dave).front().outcome ==
          SignInOutcome::wrong_code);
  });
}

TEST_CASE("A6: sign-in and reset codes answer the same for an unknown destination") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    for (const CodePurpose purpose : {CodePurpose::sign_in, CodePurpose::password_reset}) {
      CAPTURE(to_string(purpose));
      const TimePoint t0 = sf.clock->now();
      const CodeSent known =
          f.codes().send(kAnonymous, code_for(purpose, CodeChannel::email, kCarolEmail));
      const CodeSent unknown =
          f.codes().send(kAnonymous, code_for(purpose, CodeChannel::email, "nobody@example.com"));
      CHECK(known.expires_at == unknown.expires_at);
      CHECK(known.resend_at == unknown.resend_at);
      CHECK(known.expires_at == t0 + minutes(5));
      // Nothing went to the unknown address.
      for (const auto& m : f.outbox()) CHECK(m.destination != "nobody@example.com");
      // A repeat is refused the same way for both.
      sf.clock->advance(seconds(10));
      const Error a = caught(
          [&] { f.codes().send(kAnonymous, code_for(purpose, CodeChannel::email, kCarolEmail)); });
      const Error b = caught([&] {
        f.codes().send(kAnonymous, code_for(purpose, CodeChannel::email, "nobody@example.com"));
      });
      CHECK(a.code() == b.code());
      CHECK(std::string(a.what()) == b.what());
      CHECK(a.retry_at() == b.retry_at());
      // Verifying fails with the same error for both.
      const std::string wrong = CodeFixture::other_than(f.last_code(kCarolEmail));
      const auto attempt = [&](const std::string& destination) {
        return caught([&] {
          if (purpose == CodePurpose::sign_in) {
            f.codes().sign_in(kAnonymous, code_sign_in(CodeChannel::email, destination, wrong));
          } else {
            f.codes().reset_password(kAnonymous, {.channel = CodeChannel::email,
                                                  .destination = destination,
                                                  .code = wrong,
                                                  .new_password = kOtherPassword});
          }
        });
      };
      const Error c = attempt(kCarolEmail);
      const Error d = attempt("nobody@example.com");
      CHECK(c.code() == Errc::unauthenticated);
      CHECK(c.code() == d.code());
      CHECK(std::string(c.what()) == d.what());
      sf.clock->advance(minutes(1));
    }
  });
}

TEST_CASE("A6 A5: a reset by code sets a password that passes the policy and ends all sessions") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const auto phone = sf.sign_in("carol", "phone-1");
    const auto laptop = sf.sign_in("carol", "laptop-1", "laptop");
    f.codes().send(kAnonymous,
                   code_for(CodePurpose::password_reset, CodeChannel::email, "Carol@Example.com"));
    const std::string code = f.last_code(kCarolEmail);
    // A weak password is refused before the code is looked at: it stays usable.
    check_error(
        [&] {
          f.codes().reset_password(kAnonymous, {.channel = CodeChannel::email,
                                                .destination = kCarolEmail,
                                                .code = code,
                                                .new_password = "short"});
        },
        Errc::invalid_argument, "new_password");
    f.codes().reset_password(kAnonymous, {.channel = CodeChannel::email,
                                          .destination = kCarolEmail,
                                          .code = code,
                                          .new_password = kOtherPassword});
    CHECK_FALSE(sf.valid(phone.tokens.access_token));
    CHECK_FALSE(sf.valid(laptop.tokens.access_token, {.check_session = true}));
    CHECK_FALSE(sf.refreshes(laptop.tokens.refresh_token));
    CHECK(sf.sessions().devices(kStaff, f.carol).empty());
    CHECK_FALSE(can_sign_in(*sf.sys, "carol", kPassword));
    CHECK(can_sign_in(*sf.sys, "carol", kOtherPassword));
    CHECK(audit_of(*sf.sys, f.carol, "account.password.reset").size() == 1);
  });
}

TEST_CASE("A6 A4: wrong sign-in codes count for the lockout; a locked account is refused") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const std::string code = f.sign_in_code();
    for (int i = 0; i < 5; ++i) CHECK_FALSE(f.signs_in(CodeFixture::other_than(code)));
    sf.clock->advance(minutes(1));
    const std::string next = f.sign_in_code();
    const Error e = caught(
        [&] { f.codes().sign_in(kAnonymous, code_sign_in(CodeChannel::sms, kCarolMobile, next)); });
    CHECK(e.code() == Errc::locked);
    CHECK(e.retry_at().has_value());
    sf.clock->advance(minutes(15));
    CHECK(f.signs_in(next) == false);  // expired meanwhile (5 min)
    const std::string fresh = f.sign_in_code();
    CHECK(f.signs_in(fresh));
    // An account that is not active gets no code and cannot sign in with one.
    sf.sys->accounts().set_status(kStaff, f.carol, AccountStatus::disabled, "test");
    sf.clock->advance(minutes(1));
    const auto before = f.outbox().size();
    f.codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::sms, kCarolMobile));
    CHECK(f.outbox().size() == before);
  });
}

TEST_CASE("A6: two threads verifying the same code: exactly one wins") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    for (int round = 0; round < 3; ++round) {
      const std::string code = f.sign_in_code();
      std::atomic<int> wins{0};
      std::atomic<int> refusals{0};
      race(2, [&](std::size_t) {
        try {
          f.codes().sign_in(kAnonymous, code_sign_in(CodeChannel::sms, kCarolMobile, code));
          ++wins;
        } catch (const Error& e) {
          if (e.code() == Errc::unauthenticated) ++refusals;
        }
      });
      CHECK(wins == 1);
      CHECK(refusals == 1);
      sf.clock->advance(minutes(1));
    }
  });
}

TEST_CASE("A6: threads sending the first code to one destination: one code, the rest wait") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    // Several rounds, each to a destination never used: the race is short.
    for (int round = 0; round < 8; ++round) {
      CAPTURE(round);
      const auto before = f.outbox().size();
      std::atomic<int> sent{0};
      std::atomic<int> refused{0};
      race(8, [&](std::size_t) {
        try {
          f.codes().send(kAnonymous, code_for(CodePurpose::registration, CodeChannel::sms,
                                              "1370013701" + std::to_string(round)));
          ++sent;
        } catch (const Error& e) {
          if (e.code() == Errc::resource_exhausted) ++refused;
        }
      });
      CHECK(sent == 1);
      CHECK(refused == 7);
      CHECK(f.outbox().size() == before + 1);
    }
  });
}

TEST_CASE("A6: registration by code stores the contact as verified") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    f.codes().send(kAnonymous,
                   code_for(CodePurpose::registration, CodeChannel::sms, "13700137000"));
    const std::string code = f.last_code("+8613700137000");
    CodeRegisterRequest r{.account = with_mobile("13700137000"),
                          .channel = CodeChannel::sms,
                          .code = CodeFixture::other_than(code)};
    CHECK_FALSE(succeeds([&] { f.codes().register_user(kAnonymous, r); }));
    CHECK_FALSE(can_sign_in(*sf.sys, "13700137000"));  // nothing registered
    r.code = code;
    const std::string erin = f.codes().register_user(kAnonymous, r);
    const Profile p = sf.sys->accounts().profile(Actor::user(erin), erin);
    CHECK(p.mobile == "+8613700137000");
    CHECK(p.mobile_verified);
    CHECK_FALSE(p.email_verified);
    CHECK(can_sign_in(*sf.sys, "13700137000"));

    // A registration whose identifier is taken keeps its code unused.
    sf.clock->advance(minutes(1));
    f.codes().send(kAnonymous,
                   code_for(CodePurpose::registration, CodeChannel::email, kCarolEmail));
    CodeRegisterRequest taken{.account = with_all("carol2", kCarolEmail, ""),
                              .channel = CodeChannel::email,
                              .code = f.last_code(kCarolEmail)};
    check_error([&] { f.codes().register_user(kAnonymous, taken); }, Errc::conflict, "email");
    taken.account = with_email(kCarolEmail);
    CHECK_THROWS_AS(f.codes().register_user(kAnonymous, taken), Error);
    // Signed-in users cannot ask for registration codes.
    check_error(
        [&] {
          f.codes().send(Actor::user(f.carol),
                         code_for(CodePurpose::registration, CodeChannel::sms, "13600136000"));
        },
        Errc::permission_denied);
    check_error(
        [&] {
          f.codes().register_user(
              kAnonymous,
              {.account = with_username("zed"), .channel = CodeChannel::email, .code = "123456"});
        },
        Errc::invalid_argument, "email");
  });
}

TEST_CASE("A6: a contact change by code needs the code sent to the new address") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const Actor carol = Actor::user(f.carol);
    const std::string dave = sf.sys->accounts().register_user(
        kAnonymous, with_all("dave", "dave@example.com", "13900139000"));
    f.codes().send(carol, code_for(CodePurpose::contact_change, CodeChannel::email,
                                   "carol.new@example.com", f.carol));
    const std::string code = f.last_code("carol.new@example.com");
    // The code is bound to Carol: Dave cannot use it for himself.
    check_error(
        [&] {
          f.codes().change_contact(Actor::user(dave), {.user_id = dave,
                                                       .channel = CodeChannel::email,
                                                       .new_value = "carol.new@example.com",
                                                       .code = code});
        },
        Errc::unauthenticated);
    // Nor change Carol's contact, nor ask codes for her.
    check_error(
        [&] {
          f.codes().send(Actor::user(dave), code_for(CodePurpose::contact_change,
                                                     CodeChannel::email, "x@example.com", f.carol));
        },
        Errc::permission_denied);
    // A password is not enough under the default policy.
    check_error(
        [&] {
          f.codes().change_contact(carol, {.user_id = f.carol,
                                           .channel = CodeChannel::email,
                                           .new_value = "carol.new@example.com",
                                           .password = kPassword});
        },
        Errc::invalid_argument, "code");
    const Profile p = f.codes().change_contact(carol, {.user_id = f.carol,
                                                       .channel = CodeChannel::email,
                                                       .new_value = "Carol.New@example.com",
                                                       .code = code});
    CHECK(p.email == "carol.new@example.com");
    CHECK(p.email_verified);
    CHECK(can_sign_in(*sf.sys, "carol.new@example.com"));
    CHECK_FALSE(can_sign_in(*sf.sys, kCarolEmail));
    CHECK(audit_of(*sf.sys, f.carol, "account.email.change").size() == 1);
    // An address another account has is refused when the code is asked for.
    check_error(
        [&] {
          f.codes().send(carol, code_for(CodePurpose::contact_change, CodeChannel::sms,
                                         "13900139000", f.carol));
        },
        Errc::conflict, "destination");
  });
}

TEST_CASE("A6: a contact change by password when the policy says so") {
  on_each_backend(
      [](SessionFixture& sf) {
        CodeFixture f(sf);
        const Actor carol = Actor::user(f.carol);
        ContactChangeRequest r{.user_id = f.carol,
                               .channel = CodeChannel::sms,
                               .new_value = "13500135000",
                               .password = kOtherPassword};
        check_error([&] { f.codes().change_contact(carol, r); }, Errc::unauthenticated);
        r.password = "";
        check_error([&] { f.codes().change_contact(carol, r); }, Errc::invalid_argument,
                    "password");
        r.password = kPassword;
        const Profile p = f.codes().change_contact(carol, r);
        CHECK(p.mobile == "+8613500135000");
        CHECK(p.mobile_verified);
        CHECK(can_sign_in(*sf.sys, "13500135000"));
      },
      [](Options& o) { o.codes.contact_change = ContactChangeProof::password; });
}

TEST_CASE("A6: bad input is refused naming the field") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const auto send = [&](SendCodeRequest r) { f.codes().send(kAnonymous, r); };
    check_error([&] { send(code_for(CodePurpose::sign_in, CodeChannel::sms, "")); },
                Errc::invalid_argument, "destination");
    check_error([&] { send(code_for(CodePurpose::sign_in, CodeChannel::sms, "12ab")); },
                Errc::invalid_argument, "destination");
    check_error([&] { send(code_for(CodePurpose::sign_in, CodeChannel::email, "no-at-sign")); },
                Errc::invalid_argument, "destination");
    check_error(
        [&] { send(code_for(static_cast<CodePurpose>(9), CodeChannel::sms, kCarolMobile)); },
        Errc::invalid_argument, "purpose");
    check_error(
        [&] { send(code_for(CodePurpose::sign_in, static_cast<CodeChannel>(7), kCarolMobile)); },
        Errc::invalid_argument, "channel");
    check_error(
        [&] { send(code_for(CodePurpose::sign_in, CodeChannel::sms, kCarolMobile, f.carol)); },
        Errc::invalid_argument, "user_id");
    check_error(
        [&] { send(code_for(CodePurpose::contact_change, CodeChannel::sms, kCarolMobile)); },
        Errc::invalid_argument, "user_id");
    for (const std::string bad : {"", "12345", "1234567", "12a456", "１２３４５６"}) {
      CAPTURE(bad);
      check_error(
          [&] { f.codes().sign_in(kAnonymous, code_sign_in(CodeChannel::sms, kCarolMobile, bad)); },
          Errc::invalid_argument, "code");
    }
    auto device = code_sign_in(CodeChannel::sms, kCarolMobile, "123456");
    device.device_type = std::string(40, 'x');
    check_error([&] { f.codes().sign_in(kAnonymous, device); }, Errc::invalid_argument,
                "device_type");
    check_error(
        [&] {
          f.codes().change_contact(Actor::user(f.carol), {.user_id = f.carol,
                                                          .channel = CodeChannel::email,
                                                          .new_value = "not an email",
                                                          .code = "123456"});
        },
        Errc::invalid_argument, "new_value");
    check_error([&] { f.codes().outbox(Actor::user(f.carol)); }, Errc::permission_denied);
    check_error([&] { f.codes().acknowledge(kStaff, "bad id!"); }, Errc::invalid_argument,
                "message_id");
    check_error([&] { f.codes().outbox(kStaff, {.limit = 0}); }, Errc::invalid_argument);
    check_error(
        [&] {
          f.codes().send(Actor::anonymous("no-such-tenant"),
                         code_for(CodePurpose::sign_in, CodeChannel::sms, kCarolMobile));
        },
        Errc::not_found, "tenant");
  });
}

TEST_CASE("A6: audit records every send, verify and failure, without codes or destinations") {
  on_each_backend([](SessionFixture& sf) {
    CodeFixture f(sf);
    const std::string code = f.sign_in_code();
    CHECK_FALSE(f.signs_in(CodeFixture::other_than(code)));
    CHECK(f.signs_in(code));
    CHECK(audit_of(*sf.sys, f.carol, "code.send").size() == 1);
    CHECK(audit_of(*sf.sys, f.carol, "code.fail").size() == 1);
    CHECK(audit_of(*sf.sys, f.carol, "code.verify").size() == 1);
    AuditQuery all;
    all.page.limit = 1000;
    for (const AuditEntry& e : sf.sys->audit().list(Actor::system(), all)) {
      CAPTURE(e.action);
      CHECK(e.detail.find(code) == std::string::npos);
      CHECK(e.detail.find("8613800138000") == std::string::npos);
      CHECK(e.detail.find("carol@") == std::string::npos);
    }
  });
}

/// A host notifier that queues messages in memory, or fails on request.
class QueueNotifier final : public CodeNotifier {
 public:
  void deliver(const CodeMessage& message) override {
    if (fail) throw std::runtime_error("the SMS gateway is down");
    queue.push_back(message);
  }
  bool fail = false;
  std::vector<CodeMessage> queue;
};

TEST_CASE("A6: a host notifier gets the messages; a failed delivery withdraws the code") {
  auto notifier = std::make_shared<QueueNotifier>();
  on_each_backend(
      [&](SessionFixture& sf) {
        notifier->queue.clear();
        CodeFixture f(sf);
        f.codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::sms, kCarolMobile));
        f.codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::sms, "13999999999"));
        REQUIRE(notifier->queue.size() == 1);  // nothing for the unknown number
        CHECK(notifier->queue[0].destination == kCarolE164);
        CHECK(f.outbox().empty());
        CHECK(f.signs_in(notifier->queue[0].code));

        notifier->fail = true;
        sf.clock->advance(minutes(1));
        CHECK_THROWS_AS(f.codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::sms,
                                                            kCarolMobile)),
                        std::runtime_error);
        notifier->fail = false;
        // Withdrawn: another code may be asked for at once.
        f.codes().send(kAnonymous, code_for(CodePurpose::sign_in, CodeChannel::sms, kCarolMobile));
        REQUIRE(notifier->queue.size() == 2);
        CHECK(f.signs_in(notifier->queue[1].code));
      },
      [&](Options& o) { o.code_notifier = notifier; });
}

TEST_CASE("A6: code options are checked when the System opens") {
  TempDir dir;
  for (const auto& adjust : std::vector<std::function<void(CodePolicy&)>>{
           [](CodePolicy& p) { p.lifetime = seconds(0); },
           [](CodePolicy& p) { p.resend_interval = seconds(-1); },
           [](CodePolicy& p) { p.max_attempts = 0; },
           [](CodePolicy& p) { p.contact_change = static_cast<ContactChangeProof>(5); }}) {
    Options o = file_options(dir);
    adjust(o.codes);
    check_error([&] { System sys(o); }, Errc::invalid_argument, "codes");
  }
}

TEST_CASE("A6 H1: neither codes nor destinations are stored in clear") {
  TempDir dir;
  Options o = file_options(dir);
  const std::string db = o.database;
  SessionFixture sf(o);
  CodeFixture f(sf);
  const std::string code = f.sign_in_code();
  const std::string e164 = kCarolE164;
  CHECK(raw_int(db, "SELECT count(*) FROM verification_codes") == 1);
  CHECK(raw_int(db, "SELECT length(code_hash) FROM verification_codes") == 32);
  CHECK(raw_int(db, "SELECT count(*) FROM code_outbox") == 1);
  const std::string bytes = file_bytes(db) + file_bytes(db + "-wal");
  CHECK(bytes.find(e164) == std::string::npos);
  CHECK(bytes.find("\"code\":\"" + code) == std::string::npos);
}

}  // namespace
}  // namespace member::test
