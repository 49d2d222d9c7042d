#include "codes/code_rules.hpp"

#include "accounts/identifiers.hpp"
#include "audit/record.hpp"
#include "core/time.hpp"
#include "core/validation.hpp"
#include "crypto/hmac.hpp"
#include "crypto/random.hpp"

namespace member::detail {
namespace {

enum CodeState : int { live = 0, used = 1, dead = 2, withdrawn = 3 };

constexpr std::size_t kDigits = 6;

/// The keyed hash of `code` bound to its tenant, purpose, user and destination.
storage::Bytes hash_code(const CodeKeys& keys, const std::string& tenant, const CodeTarget& target,
                         std::string_view code) {
  const std::string bound = std::string(to_string(target.purpose)) + "|" + target.user_id;
  return keys.code_hash.compute(tenant, bound,
                                crypto::to_hex(target.index) + "|" + std::string(code));
}

std::int64_t ms_of(std::chrono::seconds d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

/// Wrong tries at one destination across its codes (CodePolicy::max_failures).
struct Failures {
  std::uint32_t count = 0;
  std::int64_t since_ms = 0;  ///< the first of them
};

/// The wrong tries recorded on `row` that still count at `now_ms`: none once
/// the failure window has passed.
Failures recent_failures(const Context& context, const storage::CodeRow& row, std::int64_t now_ms) {
  const auto window_end = row.failures_since_ms + ms_of(context.options.codes.failure_window);
  if (row.failures == 0 || now_ms >= window_end) return {};
  return {row.failures, row.failures_since_ms};
}

Identifier identifier_of(CodeChannel channel) {
  return channel == CodeChannel::email ? Identifier::email : Identifier::mobile;
}

}  // namespace

CodeTarget code_target(const Context& context, const std::string& tenant, CodePurpose purpose,
                       CodeChannel channel, std::string_view destination, std::string_view field) {
  const int p = static_cast<int>(purpose);
  if (p < 0 || p > static_cast<int>(CodePurpose::contact_change)) {
    throw Error(Errc::invalid_argument, "purpose: unknown code purpose", "purpose");
  }
  if (channel != CodeChannel::sms && channel != CodeChannel::email) {
    throw Error(Errc::invalid_argument, "channel: unknown code channel", "channel");
  }
  if (destination.empty()) {
    throw Error(Errc::invalid_argument, std::string(field) + ": is empty", std::string(field));
  }
  CodeTarget target{.purpose = purpose, .channel = channel};
  target.destination = channel == CodeChannel::email ? normalize_email(field, destination)
                                                     : normalize_mobile(field, destination);
  target.index =
      context.blind_index->compute(tenant, to_string(identifier_of(channel)), target.destination);
  return target;
}

void validate_code(std::string_view code) {
  bool ok = code.size() == kDigits;
  for (char c : code) ok = ok && c >= '0' && c <= '9';
  if (!ok) throw Error(Errc::invalid_argument, "code: must be 6 digits", "code");
}

std::optional<storage::UserRow> account_of(storage::Transaction& tx, const std::string& tenant,
                                           const CodeTarget& target) {
  return target.channel == CodeChannel::email ? tx.users().find_by_email(tenant, target.index)
                                              : tx.users().find_by_mobile(tenant, target.index);
}

std::string issue_code(storage::Transaction& tx, const Context& context, const CodeKeys& keys,
                       const std::string& tenant, const CodeTarget& target) {
  const auto& policy = context.options.codes;
  const auto now = to_ms(context.now());
  // Locked, and created as a withdrawn code never sent when missing, so two
  // first codes to one destination wait for each other as later ones do.
  const storage::CodeRow previous = tx.codes().lock({.tenant = tenant,
                                                     .purpose = static_cast<int>(target.purpose),
                                                     .destination = target.index,
                                                     .user_id = target.user_id,
                                                     .channel = static_cast<int>(target.channel),
                                                     .code_hash = {},
                                                     .sent_at_ms = 0,
                                                     .expires_at_ms = 0,
                                                     .attempts = 0,
                                                     .state = withdrawn,
                                                     .failures = 0,
                                                     .failures_since_ms = 0});
  // A new code inherits the destination's recent wrong tries.
  const Failures failures = recent_failures(context, previous, now);
  if (failures.count >= policy.max_failures) {
    throw Error::not_before(Errc::resource_exhausted,
                            "code: too many wrong codes for this destination; try again later",
                            from_ms(failures.since_ms + ms_of(policy.failure_window)));
  }
  if (previous.state != withdrawn) {
    const auto resend_at = previous.sent_at_ms + ms_of(policy.resend_interval);
    if (now < resend_at) {
      throw Error::not_before(Errc::resource_exhausted,
                              "code: a new code for this destination cannot be sent yet",
                              from_ms(resend_at));
    }
  }
  // Uniform digits from the operating system's CSPRNG (rejection sampling).
  std::string code = crypto::random_string("0123456789", kDigits);
  tx.codes().save({.tenant = tenant,
                   .purpose = static_cast<int>(target.purpose),
                   .destination = target.index,
                   .user_id = target.user_id,
                   .channel = static_cast<int>(target.channel),
                   .code_hash = hash_code(keys, tenant, target, code),
                   .sent_at_ms = now,
                   .expires_at_ms = now + ms_of(policy.lifetime),
                   .attempts = 0,
                   .state = live,
                   .failures = failures.count,
                   .failures_since_ms = failures.since_ms});
  return code;
}

bool consume_code(storage::Transaction& tx, const Context& context, const CodeKeys& keys,
                  const Actor& actor, const CodeTarget& target, std::string_view code,
                  std::string_view user_id) {
  const auto tenant = actor.tenant;
  const auto now = to_ms(context.now());
  auto row =
      tx.codes().find(tenant, static_cast<int>(target.purpose), target.index, target.user_id);
  const auto fail = [&](std::string_view reason, std::uint32_t attempts) {
    record_audit(tx, context, actor, "code.fail", user_id,
                 {{"purpose", to_string(target.purpose)},
                  {"channel", to_string(target.channel)},
                  {"reason", reason},
                  {"attempts", attempts}});
    return false;
  };
  if (!row || row->channel != static_cast<int>(target.channel)) return fail("none", 0);
  if (row->state == used) return fail("used", row->attempts);
  if (row->state != live) return fail("dead", row->attempts);
  if (now >= row->expires_at_ms) return fail("expired", row->attempts);
  const storage::Bytes presented = hash_code(keys, tenant, target, code);
  if (!crypto::constant_time_equal(presented, row->code_hash)) {
    const auto& policy = context.options.codes;
    const Failures recent = recent_failures(context, *row, now);
    row->failures = recent.count + 1;
    row->failures_since_ms = recent.count == 0 ? now : recent.since_ms;
    ++row->attempts;
    if (row->attempts >= policy.max_attempts || row->failures >= policy.max_failures) {
      row->state = dead;
    }
    tx.codes().save(*row);
    return fail(row->state == dead ? "wrong, now dead" : "wrong", row->attempts);
  }
  row->state = used;
  row->failures = 0;  // the destination's holder proved it
  row->failures_since_ms = 0;
  tx.codes().save(*row);
  record_audit(tx, context, actor, "code.verify", user_id,
               {{"purpose", to_string(target.purpose)}, {"channel", to_string(target.channel)}});
  return true;
}

void withdraw_code(storage::Transaction& tx, const std::string& tenant, const CodeTarget& target) {
  if (auto row =
          tx.codes().find(tenant, static_cast<int>(target.purpose), target.index, target.user_id)) {
    row->state = withdrawn;
    tx.codes().save(*row);
  }
}

Error code_refused() {
  return Error(Errc::unauthenticated, "verification code refused");
}

}  // namespace member::detail
