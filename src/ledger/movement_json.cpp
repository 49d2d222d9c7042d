#include "ledger/movement_json.hpp"

#include <nlohmann/json.hpp>

#include "core/time.hpp"

namespace member::detail {

std::string movement_to_json(const Movement& m) {
  return nlohmann::json{
      {"entry_id", m.entry_id},
      {"kind", static_cast<int>(m.kind)},
      {"amount", m.amount},
      {"frozen_change", m.frozen_change},
      {"total", m.total},
      {"available", m.available},
      {"frozen", m.frozen},
      {"expires_at", m.expires_at ? to_ms(*m.expires_at) : 0},
      {"hold_id", m.hold_id},
      {"discount", m.discount},
      {"final_amount", m.final_amount},
  }
      .dump();
}

Movement movement_from_json(const std::string& json) {
  const auto j = nlohmann::json::parse(json);
  Movement m;
  m.entry_id = j.at("entry_id").get<std::string>();
  m.kind = static_cast<EntryKind>(j.at("kind").get<int>());
  m.amount = j.at("amount").get<std::int64_t>();
  m.frozen_change = j.at("frozen_change").get<std::int64_t>();
  m.total = j.at("total").get<std::int64_t>();
  m.available = j.at("available").get<std::int64_t>();
  m.frozen = j.at("frozen").get<std::int64_t>();
  const auto expires = j.at("expires_at").get<std::int64_t>();
  if (expires != 0) m.expires_at = from_ms(expires);
  m.hold_id = j.at("hold_id").get<std::string>();
  m.discount = j.at("discount").get<std::int64_t>();
  m.final_amount = j.at("final_amount").get<std::int64_t>();
  return m;
}

}  // namespace member::detail
