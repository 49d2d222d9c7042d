#include "storage/sql/migrations.hpp"

#include <array>
#include <string>
#include <string_view>

#include "member/error.hpp"

namespace member::storage::sql {
namespace {

constexpr std::array<std::string_view, 15> kMigrations = {
    // 1: tenants, wrapped keys, users, login log, audit trail.
    R"sql(
CREATE TABLE tenants (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  created_at {int} NOT NULL
);
INSERT INTO tenants (id, name, created_at) VALUES ('default', 'Default tenant', 0);

CREATE TABLE secrets (
  name    TEXT PRIMARY KEY,
  wrapped {blob} NOT NULL
);

CREATE TABLE users (
  tenant          TEXT NOT NULL REFERENCES tenants (id),
  id              TEXT NOT NULL,
  username        TEXT,
  username_key    TEXT,
  email_index     {blob},
  mobile_index    {blob},
  email           {blob},
  mobile          {blob},
  profile         {blob} NOT NULL,
  data_key        {blob} NOT NULL,
  user_type       TEXT NOT NULL,
  password_hash   TEXT NOT NULL,
  status          {int} NOT NULL,
  status_reason   TEXT NOT NULL,
  email_verified  {int} NOT NULL,
  mobile_verified {int} NOT NULL,
  failed_sign_ins {int} NOT NULL,
  lockouts        {int} NOT NULL,
  locked_until    {int} NOT NULL,
  created_at      {int} NOT NULL,
  updated_at      {int} NOT NULL,
  PRIMARY KEY (tenant, id)
);
CREATE UNIQUE INDEX users_username_key ON users (tenant, username_key) WHERE username_key IS NOT NULL;
CREATE UNIQUE INDEX users_email_index ON users (tenant, email_index) WHERE email_index IS NOT NULL;
CREATE UNIQUE INDEX users_mobile_index ON users (tenant, mobile_index) WHERE mobile_index IS NOT NULL;

CREATE TABLE login_log (
  seq       {serial},
  tenant    TEXT NOT NULL REFERENCES tenants (id),
  at        {int} NOT NULL,
  user_id   TEXT NOT NULL,
  outcome   {int} NOT NULL,
  device_id TEXT NOT NULL,
  platform  TEXT NOT NULL,
  ip        TEXT NOT NULL
);
CREATE INDEX login_log_user ON login_log (tenant, user_id, seq);

CREATE TABLE audit_log (
  seq        {serial},
  tenant     TEXT NOT NULL REFERENCES tenants (id),
  at         {int} NOT NULL,
  actor_kind {int} NOT NULL,
  actor_id   TEXT NOT NULL,
  action     TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  detail     TEXT NOT NULL
);
CREATE INDEX audit_log_user ON audit_log (tenant, user_id, seq);
CREATE INDEX audit_log_action ON audit_log (tenant, action, seq);
)sql",
    // 2: the ledger (points and money): balances, lots, journal, holds,
    // idempotency keys.
    R"sql(
CREATE TABLE ledger_balances (
  tenant  TEXT NOT NULL,
  user_id TEXT NOT NULL,
  asset   {int} NOT NULL,
  posted  {int} NOT NULL,
  frozen  {int} NOT NULL,
  due_at  {int} NOT NULL,
  PRIMARY KEY (tenant, user_id, asset),
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);

CREATE TABLE ledger_lots (
  tenant     TEXT NOT NULL,
  lot_id     TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  asset      {int} NOT NULL,
  amount     {int} NOT NULL,
  remaining  {int} NOT NULL,
  frozen     {int} NOT NULL,
  expires_at {int} NOT NULL,
  created_at {int} NOT NULL,
  PRIMARY KEY (tenant, lot_id)
);
CREATE INDEX ledger_lots_open ON ledger_lots (tenant, user_id, asset) WHERE remaining > 0;
CREATE INDEX ledger_lots_due ON ledger_lots (tenant, asset, expires_at)
  WHERE remaining > frozen AND expires_at > 0;
CREATE INDEX ledger_lots_user_due ON ledger_lots (tenant, user_id, asset, expires_at)
  WHERE remaining > frozen AND expires_at > 0;

CREATE TABLE ledger_entries (
  seq           {serial},
  tenant        TEXT NOT NULL,
  entry_id      TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  asset         {int} NOT NULL,
  kind          {int} NOT NULL,
  amount        {int} NOT NULL,
  frozen_change {int} NOT NULL,
  event_type    TEXT NOT NULL,
  description   TEXT NOT NULL,
  related_order TEXT NOT NULL,
  related_data  TEXT NOT NULL,
  hold_id       TEXT NOT NULL,
  request_key   TEXT NOT NULL,
  created_at    {int} NOT NULL,
  expires_at    {int} NOT NULL,
  reversed_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX ledger_entries_id ON ledger_entries (tenant, entry_id);
CREATE INDEX ledger_entries_user ON ledger_entries (tenant, user_id, asset, seq);

CREATE TABLE ledger_consumptions (
  tenant   TEXT NOT NULL,
  entry_id TEXT NOT NULL,
  lot_id   TEXT NOT NULL,
  amount   {int} NOT NULL
);
CREATE INDEX ledger_consumptions_entry ON ledger_consumptions (tenant, entry_id);

CREATE TABLE ledger_holds (
  tenant     TEXT NOT NULL,
  hold_id    TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  asset      {int} NOT NULL,
  amount     {int} NOT NULL,
  state      {int} NOT NULL,
  expires_at {int} NOT NULL,
  created_at {int} NOT NULL,
  PRIMARY KEY (tenant, hold_id)
);
CREATE INDEX ledger_holds_pending ON ledger_holds (tenant, asset, expires_at) WHERE state = 0;

CREATE TABLE ledger_hold_shares (
  tenant  TEXT NOT NULL,
  hold_id TEXT NOT NULL,
  lot_id  TEXT NOT NULL,
  amount  {int} NOT NULL,
  PRIMARY KEY (tenant, hold_id, lot_id)
);

CREATE TABLE ledger_requests (
  tenant      TEXT NOT NULL,
  asset       {int} NOT NULL,
  request_key TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  result      TEXT NOT NULL,
  created_at  {int} NOT NULL,
  PRIMARY KEY (tenant, asset, request_key)
);
)sql",
    // 3: the points catalog and redemptions.
    R"sql(
CREATE TABLE catalog_items (
  tenant      TEXT NOT NULL REFERENCES tenants (id),
  item_id     TEXT NOT NULL,
  name        TEXT NOT NULL,
  points_cost {int} NOT NULL,
  stock       {int} NOT NULL,
  active      {int} NOT NULL,
  updated_at  {int} NOT NULL,
  PRIMARY KEY (tenant, item_id)
);

CREATE TABLE redemptions (
  tenant           TEXT NOT NULL,
  redemption_id    TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  item_id          TEXT NOT NULL,
  quantity         {int} NOT NULL,
  points           {int} NOT NULL,
  delivery_address {blob},
  created_at       {int} NOT NULL,
  PRIMARY KEY (tenant, redemption_id)
);
CREATE INDEX redemptions_user ON redemptions (tenant, user_id);
)sql",
    // 4: bindings (customers, transactions), third-party identities,
    // addresses, tags and identity checks.
    R"sql(
CREATE TABLE customer_bindings (
  tenant      TEXT NOT NULL,
  customer_id TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  display     {blob},
  bound_at    {int} NOT NULL,
  PRIMARY KEY (tenant, customer_id),
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);
CREATE INDEX customer_bindings_user ON customer_bindings (tenant, user_id);

CREATE TABLE transaction_bindings (
  seq        {serial},
  tenant     TEXT NOT NULL,
  trans_type TEXT NOT NULL,
  trans_id   TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  metadata   {blob},
  bound_at   {int} NOT NULL,
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);
CREATE UNIQUE INDEX transaction_bindings_key ON transaction_bindings (tenant, trans_type, trans_id);
CREATE INDEX transaction_bindings_user ON transaction_bindings (tenant, user_id, trans_type, seq);

CREATE TABLE identities (
  seq      {serial},
  tenant   TEXT NOT NULL,
  provider TEXT NOT NULL,
  subject  TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  union_id TEXT,
  profile  {blob},
  bound_at {int} NOT NULL,
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);
CREATE UNIQUE INDEX identities_key ON identities (tenant, provider, subject);
CREATE INDEX identities_user ON identities (tenant, user_id);
CREATE INDEX identities_union ON identities (tenant, provider, union_id) WHERE union_id IS NOT NULL;

CREATE TABLE identity_unions (
  tenant   TEXT NOT NULL,
  provider TEXT NOT NULL,
  union_id TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  PRIMARY KEY (tenant, provider, union_id)
);

CREATE TABLE addresses (
  seq        {serial},
  tenant     TEXT NOT NULL,
  address_id TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  is_default {int} NOT NULL,
  data       {blob} NOT NULL,
  created_at {int} NOT NULL,
  updated_at {int} NOT NULL,
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);
CREATE UNIQUE INDEX addresses_id ON addresses (tenant, address_id);
CREATE INDEX addresses_user ON addresses (tenant, user_id, seq);
CREATE UNIQUE INDEX addresses_one_default ON addresses (tenant, user_id) WHERE is_default = 1;

CREATE TABLE user_tags (
  tenant     TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  tag_type   {int} NOT NULL,
  tag_key    TEXT NOT NULL,
  tag_value  {blob},
  weight     {int} NOT NULL,
  updated_at {int} NOT NULL,
  PRIMARY KEY (tenant, user_id, tag_type, tag_key),
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);

CREATE TABLE verifications (
  seq             {serial},
  tenant          TEXT NOT NULL,
  verification_id TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  kind            {int} NOT NULL,
  status          {int} NOT NULL,
  data            {blob} NOT NULL,
  review_note     TEXT NOT NULL,
  reviewer        TEXT NOT NULL,
  submitted_at    {int} NOT NULL,
  decided_at      {int} NOT NULL,
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);
CREATE UNIQUE INDEX verifications_id ON verifications (tenant, verification_id);
CREATE INDEX verifications_user ON verifications (tenant, user_id, seq);
)sql",
    // 5: loyalty: levels, settings, members, orders, level changes, benefits,
    // activities, and the running totals statistics read (C2-C6).
    R"sql(
CREATE TABLE loyalty_levels (
  tenant         TEXT NOT NULL REFERENCES tenants (id),
  position       {int} NOT NULL,
  code           TEXT NOT NULL,
  name           TEXT NOT NULL,
  required_spend {int} NOT NULL,
  discount_bp    {int} NOT NULL,
  multiplier_bp  {int} NOT NULL,
  flags          {int} NOT NULL,
  PRIMARY KEY (tenant, position)
);

CREATE TABLE loyalty_settings (
  tenant                TEXT PRIMARY KEY REFERENCES tenants (id),
  points_rate_bp        {int} NOT NULL,
  downgrade_window_days {int} NOT NULL,
  webhook_secret        {blob}
);

CREATE TABLE loyalty_members (
  tenant      TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  level_code  TEXT NOT NULL,
  manual      {int} NOT NULL,
  total_spent {int} NOT NULL,
  orders      {int} NOT NULL,
  level_since {int} NOT NULL,
  last_active {int} NOT NULL,
  points      {int} NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant, user_id)
);
CREATE INDEX loyalty_members_level ON loyalty_members (tenant, level_code, level_since);
CREATE INDEX loyalty_members_spent ON loyalty_members (tenant, level_code, total_spent, points);
CREATE INDEX loyalty_members_active ON loyalty_members (tenant, last_active);
-- Points balances from before this migration, mirrored like the ledger does from now on.
INSERT INTO loyalty_members (tenant, user_id, level_code, manual, total_spent, orders,
                             level_since, last_active, points)
  SELECT tenant, user_id, '', 0, 0, 0, 0, 0, posted FROM ledger_balances WHERE asset = 0;
CREATE INDEX users_created ON users (tenant, created_at);

CREATE TABLE ledger_daily (
  tenant TEXT NOT NULL,
  asset  {int} NOT NULL,
  day    {int} NOT NULL,
  shard  {int} NOT NULL,
  earned {int} NOT NULL,
  spent  {int} NOT NULL,
  PRIMARY KEY (tenant, asset, day, shard)
);

CREATE TABLE loyalty_orders (
  tenant          TEXT NOT NULL,
  order_id        TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  amount          {int} NOT NULL,
  refunded        {int} NOT NULL,
  points          {int} NOT NULL,
  points_reversed {int} NOT NULL,
  paid_at         {int} NOT NULL,
  PRIMARY KEY (tenant, order_id)
);
CREATE INDEX loyalty_orders_user ON loyalty_orders (tenant, user_id, paid_at);

CREATE TABLE loyalty_level_changes (
  tenant       TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  old_code     TEXT NOT NULL,
  new_code     TEXT NOT NULL,
  cause        {int} NOT NULL,
  at           {int} NOT NULL,
  PRIMARY KEY (tenant, operation_id)
);
CREATE INDEX loyalty_level_changes_at ON loyalty_level_changes (tenant, at);

CREATE TABLE loyalty_benefits (
  tenant      TEXT NOT NULL REFERENCES tenants (id),
  benefit_id  TEXT NOT NULL,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL,
  value       {int} NOT NULL,
  description TEXT NOT NULL,
  min_level   TEXT NOT NULL,
  usage_limit {int} NOT NULL,
  period      {int} NOT NULL,
  valid_from  {int} NOT NULL,
  valid_until {int} NOT NULL,
  active      {int} NOT NULL,
  PRIMARY KEY (tenant, benefit_id)
);

CREATE TABLE loyalty_benefit_uses (
  tenant      TEXT NOT NULL,
  usage_id    TEXT NOT NULL,
  benefit_id  TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  request_key TEXT NOT NULL,
  used_at     {int} NOT NULL,
  PRIMARY KEY (tenant, usage_id)
);
CREATE UNIQUE INDEX loyalty_benefit_uses_key ON loyalty_benefit_uses (tenant, request_key);
CREATE INDEX loyalty_benefit_uses_user ON loyalty_benefit_uses (tenant, user_id, benefit_id, used_at);

CREATE TABLE loyalty_activities (
  tenant           TEXT NOT NULL REFERENCES tenants (id),
  activity_id      TEXT NOT NULL,
  title            TEXT NOT NULL,
  description      TEXT NOT NULL,
  category         TEXT NOT NULL,
  required_level   TEXT NOT NULL,
  start_time       {int} NOT NULL,
  end_time         {int} NOT NULL,
  max_participants {int} NOT NULL,
  participants     {int} NOT NULL,
  PRIMARY KEY (tenant, activity_id)
);
CREATE INDEX loyalty_activities_start ON loyalty_activities (tenant, start_time);

CREATE TABLE loyalty_participations (
  tenant           TEXT NOT NULL,
  activity_id      TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  participation_id TEXT NOT NULL,
  joined_at        {int} NOT NULL,
  PRIMARY KEY (tenant, activity_id, user_id)
);
)sql",
    // 6: sessions (F1, F2) and their refresh tokens (hashed); reports (D1, D2).
    R"sql(
CREATE TABLE sessions (
  tenant        TEXT NOT NULL,
  id            TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  device_id     TEXT NOT NULL,
  device_type   TEXT NOT NULL,
  device_name   TEXT NOT NULL,
  platform      TEXT NOT NULL,
  app_version   TEXT NOT NULL,
  ip            TEXT NOT NULL,
  method        TEXT NOT NULL,
  created_at    {int} NOT NULL,
  last_active   {int} NOT NULL,
  expires_at    {int} NOT NULL,
  revoked_at    {int} NOT NULL,
  revoke_reason TEXT NOT NULL,
  PRIMARY KEY (tenant, id),
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);
CREATE INDEX sessions_user ON sessions (tenant, user_id, revoked_at);

CREATE TABLE session_refresh (
  token_hash {blob} PRIMARY KEY,
  tenant     TEXT NOT NULL,
  session_id TEXT NOT NULL,
  used       {int} NOT NULL,
  created_at {int} NOT NULL
);
CREATE INDEX session_refresh_session ON session_refresh (tenant, session_id);

-- Reports and blocking (D1, D2): the count per user and every report.
CREATE TABLE moderation (
  tenant         TEXT NOT NULL,
  user_id        TEXT NOT NULL,
  report_count   {int} NOT NULL,
  last_report_at {int} NOT NULL,
  PRIMARY KEY (tenant, user_id),
  FOREIGN KEY (tenant, user_id) REFERENCES users (tenant, id)
);
CREATE TABLE reports (
  seq      {serial},
  tenant   TEXT NOT NULL,
  user_id  TEXT NOT NULL,
  reporter TEXT NOT NULL,
  reason   TEXT NOT NULL,
  at       {int} NOT NULL
);
CREATE INDEX reports_user ON reports (tenant, user_id, seq);
)sql",
    // 7: the audit trail's hash chain (F3): each record's place in its
    // tenant's chain, the previous record's hash and its own; the chain head
    // per tenant (locked by appends on PostgreSQL).
    R"sql(
ALTER TABLE audit_log ADD COLUMN chain_pos {int} NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_chain ON audit_log (tenant, chain_pos, seq);
CREATE TABLE audit_chain (
  tenant    TEXT PRIMARY KEY,
  head_pos  {int} NOT NULL,
  head_hash TEXT NOT NULL
);
)sql",
    // 8: in-site messages and notifications (G1): one row per message
    // (direct, to a role, or to the tenant), per-user read marks and a read
    // watermark per user, so a broadcast never costs a row per member.
    R"sql(
CREATE TABLE messages (
  seq           {serial},
  tenant        TEXT NOT NULL,
  message_id    TEXT NOT NULL,
  category      {int} NOT NULL,
  audience_kind {int} NOT NULL,
  audience      TEXT NOT NULL,
  user_id       TEXT,
  sender        TEXT NOT NULL,
  content       {blob} NOT NULL,
  created_at    {int} NOT NULL
);
CREATE UNIQUE INDEX messages_id ON messages (tenant, message_id);
CREATE INDEX messages_user ON messages (tenant, user_id, seq) WHERE user_id IS NOT NULL;
CREATE INDEX messages_audience ON messages (tenant, audience_kind, audience, seq);

CREATE TABLE message_reads (
  tenant     TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  message_id TEXT NOT NULL,
  read_at    {int} NOT NULL,
  PRIMARY KEY (tenant, user_id, message_id)
);

CREATE TABLE message_watermarks (
  tenant       TEXT NOT NULL,
  user_id      TEXT NOT NULL,
  read_through {int} NOT NULL,
  PRIMARY KEY (tenant, user_id)
);
)sql",
    // 9: verification codes (A6): one live code per tenant, purpose,
    // destination (blind index) and user, kept as a keyed hash; the default
    // notifier's outbox, destination and code encrypted.
    R"sql(
CREATE TABLE verification_codes (
  tenant      TEXT NOT NULL,
  purpose     {int} NOT NULL,
  destination {blob} NOT NULL,
  user_id     TEXT NOT NULL,
  channel     {int} NOT NULL,
  code_hash   {blob} NOT NULL,
  sent_at     {int} NOT NULL,
  expires_at  {int} NOT NULL,
  attempts    {int} NOT NULL,
  state       {int} NOT NULL,
  PRIMARY KEY (tenant, purpose, destination, user_id)
);
CREATE TABLE code_outbox (
  seq        {serial},
  tenant     TEXT NOT NULL,
  id         TEXT NOT NULL,
  purpose    {int} NOT NULL,
  channel    {int} NOT NULL,
  sealed     {blob} NOT NULL,
  created_at {int} NOT NULL,
  expires_at {int} NOT NULL,
  UNIQUE (tenant, id)
);
CREATE INDEX code_outbox_tenant ON code_outbox (tenant, seq);
)sql",
    // 10: tenant status and settings, memberships, roles and permissions.
    R"sql(
ALTER TABLE tenants ADD COLUMN status {int} NOT NULL DEFAULT 0;
ALTER TABLE tenants ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
ALTER TABLE tenants ADD COLUMN updated_at {int} NOT NULL DEFAULT 0;
CREATE TABLE tenant_members (
  tenant      TEXT NOT NULL REFERENCES tenants (id),
  user_id     TEXT NOT NULL,
  home_tenant TEXT NOT NULL,
  added_at    {int} NOT NULL,
  PRIMARY KEY (tenant, user_id)
);
CREATE INDEX tenant_members_home ON tenant_members (home_tenant, user_id);
CREATE TABLE roles (
  tenant      TEXT NOT NULL REFERENCES tenants (id),
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at  {int} NOT NULL,
  PRIMARY KEY (tenant, name)
);
CREATE TABLE permissions (
  tenant      TEXT NOT NULL REFERENCES tenants (id),
  name        TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at  {int} NOT NULL,
  PRIMARY KEY (tenant, name)
);
CREATE TABLE role_permissions (
  tenant     TEXT NOT NULL REFERENCES tenants (id),
  role       TEXT NOT NULL,
  permission TEXT NOT NULL,
  PRIMARY KEY (tenant, role, permission)
);
CREATE TABLE user_roles (
  tenant      TEXT NOT NULL REFERENCES tenants (id),
  user_id     TEXT NOT NULL,
  role        TEXT NOT NULL,
  assigned_at {int} NOT NULL,
  PRIMARY KEY (tenant, user_id, role)
);
)sql",
    // 11: each account's journal as a chain (see entry_chain.hpp) instead of
    // an index on the user: the chain is filled from that index, then it goes.
    // One index of a user's open lots instead of two.
    R"sql(
ALTER TABLE ledger_entries ADD COLUMN prev_entry TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_balances ADD COLUMN last_entry TEXT NOT NULL DEFAULT '';
UPDATE ledger_entries SET prev_entry = coalesce((
  SELECT p.entry_id FROM ledger_entries p
  WHERE p.tenant = ledger_entries.tenant AND p.user_id = ledger_entries.user_id
    AND p.asset = ledger_entries.asset AND p.seq < ledger_entries.seq
  ORDER BY p.seq DESC LIMIT 1), '');
UPDATE ledger_balances SET last_entry = coalesce((
  SELECT e.entry_id FROM ledger_entries e
  WHERE e.tenant = ledger_balances.tenant AND e.user_id = ledger_balances.user_id
    AND e.asset = ledger_balances.asset
  ORDER BY e.seq DESC LIMIT 1), '');
DROP INDEX ledger_entries_user;
DROP INDEX ledger_lots_open;
DROP INDEX ledger_lots_user_due;
CREATE INDEX ledger_lots_user ON ledger_lots (tenant, user_id, asset, expires_at)
  WHERE remaining > 0;
)sql",
    // 12: the expiry job finds due accounts through their balance row's
    // due_at, which rarely changes, instead of an index over every lot's
    // expiry, which each earn and spend rewrote.
    R"sql(
CREATE INDEX ledger_balances_due ON ledger_balances (tenant, asset, due_at) WHERE due_at > 0;
DROP INDEX ledger_lots_due;
)sql",
    // 13: the points balances per loyalty level as running totals a change
    // adds to, instead of a copy of every balance in its loyalty row (whose
    // index entry each change moved). Filled from the balances themselves;
    // a balance without a loyalty row counts under the code ''.
    R"sql(
CREATE TABLE loyalty_level_points (
  tenant     TEXT NOT NULL,
  level_code TEXT NOT NULL,
  shard      {int} NOT NULL,
  points     {int} NOT NULL,
  PRIMARY KEY (tenant, level_code, shard)
);
INSERT INTO loyalty_level_points (tenant, level_code, shard, points)
  SELECT b.tenant, coalesce(m.level_code, ''), 0, CAST(sum(b.posted) AS {int})
  FROM ledger_balances b
  LEFT JOIN loyalty_members m ON m.tenant = b.tenant AND m.user_id = b.user_id
  WHERE b.asset = 0
  GROUP BY b.tenant, coalesce(m.level_code, '');
DROP INDEX loyalty_members_spent;
CREATE INDEX loyalty_members_spent ON loyalty_members (tenant, level_code, total_spent);
ALTER TABLE loyalty_members DROP COLUMN points;
)sql",
    // 14: wrong code tries counted per destination across its codes
    // (CodePolicy::max_failures), so that sending a new code does not start
    // the count again.
    R"sql(
ALTER TABLE verification_codes ADD COLUMN failures {int} NOT NULL DEFAULT 0;
ALTER TABLE verification_codes ADD COLUMN failures_since {int} NOT NULL DEFAULT 0;
)sql",
    // 15: the sign-in lockout of identifiers no account has (A3, A4), by
    // blind index, so that a lock does not tell which accounts exist.
    R"sql(
CREATE TABLE sign_in_throttle (
  tenant       TEXT NOT NULL,
  ident_key    {blob} NOT NULL,
  failures     {int} NOT NULL,
  lockouts     {int} NOT NULL,
  locked_until {int} NOT NULL,
  updated_at   {int} NOT NULL,
  PRIMARY KEY (tenant, ident_key)
);
)sql",
};

/// The migration text with the dialect's types in place of the tokens.
std::string for_dialect(std::string_view text, const Dialect& dialect) {
  std::string out(text);
  for (const auto& [token, value] : {std::pair{std::string_view("{int}"), dialect.int_type},
                                     std::pair{std::string_view("{blob}"), dialect.blob_type},
                                     std::pair{std::string_view("{serial}"), dialect.serial_key}}) {
    for (auto at = out.find(token); at != std::string::npos; at = out.find(token, at)) {
      out.replace(at, token.size(), value);
      at += value.size();
    }
  }
  return out;
}

}  // namespace

int latest_schema_version() noexcept {
  return static_cast<int>(kMigrations.size());
}

void migrate(Connection& db, int target) {
  db.begin(TransactionKind::write);
  try {
    db.lock_for_migration();
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version " +
            std::string(db.dialect().int_type) + " NOT NULL)");
    int version = 0;
    Statement& read = db.prepare("SELECT version FROM schema_version");
    if (read.step()) {
      version = static_cast<int>(read.get_int(0));
      // Run it to its end: on SQLite a statement left on a row keeps a
      // migration's DROP from running ("database table is locked").
      while (read.step()) {
      }
    } else {
      db.exec("INSERT INTO schema_version (version) VALUES (0)");
    }
    if (version > latest_schema_version()) {
      throw Error(Errc::schema_too_new,
                  "the database has schema version " + std::to_string(version) +
                      " but this build of member knows only up to " +
                      std::to_string(latest_schema_version()) + "; upgrade member");
    }
    for (int next = version + 1; next <= target; ++next) {
      db.exec(for_dialect(kMigrations[static_cast<std::size_t>(next - 1)], db.dialect()));
      Statement& update = db.prepare("UPDATE schema_version SET version = ?1");
      update.bind(1, next);
      update.step();
    }
    db.commit();
  } catch (...) {
    db.rollback();
    throw;
  }
}

}  // namespace member::storage::sql
