/* The C ABI from C: open, register, sign in, earn, errors, the fake clock,
 * NULL for every pointer and malformed input for every operation. Compiled as
 * C99 against libmember_c only. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <unistd.h>

#include "check.h"
#include "member.h"

int check_failures = 0;

static const char* kKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
static char db_dir[64];
static char db_path[160];

/* Opens a file database `name` in the test's directory. */
static member_system* open_system(const char* name) {
  snprintf(db_path, sizeof db_path, "%s/%s", db_dir, name);
  char options[512];
  snprintf(options, sizeof options,
           "{\"database\": \"%s\", \"master_key\": \"%s\", \"fake_clock\": "
           "\"2026-01-31T12:00:00Z\", \"password_hashing\": {\"memory_kib\": 64, "
           "\"iterations\": 1, \"parallelism\": 1}}",
           db_path, kKey);
  member_system* sys = NULL;
  member_error* err = NULL;
  const int status = member_system_open(options, strlen(options), &sys, &err);
  CHECK(status == MEMBER_OK);
  CHECK(err == NULL);
  CHECK(sys != NULL);
  return sys;
}

/* Runs an operation; returns the status, the response (to free) in *out and
 * the error (to free) in *err. */
static int call(member_system* sys, const char* op, const char* request, char** out,
                member_error** err) {
  return member_call(sys, op, request, strlen(request), out, err);
}

/* Expects `op` to fail with `status` naming `field`; frees everything. */
static void expect_error(member_system* sys, const char* op, const char* request, int status,
                         const char* field) {
  char* out = NULL;
  member_error* err = NULL;
  const int got = call(sys, op, request, &out, &err);
  if (got != status)
    fprintf(stderr, "  %s %s -> %d (%s)\n", op, request, got, member_error_message(err));
  CHECK(got == status);
  CHECK(out == NULL);
  CHECK(member_error_code(err) == status);
  if (field) CHECK_STR(member_error_field(err), field);
  member_error_free(err);
}

/* The value of the first "name": "..." string member in json, copied to buf. */
static int json_string(const char* json, const char* name, char* buf, size_t size) {
  char pattern[64];
  snprintf(pattern, sizeof pattern, "\"%s\":\"", name);
  const char* at = strstr(json, pattern);
  if (!at) return 0;
  at += strlen(pattern);
  const char* end = strchr(at, '"');
  if (!end || (size_t)(end - at) >= size) return 0;
  memcpy(buf, at, (size_t)(end - at));
  buf[end - at] = '\0';
  return 1;
}

static void test_version(void) {
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", MEMBER_VERSION_MAJOR, MEMBER_VERSION_MINOR,
           MEMBER_VERSION_PATCH);
  CHECK_STR(member_version(), expected);
  CHECK_STR(member_status_name(MEMBER_INVALID_ARGUMENT), "invalid_argument");
  CHECK_STR(member_status_name(MEMBER_INSUFFICIENT_FUNDS), "insufficient_funds");
  CHECK_STR(member_status_name(99), "unknown");
  CHECK_STR(member_status_name(-1), "unknown");
}

static void expect_open_error(const char* options, int status, const char* field) {
  member_system* sys = (member_system*)&check_failures; /* must be reset to NULL */
  member_error* err = NULL;
  CHECK(member_system_open(options, strlen(options), &sys, &err) == status);
  CHECK(sys == NULL);
  CHECK(member_error_code(err) == status);
  if (field) CHECK_STR(member_error_field(err), field);
  member_error_free(err);
}

static void test_open_errors(void) {
  expect_open_error("{\"database\": ", MEMBER_INVALID_ARGUMENT, "options");
  expect_open_error("[1]", MEMBER_INVALID_ARGUMENT, "request");
  expect_open_error("{\"database\": \":memory:\", \"nope\": 1}", MEMBER_INVALID_ARGUMENT, "nope");
  expect_open_error("{\"database\": 5}", MEMBER_INVALID_ARGUMENT, "database");
  expect_open_error("{\"database\": \":memory:\", \"lockout\": {\"max_failures\": \"5\"}}",
                    MEMBER_INVALID_ARGUMENT, "lockout.max_failures");
  expect_open_error("{\"database\": \":memory:\", \"user_types\": [\"MEMBER\", 3]}",
                    MEMBER_INVALID_ARGUMENT, "user_types[1]");
  expect_open_error("{\"database\": \":memory:\", \"fake_clock\": \"yesterday\"}",
                    MEMBER_INVALID_ARGUMENT, "fake_clock");
  expect_open_error("{\"database\": \":memory:\", \"durability\": \"sometimes\"}",
                    MEMBER_INVALID_ARGUMENT, "durability");
  /* A malformed master key: key_error, and the message does not quote it. */
  const char* bad_key =
      "{\"database\": \":memory:\", \"master_key\": "
      "\"zz0102030405060708090a0b0c0d0e0f1011121314151617"
      "18191a1b1c1d1e1f\"}";
  member_system* sys = NULL;
  member_error* err = NULL;
  const int status = member_system_open(bad_key, strlen(bad_key), &sys, &err);
  CHECK(status != MEMBER_OK);
  CHECK(strstr(member_error_message(err), "zz0102") == NULL);
  member_error_free(err);
  /* The error out-parameter is optional. */
  CHECK(member_system_open("{", 1, &sys, NULL) == MEMBER_INVALID_ARGUMENT);
}

static void test_scenario(void) {
  member_system* sys = open_system(__func__);
  char* out = NULL;
  member_error* err = NULL;
  char user_id[64];

  /* register */
  CHECK(
      call(sys, "accounts.register",
           "{\"email\": \"ann@example.com\", \"username\": \"ann\", \"password\": \"correct horse "
           "battery\"}",
           &out, &err) == MEMBER_OK);
  CHECK(json_string(out, "user_id", user_id, sizeof user_id));
  member_free(out);
  expect_error(sys, "accounts.register",
               "{\"email\": \"ANN@example.com\", \"password\": \"correct horse battery\"}",
               MEMBER_CONFLICT, "email");

  /* sign in: typed and by name */
  char* signed_in = NULL;
  const char* password = "correct horse battery";
  CHECK(member_sign_in(sys, "default", "ann", 3, password, strlen(password), &signed_in, &err) ==
        MEMBER_OK);
  CHECK_STR(signed_in, user_id);
  member_free(signed_in);
  CHECK(call(sys, "accounts.sign_in",
             "{\"identifier\": \"ann@example.com\", \"password\": \"correct horse battery\"}", &out,
             &err) == MEMBER_OK);
  CHECK_CONTAINS(out, user_id);
  CHECK_CONTAINS(out, "\"username\":\"ann\"");
  member_free(out);

  /* a wrong password: unauthenticated, the message quotes nothing */
  const char* wrong = "Secret-Wrong-Pass-42";
  CHECK(member_sign_in(sys, "default", "ann", 3, wrong, strlen(wrong), &signed_in, &err) ==
        MEMBER_UNAUTHENTICATED);
  CHECK(signed_in == NULL);
  CHECK(strstr(member_error_message(err), wrong) == NULL);
  CHECK(strstr(member_error_message(err), "ann") == NULL);
  member_error_free(err);
  /* a password with a NUL inside reaches the library in full (cut at the NUL
   * it would be right): the library refuses the NUL */
  const char with_nul[] = "correct horse battery\0tail";
  const int nul_status =
      member_sign_in(sys, "default", "ann", 3, with_nul, sizeof with_nul - 1, &signed_in, &err);
  CHECK(nul_status == MEMBER_INVALID_ARGUMENT);
  CHECK_STR(member_error_field(err), "password");
  member_error_free(err);

  /* earn: typed fast path and by name; the balance */
  int64_t available = -1, frozen = -1;
  CHECK(member_points_earn(sys, MEMBER_ACTOR_SERVICE, "orders", "default", user_id, 250, "ORD-1",
                           &available, &err) == MEMBER_OK);
  CHECK(available == 250);
  CHECK(member_points_earn(sys, MEMBER_ACTOR_SERVICE, "orders", "default", user_id, 250, "ORD-1",
                           &available, &err) == MEMBER_OK); /* replay */
  CHECK(available == 250);
  CHECK(member_points_earn(sys, MEMBER_ACTOR_SERVICE, "orders", "default", user_id, 999, "ORD-1",
                           &available, &err) == MEMBER_CONFLICT);
  member_error_free(err);
  CHECK(member_points_earn(sys, MEMBER_ACTOR_USER, user_id, "default", user_id, 10, "SELF",
                           &available, &err) == MEMBER_PERMISSION_DENIED);
  member_error_free(err);
  CHECK(member_points_earn(sys, 9, "x", "default", user_id, 10, "K", &available, &err) ==
        MEMBER_INVALID_ARGUMENT);
  CHECK_STR(member_error_field(err), "actor_kind");
  member_error_free(err);
  char request[512];
  snprintf(request, sizeof request,
           "{\"actor\": {\"kind\": \"service\", \"id\": \"orders\"}, \"user_id\": \"%s\", "
           "\"amount\": 100, \"key\": \"ORD-2\", \"event_type\": \"PURCHASE\"}",
           user_id);
  CHECK(call(sys, "points.earn", request, &out, &err) == MEMBER_OK);
  CHECK_CONTAINS(out, "\"available\":350");
  CHECK_CONTAINS(out, "\"expires_at\":\"2028-01-31T12:00:00.000Z\"");
  member_free(out);
  CHECK(member_points_balance(sys, MEMBER_ACTOR_USER, user_id, "default", user_id, &available,
                              &frozen, &err) == MEMBER_OK);
  CHECK(available == 350);
  CHECK(frozen == 0);

  /* spending more than available: insufficient_points with the shortage */
  snprintf(request, sizeof request,
           "{\"actor\": {\"kind\": \"user\", \"id\": \"%s\"}, \"user_id\": \"%s\", "
           "\"amount\": 400, \"key\": \"USE-1\"}",
           user_id, user_id);
  CHECK(call(sys, "points.use", request, &out, &err) == MEMBER_INSUFFICIENT_POINTS);
  CHECK(member_error_shortage(err) == 50);
  member_error_free(err);

  /* malformed requests name their JSON path */
  expect_error(sys, "points.earn", "{\"amount\": ", MEMBER_INVALID_ARGUMENT, "request");
  expect_error(sys, "points.earn", "{\"amount\": \"250\"}", MEMBER_INVALID_ARGUMENT, "amount");
  expect_error(sys, "points.earn", "{\"amount\": 1.5}", MEMBER_INVALID_ARGUMENT, "amount");
  expect_error(sys, "points.earn", "{\"amount\": 99999999999999999999}", MEMBER_INVALID_ARGUMENT,
               "amount");
  expect_error(sys, "points.earn", "{\"ammount\": 250}", MEMBER_INVALID_ARGUMENT, "ammount");
  expect_error(sys, "points.earn", "{\"actor\": {\"kind\": \"king\"}}", MEMBER_INVALID_ARGUMENT,
               "actor.kind");
  expect_error(sys, "points.earn", "{\"actor\": {\"kind\": \"admin\", \"role\": 1}}",
               MEMBER_INVALID_ARGUMENT, "actor.role");
  expect_error(sys, "points.teleport", "{}", MEMBER_INVALID_ARGUMENT, "op");
  expect_error(sys, "accounts.register_batch",
               "{\"actor\": {\"kind\": \"admin\", \"id\": \"ops\"}, \"users\": [{\"username\": "
               "\"bob\"}, {\"username\": \"cat\"}, {\"username\": \"dan\"}, {\"email\": 7}]}",
               MEMBER_INVALID_ARGUMENT, "users[3].email");
  expect_error(sys, "points.apply_batch",
               "{\"actor\": {\"kind\": \"admin\", \"id\": \"ops\"}, \"key\": \"B1\", \"reason\": "
               "\"r\", \"items\": [{\"user_id\": \"u\", \"amount\": 1, \"colour\": \"red\"}]}",
               MEMBER_INVALID_ARGUMENT, "items[0].colour");
  /* the batch above was refused before anything ran: no user "bob" */
  expect_error(sys, "accounts.sign_in", "{\"identifier\": \"bob\", \"password\": \"x\"}",
               MEMBER_UNAUTHENTICATED, NULL);
  /* deep nesting is refused before the parser recurses into it */
  {
    static char deep[200001];
    memset(deep, '[', 100000);
    memset(deep + 100000, ']', 100000);
    CHECK(member_call(sys, "points.earn", deep, 200000, &out, &err) == MEMBER_INVALID_ARGUMENT);
    CHECK_STR(member_error_field(err), "request");
    member_error_free(err);
  }
  /* a value in a wrong-typed or unknown field is never quoted */
  CHECK(call(sys, "accounts.register", "{\"password\": [\"Hidden-Secret-99\"]}", &out, &err) ==
        MEMBER_INVALID_ARGUMENT);
  CHECK(strstr(member_error_message(err), "Hidden-Secret-99") == NULL);
  member_error_free(err);
  CHECK(call(sys, "accounts.register", "{\"password\": \"Hidden-Secret-99", &out, &err) ==
        MEMBER_INVALID_ARGUMENT);
  CHECK(strstr(member_error_message(err), "Hidden-Secret") == NULL);
  member_error_free(err);

  member_system_close(sys);
}

/* The fake clock drives the lockout: locked after 5 failures, free again
 * once the clock passes retry_at. */
static void test_fake_clock_drives_lockout(void) {
  member_system* sys = open_system(__func__);
  char* out = NULL;
  member_error* err = NULL;
  CHECK(call(sys, "accounts.register",
             "{\"username\": \"lou\", \"password\": \"correct horse battery\"}", &out,
             &err) == MEMBER_OK);
  member_free(out);
  char* user = NULL;
  for (int i = 0; i < 5; ++i) {
    member_sign_in(sys, "default", "lou", 3, "wrong-password", 14, &user, NULL);
  }
  const char* password = "correct horse battery";
  CHECK(member_sign_in(sys, "default", "lou", 3, password, strlen(password), &user, &err) ==
        MEMBER_LOCKED);
  /* 2026-01-31T12:00:00Z + 15 minutes */
  CHECK(member_error_retry_at_ms(err) == 1769860800000LL + 15 * 60 * 1000);
  member_error_free(err);
  /* only the system actor moves the clock, and only a fake one */
  expect_error(sys, "clock.advance", "{\"seconds\": 900}", MEMBER_PERMISSION_DENIED, NULL);
  expect_error(sys, "clock.advance", "{\"actor\": {\"kind\": \"system\"}, \"seconds\": -1}",
               MEMBER_INVALID_ARGUMENT, "seconds");
  CHECK(call(sys, "clock.advance", "{\"actor\": {\"kind\": \"system\"}, \"seconds\": 900}", &out,
             &err) == MEMBER_OK);
  CHECK_STR(out, "{\"now\":\"2026-01-31T12:15:00.000Z\"}");
  member_free(out);
  CHECK(member_sign_in(sys, "default", "lou", 3, password, strlen(password), &user, &err) ==
        MEMBER_OK);
  member_free(user);
  member_system_close(sys);

  /* without fake_clock the clock cannot be moved */
  member_system* real = NULL;
  const char* options = "{\"database\": \":memory:\"}";
  CHECK(member_system_open(options, strlen(options), &real, NULL) == MEMBER_OK);
  expect_error(real, "clock.set",
               "{\"actor\": {\"kind\": \"system\"}, \"now\": \"2030-01-01T00:00:00Z\"}",
               MEMBER_FAILED_PRECONDITION, NULL);
  member_system_close(real);
}

/* Expects member_token_verify to refuse `token` with `status`; the message
 * never quotes the token. */
static void expect_refused(member_system* sys, const char* token, int flags, int status) {
  member_token_claims* claims = (member_token_claims*)&check_failures; /* reset to NULL */
  member_error* err = NULL;
  CHECK(member_token_verify(sys, token, strlen(token), flags, &claims, &err) == status);
  CHECK(claims == NULL);
  CHECK(member_error_code(err) == status);
  CHECK(strstr(member_error_message(err), "eyJ") == NULL);
  member_error_free(err);
}

/* The typed token fast path: a token from sessions.sign_in verifies into the
 * claims struct; tampered, expired (fake clock), revoked, and malformed
 * tokens are refused; the flag checks the session in the database. */
static void test_token_verify(void) {
  member_system* sys = open_system(__func__);
  char* out = NULL;
  member_error* err = NULL;
  char user_id[64], token[1024], session_id[64];
  CHECK(call(sys, "accounts.register",
             "{\"username\": \"tia\", \"password\": \"correct horse battery\"}", &out,
             &err) == MEMBER_OK);
  CHECK(json_string(out, "user_id", user_id, sizeof user_id));
  member_free(out);
  CHECK(call(sys, "sessions.sign_in",
             "{\"identifier\": \"tia\", \"password\": \"correct horse battery\", \"device_id\": "
             "\"d-1\"}",
             &out, &err) == MEMBER_OK);
  CHECK(json_string(out, "access_token", token, sizeof token));
  CHECK(json_string(out, "session_id", session_id, sizeof session_id));
  member_free(out);

  /* valid, with and without the database check */
  for (int flags = 0; flags <= MEMBER_VERIFY_CHECK_SESSION; ++flags) {
    member_token_claims* claims = NULL;
    CHECK(member_token_verify(sys, token, strlen(token), flags, &claims, &err) == MEMBER_OK);
    CHECK(err == NULL);
    CHECK(claims != NULL);
    if (!claims) continue;
    CHECK_STR(claims->subject, user_id);
    CHECK(claims->subject_len == strlen(user_id));
    CHECK_STR(claims->username, "tia");
    CHECK(claims->username_len == 3);
    CHECK_STR(claims->role, "MEMBER");
    CHECK_STR(claims->tenant, "default");
    CHECK_STR(claims->session_id, session_id);
    CHECK(claims->token_id_len > 0 && claims->token_id[claims->token_id_len] == '\0');
    CHECK(claims->key_id_len > 0);
    CHECK(claims->level != NULL && strlen(claims->level) == claims->level_len);
    /* 2026-01-31T12:00:00Z, two hours of life */
    CHECK(claims->issued_at_ms == 1769860800000LL);
    CHECK(claims->expires_at_ms == 1769860800000LL + 2 * 3600 * 1000);
    member_token_claims_free(claims);
  }

  /* tampered: one character of the payload, of the signature; the header's
   * algorithm swapped for "none"; a token cut short */
  char tampered[1024];
  const char* dot1 = strchr(token, '.');
  const char* dot2 = dot1 ? strchr(dot1 + 1, '.') : NULL;
  CHECK(dot1 && dot2);
  if (dot1 && dot2) {
    strcpy(tampered, token);
    size_t at = (size_t)(dot1 - token) + 5;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    expect_refused(sys, tampered, 0, MEMBER_UNAUTHENTICATED);
    strcpy(tampered, token);
    at = (size_t)(dot2 - token) + 3;
    tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
    expect_refused(sys, tampered, 0, MEMBER_UNAUTHENTICATED);
    /* {"alg":"none","typ":"JWT"} */
    snprintf(tampered, sizeof tampered, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0%.*s.",
             (int)(dot2 - dot1), dot1);
    expect_refused(sys, tampered, 0, MEMBER_UNAUTHENTICATED);
    CHECK(member_token_verify(sys, token, (size_t)(dot2 - token), 0, &(member_token_claims*){NULL},
                              NULL) == MEMBER_UNAUTHENTICATED);
  }
  expect_refused(sys, "", 0, MEMBER_UNAUTHENTICATED);
  expect_refused(sys, "not a token", 0, MEMBER_UNAUTHENTICATED);
  /* (pointer, length): a NUL inside makes it another token */
  {
    char with_nul[1100];
    const size_t n = strlen(token);
    memcpy(with_nul, token, n);
    memcpy(with_nul + n, "\0x", 2);
    member_token_claims* claims = NULL;
    CHECK(member_token_verify(sys, with_nul, n + 2, 0, &claims, &err) == MEMBER_UNAUTHENTICATED);
    CHECK(claims == NULL);
    member_error_free(err);
  }
  /* unknown flags */
  {
    member_token_claims* claims = NULL;
    CHECK(member_token_verify(sys, token, strlen(token), 2, &claims, &err) ==
          MEMBER_INVALID_ARGUMENT);
    CHECK_STR(member_error_field(err), "flags");
    CHECK(claims == NULL);
    member_error_free(err);
  }

  /* expired: two hours later it still holds within the 30 s leeway, then not */
  CHECK(call(sys, "clock.advance", "{\"actor\": {\"kind\": \"system\"}, \"seconds\": 7229}", &out,
             &err) == MEMBER_OK);
  member_free(out);
  {
    member_token_claims* claims = NULL;
    CHECK(member_token_verify(sys, token, strlen(token), 0, &claims, &err) == MEMBER_OK);
    member_token_claims_free(claims);
  }
  CHECK(call(sys, "clock.advance", "{\"actor\": {\"kind\": \"system\"}, \"seconds\": 1}", &out,
             &err) == MEMBER_OK);
  member_free(out);
  expect_refused(sys, token, 0, MEMBER_UNAUTHENTICATED);

  /* revoked: a fresh token, then sign-out */
  CHECK(call(sys, "sessions.sign_in",
             "{\"identifier\": \"tia\", \"password\": \"correct horse battery\"}", &out,
             &err) == MEMBER_OK);
  CHECK(json_string(out, "access_token", token, sizeof token));
  CHECK(json_string(out, "session_id", session_id, sizeof session_id));
  member_free(out);
  {
    member_token_claims* claims = NULL;
    CHECK(member_token_verify(sys, token, strlen(token), MEMBER_VERIFY_CHECK_SESSION, &claims,
                              &err) == MEMBER_OK);
    member_token_claims_free(claims);
  }
  char request[256];
  snprintf(request, sizeof request,
           "{\"actor\": {\"kind\": \"user\", \"id\": \"%s\"}, \"session_id\": \"%s\"}", user_id,
           session_id);
  CHECK(call(sys, "sessions.sign_out", request, &out, &err) == MEMBER_OK);
  member_free(out);
  expect_refused(sys, token, 0, MEMBER_UNAUTHENTICATED);
  expect_refused(sys, token, MEMBER_VERIFY_CHECK_SESSION, MEMBER_UNAUTHENTICATED);
  member_system_close(sys);
}

static void expect_null(int status, member_error** err, const char* field) {
  CHECK(status == MEMBER_INVALID_ARGUMENT);
  CHECK_STR(member_error_field(*err), field);
  member_error_free(*err);
  *err = NULL;
}

/* NULL for every pointer parameter of every entry point is an error. */
static void test_null_everywhere(void) {
  member_system* sys = open_system(__func__);
  member_error* err = NULL;
  char* out = NULL;
  int64_t a = 0, f = 0;
  member_system* opened = NULL;
  expect_null(member_system_open(NULL, 0, &opened, &err), &err, "options_json");
  expect_null(member_system_open("{}", 2, NULL, &err), &err, "out_system");
  expect_null(member_call(NULL, "clock.now", "{}", 2, &out, &err), &err, "system");
  expect_null(member_call(sys, NULL, "{}", 2, &out, &err), &err, "op");
  expect_null(member_call(sys, "clock.now", NULL, 0, &out, &err), &err, "request_json");
  expect_null(member_call(sys, "clock.now", "{}", 2, NULL, &err), &err, "out_response");
  expect_null(member_sign_in(NULL, "default", "a", 1, "b", 1, &out, &err), &err, "system");
  expect_null(member_sign_in(sys, NULL, "a", 1, "b", 1, &out, &err), &err, "tenant");
  expect_null(member_sign_in(sys, "default", NULL, 1, "b", 1, &out, &err), &err, "identifier");
  expect_null(member_sign_in(sys, "default", "a", 1, NULL, 1, &out, &err), &err, "password");
  expect_null(member_sign_in(sys, "default", "a", 1, "b", 1, NULL, &err), &err, "out_user_id");
  expect_null(member_points_earn(NULL, 3, "s", "default", "u", 1, "k", &a, &err), &err, "system");
  expect_null(member_points_earn(sys, 3, NULL, "default", "u", 1, "k", &a, &err), &err, "actor_id");
  expect_null(member_points_earn(sys, 3, "s", NULL, "u", 1, "k", &a, &err), &err, "tenant");
  expect_null(member_points_earn(sys, 3, "s", "default", NULL, 1, "k", &a, &err), &err, "user_id");
  expect_null(member_points_earn(sys, 3, "s", "default", "u", 1, NULL, &a, &err), &err, "key");
  expect_null(member_points_earn(sys, 3, "s", "default", "u", 1, "k", NULL, &err), &err,
              "out_available");
  expect_null(member_points_balance(NULL, 3, "s", "default", "u", &a, &f, &err), &err, "system");
  expect_null(member_points_balance(sys, 3, NULL, "default", "u", &a, &f, &err), &err, "actor_id");
  expect_null(member_points_balance(sys, 3, "s", NULL, "u", &a, &f, &err), &err, "tenant");
  expect_null(member_points_balance(sys, 3, "s", "default", NULL, &a, &f, &err), &err, "user_id");
  expect_null(member_points_balance(sys, 3, "s", "default", "u", NULL, &f, &err), &err,
              "out_available");
  expect_null(member_points_balance(sys, 3, "s", "default", "u", &a, NULL, &err), &err,
              "out_frozen");
  member_token_claims* claims = NULL;
  expect_null(member_token_verify(NULL, "t", 1, 0, &claims, &err), &err, "system");
  expect_null(member_token_verify(sys, NULL, 0, 0, &claims, &err), &err, "token");
  expect_null(member_token_verify(sys, "t", 1, 0, NULL, &err), &err, "out_claims");
  CHECK(claims == NULL);
  member_token_claims_free(NULL);
  /* and without an error out-parameter */
  CHECK(member_call(NULL, NULL, NULL, 0, NULL, NULL) == MEMBER_INVALID_ARGUMENT);
  /* destroy functions and error accessors accept NULL */
  member_system_close(NULL);
  member_free(NULL);
  member_error_free(NULL);
  CHECK(member_error_code(NULL) == MEMBER_INTERNAL);
  CHECK_STR(member_error_message(NULL), "");
  CHECK_STR(member_error_field(NULL), "");
  CHECK(member_error_retry_at_ms(NULL) == 0);
  CHECK(member_error_shortage(NULL) == 0);
  member_system_close(sys);
}

/* Every operation the library lists refuses malformed JSON, a non-object, an
 * unknown field and a wrong-typed actor before it runs anything. */
static void test_malformed_input_for_every_operation(void) {
  member_system* sys = open_system(__func__);
  char* list = NULL;
  CHECK(call(sys, "meta.operations", "{}", &list, NULL) == MEMBER_OK);
  int operations = 0;
  const char* at = list;
  char name[128];
  while (at && (at = strstr(at, "\"name\":\"")) != NULL) {
    CHECK(json_string(at, "name", name, sizeof name));
    at += 8;
    ++operations;
    expect_error(sys, name, "{\"user_id\": ", MEMBER_INVALID_ARGUMENT, "request");
    expect_error(sys, name, "", MEMBER_INVALID_ARGUMENT, "request");
    expect_error(sys, name, "[]", MEMBER_INVALID_ARGUMENT, "request");
    expect_error(sys, name, "{\"no_such_field\": 1}", MEMBER_INVALID_ARGUMENT, "no_such_field");
    expect_error(sys, name, "{\"actor\": \"admin\"}", MEMBER_INVALID_ARGUMENT, "actor");
    char* out = NULL;
    member_error* err = NULL;
    CHECK(member_call(sys, name, NULL, 0, &out, &err) == MEMBER_INVALID_ARGUMENT);
    CHECK(out == NULL);
    member_error_free(err);
  }
  /* The modules of the bindings, identities, addresses, tags, loyalty and
   * verifications services are in the list, so they were run above. */
  const char* modules[] = {
      "\"addresses.add\"", "\"bindings.bind_customer\"",         "\"identities.sign_in\"",
      "\"tags.set\"",      "\"verifications.submit_real_name\"", "\"loyalty.apply_order_event\""};
  for (size_t m = 0; m < sizeof modules / sizeof *modules; ++m) {
    CHECK(list && strstr(list, modules[m]) != NULL);
  }
  member_free(list);
  CHECK(operations >= 70);
  member_system_close(sys);
}

int main(void) {
  snprintf(db_dir, sizeof db_dir, "capi-test-XXXXXX");
  if (!mkdtemp(db_dir)) return 2;

  test_version();
  test_open_errors();
  test_scenario();
  test_fake_clock_drives_lockout();
  test_token_verify();
  test_null_everywhere();
  test_malformed_input_for_every_operation();

  const char* names[] = {"test_scenario", "test_fake_clock_drives_lockout", "test_token_verify",
                         "test_null_everywhere", "test_malformed_input_for_every_operation"};
  const char* suffixes[] = {"", "-wal", "-shm"};
  for (size_t n = 0; n < sizeof names / sizeof *names; ++n) {
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; ++i) {
      char path[192];
      snprintf(path, sizeof path, "%s/%s%s", db_dir, names[n], suffixes[i]);
      unlink(path);
    }
  }
  rmdir(db_dir);
  if (check_failures)
    fprintf(stderr, "%d check(s) failed\n", check_failures);
  else
    printf("capi tests passed\n");
  return check_failures ? 1 : 0;
}
