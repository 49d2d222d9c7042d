// clock.* operations: read the time every rule uses, and move the fake clock
// of a system opened with "fake_clock" (tests and replaying hosts).
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

struct SetRequest {
  std::optional<TimePoint> now;
};
SetRequest decode_set(Fields& f) {
  return {f.opt_time("now")};
}

struct AdvanceRequest {
  std::int64_t seconds = 0;
};
AdvanceRequest decode_advance(Fields& f) {
  return {f.i64("seconds")};
}

ManualClock& fake_clock(Host& h, const Actor& a) {
  if (a.kind != ActorKind::system) {
    throw Error(Errc::permission_denied, "only the system actor may move the clock");
  }
  if (!h.fake_clock) {
    throw Error(Errc::failed_precondition, "the system was not opened with a fake_clock");
  }
  return *h.fake_clock;
}

}  // namespace

void register_clock_operations(OperationTable& t) {
  t.add("clock.now", "The time every rule of this system uses now.", R"({"kind": "anonymous"})",
        "{}", R"({"now": "2026-01-31T12:00:00.000Z"})", decode_no_fields,
        [](Host& h, const Actor&, const NoFields&) -> Json {
          return {{"now", format_time(h.system.clock().now())}};
        });
  t.add("clock.set",
        "Sets the fake clock (system actor only; failed_precondition unless the system was "
        "opened with fake_clock).",
        R"({"kind": "system"})", R"({"now": "2026-02-01T00:00:00Z"})",
        R"({"now": "2026-02-01T00:00:00.000Z"})", decode_set,
        [](Host& h, const Actor& a, const SetRequest& r) -> Json {
          auto& clock = fake_clock(h, a);
          if (!r.now) invalid("now", "is required");
          clock.set(*r.now);
          return {{"now", format_time(h.system.clock().now())}};
        });
  t.add("clock.advance", "Moves the fake clock forward by seconds (system actor only).",
        R"({"kind": "system"})", R"({"seconds": 3600})", R"({"now": "2026-01-31T13:00:00.000Z"})",
        decode_advance, [](Host& h, const Actor& a, const AdvanceRequest& r) -> Json {
          auto& clock = fake_clock(h, a);
          if (r.seconds < 0 || r.seconds > 100LL * 366 * 24 * 3600) {
            invalid("seconds", "must be 0 to 100 years");
          }
          clock.advance(std::chrono::seconds(r.seconds));
          return {{"now", format_time(h.system.clock().now())}};
        });
}

}  // namespace member::api
