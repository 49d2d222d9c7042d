// G1 (seed 004): in-site messages and notifications to a user, a role or the
// whole tenant; lists, read marks and unread counts, on every backend.
#include "privacy/privacy_helpers.hpp"

namespace member::test {
namespace {

Message send(SessionFixture& f, AudienceKind audience, const std::string& target,
             const std::string& title, MessageCategory category = MessageCategory::message) {
  return f.sys->messages().send(kStaff, {.audience = audience,
                                         .target = target,
                                         .category = category,
                                         .title = title,
                                         .body = "Body of " + title});
}

std::vector<std::string> titles(const MessageList& list) {
  std::vector<std::string> out;
  for (const auto& m : list.messages) out.push_back(m.title);
  return out;
}

MessageList list(SessionFixture& f, const std::string& user, MessageQuery q = {}) {
  q.user_id = user;
  return f.sys->messages().list(Actor::user(user), q);
}

std::int64_t count_rows(const Backend& backend, const std::string& table) {
  auto db = raw_connection(backend);
  storage::sql::Statement& s = db->prepare("SELECT COUNT(*) FROM " + table);
  REQUIRE(s.step());
  return s.get_int(0);
}

}  // namespace

TEST_CASE("G1: messages to a user, a role and the tenant reach the right users, newest first") {
  on_each_backend([](SessionFixture& f) {
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bobcat"));
    f.clock->advance(std::chrono::seconds(1));
    const Message direct = send(f, AudienceKind::user, f.alice, "for alice");
    f.clock->advance(std::chrono::seconds(1));
    send(f, AudienceKind::role, "member", "for members", MessageCategory::notification);
    f.clock->advance(std::chrono::seconds(1));
    send(f, AudienceKind::role, "vip", "for vips");
    f.clock->advance(std::chrono::seconds(1));
    send(f, AudienceKind::tenant, "", "for everyone");

    CHECK(direct.sender == "admin:ops-1");
    CHECK(direct.audience == AudienceKind::user);
    CHECK(direct.target == f.alice);
    CHECK(direct.message_id.starts_with("msg_"));

    const MessageList a = list(f, f.alice);
    CHECK(titles(a) == std::vector<std::string>{"for everyone", "for members", "for alice"});
    CHECK(a.total == 3);
    CHECK(a.unread == 3);
    CHECK(a.messages[2].body == "Body of for alice");
    CHECK(a.messages[2].sent_at == session_start() + std::chrono::seconds(1));
    CHECK_FALSE(a.messages[0].read);
    CHECK(titles(list(f, bob)) == std::vector<std::string>{"for everyone", "for members"});

    // Categories are listed apart (seed 004: messages and notifications).
    MessageQuery notes;
    notes.category = MessageCategory::notification;
    CHECK(titles(list(f, f.alice, notes)) == std::vector<std::string>{"for members"});
    CHECK(f.sys->messages().unread_count(Actor::user(f.alice), f.alice,
                                         MessageCategory::notification) == 1);

    // A broadcast reaches accounts that existed when it was sent.
    f.clock->advance(std::chrono::seconds(1));
    const std::string carol = f.sys->accounts().register_user(kAnonymous, with_username("carol"));
    CHECK(list(f, carol).total == 0);
    send(f, AudienceKind::tenant, "", "welcome all");
    CHECK(titles(list(f, carol)) == std::vector<std::string>{"welcome all"});

    // Paging.
    MessageQuery page;
    page.page = {.limit = 2, .offset = 1};
    const MessageList second = list(f, f.alice, page);
    CHECK(titles(second) == std::vector<std::string>{"for everyone", "for members"});
    CHECK(second.total == 4);
  });
}

TEST_CASE("G1: mark one or all read; unread first; broadcasts cost no row per member") {
  on_each_backend([](SessionFixture& f, const Backend& backend) {
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bobcat"));
    for (int i = 0; i < 3; ++i) {
      f.clock->advance(std::chrono::seconds(1));
      send(f, AudienceKind::tenant, "", "broadcast " + std::to_string(i));
    }
    CHECK(count_rows(backend, "messages") == 3);
    CHECK(count_rows(backend, "message_reads") == 0);
    CHECK(count_rows(backend, "message_watermarks") == 0);

    Messages& m = f.sys->messages();
    const Actor alice = Actor::user(f.alice);
    const std::string oldest = list(f, f.alice).messages.back().message_id;
    m.mark_read(alice, f.alice, oldest);
    m.mark_read(alice, f.alice, oldest);  // again: no change
    CHECK(m.unread_count(alice, f.alice) == 2);
    CHECK(m.unread_count(Actor::user(bob), bob) == 3);

    MessageQuery q;
    q.order = MessageOrder::unread_first;
    MessageList l = list(f, f.alice, q);
    CHECK(titles(l) == std::vector<std::string>{"broadcast 2", "broadcast 1", "broadcast 0"});
    q.order = MessageOrder::newest_first;
    q.unread_only = true;
    CHECK(titles(list(f, f.alice, q)) == std::vector<std::string>{"broadcast 2", "broadcast 1"});

    // Read the newest: unread first now puts the middle one first.
    m.mark_read(alice, f.alice, l.messages[0].message_id);
    q = {};
    q.order = MessageOrder::unread_first;
    l = list(f, f.alice, q);
    CHECK(titles(l) == std::vector<std::string>{"broadcast 1", "broadcast 2", "broadcast 0"});
    CHECK_FALSE(l.messages[0].read);
    CHECK(l.messages[1].read);

    CHECK(m.mark_all_read(alice, f.alice) == 1);
    CHECK(m.unread_count(alice, f.alice) == 0);
    CHECK(m.mark_all_read(alice, f.alice) == 0);
    // One watermark row; the read marks it covers are dropped.
    CHECK(count_rows(backend, "message_watermarks") == 1);
    CHECK(count_rows(backend, "message_reads") == 0);
    CHECK(m.unread_count(Actor::user(bob), bob) == 3);

    f.clock->advance(std::chrono::seconds(1));
    send(f, AudienceKind::user, f.alice, "later");
    CHECK(m.unread_count(alice, f.alice) == 1);
    CHECK(m.unread_count(kStaff, f.alice) == 1);
  });
}

TEST_CASE("G1: a message to one user is sealed under their data key; broadcasts are not") {
  TempDir dir;
  SessionFixture f(file_options(dir));
  send(f, AudienceKind::user, f.alice, "SealedTitleKestrel");
  send(f, AudienceKind::tenant, "", "PlainTitleHeron");
  f.sys.reset();  // closing the last connection checkpoints the WAL into the file
  const std::string bytes =
      file_bytes(dir.file("member.db")) + file_bytes(dir.file("member.db-wal"));
  CHECK(bytes.find("SealedTitleKestrel") == std::string::npos);
  CHECK(bytes.find("Body of SealedTitleKestrel") == std::string::npos);
  CHECK(bytes.find("PlainTitleHeron") != std::string::npos);
}

TEST_CASE("G1: bad input and permission denials") {
  on_each_backend([](SessionFixture& f) {
    Messages& m = f.sys->messages();
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bobcat"));
    const Actor alice = Actor::user(f.alice);
    auto request = [&] {
      return SendMessageRequest{.audience = AudienceKind::user,
                                .target = f.alice,
                                .category = MessageCategory::message,
                                .title = "hello",
                                .body = "text"};
    };
    auto bad = [&](const std::function<void(SendMessageRequest&)>& change, const char* field) {
      SendMessageRequest r = request();
      change(r);
      check_error([&] { m.send(kStaff, r); }, Errc::invalid_argument, field);
    };
    bad([](auto& r) { r.audience = static_cast<AudienceKind>(7); }, "audience");
    bad([](auto& r) { r.target = "nobody"; }, "target");
    bad([](auto& r) { r.target.clear(); }, "target");
    bad(
        [](auto& r) {
          r.audience = AudienceKind::role;
          r.target = "bad role!";
        },
        "target");
    bad(
        [](auto& r) {
          r.audience = AudienceKind::tenant;
          r.target = "x";
        },
        "target");
    bad([](auto& r) { r.category = static_cast<MessageCategory>(-1); }, "category");
    bad([](auto& r) { r.title.clear(); }, "title");
    bad([](auto& r) { r.title = std::string(201, 'a'); }, "title");
    bad([](auto& r) { r.title = "bad\x01title"; }, "title");
    bad([](auto& r) { r.body.clear(); }, "body");
    bad([](auto& r) { r.body = std::string(10001, 'a'); }, "body");
    {
      SendMessageRequest r = request();
      r.target = "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9";
      check_error([&] { m.send(kStaff, r); }, Errc::not_found, "target");
    }
    // Only staff send.
    check_error([&] { m.send(alice, request()); }, Errc::permission_denied);
    check_error([&] { m.send(kAnonymous, request()); }, Errc::permission_denied);

    // A member holding messages.send through a role sends to anyone.
    f.sys->roles().create_role(kStaff, {.name = "notifier"});
    f.sys->roles().grant_permissions(kStaff, {{"notifier", "messages.send"}});
    f.sys->roles().assign_roles(kStaff, {{bob, "notifier"}});
    const Message from_bob = m.send(Actor::user(bob), request());
    CHECK(from_bob.message_id.starts_with("msg_"));
    m.mark_read(alice, f.alice, from_bob.message_id);

    const Message sent = m.send(kStaff, request());
    // A user reads only their own; bad query fields.
    MessageQuery q;
    q.user_id = f.alice;
    check_error([&] { m.list(Actor::user(bob), q); }, Errc::permission_denied);
    check_error([&] { m.unread_count(Actor::user(bob), f.alice); }, Errc::permission_denied);
    check_error([&] { m.mark_all_read(Actor::user(bob), f.alice); }, Errc::permission_denied);
    check_error([&] { m.mark_read(Actor::user(bob), f.alice, sent.message_id); },
                Errc::permission_denied);
    q.page.limit = 0;
    check_error([&] { m.list(alice, q); }, Errc::invalid_argument, "page.limit");
    q.page.limit = 10;
    q.order = static_cast<MessageOrder>(5);
    check_error([&] { m.list(alice, q); }, Errc::invalid_argument, "order");
    q.order = MessageOrder::newest_first;
    q.category = static_cast<MessageCategory>(9);
    check_error([&] { m.list(alice, q); }, Errc::invalid_argument, "category");
    q.user_id = "nope";
    q.category.reset();
    check_error([&] { m.list(kStaff, q); }, Errc::invalid_argument, "user_id");
    // Another user's direct message is not found for bob; bad ids.
    check_error([&] { m.mark_read(Actor::user(bob), bob, sent.message_id); }, Errc::not_found,
                "message_id");
    check_error([&] { m.mark_read(alice, f.alice, "msg_missing"); }, Errc::not_found, "message_id");
    check_error([&] { m.mark_read(alice, f.alice, "bad id!"); }, Errc::invalid_argument,
                "message_id");
    check_error([&] { m.unread_count(alice, f.alice, static_cast<MessageCategory>(4)); },
                Errc::invalid_argument, "category");
    CHECK(m.unread_count(alice, f.alice) == 1);
    CHECK(audit_of(*f.sys, f.alice, "message.send").size() == 2);
  });
}

TEST_CASE("G1 A12: erasure removes the user's messages and read state, not broadcasts") {
  on_each_backend([](SessionFixture& f, const Backend& backend) {
    const std::string bob = f.sys->accounts().register_user(kAnonymous, with_username("bobcat"));
    send(f, AudienceKind::user, f.alice, "private");
    const Message everyone = send(f, AudienceKind::tenant, "", "everyone");
    f.sys->messages().mark_read(Actor::user(f.alice), f.alice, everyone.message_id);
    f.sys->messages().mark_all_read(Actor::user(bob), bob);
    f.sys->privacy().erase(kStaff, {.user_id = f.alice});
    CHECK(count_rows(backend, "messages") == 1);
    CHECK(count_rows(backend, "message_reads") == 0);
    CHECK(count_rows(backend, "message_watermarks") == 1);
    CHECK(titles(list(f, bob)) == std::vector<std::string>{"everyone"});
    check_error([&] { list(f, f.alice); }, Errc::not_found);
  });
}

}  // namespace member::test
