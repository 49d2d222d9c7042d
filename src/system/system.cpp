#include "member/system.hpp"

#include <filesystem>

#include "core/context.hpp"
#include "core/validation.hpp"
#include "crypto/key_file.hpp"
#include "sessions/revocation.hpp"
#include "sessions/tokens.hpp"
#include "tenants/access_cache.hpp"

namespace member {
namespace {

constexpr std::string_view kBlindIndexKey = "blind_index";

/// The ledger rules: no division by zero, no expiry beyond a century, no
/// hold timeout beyond a year (its end must stay a time).
void validate_ledger_policy(const LedgerPolicy& p) {
  constexpr std::uint32_t kMaxMonths = 1200;
  constexpr auto kLongestHold = std::chrono::hours(24 * 366);
  bool ok = p.points_per_currency_unit >= 1 && p.hold_timeout.count() >= 1 &&
            p.hold_timeout <= kLongestHold && p.expiry_months <= kMaxMonths;
  for (const auto& [event, months] : p.expiry_months_by_event) ok = ok && months <= kMaxMonths;
  if (!ok) {
    throw Error(Errc::invalid_argument,
                "points: need points_per_currency_unit >= 1, 1 s <= hold_timeout <= 366 days "
                "and expiry months <= 1200",
                "points");
  }
}

void validate_options(const Options& o) {
  validate_ledger_policy(o.points);
  if (o.busy_timeout.count() < 0 || o.busy_timeout > std::chrono::hours(1)) {
    throw Error(Errc::invalid_argument, "busy_timeout: need 0 to 1 hour", "busy_timeout");
  }
  if (o.moderation.block_threshold < 1 || o.moderation.unblock_after.count() < 0) {
    throw Error(Errc::invalid_argument,
                "moderation: need block_threshold >= 1 and unblock_after >= 0", "moderation");
  }
  if (o.user_types.empty()) {
    throw Error(Errc::invalid_argument, "user_types: needs at least one type", "user_types");
  }
  for (const std::string& type : o.user_types) detail::validate_token("user_types", type, 32);
  for (const std::string& type : o.transaction_types) {
    detail::validate_token("transaction_types", type, 32);
  }
  const auto& p = o.password_policy;
  if (p.min_length < 1 || p.min_length > p.max_length || p.max_length > 1024) {
    throw Error(Errc::invalid_argument,
                "password_policy: need 1 <= min_length <= max_length <= 1024", "password_policy");
  }
  const auto& l = o.lockout;
  constexpr auto kLongestLock = std::chrono::hours(24 * 366);
  if (l.max_failures < 1 || l.base_lock.count() < 1 || l.growth < 1 || l.growth > 100 ||
      l.max_lock < l.base_lock || l.max_lock > kLongestLock) {
    throw Error(Errc::invalid_argument,
                "lockout: need max_failures >= 1, base_lock >= 1 s, growth 1..100, "
                "base_lock <= max_lock <= 366 days",
                "lockout");
  }
}

/// The master key and where it came from, per Options.
/// A database that already holds wrapped keys must not get a fresh key file.
std::pair<crypto::SecretKey, KeySource> load_master_key(const Options& o, bool database_has_keys) {
  if (!o.master_key.empty()) {
    return {crypto::SecretKey::from_hex(o.master_key, "master_key"),
            {KeySource::Kind::host_supplied, {}}};
  }
  if ((o.storage || storage::is_postgres_conninfo(o.database)) && o.key_file.empty()) {
    throw Error(Errc::key_error,
                "master_key: required (or an explicit key_file) unless the database is a "
                "SQLite file",
                "master_key");
  }
  if (o.database == ":memory:") {
    return {crypto::SecretKey::generate(), {KeySource::Kind::ephemeral, {}}};
  }
  const std::string path = o.key_file.empty() ? o.database + ".key" : o.key_file;
  if (database_has_keys && !std::filesystem::exists(path)) {
    throw Error(Errc::key_error, "the database exists but its key file " + path +
                                     " is missing; restore it or pass master_key");
  }
  auto loaded = crypto::load_or_create_key_file(path);
  return {loaded.key,
          {loaded.created ? KeySource::Kind::key_file_created : KeySource::Kind::key_file_loaded,
           path}};
}

/// The blind-index key, created and stored wrapped on first open.
crypto::SecretKey load_blind_index_key(storage::Storage& storage, const crypto::Keyring& keyring) {
  auto tx = storage.write();
  if (auto wrapped = tx->keys().get(std::string(kBlindIndexKey))) {
    return keyring.unwrap(*wrapped, kBlindIndexKey);
  }
  crypto::SecretKey key = crypto::SecretKey::generate();
  tx->keys().put(std::string(kBlindIndexKey), keyring.wrap(key, kBlindIndexKey));
  tx->commit();
  return key;
}

std::unique_ptr<detail::Context> make_context(Options options) {
  validate_options(options);
  auto context = std::make_unique<detail::Context>();
  context->clock = options.clock ? options.clock : std::make_shared<SystemClock>();
  context->hasher = std::make_unique<crypto::PasswordHasher>(options.password_hashing);
  // Open the database first: it creates the directory the key file goes in.
  if (options.storage) {
    context->storage = options.storage;
  } else if (storage::is_postgres_conninfo(options.database)) {
    context->storage = storage::open_postgres({.conninfo = options.database,
                                               .pool_size = options.pool_size,
                                               .busy_timeout = options.busy_timeout});
  } else {
    context->storage = storage::open_sqlite({.path = options.database,
                                             .busy_timeout = options.busy_timeout,
                                             .readers = options.readers,
                                             .durability = options.durability});
  }
  const bool has_keys =
      context->storage->read()->keys().get(std::string(kBlindIndexKey)).has_value();
  auto [master, source] = load_master_key(options, has_keys);
  context->key_source = std::move(source);
  std::vector<crypto::SecretKey> previous;
  for (const std::string& hex : options.previous_master_keys) {
    previous.push_back(crypto::SecretKey::from_hex(hex, "previous_master_keys"));
  }
  context->keyring = std::make_unique<crypto::Keyring>(std::move(master), std::move(previous));
  context->blind_index = std::make_unique<crypto::BlindIndex>(
      load_blind_index_key(*context->storage, *context->keyring));
  context->tokens = std::make_shared<const detail::TokenCodec>(
      detail::make_token_codec(options.sessions, *context->storage, *context->keyring));
  // A revoked session's access tokens are refused until they would have expired anyway.
  context->revocations = std::make_shared<detail::RevocationList>(
      std::chrono::duration_cast<std::chrono::milliseconds>(options.sessions.access_lifetime +
                                                            options.sessions.leeway)
          .count());
  context->access = std::make_shared<detail::AccessCache>();
  context->options = std::move(options);
  return context;
}

}  // namespace

System::System(Options options)
    : context_(make_context(std::move(options))),
      accounts_(*context_),
      audit_(*context_),
      points_(*context_, Asset::points),
      wallet_(*context_, Asset::money),
      catalog_(*context_),
      bindings_(*context_),
      identities_(*context_, accounts_),
      addresses_(*context_),
      tags_(*context_),
      verifications_(*context_),
      loyalty_(*context_),
      sessions_(*context_),
      moderation_(*context_),
      messages_(*context_),
      privacy_(*this, *context_),
      codes_(*context_),
      tenants_(*context_),
      roles_(*context_) {}

System::~System() = default;

Accounts& System::accounts() noexcept {
  return accounts_;
}
AuditLog& System::audit() noexcept {
  return audit_;
}
Ledger& System::points() noexcept {
  return points_;
}
Ledger& System::wallet() noexcept {
  return wallet_;
}
Catalog& System::catalog() noexcept {
  return catalog_;
}
Bindings& System::bindings() noexcept {
  return bindings_;
}
Identities& System::identities() noexcept {
  return identities_;
}
Addresses& System::addresses() noexcept {
  return addresses_;
}
Tags& System::tags() noexcept {
  return tags_;
}
Verifications& System::verifications() noexcept {
  return verifications_;
}
Loyalty& System::loyalty() noexcept {
  return loyalty_;
}
Sessions& System::sessions() noexcept {
  return sessions_;
}
Moderation& System::moderation() noexcept {
  return moderation_;
}

Messages& System::messages() noexcept {
  return messages_;
}

Privacy& System::privacy() noexcept {
  return privacy_;
}

Codes& System::codes() noexcept {
  return codes_;
}
Tenants& System::tenants() noexcept {
  return tenants_;
}
Roles& System::roles() noexcept {
  return roles_;
}
const KeySource& System::key_source() const noexcept {
  return context_->key_source;
}
const Clock& System::clock() const noexcept {
  return *context_->clock;
}

}  // namespace member
