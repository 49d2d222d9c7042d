#include "ledger/delivery_address.hpp"

#include "accounts/personal_data.hpp"
#include "crypto/aead.hpp"

namespace member::detail {
namespace {

std::string associated_data(const std::string& tenant, std::string_view redemption_id) {
  return "member/v1|redemptions.delivery_address|" + tenant + "|" + std::string(redemption_id);
}

}  // namespace

storage::Bytes seal_delivery_address(const Context& context, const storage::UserRow& user,
                                     std::string_view redemption_id, std::string_view address) {
  return crypto::seal(data_key(context, user), address,
                      associated_data(user.tenant, redemption_id));
}

std::string open_delivery_address(const Context& context, const storage::UserRow& user,
                                  const storage::RedemptionRow& row) {
  if (row.delivery_address.empty()) return {};
  const storage::Bytes clear = crypto::open(data_key(context, user), row.delivery_address,
                                            associated_data(row.tenant, row.redemption_id));
  return {clear.begin(), clear.end()};
}

}  // namespace member::detail
