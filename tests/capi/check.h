/* A few assertion macros for the C tests: a failed check prints where and
 * counts; main() returns the count. */
#ifndef MEMBER_CAPI_TEST_CHECK_H
#define MEMBER_CAPI_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

extern int check_failures;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
      ++check_failures;                                                        \
    }                                                                          \
  } while (0)

#define CHECK_STR(a, b)                                                        \
  do {                                                                         \
    const char* check_a_ = (a);                                                \
    const char* check_b_ = (b);                                                \
    if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {           \
      fprintf(stderr, "%s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__,         \
              check_a_ ? check_a_ : "(null)", check_b_ ? check_b_ : "(null)"); \
      ++check_failures;                                                        \
    }                                                                          \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                                  \
  do {                                                                    \
    const char* check_h_ = (haystack);                                    \
    if (!check_h_ || !strstr(check_h_, (needle))) {                       \
      fprintf(stderr, "%s:%d: \"%s\" lacks \"%s\"\n", __FILE__, __LINE__, \
              check_h_ ? check_h_ : "(null)", (needle));                  \
      ++check_failures;                                                   \
    }                                                                     \
  } while (0)

#endif
