// Transaction bindings (B2): a user's links to policy applications, claims,
// renewals and other configured transaction types.
#include <algorithm>

#include "accounts/owner.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/sealed_field.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/access.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "member/bindings.hpp"

namespace member {
namespace {

constexpr std::string_view kMetadataColumn = "transaction_bindings.metadata";

void validate_type(const detail::Context& context, const std::string& trans_type) {
  detail::validate_token("trans_type", trans_type, 32);
  const auto& types = context.options.transaction_types;
  if (std::find(types.begin(), types.end(), trans_type) == types.end()) {
    throw Error(Errc::invalid_argument, "trans_type: not one of the configured transaction types",
                "trans_type");
  }
}

void validate_key(const detail::Context& context, const std::string& trans_type,
                  const std::string& trans_id) {
  validate_type(context, trans_type);
  detail::validate_token("trans_id", trans_id, 64);
}

std::string row_key(const storage::TransactionBindingRow& row) {
  return row.trans_type + "|" + row.trans_id;
}

TransactionBinding to_binding(const crypto::SecretKey& key,
                              const storage::TransactionBindingRow& row) {
  std::string metadata =
      detail::open_field(key, {row.tenant, kMetadataColumn, row_key(row)}, row.metadata);
  return {.user_id = row.user_id,
          .trans_type = row.trans_type,
          .trans_id = row.trans_id,
          .metadata = metadata.empty() ? "{}" : std::move(metadata),
          .bound_at = detail::from_ms(row.bound_at_ms)};
}

}  // namespace

TransactionBinding Bindings::bind_transaction(const Actor& actor, const BindTransactionRequest& r) {
  validate_key(context_, r.trans_type, r.trans_id);
  const std::string metadata = detail::normalize_json_object("metadata", r.metadata);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, r.user_id);
  const crypto::SecretKey key = detail::data_key(context_, user);
  storage::TransactionBindingRow row{.tenant = actor.tenant,
                                     .trans_type = r.trans_type,
                                     .trans_id = r.trans_id,
                                     .user_id = user.id,
                                     .bound_at_ms = detail::to_ms(context_.now())};
  if (metadata != "{}") {
    row.metadata = detail::seal_field(key, {row.tenant, kMetadataColumn, row_key(row)}, metadata);
  }
  if (!tx->bindings().insert_transaction(row)) {
    const auto held = tx->bindings().find_transaction(actor.tenant, r.trans_type, r.trans_id);
    if (held && held->user_id == user.id) return to_binding(key, *held);
    throw Error(Errc::conflict, "trans_id: is bound to another user", "trans_id");
  }
  detail::record_audit(*tx, context_, actor, "binding.transaction.bind", user.id,
                       {{"trans_type", r.trans_type}, {"trans_id", r.trans_id}});
  tx->commit();
  return to_binding(key, row);
}

TransactionBinding Bindings::transaction(const Actor& actor, const std::string& trans_type,
                                         const std::string& trans_id) {
  detail::require_tenant(context_, actor);
  validate_key(context_, trans_type, trans_id);
  if (!actor.is_staff() && (actor.kind != ActorKind::user || actor.id.empty())) {
    throw Error(Errc::permission_denied, "the actor may not read transaction bindings");
  }
  auto tx = context_.storage->read();
  const auto row = tx->bindings().find_transaction(actor.tenant, trans_type, trans_id);
  if (!row || !actor.may_act_for(row->user_id)) {
    throw Error(Errc::not_found, "trans_id: is not bound", "trans_id");
  }
  const auto user = tx->users().find_by_id(actor.tenant, row->user_id);
  if (!user) throw Error(Errc::not_found, "trans_id: is not bound", "trans_id");
  return to_binding(detail::data_key(context_, *user), *row);
}

std::vector<TransactionBinding> Bindings::transactions(const Actor& actor,
                                                       const TransactionQuery& query) {
  detail::validate_page(query.page);
  // Every type: also those bound under a type no longer configured.
  if (!query.trans_type.empty()) validate_type(context_, query.trans_type);
  return detail::read_owned(
      context_, actor, query.user_id,
      [&](storage::Transaction& tx, const storage::UserRow& user) {
        return tx.bindings().transactions_of(actor.tenant, user.id, query.trans_type,
                                             query.page.limit, query.page.offset);
      },
      to_binding);
}

void Bindings::unbind_transaction(const Actor& actor, const std::string& user_id,
                                  const std::string& trans_type, const std::string& trans_id) {
  validate_key(context_, trans_type, trans_id);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, user_id);
  if (!tx->bindings().remove_transaction(actor.tenant, trans_type, trans_id, user.id)) {
    throw Error(Errc::not_found, "trans_id: is not bound to this user", "trans_id");
  }
  detail::record_audit(*tx, context_, actor, "binding.transaction.unbind", user.id,
                       {{"trans_type", trans_type}, {"trans_id", trans_id}});
  tx->commit();
}

}  // namespace member
