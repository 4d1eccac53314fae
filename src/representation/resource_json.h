#pragma once
// The JSON shapes of the resources that webhooks carry as well as the API shows them (documented in
// openapi.json): advocates, referrals and rewards. One function per type, so a resource looks the
// same in a response and in an event. Pure functions on values.

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

#include "domain/advocate.h"
#include "domain/campaign.h"
#include "domain/import.h"
#include "domain/referral.h"
#include "domain/reward.h"

namespace bb::representation {

// Context a representation may need: where public links point.
struct LinkBase {
  std::string public_base_url;  // without trailing slash
  std::string ReferralLink(std::string_view code) const { return public_base_url + "/r/" + std::string(code); }
};

// An advocate's attributes as a JSON object (numbers and booleans as such).
boost::json::value AttributesToJson(const domain::Attributes& attributes);
boost::json::value ToJson(const domain::Advocate& advocate, const LinkBase& links);
boost::json::value ToJson(const domain::Referral& referral);
boost::json::value ToJson(const domain::Reward& reward);
// A campaign with its figures (GET /api/v1/campaigns/{id}, the campaign.completed event).
boost::json::value ToJson(const domain::Campaign& campaign, const domain::CampaignCounts& counts);
// An import and its report (the API and `bluebird import`).
boost::json::value ToJson(const domain::Import& import);

}  // namespace bb::representation
