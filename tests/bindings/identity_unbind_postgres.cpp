// B3 on PostgreSQL, where writers run side by side: an identity sign-in that
// read the identity just before an unbinding committed does not open a
// session for it (the identity is read again once the user is locked).
#include <doctest/doctest.h>

#include <optional>
#include <thread>

#include "sessions/session_helpers.hpp"
#include "storage/postgres/postgres_connection.hpp"
#include "support/postgres.hpp"

namespace member::test {

TEST_CASE(
    "B3 PostgreSQL: an identity unbound while its sign-in waits for the user signs nobody in") {
  TempDir dir;
  const auto postgres = postgres_options(dir);
  if (!postgres) return;
  const Options& o = *postgres;
  SessionFixture f(o);
  BindIdentityRequest bind;
  bind.user_id = f.alice;
  bind.provider = "wechat";
  bind.subject = "wx-unbound-1";
  f.sys->identities().bind(Actor::system(), bind);

  // An unbinding holds the user's row and has deleted the identity, not
  // yet committed.
  auto other = storage::postgres::open_connection({.conninfo = o.database});
  other->begin(storage::sql::TransactionKind::write);
  storage::sql::Statement& lock =
      other->prepare("SELECT pg_backend_pid() FROM users WHERE id = ?1 FOR UPDATE");
  lock.bind(1, f.alice);
  REQUIRE(lock.step());
  const std::int64_t other_pid = lock.get_int(0);
  storage::sql::Statement& unbind = other->prepare(
      "DELETE FROM identities WHERE provider = 'wechat' AND subject = 'wx-unbound-1'");
  unbind.step();

  std::optional<Errc> refused;
  std::thread sign_in([&] {
    try {
      f.sys->sessions().sign_in_with_identity(
          kAnonymous, {.identity = {.provider = "wechat", .subject = "wx-unbound-1"}});
    } catch (const Error& e) {
      refused = e.code();
    }
  });
  CHECK(wait_for_lock_waiter(o.database, other_pid));
  other->commit();
  sign_in.join();

  REQUIRE(refused.has_value());
  CHECK(*refused == Errc::unauthenticated);
  CHECK(f.sys->sessions().devices(Actor::system(), f.alice).empty());
}

}  // namespace member::test
