// bindings.* operations (member::Bindings): customer and transaction links.
#include "api/codecs.hpp"
#include "api/modules.hpp"
#include "api/operations.hpp"

namespace member::api {

namespace {

constexpr const char* kUser =
    R"({"kind": "user", "id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})";
constexpr const char* kService = R"({"kind": "service", "id": "policy-core"})";
constexpr const char* kCustomer =
    R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "customer_id": "CUST-000123",
 "customer_name": "Zhang San", "certificate_type": "ID_CARD", "bound_at": "2026-01-31T12:00:00.000Z"})";
constexpr const char* kTransaction =
    R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "trans_type": "POLICY_APPLICATION",
 "trans_id": "APP-2026-0042", "metadata": "{\"product\": \"term-life\"}", "bound_at": "2026-01-31T12:00:00.000Z"})";

struct CustomerRequest {
  std::string user_id;
  std::string customer_id;
};
CustomerRequest decode_customer(Fields& f) {
  CustomerRequest r;
  r.user_id = f.str("user_id");
  r.customer_id = f.str("customer_id");
  return r;
}

struct TransactionRequest {
  std::string user_id;
  std::string trans_type;
  std::string trans_id;
};
TransactionRequest decode_transaction(Fields& f) {
  TransactionRequest r;
  r.user_id = f.str("user_id");
  r.trans_type = f.str("trans_type");
  r.trans_id = f.str("trans_id");
  return r;
}

struct LookupRequest {
  std::string trans_type;
  std::string trans_id;
};
LookupRequest decode_lookup(Fields& f) {
  LookupRequest r;
  r.trans_type = f.str("trans_type");
  r.trans_id = f.str("trans_id");
  return r;
}

}  // namespace

void register_bindings_operations(OperationTable& t) {
  t.add(
      "bindings.bind_customer",
      "Binds an insurance core customer id to the user (B1); binding it again to the same "
      "user returns the binding unchanged. Errors: invalid_argument naming the field, "
      "permission_denied, not_found (user), failed_precondition (account not active), "
      "conflict (customer_id bound to another user).",
      kService,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "customer_id": "CUST-000123", "customer_name": "Zhang San", "certificate_type": "ID_CARD", "bound_at": "2026-01-31T12:00:00Z"})",
      kCustomer, decode_bind_customer,
      [](Host& h, const Actor& a, const BindCustomerRequest& r) -> Json {
        return encode(h.system.bindings().bind_customer(a, r));
      });
  t.add("bindings.customers",
        "The user's customer bindings, oldest first. Errors: invalid_argument, "
        "permission_denied, not_found.",
        kUser, R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9"})",
        std::string(R"({"customers": [)") + kCustomer + "]}", decode_user_request,
        [](Host& h, const Actor& a, const UserRequest& r) -> Json {
          return {{"customers", encode_list(h.system.bindings().customers(a, r.user_id))}};
        });
  t.add("bindings.unbind_customer",
        "Removes the user's binding of customer_id. Errors: invalid_argument, "
        "permission_denied, not_found (customer_id not bound to the user), failed_precondition.",
        kUser,
        R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "customer_id": "CUST-000123"})",
        "{}", decode_customer, [](Host& h, const Actor& a, const CustomerRequest& r) -> Json {
          h.system.bindings().unbind_customer(a, r.user_id, r.customer_id);
          return Json::object();
        });
  t.add(
      "bindings.bind_transaction",
      "Binds a transaction (policy application, claim, renewal ...) to the user (B2); "
      "idempotent for the same user. metadata is a JSON object as text. Errors: "
      "invalid_argument (trans_type not configured, malformed id or metadata), "
      "permission_denied, not_found, failed_precondition, conflict (trans_id bound to "
      "another user).",
      kService,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "trans_type": "POLICY_APPLICATION", "trans_id": "APP-2026-0042", "metadata": "{\"product\": \"term-life\"}"})",
      kTransaction, decode_bind_transaction,
      [](Host& h, const Actor& a, const BindTransactionRequest& r) -> Json {
        return encode(h.system.bindings().bind_transaction(a, r));
      });
  t.add("bindings.transaction",
        "Who holds the transaction (trans_type, trans_id). Errors: invalid_argument, not_found "
        "(nobody, or for a user actor somebody else).",
        kService, R"({"trans_type": "POLICY_APPLICATION", "trans_id": "APP-2026-0042"})",
        kTransaction, decode_lookup, [](Host& h, const Actor& a, const LookupRequest& r) -> Json {
          return encode(h.system.bindings().transaction(a, r.trans_type, r.trans_id));
        });
  t.add(
      "bindings.transactions",
      "The user's transactions of one type, or of every type (also one no longer configured) "
      "when trans_type is omitted, newest binding first, paged. Errors: invalid_argument, "
      "permission_denied, not_found.",
      kUser,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "trans_type": "POLICY_APPLICATION", "limit": 20, "offset": 0})",
      std::string(R"({"transactions": [)") + kTransaction + "]}", decode_transaction_query,
      [](Host& h, const Actor& a, const TransactionQuery& q) -> Json {
        return {{"transactions", encode_list(h.system.bindings().transactions(a, q))}};
      });
  t.add(
      "bindings.unbind_transaction",
      "Removes the user's binding of (trans_type, trans_id). Errors: invalid_argument, "
      "permission_denied, not_found, failed_precondition.",
      kService,
      R"({"user_id": "6f1c2a9e-4b7d-4c1e-9a3f-2d5b8e7c1a04k3p9", "trans_type": "POLICY_APPLICATION", "trans_id": "APP-2026-0042"})",
      "{}", decode_transaction, [](Host& h, const Actor& a, const TransactionRequest& r) -> Json {
        h.system.bindings().unbind_transaction(a, r.user_id, r.trans_type, r.trans_id);
        return Json::object();
      });
}

}  // namespace member::api
