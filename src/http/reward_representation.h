#pragma once
// The JSON shapes of referrals, their history, reward rules, rewards and balances (documented in
// openapi.json), kept apart from the foundation's resources in representation.h.

#include <boost/json/value.hpp>

#include <vector>

#include "domain/referral.h"
#include "domain/reward.h"
#include "domain/reward_rule.h"
#include "representation/resource_json.h"
#include "service/referral_service.h"
#include "service/reward_service.h"

namespace bb::http {

using representation::ToJson;

boost::json::value ToJson(const domain::ReferralEvent& event);
// The referral with a "history" array.
boost::json::value ToJson(const service::ReferralDetail& detail);
// The referral under "referral", with the rewards the move created under "rewards" and whether it
// changed anything under "changed".
boost::json::value ToJson(const service::StageMoveResult& result);

// What the advocate sees of their own referral in the portal: the referee they introduced, the
// stage and review status, and the history's stage changes and dates — not staff notes, the
// review's evidence, or who made each change.
boost::json::value PortalJson(const domain::Referral& referral);
boost::json::value PortalJson(const service::ReferralDetail& detail);

boost::json::value ToJson(const domain::RewardRule& rule);
boost::json::value ToJson(const domain::RewardEvent& event);
boost::json::value ToJson(const service::RewardDetail& detail);
boost::json::value ToJson(const service::BulkApproval& approval);
boost::json::value BalancesToJson(std::string_view advocate_id, const std::vector<domain::RewardBalance>& balances);

}  // namespace bb::http
