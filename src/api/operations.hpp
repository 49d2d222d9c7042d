// The operation table: every public operation of every module as a named JSON
// operation ("points.earn"). The C ABI's member_call and the example HTTP
// servers serve this one table, and docs/c-api.md is checked against it.
//
// A module registers its operations from its own file, src/api/ops/<module>.cpp,
// with one add() per operation, and one line in src/api/modules.cpp.
//
// Thread-safety: the table is built once on first use and read-only after.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "api/flat.hpp"
#include "api/json.hpp"
#include "api/json_writer.hpp"
#include "member/actor.hpp"
#include "member/system.hpp"

namespace member::api {

/// What an operation runs against: the system and, when the host opened it
/// with a fake clock, that clock (the clock.* operations move it).
struct Host {
  System& system;
  std::shared_ptr<ManualClock> fake_clock;
};

struct Operation {
  std::string name;              ///< "module.verb", e.g. "points.earn"
  std::string summary;           ///< one paragraph for the reference
  std::string request_example;   ///< a JSON object, without "actor"
  std::string response_example;  ///< a JSON value
  std::string actor_example;     ///< the actor the example runs as (JSON object)
  /// Decodes the request (Fields::finish() has run when it returns), runs the
  /// operation and encodes its result.
  std::function<Json(Host&, const Actor&, Fields&)> run;
  /// Only decodes the request (what run does first): for checking examples.
  std::function<void(Fields&)> check;
  /// Set by OperationTable::add_text(): what run does, with the response
  /// appended to `out` as text (the text api::dump() gives of run's result).
  std::function<void(Host&, const Actor&, Fields&, std::string& out)> run_text;
  /// Set by add_text(): the fast path of a flat request (src/api/flat.hpp):
  /// decodes its "actor" and fields, runs the operation and appends the
  /// response text to `out`. Throws NotFlat, before anything has run, when
  /// FlatFields cannot decode the request; the general path then runs.
  std::function<void(Host&, const FlatRequest&, std::string& out)> run_flat;
};

/// Decodes the members of an "actor" object ({"kind": "admin", "id": "ops",
/// "tenant": "default"}) with Fields or FlatFields.
template <class F>
Actor decode_actor_fields(F& f) {
  Actor a;
  a.kind = f.template enumeration<ActorKind>("kind", 6, ActorKind::anonymous);
  a.id = f.str("id");
  a.tenant = f.str("tenant", std::string(kDefaultTenant));
  f.finish();
  return a;
}

/// Builds the table; each module's register function adds its operations.
class OperationTable {
 public:
  /// Adds an operation whose request decodes to `Request`. The decoder reads
  /// the fields; unknown fields are rejected before `handler` runs.
  template <class Request>
  void add(std::string name, std::string summary, std::string actor_example,
           std::string request_example, std::string response_example, Request (*decode)(Fields&),
           std::type_identity_t<Json (*)(Host&, const Actor&, const Request&)> handler) {
    add_erased({std::move(name),
                std::move(summary),
                std::move(request_example),
                std::move(response_example),
                std::move(actor_example),
                [decode, handler](Host& host, const Actor& actor, Fields& fields) {
                  Request request = decode(fields);
                  fields.finish();
                  return handler(host, actor, request);
                },
                [decode](Fields& fields) {
                  decode(fields);
                  fields.finish();
                },
                {},
                {}});
  }
  /// Adds an operation that writes its response with a JsonWriter, once for
  /// both paths: `decode` is a generic callable (`[](auto& f) { ... }`) that
  /// reads the request with Fields (general path) or FlatFields (fast path
  /// of flat requests, see call_text()); its Request may keep string_views
  /// of the request (they live until the handler returns). run returns the
  /// handler's text parsed, run_text and run_flat hand the text back.
  template <class Request, class Decode>
  void add_text(std::string name, std::string summary, std::string actor_example,
                std::string request_example, std::string response_example, Decode decode,
                void (*handler)(Host&, const Actor&, const Request&, JsonWriter&)) {
    Operation op;
    op.name = std::move(name);
    op.summary = std::move(summary);
    op.request_example = std::move(request_example);
    op.response_example = std::move(response_example);
    op.actor_example = std::move(actor_example);
    op.check = [decode](Fields& fields) {
      decode(fields);
      fields.finish();
    };
    op.run_text = [decode, handler](Host& host, const Actor& actor, Fields& fields,
                                    std::string& out) {
      const Request request = decode(fields);
      fields.finish();
      JsonWriter writer(out);
      handler(host, actor, request, writer);
    };
    op.run = [run_text = op.run_text](Host& host, const Actor& actor, Fields& fields) {
      std::string text;
      run_text(host, actor, fields, text);
      return Json::parse(text);
    };
    op.run_flat = [decode, handler](Host& host, const FlatRequest& flat, std::string& out) {
      FlatFields fields(flat.top, &flat.nested);
      auto actor_fields = fields.object("actor");
      const Actor actor = actor_fields ? decode_actor_fields(*actor_fields) : Actor::anonymous();
      const Request request = decode(fields);
      fields.finish();
      JsonWriter writer(out);
      handler(host, actor, request, writer);
    };
    add_erased(std::move(op));
  }
  const std::vector<Operation>& operations() const { return operations_; }

 private:
  void add_erased(Operation op);
  std::vector<Operation> operations_;
};

/// The request of an operation that takes no fields.
struct NoFields {};
inline NoFields decode_no_fields(Fields&) {
  return {};
}

/// Every operation, sorted by name.
const std::vector<Operation>& operations();

/// The operation called `name`, or nullptr.
const Operation* find_operation(std::string_view name);

/// Decodes the "actor" object of a request ({"kind": "admin", "id": "ops",
/// "tenant": "default"}); absent means an anonymous caller of the default tenant.
Actor decode_actor(const Json* actor, const std::string& path);

/// Runs operation `name` with a request object whose optional "actor" member
/// says who acts (the C ABI's member_call). Unknown operation, malformed or
/// unknown fields: invalid_argument naming the path ("op" for the name).
Json call(Host& host, std::string_view name, const Json& request);

/// What api::dump(call(host, name, parse(request, "request"))) returns,
/// with the same errors, but faster for operations added with add_text():
/// a flat request (read_flat) is decoded with FlatFields and its response
/// written once, without building JSON values. Anything the fast path does
/// not take runs the general path (the C ABI's member_call).
std::string call_text(Host& host, std::string_view name, std::string_view request);

/// Runs `op` for an actor the caller authenticated (the example servers);
/// the request object has no "actor" member.
Json call_as(Host& host, const Operation& op, const Actor& actor, const Json& request);

/// Options from their JSON form (member_system_open): every Options field
/// except `storage`, durations in seconds or milliseconds as named, plus
/// "fake_clock" (a UTC time) which the returned Host-to-be uses.
struct OpenOptions {
  Options options;
  std::shared_ptr<ManualClock> fake_clock;
};
OpenOptions decode_options(const Json& json);

/// The operation reference of docs/c-api.md, rendered from the table.
std::string render_reference();

}  // namespace member::api
