/* c-host: a minimal C program embedding member through its C ABI. Opens (or
 * creates) a database, registers a member (once), signs in, earns points
 * with an order id as the idempotency key and prints the balance.
 *
 *   c-host [database-path]        default: var/c-host.db */
#include <stdio.h>
#include <string.h>

#include "member.h"

static int fail(const char* what, int status, member_error* err) {
  fprintf(stderr, "%s failed: %s (%s)\n", what, member_error_message(err),
          member_status_name(status));
  member_error_free(err);
  return 1;
}

int main(int argc, char** argv) {
  const char* database = argc > 1 ? argv[1] : "var/c-host.db";
  char options[512];
  snprintf(options, sizeof options, "{\"database\": \"%s\"}", database);

  member_system* sys = NULL;
  member_error* err = NULL;
  int status = member_system_open(options, strlen(options), &sys, &err);
  if (status != MEMBER_OK) return fail("open", status, err);
  printf("member %s, database %s\n", member_version(), database);

  const char* password = "correct horse battery staple";
  char request[256];
  snprintf(request, sizeof request, "{\"username\": \"c_host_demo\", \"password\": \"%s\"}",
           password);
  char* response = NULL;
  status = member_call(sys, "accounts.register", request, strlen(request), &response, &err);
  if (status == MEMBER_OK) {
    printf("registered: %s\n", response);
    member_free(response);
  } else if (status == MEMBER_CONFLICT) {
    printf("already registered (second run)\n");
    member_error_free(err);
  } else {
    member_system_close(sys);
    return fail("register", status, err);
  }

  char* user_id = NULL;
  status = member_sign_in(sys, "default", "c_host_demo", strlen("c_host_demo"), password,
                          strlen(password), &user_id, &err);
  if (status != MEMBER_OK) {
    member_system_close(sys);
    return fail("sign in", status, err);
  }
  printf("signed in as %s\n", user_id);

  int64_t available = 0, frozen = 0;
  status = member_points_earn(sys, MEMBER_ACTOR_SERVICE, "shop", "default", user_id, 250,
                              "ORDER-0001", &available, &err);
  if (status == MEMBER_OK) {
    status = member_points_balance(sys, MEMBER_ACTOR_USER, user_id, "default", user_id, &available,
                                   &frozen, &err);
  }
  member_free(user_id);
  if (status != MEMBER_OK) {
    member_system_close(sys);
    return fail("points", status, err);
  }
  printf("points: %lld available, %lld frozen (ORDER-0001 counts once)\n", (long long)available,
         (long long)frozen);
  member_system_close(sys);
  return 0;
}
