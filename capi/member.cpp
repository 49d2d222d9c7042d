// The C ABI (capi/member.h) over the C++ library: every entry point catches
// everything and turns it into a status code and an optional member_error.
#include "member.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>

#include "api/operations.hpp"
#include "core/time.hpp"
#include "member/system.hpp"
#include "member/version.hpp"

static_assert(MEMBER_OK == static_cast<int>(member::Errc::ok));
static_assert(MEMBER_INSUFFICIENT_FUNDS == static_cast<int>(member::Errc::insufficient_funds));
static_assert(MEMBER_ACTOR_SYSTEM == static_cast<int>(member::ActorKind::system));
static_assert(MEMBER_ACTOR_SUPER_ADMIN == static_cast<int>(member::ActorKind::super_admin));

struct member_system {
  std::unique_ptr<member::System> system;
  member::api::Host host;
};

struct member_error {
  int code = MEMBER_INTERNAL;
  std::string message;
  std::string field;
  std::int64_t retry_at_ms = 0;
  std::int64_t shortage = 0;
};

namespace {

using member::Errc;
using member::Error;

/// Never throws: it runs inside catch handlers of noexcept functions, so the
/// text is copied only inside its own try (views, not strings, come in).
int report(member_error** err, Errc code, std::string_view message,
           std::string_view field = {}) noexcept {
  if (err) {
    auto* e = new (std::nothrow) member_error;
    if (e) {
      e->code = static_cast<int>(code);
      try {
        e->message.assign(message);
        e->field.assign(field);
      } catch (...) {  // out of memory: the code alone still reaches the caller
      }
    }
    *err = e;
  }
  return static_cast<int>(code);
}

int report(member_error** err, const Error& error) noexcept {
  const int code = report(err, error.code(), error.what(), error.field());
  if (err && *err) {
    if (error.retry_at()) (*err)->retry_at_ms = member::detail::to_ms(*error.retry_at());
    if (error.shortage()) (*err)->shortage = *error.shortage();
  }
  return code;
}

/// Runs `body`, turning every exception into a status (and *err).
template <class Body>
int guarded(member_error** err, Body&& body) noexcept {
  if (err) *err = nullptr;
  try {
    body();
    return MEMBER_OK;
  } catch (const Error& e) {
    return report(err, e);
  } catch (const std::bad_alloc&) {
    return report(err, Errc::resource_exhausted, "out of memory");
  } catch (...) {
    // what() of a foreign exception may quote data: it is not passed on.
    return report(err, Errc::internal, "internal error");
  }
}

void require(const void* p, const char* name) {
  if (!p) throw Error(Errc::invalid_argument, std::string(name) + ": must not be NULL", name);
}

char* copy_out(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (!out) throw std::bad_alloc();
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

/// The claims as one malloc'ed block: the struct, then its strings, each
/// NUL-terminated (freed by member_token_claims_free).
member_token_claims* copy_out(const member::AccessClaims& c) {
  const std::string* strings[] = {&c.subject, &c.username,   &c.role,     &c.level,
                                  &c.tenant,  &c.session_id, &c.token_id, &c.key_id};
  std::size_t size = sizeof(member_token_claims);
  for (const std::string* s : strings) size += s->size() + 1;
  void* block = std::malloc(size);
  if (!block) throw std::bad_alloc();
  auto* out = static_cast<member_token_claims*>(block);
  char* at = static_cast<char*>(block) + sizeof(member_token_claims);
  const auto place = [&at](const std::string& s, const char*& text, size_t& length) {
    std::memcpy(at, s.data(), s.size());
    at[s.size()] = '\0';
    text = at;
    length = s.size();
    at += s.size() + 1;
  };
  place(c.subject, out->subject, out->subject_len);
  place(c.username, out->username, out->username_len);
  place(c.role, out->role, out->role_len);
  place(c.level, out->level, out->level_len);
  place(c.tenant, out->tenant, out->tenant_len);
  place(c.session_id, out->session_id, out->session_id_len);
  place(c.token_id, out->token_id, out->token_id_len);
  place(c.key_id, out->key_id, out->key_id_len);
  out->issued_at_ms = member::detail::to_ms(c.issued_at);
  out->expires_at_ms = member::detail::to_ms(c.expires_at);
  return out;
}

member::Actor make_actor(int kind, const char* id, const char* tenant) {
  require(id, "actor_id");
  require(tenant, "tenant");
  if (kind < MEMBER_ACTOR_ANONYMOUS || kind > MEMBER_ACTOR_SUPER_ADMIN) {
    throw Error(Errc::invalid_argument, "actor_kind: unknown kind", "actor_kind");
  }
  return {static_cast<member::ActorKind>(kind), id, tenant};
}

}  // namespace

extern "C" {

const char* member_version(void) {
  static_assert(MEMBER_VERSION_MAJOR == 0 && MEMBER_VERSION_MINOR == 1 && MEMBER_VERSION_PATCH == 0,
                "capi/member.h and include/member/version.hpp disagree");
  return member::version().data();
}

int member_system_open(const char* options_json, size_t options_len, member_system** out_system,
                       member_error** err) {
  return guarded(err, [&] {
    require(out_system, "out_system");
    *out_system = nullptr;
    require(options_json, "options_json");
    auto opened =
        member::api::decode_options(member::api::parse({options_json, options_len}, "options"));
    auto system = std::make_unique<member::System>(std::move(opened.options));
    member::System& ref = *system;
    *out_system = new member_system{std::move(system), {ref, std::move(opened.fake_clock)}};
  });
}

void member_system_close(member_system* system) {
  delete system;  // ~System does not throw
}

int member_call(member_system* system, const char* op, const char* request_json, size_t request_len,
                char** out_response, member_error** err) {
  return guarded(err, [&] {
    require(out_response, "out_response");
    *out_response = nullptr;
    require(system, "system");
    require(op, "op");
    require(request_json, "request_json");
    *out_response = copy_out(member::api::call_text(system->host, op, {request_json, request_len}));
  });
}

int member_sign_in(member_system* system, const char* tenant, const char* identifier,
                   size_t identifier_len, const char* password, size_t password_len,
                   char** out_user_id, member_error** err) {
  return guarded(err, [&] {
    require(out_user_id, "out_user_id");
    *out_user_id = nullptr;
    require(system, "system");
    require(tenant, "tenant");
    require(identifier, "identifier");
    require(password, "password");
    member::SignInRequest request;
    request.identifier.assign(identifier, identifier_len);
    request.password.assign(password, password_len);
    const auto result =
        system->system->accounts().sign_in(member::Actor::anonymous(tenant), request);
    *out_user_id = copy_out(result.user_id);
  });
}

int member_points_earn(member_system* system, int actor_kind, const char* actor_id,
                       const char* tenant, const char* user_id, int64_t amount, const char* key,
                       int64_t* out_available, member_error** err) {
  return guarded(err, [&] {
    require(out_available, "out_available");
    *out_available = 0;
    require(system, "system");
    require(user_id, "user_id");
    require(key, "key");
    const auto actor = make_actor(actor_kind, actor_id, tenant);
    member::EarnRequest request;
    request.user_id = user_id;
    request.amount = amount;
    request.key = key;
    *out_available = system->system->points().earn(actor, request).available;
  });
}

int member_points_balance(member_system* system, int actor_kind, const char* actor_id,
                          const char* tenant, const char* user_id, int64_t* out_available,
                          int64_t* out_frozen, member_error** err) {
  return guarded(err, [&] {
    require(out_available, "out_available");
    require(out_frozen, "out_frozen");
    *out_available = 0;
    *out_frozen = 0;
    require(system, "system");
    require(user_id, "user_id");
    const auto actor = make_actor(actor_kind, actor_id, tenant);
    const auto summary = system->system->points().summary(actor, user_id);
    *out_available = summary.available;
    *out_frozen = summary.frozen;
  });
}

int member_token_verify(member_system* system, const char* token, size_t token_len, int flags,
                        member_token_claims** out_claims, member_error** err) {
  return guarded(err, [&] {
    require(out_claims, "out_claims");
    *out_claims = nullptr;
    require(system, "system");
    require(token, "token");
    if ((flags & ~MEMBER_VERIFY_CHECK_SESSION) != 0) {
      throw Error(Errc::invalid_argument, "flags: unknown flag", "flags");
    }
    // One per thread, reused: the verification itself allocates nothing.
    thread_local member::AccessClaims claims;
    system->system->sessions().verify(
        {token, token_len}, claims, {.check_session = (flags & MEMBER_VERIFY_CHECK_SESSION) != 0});
    *out_claims = copy_out(claims);
  });
}

void member_token_claims_free(member_token_claims* claims) {
  std::free(claims);
}

void member_free(void* p) {
  std::free(p);
}

void member_error_free(member_error* error) {
  delete error;
}

int member_error_code(const member_error* error) {
  return error ? error->code : MEMBER_INTERNAL;
}

const char* member_error_message(const member_error* error) {
  return error ? error->message.c_str() : "";
}

const char* member_error_field(const member_error* error) {
  return error ? error->field.c_str() : "";
}

int64_t member_error_retry_at_ms(const member_error* error) {
  return error ? error->retry_at_ms : 0;
}

int64_t member_error_shortage(const member_error* error) {
  return error ? error->shortage : 0;
}

const char* member_status_name(int status) {
  if (status < MEMBER_OK || status > MEMBER_INSUFFICIENT_FUNDS) return "unknown";
  return member::to_string(static_cast<Errc>(status)).data();
}

}  // extern "C"
