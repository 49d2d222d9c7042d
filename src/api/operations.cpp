#include "api/operations.hpp"

#include <algorithm>

#include "api/modules.hpp"

namespace member::api {

void OperationTable::add_erased(Operation op) {
  operations_.push_back(std::move(op));
}

const std::vector<Operation>& operations() {
  static const std::vector<Operation> table = [] {
    OperationTable t;
    register_all_modules(t);
    auto ops = t.operations();
    std::sort(ops.begin(), ops.end(),
              [](const Operation& a, const Operation& b) { return a.name < b.name; });
    return ops;
  }();
  return table;
}

const Operation* find_operation(std::string_view name) {
  const auto& ops = operations();
  const auto it =
      std::lower_bound(ops.begin(), ops.end(), name,
                       [](const Operation& op, std::string_view n) { return op.name < n; });
  return it != ops.end() && it->name == name ? &*it : nullptr;
}

Actor decode_actor(const Json* actor, const std::string& path) {
  if (!actor) return Actor::anonymous();
  Fields f(*actor, path);
  return decode_actor_fields(f);
}

Json call_as(Host& host, const Operation& op, const Actor& actor, const Json& request) {
  Fields fields(request, "");
  return op.run(host, actor, fields);
}

Json call(Host& host, std::string_view name, const Json& request) {
  const Operation* op = find_operation(name);
  if (!op) invalid("op", "unknown operation");
  Fields fields(request, "");
  const Actor actor = decode_actor(fields.object("actor"), "actor");
  return op->run(host, actor, fields);
}

std::string call_text(Host& host, std::string_view name, std::string_view request) {
  std::string out;
  const Operation* op = find_operation(name);
  if (op && op->run_flat) {
    out.reserve(512);  // one allocation for a typical response
    FlatRequest flat;
    if (read_flat(request, flat)) {
      try {
        op->run_flat(host, flat, out);
        return out;
      } catch (const NotFlat&) {
        out.clear();  // nothing ran: the general path decides
      }
    }
  }
  // As before the fast path: the request is parsed before the name is looked at.
  const Json parsed = parse(request, "request");
  if (!op) invalid("op", "unknown operation");
  Fields fields(parsed, "");
  const Actor actor = decode_actor(fields.object("actor"), "actor");
  if (op->run_text) {
    op->run_text(host, actor, fields, out);
    return out;
  }
  return dump(op->run(host, actor, fields));
}

namespace {

template <class Policy>
void decode_hashing(Fields& f, Policy& p) {
  p.memory_kib = f.u32("memory_kib", p.memory_kib);
  p.iterations = f.u32("iterations", p.iterations);
  p.parallelism = f.u32("parallelism", p.parallelism);
}

void decode_password_policy(Fields& f, PasswordPolicy& p) {
  p.min_length = f.u32("min_length", p.min_length);
  p.max_length = f.u32("max_length", p.max_length);
  p.reject_common = f.boolean("reject_common", p.reject_common);
  p.require_lowercase = f.boolean("require_lowercase", p.require_lowercase);
  p.require_uppercase = f.boolean("require_uppercase", p.require_uppercase);
  p.require_digit = f.boolean("require_digit", p.require_digit);
  p.require_symbol = f.boolean("require_symbol", p.require_symbol);
}

void decode_lockout(Fields& f, LockoutPolicy& p) {
  p.max_failures = f.u32("max_failures", p.max_failures);
  p.base_lock = std::chrono::seconds(f.i64("base_lock_seconds", p.base_lock.count()));
  p.growth = f.u32("growth", p.growth);
  p.max_lock = std::chrono::seconds(f.i64("max_lock_seconds", p.max_lock.count()));
}

void decode_ledger_policy(Fields& f, LedgerPolicy& p) {
  p.expiry_months = f.u32("expiry_months", p.expiry_months);
  if (const Json* by_event = f.object("expiry_months_by_event")) {
    Fields events(*by_event, f.path("expiry_months_by_event"));
    for (const auto& [event, unused] : by_event->items()) {
      p.expiry_months_by_event[event] = events.u32(event, 0);
    }
  }
  p.points_per_currency_unit = f.u32("points_per_currency_unit", p.points_per_currency_unit);
  p.hold_timeout = std::chrono::seconds(f.i64("hold_timeout_seconds", p.hold_timeout.count()));
}

std::vector<std::string> strings(Fields& f, std::string_view name,
                                 std::vector<std::string> fallback) {
  const Json* list = f.array(name);
  if (!list) return fallback;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    if (!(*list)[i].is_string()) invalid(element_path(f.path(name), i), "must be a string");
    out.push_back((*list)[i].get<std::string>());
  }
  return out;
}

template <class Decode, class Policy>
void nested(Fields& f, std::string_view name, Decode decode, Policy& policy) {
  if (const Json* v = f.object(name)) {
    Fields inner(*v, f.path(name));
    decode(inner, policy);
    inner.finish();
  }
}

}  // namespace

OpenOptions decode_options(const Json& json) {
  OpenOptions out;
  Options& o = out.options;
  Fields f(json, "");
  o.database = f.str("database", o.database);
  o.master_key = f.str("master_key");
  o.previous_master_keys = strings(f, "previous_master_keys", {});
  o.key_file = f.str("key_file");
  if (auto start = f.opt_time("fake_clock")) {
    out.fake_clock = std::make_shared<ManualClock>(*start);
    o.clock = out.fake_clock;
  }
  nested(f, "password_hashing", decode_hashing<PasswordHashing>, o.password_hashing);
  nested(f, "password_policy", decode_password_policy, o.password_policy);
  nested(f, "lockout", decode_lockout, o.lockout);
  nested(f, "points", decode_ledger_policy, o.points);
  o.user_types = strings(f, "user_types", o.user_types);
  o.readers = f.u32("readers", o.readers);
  o.pool_size = f.u32("pool_size", o.pool_size);
  o.busy_timeout = std::chrono::milliseconds(f.i64("busy_timeout_ms", o.busy_timeout.count()));
  if (auto durability = f.opt_str("durability")) {
    if (*durability != "full" && *durability != "normal") {
      invalid(f.path("durability"), "must be \"full\" or \"normal\"");
    }
    o.durability = *durability == "full" ? Durability::full : Durability::normal;
  }
  f.finish();
  return out;
}

}  // namespace member::api

namespace member::api {

std::string render_reference() {
  std::string out;
  std::string module;
  for (const auto& op : operations()) {
    const std::string op_module = op.name.substr(0, op.name.find('.'));
    if (op_module != module) {
      module = op_module;
      out += "\n### " + module + "\n";
    }
    out += "\n#### `" + op.name + "`\n\n" + op.summary + "\n\nActor: `" +
           dump(Json::parse(op.actor_example)) + "`\n\nRequest:\n\n```json\n" +
           Json::parse(op.request_example).dump(2) + "\n```\n\nResponse:\n\n```json\n" +
           Json::parse(op.response_example).dump(2) + "\n```\n";
  }
  return out;
}

}  // namespace member::api
