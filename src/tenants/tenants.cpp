// Tenants and memberships (E1). Tenant management is recorded in the default
// (system) tenant's audit chain, so it survives the deletion of a tenant.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/bounded_json.hpp"
#include "core/context.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "member/tenants.hpp"
#include "tenants/access_cache.hpp"

namespace member {
namespace {

constexpr std::string_view kManage = "tenants.manage";
constexpr std::size_t kMaxSettings = 16 * 1024;
constexpr std::size_t kMaxImportLines = 10000;
constexpr std::size_t kMaxMemberships = 100;

void require_manage(const detail::Context& context, const Actor& actor) {
  detail::require_permission(context, actor, kManage);
}

/// The actor as it is recorded in the system tenant's audit chain.
Actor in_system_tenant(Actor actor) {
  actor.tenant = std::string(kDefaultTenant);
  return actor;
}

std::string settings_text(std::string_view field, const std::string& settings) {
  std::string compact = detail::normalize_json_object(field, settings);
  if (compact.size() > kMaxSettings) {
    throw Error(Errc::invalid_argument, std::string(field) + ": at most 16 KiB",
                std::string(field));
  }
  return compact;
}

void validate_status(TenantStatus status) {
  if (status != TenantStatus::active && status != TenantStatus::disabled) {
    throw Error(Errc::invalid_argument, "status: unknown tenant status", "status");
  }
}

Tenant to_tenant(const storage::TenantRow& row) {
  return {.id = row.id,
          .name = row.name,
          .status = static_cast<TenantStatus>(row.status),
          .settings = row.settings,
          .created_at = detail::from_ms(row.created_at_ms),
          .updated_at = detail::from_ms(row.updated_at_ms)};
}

/// The case-insensitive LIKE pattern for a name substring ("" for any).
std::string name_pattern(const std::string& contains) {
  detail::validate_text("name_contains", contains, 200);
  if (contains.empty()) return {};
  std::string pattern = "%";
  for (char c : contains) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return pattern + "%";
}

storage::TenantRow found(std::optional<storage::TenantRow> row) {
  if (!row) throw Error(Errc::not_found, "tenant not found", "id");
  return std::move(*row);
}

storage::TenantRow find_tenant(storage::Transaction& tx, const std::string& id) {
  return found(tx.tenants().find(id));
}

/// The tenant's row, locked: for a change that must not lose a concurrent one.
storage::TenantRow lock_tenant(storage::Transaction& tx, const std::string& id) {
  return found(tx.tenants().lock(id));
}

nlohmann::json to_json_line(const Tenant& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"status", to_string(t.status)},
          {"settings", nlohmann::json::parse(t.settings)},
          {"created_at", detail::to_ms(t.created_at)},
          {"updated_at", detail::to_ms(t.updated_at)}};
}

/// One import line as a Tenant; unknown members are refused.
Tenant from_json_line(const nlohmann::json& j) {
  if (!j.is_object()) throw Error(Errc::invalid_argument, "line: not a JSON object", "line");
  Tenant t;
  for (const auto& [key, value] : j.items()) {
    if (key == "id" || key == "name") {
      if (!value.is_string()) throw Error(Errc::invalid_argument, key + ": not a string", key);
      (key == "id" ? t.id : t.name) = value.get<std::string>();
    } else if (key == "status") {
      if (value == "active") {
        t.status = TenantStatus::active;
      } else if (value == "disabled") {
        t.status = TenantStatus::disabled;
      } else {
        throw Error(Errc::invalid_argument, "status: must be active or disabled", "status");
      }
    } else if (key == "settings") {
      if (!value.is_object()) throw Error(Errc::invalid_argument, "settings: not an object", key);
      t.settings = value.dump();
    } else if (key != "created_at" && key != "updated_at") {
      throw Error(Errc::invalid_argument, key + ": unknown field", key);
    }
  }
  return t;
}

}  // namespace

std::string_view to_string(TenantStatus status) noexcept {
  switch (status) {
    case TenantStatus::active:
      return "active";
    case TenantStatus::disabled:
      return "disabled";
  }
  return "unknown";
}

Tenant Tenants::create(const Actor& actor, const Tenant& tenant) {
  require_manage(context_, actor);
  detail::validate_token("id", tenant.id, 64);
  detail::validate_required_text("name", tenant.name, 200);
  validate_status(tenant.status);
  const std::int64_t now = detail::to_ms(context_.now());
  const storage::TenantRow row{.id = tenant.id,
                               .name = tenant.name,
                               .status = static_cast<int>(tenant.status),
                               .settings = settings_text("settings", tenant.settings),
                               .created_at_ms = now,
                               .updated_at_ms = now};
  auto tx = context_.storage->write();
  if (tx->tenants().exists(row.id)) {
    throw Error(Errc::conflict, "id: is already taken", "id");
  }
  tx->tenants().insert(row);
  detail::record_audit(*tx, context_, in_system_tenant(actor), "tenant.create", "",
                       {{"tenant", row.id}, {"status", to_string(tenant.status)}});
  tx->commit();
  context_.access->invalidate();
  return to_tenant(row);
}

Tenant Tenants::get(const Actor& actor, const std::string& id) {
  detail::validate_token("id", id, 64);
  detail::require_tenant(context_, actor);
  if (!detail::holds_permission(context_, actor, kManage) &&
      !(actor.is_staff() && actor.tenant == id)) {
    throw Error(Errc::permission_denied, "reading a tenant needs its staff or tenants.manage");
  }
  auto tx = context_.storage->read();
  return to_tenant(find_tenant(*tx, id));
}

std::vector<Tenant> Tenants::list(const Actor& actor, const TenantQuery& query) {
  require_manage(context_, actor);
  detail::validate_page(query.page);
  const std::string pattern = name_pattern(query.name_contains);
  if (query.status) validate_status(*query.status);
  auto tx = context_.storage->read();
  std::vector<Tenant> out;
  for (const auto& row :
       tx->tenants().list(pattern, query.status ? static_cast<int>(*query.status) : -1,
                          query.page.limit, query.page.offset)) {
    out.push_back(to_tenant(row));
  }
  return out;
}

Tenant Tenants::update(const Actor& actor, const TenantUpdate& u) {
  require_manage(context_, actor);
  detail::validate_token("id", u.id, 64);
  if (u.name) detail::validate_required_text("name", *u.name, 200);
  if (u.status) validate_status(*u.status);
  const std::optional<std::string> settings =
      u.settings ? std::optional(settings_text("settings", *u.settings)) : std::nullopt;
  if (u.id == kDefaultTenant && u.status == TenantStatus::disabled) {
    throw Error(Errc::failed_precondition, "the default tenant cannot be disabled", "status");
  }
  auto tx = context_.storage->write();
  storage::TenantRow row = lock_tenant(*tx, u.id);
  nlohmann::json changed = nlohmann::json::array();
  if (u.name && *u.name != row.name) {
    row.name = *u.name;
    changed.push_back("name");
  }
  if (u.status && static_cast<int>(*u.status) != row.status) {
    row.status = static_cast<int>(*u.status);
    changed.push_back("status");
  }
  if (settings && *settings != row.settings) {
    row.settings = *settings;
    changed.push_back("settings");
  }
  row.updated_at_ms = detail::to_ms(context_.now());
  tx->tenants().update(row);
  detail::record_audit(*tx, context_, in_system_tenant(actor), "tenant.update", "",
                       {{"tenant", row.id},
                        {"changed", changed},
                        {"status", to_string(static_cast<TenantStatus>(row.status))}});
  tx->commit();
  context_.access->invalidate();
  return to_tenant(row);
}

std::uint64_t Tenants::remove(const Actor& actor, const std::string& id, bool force) {
  require_manage(context_, actor);
  detail::validate_token("id", id, 64);
  if (id == kDefaultTenant) {
    throw Error(Errc::failed_precondition, "the default tenant cannot be deleted", "id");
  }
  auto tx = context_.storage->write();
  lock_tenant(*tx, id);
  // Its own users and its members from other tenants.
  const std::int64_t users = tx->tenants().count_users(id);
  if (users > 0 && !force) {
    throw Error(Errc::failed_precondition, "the tenant still has users; delete with force",
                "force");
  }
  const std::int64_t removed = tx->tenants().remove_all(id);
  detail::record_audit(*tx, context_, in_system_tenant(actor), "tenant.delete", "",
                       {{"tenant", id}, {"force", force}, {"users", users}, {"rows", removed}});
  tx->commit();
  context_.access->invalidate();
  return static_cast<std::uint64_t>(removed);
}

std::vector<TenantImportResult> Tenants::import_lines(const Actor& actor, std::string_view lines) {
  require_manage(context_, actor);
  // Each line without its line end; blank ones (an export's last line end)
  // are skipped and not counted.
  std::vector<std::string_view> split;
  std::size_t tenants = 0;
  for (std::size_t start = 0; start <= lines.size();) {
    std::size_t end = lines.find('\n', start);
    if (end == std::string_view::npos) end = lines.size();
    std::string_view line = lines.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") != std::string_view::npos) ++tenants;
    split.push_back(line);
    start = end + 1;
  }
  if (tenants > kMaxImportLines) {
    throw Error(Errc::invalid_argument, "lines: at most 10000 tenants", "lines");
  }
  std::vector<TenantImportResult> results;
  for (std::size_t i = 0; i < split.size(); ++i) {
    const std::string_view line = split[i];
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    TenantImportResult r{.line = static_cast<std::uint32_t>(i + 1)};
    try {
      const Tenant t = from_json_line(detail::parse_bounded_json("line", line));
      r.id = t.id;
      create(actor, t);
    } catch (const Error& e) {
      r.code = e.code();
      r.message = e.what();
      r.field = e.field();
    }
    results.push_back(std::move(r));
  }
  return results;
}

std::string Tenants::export_lines(const Actor& actor, const TenantQuery& query) {
  require_manage(context_, actor);
  const std::string pattern = name_pattern(query.name_contains);
  if (query.status) validate_status(*query.status);
  const int status = query.status ? static_cast<int>(*query.status) : -1;
  // Every page from one snapshot, so tenants created or deleted meanwhile
  // neither shift a tenant out of its page nor into two.
  constexpr std::uint32_t kPage = 1000;
  auto tx = context_.storage->read();
  std::string out;
  for (std::uint32_t offset = 0;; offset += kPage) {
    const auto rows = tx->tenants().list(pattern, status, kPage, offset);
    for (const auto& row : rows) out += to_json_line(to_tenant(row)).dump() + "\n";
    if (rows.size() < kPage) break;
  }
  return out;
}

std::vector<std::string> Tenants::assign_user_tenants(const Actor& actor,
                                                      const std::string& user_id,
                                                      const std::vector<std::string>& tenants) {
  require_manage(context_, actor);
  detail::validate_user_id("user_id", user_id);
  if (tenants.size() > kMaxMemberships) {
    throw Error(Errc::invalid_argument, "tenants: at most 100", "tenants");
  }
  std::vector<std::string> sorted;
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    const std::string field = "tenants[" + std::to_string(i) + "]";
    detail::validate_token(field, tenants[i], 64);
    if (tenants[i] == actor.tenant) {
      throw Error(Errc::invalid_argument, field + ": is the user's home tenant", field);
    }
    if (std::find(sorted.begin(), sorted.end(), tenants[i]) != sorted.end()) {
      throw Error(Errc::invalid_argument, field + ": listed twice", field);
    }
    sorted.push_back(tenants[i]);
  }
  std::sort(sorted.begin(), sorted.end());
  auto tx = context_.storage->write();
  detail::load_user_checked(*tx, actor, user_id);  // an erased user is not found either
  for (std::size_t i = 0; i < tenants.size(); ++i) {
    if (!tx->tenants().exists(tenants[i])) {
      const std::string field = "tenants[" + std::to_string(i) + "]";
      throw Error(Errc::not_found, field + ": tenant not found", field);
    }
  }
  tx->tenants().set_memberships(actor.tenant, user_id, sorted, detail::to_ms(context_.now()));
  detail::record_audit(*tx, context_, actor, "tenant.members", user_id, {{"tenants", sorted}});
  tx->commit();
  context_.access->invalidate();
  return sorted;
}

std::vector<std::string> Tenants::user_tenants(const Actor& actor, const std::string& user_id) {
  detail::validate_user_id("user_id", user_id);
  detail::require_tenant(context_, actor);
  if (!detail::holds_permission(context_, actor, kManage)) {
    detail::require_access(context_, actor, user_id);
  }
  auto tx = context_.storage->read();
  if (!tx->users().find_by_id(actor.tenant, user_id)) {
    throw Error(Errc::not_found, "user not found", "user_id");
  }
  std::vector<std::string> out{actor.tenant};
  for (std::string& t : tx->tenants().memberships(actor.tenant, user_id))
    out.push_back(std::move(t));
  return out;
}

TenantUserList Tenants::users(const Actor& actor, Page page) {
  detail::require_permission(context_, actor, "tenants.users");
  detail::validate_page(page);
  auto tx = context_.storage->read();
  TenantUserList out;
  for (auto& row : tx->tenants().users(actor.tenant, page.limit, page.offset)) {
    out.users.push_back({.user_id = std::move(row.user_id),
                         .home_tenant = std::move(row.home_tenant),
                         .username = std::move(row.username),
                         .status = static_cast<AccountStatus>(row.status),
                         .since = detail::from_ms(row.since_ms)});
  }
  out.total = tx->tenants().count_users(actor.tenant);
  return out;
}

}  // namespace member
