// Bindings (B1, B2, B4): a user's links to insurance core customers and to
// transactions (policy applications, claims, renewals ...).
//
// Obtain the service from member::System::bindings(); it is thread-safe. A
// user actor reads and changes only their own bindings; an admin, internal
// service or the system may act for any user of its tenant; anyone else gets
// Errc::permission_denied. Binding and unbinding need an active account
// (Errc::failed_precondition otherwise). Display data and metadata are
// personal data: stored encrypted under the user's data key.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "member/actor.hpp"
#include "member/clock.hpp"
#include "member/export.hpp"
#include "member/page.hpp"

namespace member {

namespace detail {
struct Context;
}

/// A user's link to an insurance core customer (B1).
struct CustomerBinding {
  std::string user_id;
  std::string customer_id;
  std::string customer_name;     ///< display data, may be empty
  std::string certificate_type;  ///< display data, e.g. "ID_CARD", may be empty
  TimePoint bound_at;
};

struct BindCustomerRequest {
  std::string user_id;
  /// The core system's customer id: 1-64 characters from [A-Za-z0-9_.-].
  std::string customer_id;
  std::string customer_name;     ///< optional, at most 200 bytes
  std::string certificate_type;  ///< optional token, at most 32 characters
  /// When the core system bound it; empty means now. Not in the future.
  std::optional<TimePoint> bound_at;
};

/// A user's link to a transaction (B2).
struct TransactionBinding {
  std::string user_id;
  std::string trans_type;
  std::string trans_id;
  std::string metadata;  ///< a JSON object
  TimePoint bound_at;
};

struct BindTransactionRequest {
  std::string user_id;
  /// One of Options::transaction_types.
  std::string trans_type;
  /// 1-64 characters from [A-Za-z0-9_.-].
  std::string trans_id;
  /// An optional JSON object of at most 64 KiB (empty: {}).
  std::string metadata;
};

struct TransactionQuery {
  std::string user_id;
  /// One configured type, or empty for every type the user has bindings of
  /// (also a type since removed from Options::transaction_types).
  std::string trans_type;
  Page page;
};

class MEMBER_EXPORT Bindings {
 public:
  /// Binds a customer id to the user (B1). Binding it again to the same user
  /// returns the existing binding unchanged; to another user of the tenant
  /// is Errc::conflict (field "customer_id"). Throws invalid_argument,
  /// permission_denied, not_found (user), failed_precondition (account not
  /// active). Audit: "binding.customer.bind".
  CustomerBinding bind_customer(const Actor& actor, const BindCustomerRequest& request);

  /// The user's customers, oldest binding first. Throws invalid_argument,
  /// permission_denied, not_found.
  std::vector<CustomerBinding> customers(const Actor& actor, const std::string& user_id);

  /// Removes the user's binding of `customer_id`; Errc::not_found (field
  /// "customer_id") when the user holds no such binding. Throws as
  /// bind_customer. Audit: "binding.customer.unbind".
  void unbind_customer(const Actor& actor, const std::string& user_id,
                       const std::string& customer_id);

  /// Binds a transaction to the user (B2). The same (type, id) bound again to
  /// the same user returns the existing binding unchanged (idempotent); to
  /// another user is Errc::conflict (field "trans_id"). Throws as
  /// bind_customer; an unconfigured type is invalid_argument ("trans_type").
  /// Audit: "binding.transaction.bind".
  TransactionBinding bind_transaction(const Actor& actor, const BindTransactionRequest& request);

  /// Who holds the transaction (type, id). Errc::not_found when nobody does
  /// or, for a user actor, when somebody else does (a user never learns of
  /// other users' bindings).
  TransactionBinding transaction(const Actor& actor, const std::string& trans_type,
                                 const std::string& trans_id);

  /// The user's transactions of one type (or of every type, when
  /// query.trans_type is empty), newest binding first, paged.
  std::vector<TransactionBinding> transactions(const Actor& actor, const TransactionQuery& query);

  /// Removes the user's binding of (type, id); Errc::not_found when the user
  /// holds no such binding. Audit: "binding.transaction.unbind".
  void unbind_transaction(const Actor& actor, const std::string& user_id,
                          const std::string& trans_type, const std::string& trans_id);

 private:
  friend class System;
  explicit Bindings(detail::Context& context) : context_(context) {}
  detail::Context& context_;
};

}  // namespace member
