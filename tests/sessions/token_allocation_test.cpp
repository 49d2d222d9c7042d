// F1: verifying an access token allocates nothing once the caller's
// AccessClaims has held a token's claims (the hot path of a server), also
// while the process's revocation list is in use. Counted by replacing the
// global operator new of this test executable; only allocations made while
// this thread is counting are recorded.
#include <cstdlib>
#include <new>

#include "sessions/session_helpers.hpp"

namespace {

thread_local bool counting = false;
thread_local std::size_t allocations = 0;

}  // namespace

void* operator new(std::size_t size) {
  if (counting) ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}

void operator delete(void* p) noexcept {
  std::free(p);
}

void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace member::test {

namespace {

/// The allocations made by `n` verifications of `token` into `claims`.
std::size_t allocations_of(Sessions& sessions, const std::string& token, AccessClaims& claims,
                           int n) {
  allocations = 0;
  counting = true;
  for (int i = 0; i < n; ++i) sessions.verify(token, claims);
  counting = false;
  return allocations;
}

}  // namespace

TEST_CASE("F1 tokens: verify into a reused AccessClaims allocates nothing") {
  TempDir dir;
  SessionFixture f(file_options(dir));
  const SessionSignIn first = f.sign_in();
  const SessionSignIn second = f.sign_in("alice", "phone-2");
  AccessClaims claims;
  f.sessions().verify(first.tokens.access_token, claims);  // the strings grow once
  CHECK(allocations_of(f.sessions(), first.tokens.access_token, claims, 100) == 0);
  CHECK(claims.subject == f.alice);

  // The counter counts: a fresh AccessClaims allocates its strings.
  allocations = 0;
  counting = true;
  const AccessClaims fresh = f.sessions().verify(first.tokens.access_token);
  counting = false;
  CHECK(allocations > 0);
  CHECK(fresh.session_id == first.tokens.session_id);

  // With a revocation in the list, the lookup allocates nothing either.
  f.sessions().sign_out(Actor::user(f.alice), second.tokens.session_id);
  CHECK_FALSE(f.valid(second.tokens.access_token));
  f.sessions().verify(first.tokens.access_token, claims);
  CHECK(allocations_of(f.sessions(), first.tokens.access_token, claims, 100) == 0);
  CHECK(claims.session_id == first.tokens.session_id);
}

}  // namespace member::test
