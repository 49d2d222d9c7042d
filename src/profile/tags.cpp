// User tags (A9): upsert by (type, key), list by type.
#include <cmath>

#include "accounts/owner.hpp"
#include "accounts/personal_data.hpp"
#include "accounts/sealed_field.hpp"
#include "accounts/users.hpp"
#include "audit/record.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "member/tags.hpp"

namespace member {
namespace {

constexpr std::string_view kValueColumn = "user_tags.value";
constexpr double kMicros = 1'000'000.0;

void validate_type(TagType type) {
  const int t = static_cast<int>(type);
  if (t < 0 || t > static_cast<int>(TagType::attribute)) {
    throw Error(Errc::invalid_argument, "type: unknown tag type", "type");
  }
}

std::string row_key(const std::string& user_id, int type, const std::string& key) {
  return user_id + "|" + std::to_string(type) + "|" + key;
}

Tag to_tag(const crypto::SecretKey& key, const storage::TagRow& row) {
  return {.type = static_cast<TagType>(row.type),
          .key = row.key,
          .value = detail::open_field(
              key, {row.tenant, kValueColumn, row_key(row.user_id, row.type, row.key)}, row.value),
          .weight = static_cast<double>(row.weight_micros) / kMicros,
          .updated_at = detail::from_ms(row.updated_at_ms)};
}

}  // namespace

std::string_view to_string(TagType type) noexcept {
  switch (type) {
    case TagType::behavior:
      return "behavior";
    case TagType::preference:
      return "preference";
    case TagType::attribute:
      return "attribute";
  }
  return "unknown";
}

Tag Tags::set(const Actor& actor, const TagRequest& r) {
  validate_type(r.type);
  detail::validate_token("key", r.key, 64);
  detail::validate_text("value", r.value, 500);
  if (!(std::isfinite(r.weight) && r.weight >= 0.0 && r.weight <= 1.0)) {
    throw Error(Errc::invalid_argument, "weight: must be 0..1", "weight");
  }
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, r.user_id);
  const crypto::SecretKey key = detail::data_key(context_, user);
  const int type = static_cast<int>(r.type);
  storage::TagRow row{
      .tenant = actor.tenant,
      .user_id = user.id,
      .type = type,
      .key = r.key,
      .value = detail::seal_field(key, {actor.tenant, kValueColumn, row_key(user.id, type, r.key)},
                                  r.value),
      .weight_micros = std::llround(r.weight * kMicros),
      .updated_at_ms = detail::to_ms(context_.now())};
  tx->tags().upsert(row);
  detail::record_audit(*tx, context_, actor, "tag.set", user.id,
                       {{"type", to_string(r.type)}, {"key", r.key}});
  tx->commit();
  return to_tag(key, row);
}

std::vector<Tag> Tags::list(const Actor& actor, const std::string& user_id,
                            std::optional<TagType> type) {
  if (type) validate_type(*type);
  return detail::read_owned(
      context_, actor, user_id,
      [&](storage::Transaction& tx, const storage::UserRow& user) {
        return tx.tags().of_user(actor.tenant, user.id, type ? static_cast<int>(*type) : -1);
      },
      to_tag);
}

void Tags::remove(const Actor& actor, const std::string& user_id, TagType type,
                  const std::string& key) {
  validate_type(type);
  detail::validate_token("key", key, 64);
  auto tx = context_.storage->write();
  const storage::UserRow user = detail::load_active_owner(context_, *tx, actor, user_id);
  if (!tx->tags().remove(actor.tenant, user.id, static_cast<int>(type), key)) {
    throw Error(Errc::not_found, "key: the user has no such tag", "key");
  }
  detail::record_audit(*tx, context_, actor, "tag.remove", user.id,
                       {{"type", to_string(type)}, {"key", key}});
  tx->commit();
}

}  // namespace member
