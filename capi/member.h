/* member.h: the stable C ABI of the member library (libmember_c).
 *
 * C99; compiles alone as C and as C++. See docs/c-api.md for the conventions
 * and the reference of every operation.
 *
 * - Every function returning int returns 0 (MEMBER_OK) or a member::Errc
 *   number (MEMBER_INVALID_ARGUMENT, ...), and takes an optional
 *   member_error** err as its last argument: when err is not NULL and the call
 *   fails, *err receives an error the caller frees with member_error_free().
 * - A NULL pointer where one is required is MEMBER_INVALID_ARGUMENT naming the
 *   parameter; nothing crashes and no C++ exception ever crosses.
 * - Inputs are copied before the call returns: the library never keeps a
 *   caller's pointer. Strings it returns are freed with member_free().
 * - A member_system may be shared by any number of threads.
 *
 * Functions are only ever added; the shared library's SOVERSION is
 * MEMBER_VERSION_MAJOR. */
#ifndef MEMBER_C_API_H
#define MEMBER_C_API_H

#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define MEMBER_C_EXPORT __attribute__((visibility("default")))
#else
#define MEMBER_C_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define MEMBER_VERSION_MAJOR 0
#define MEMBER_VERSION_MINOR 1
#define MEMBER_VERSION_PATCH 0

/* Status codes: the numbers of member::Errc; they never change. */
#define MEMBER_OK 0
#define MEMBER_INVALID_ARGUMENT 1
#define MEMBER_NOT_FOUND 2
#define MEMBER_CONFLICT 3
#define MEMBER_UNAUTHENTICATED 4
#define MEMBER_LOCKED 5
#define MEMBER_PERMISSION_DENIED 6
#define MEMBER_FAILED_PRECONDITION 7
#define MEMBER_RESOURCE_EXHAUSTED 8
#define MEMBER_STORAGE 9
#define MEMBER_SCHEMA_TOO_NEW 10
#define MEMBER_KEY_ERROR 11
#define MEMBER_BUSY 12
#define MEMBER_INTERNAL 13
#define MEMBER_INSUFFICIENT_POINTS 14
#define MEMBER_INSUFFICIENT_FUNDS 15

/* Actor kinds for the typed fast paths (member::ActorKind). */
#define MEMBER_ACTOR_ANONYMOUS 0
#define MEMBER_ACTOR_USER 1
#define MEMBER_ACTOR_ADMIN 2
#define MEMBER_ACTOR_SERVICE 3
#define MEMBER_ACTOR_SYSTEM 4
#define MEMBER_ACTOR_SUPER_ADMIN 5

typedef struct member_system member_system;
typedef struct member_error member_error;

/* "MAJOR.MINOR.PATCH" of the library actually loaded. Never NULL. */
MEMBER_C_EXPORT const char* member_version(void);

/* Opens a system. options_json (options_len bytes) is a JSON object of
 * options (docs/c-api.md): "database", "master_key", "fake_clock", policies...
 * On success *out_system receives the handle, closed with member_system_close().
 * Errors: invalid_argument (bad options, naming the path), key_error,
 * schema_too_new, storage. */
MEMBER_C_EXPORT int member_system_open(const char* options_json, size_t options_len,
                                       member_system** out_system, member_error** err);

/* Closes a system and frees it. NULL is allowed. No call may be running on it. */
MEMBER_C_EXPORT void member_system_close(member_system* system);

/* Runs the named operation ("points.earn"; see docs/c-api.md) with a JSON
 * request object of request_len bytes. Its optional "actor" member says who
 * acts: {"kind": "admin", "id": "ops", "tenant": "default"}; absent means an
 * anonymous caller. On success *out_response receives the JSON response (free
 * with member_free()); on failure it is set to NULL. Malformed JSON, wrong
 * types, unknown fields and unknown operations are invalid_argument naming
 * the JSON path ("users[3].email"; "op" for the operation name). */
MEMBER_C_EXPORT int member_call(member_system* system, const char* op, const char* request_json,
                                size_t request_len, char** out_response, member_error** err);

/* Typed fast path of accounts.sign_in for an anonymous caller of `tenant`.
 * identifier and password are (pointer, length). On success *out_user_id
 * receives the user id (free with member_free()). Errors: unauthenticated
 * (any failure, deliberately generic), locked (see member_error_retry_at_ms). */
MEMBER_C_EXPORT int member_sign_in(member_system* system, const char* tenant,
                                   const char* identifier, size_t identifier_len,
                                   const char* password, size_t password_len, char** out_user_id,
                                   member_error** err);

/* Typed fast path of points.earn: adds `amount` points to `user_id`,
 * idempotent by `key`, acting as (actor_kind, actor_id) in `tenant`. On
 * success *out_available receives the available balance after the change.
 * Errors as points.earn. */
MEMBER_C_EXPORT int member_points_earn(member_system* system, int actor_kind, const char* actor_id,
                                       const char* tenant, const char* user_id, int64_t amount,
                                       const char* key, int64_t* out_available, member_error** err);

/* Typed fast path of points.summary: the available and frozen points of
 * `user_id`. Errors as points.summary. */
MEMBER_C_EXPORT int member_points_balance(member_system* system, int actor_kind,
                                          const char* actor_id, const char* tenant,
                                          const char* user_id, int64_t* out_available,
                                          int64_t* out_frozen, member_error** err);

/* member_token_verify flags. */
#define MEMBER_VERIFY_CHECK_SESSION 1 /* also read the session from the database */

/* The claims of a verified access token. The library allocates it (one
 * block, strings included) and the caller frees it with
 * member_token_claims_free(). Each string is (pointer, length), also
 * NUL-terminated; username and level may be empty (length 0), never NULL.
 * Fields are only ever added at the end. */
typedef struct member_token_claims {
  const char* subject; /* "sub": the public user id */
  size_t subject_len;
  const char* username;
  size_t username_len;
  const char* role; /* the user type, e.g. "MEMBER" */
  size_t role_len;
  const char* level; /* membership level code when the token was issued */
  size_t level_len;
  const char* tenant;
  size_t tenant_len;
  const char* session_id; /* "sid" */
  size_t session_id_len;
  const char* token_id; /* "jti" */
  size_t token_id_len;
  const char* key_id; /* the header's "kid" */
  size_t key_id_len;
  int64_t issued_at_ms;  /* "iat", milliseconds since the Unix epoch */
  int64_t expires_at_ms; /* "exp", milliseconds since the Unix epoch */
} member_token_claims;

/* Typed fast path of sessions.verify: verifies the access token (token_len
 * bytes) as member::Sessions::verify does (configured algorithm only, known
 * kid, constant-time signature check, exp/nbf with the leeway, issuer,
 * audience, revocations made through this system; with
 * MEMBER_VERIFY_CHECK_SESSION in `flags` also the session in the database).
 * On success *out_claims receives the claims (free with
 * member_token_claims_free()); on failure it is set to NULL. Errors:
 * unauthenticated (the message says why, never quoting the token),
 * invalid_argument (NULL pointers, unknown flags), storage (with
 * MEMBER_VERIFY_CHECK_SESSION). Reads no database without that flag. */
MEMBER_C_EXPORT int member_token_verify(member_system* system, const char* token, size_t token_len,
                                        int flags, member_token_claims** out_claims,
                                        member_error** err);

/* Frees claims member_token_verify returned. NULL is allowed. */
MEMBER_C_EXPORT void member_token_claims_free(member_token_claims* claims);

/* Frees a string the library returned. NULL is allowed. */
MEMBER_C_EXPORT void member_free(void* p);

/* Frees an error. NULL is allowed. */
MEMBER_C_EXPORT void member_error_free(member_error* error);

/* The status code of an error (MEMBER_INTERNAL for NULL). */
MEMBER_C_EXPORT int member_error_code(const member_error* error);

/* The message: names fields, never values, passwords, tokens or personal
 * data. Valid until the error is freed; "" for NULL. */
MEMBER_C_EXPORT const char* member_error_message(const member_error* error);

/* The request field or JSON path at fault ("amount", "users[3].email"), or
 * "". Valid until the error is freed. */
MEMBER_C_EXPORT const char* member_error_field(const member_error* error);

/* MEMBER_LOCKED: when a sign-in may succeed again, in milliseconds since the
 * Unix epoch; 0 otherwise. */
MEMBER_C_EXPORT int64_t member_error_retry_at_ms(const member_error* error);

/* MEMBER_INSUFFICIENT_POINTS / _FUNDS: how much was missing; 0 otherwise. */
MEMBER_C_EXPORT int64_t member_error_shortage(const member_error* error);

/* The stable lower-case name of a status code ("invalid_argument"), or
 * "unknown". Never NULL. */
MEMBER_C_EXPORT const char* member_status_name(int status);

#ifdef __cplusplus
}
#endif

#endif /* MEMBER_C_API_H */
