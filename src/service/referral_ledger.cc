#include "service/referral_ledger.h"

#include <iterator>
#include <string>

namespace bb::service {

Result<std::vector<domain::Reward>> AllRewardsOfReferral(store::Queries& q, std::string_view referral_id) {
  constexpr int kPage = 1000;
  store::RewardQuery query;
  query.referral_id = std::string(referral_id);
  query.limit = kPage;
  std::vector<domain::Reward> all;
  while (true) {
    BB_ASSIGN_OR_RETURN(auto page, q.ListRewards(query));
    bool more = static_cast<int>(page.size()) == kPage;
    if (!page.empty()) query.before_id = page.back().id;
    all.insert(all.end(), std::make_move_iterator(page.begin()), std::make_move_iterator(page.end()));
    if (!more) return all;
  }
}

}  // namespace bb::service
