#pragma once
// The JSON shapes of the API's resources (documented in openapi.json). One function per type,
// so a resource looks the same wherever it appears.

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "domain/account.h"
#include "domain/advocate.h"
#include "domain/analytics.h"
#include "domain/program.h"
#include "domain/stats.h"
#include "representation/resource_json.h"
#include "service/auth_service.h"

namespace bb::http {

// Advocates, referrals and rewards look the same in responses and in webhooks' events.
using representation::LinkBase;
using representation::ToJson;

boost::json::value ToJson(const domain::Program& program);
// The dashboard's figures; `program_id` "" for every program (null in the JSON).
boost::json::value AnalyticsToJson(std::string_view program_id, Timestamp from, Timestamp before,
                                   const domain::Analytics& analytics);
// One advocate's activity over [from, before).
boost::json::value ActivityToJson(std::string_view advocate_id, Timestamp from, Timestamp before,
                                  const domain::AdvocateActivity& activity);
// The public pages' view of a program: name, slug, kind, status, colour and logo only.
boost::json::value PublicProgramToJson(const domain::Program& program);
boost::json::value ToJson(const domain::User& user);
boost::json::value ToJson(const domain::ApiKey& key);
boost::json::value ToJson(const service::CreatedApiKey& created);
boost::json::value StatsToJson(std::string_view program_id, const domain::ProgramStats& stats);

// The number, or null when there is none.
boost::json::value NumberOrNull(const std::optional<std::int64_t>& value);
// The instant (RFC 3339), or null when there is none.
boost::json::value TimeOrNull(const std::optional<Timestamp>& at);

// {"data": [...], "next_cursor": "..." | null}
boost::json::value PageToJson(boost::json::array data, const std::string& next_cursor);

}  // namespace bb::http
