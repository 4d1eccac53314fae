#pragma once
// What every Salesforce write of a referral shares (docs/integrations.md): the external-id field,
// Bluebird's own fields (the only ones written on a record the CRM already has), reading values
// from SOQL rows, and how a record a Collections upsert refused is settled.
//
// Thread-safety: functions without state.

#include <boost/json.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "integrations/crm_failure.h"
#include "integrations/salesforce_client.h"
#include "service/connector_service.h"

namespace bb::jobs {

inline constexpr std::string_view kSalesforceReferralIdField = "Bluebird_Referral_Id__c";
// The lead score's fields (a connector's sync_scores), on the Lead, the Contact and the Opportunity.
inline constexpr std::string_view kSalesforceScoreField = "Bluebird_Lead_Score__c";
inline constexpr std::string_view kSalesforceGradeField = "Bluebird_Lead_Grade__c";

// What listing a quoted value adds beside it: ", " in an IN list, "Website LIKE %% OR " in the
// Account lookup's OR chain.
inline constexpr std::size_t kSoqlInListOverhead = 2;
inline constexpr std::size_t kSoqlLikeOverhead = 19;

// Runs the query `soql_of(run)` for each run of `values` whose listing (each value quoted, plus
// `overhead`) stays within 4,000 characters, at least one value a run (the query goes in a GET's
// URL, which Salesforce takes up to 16,384 bytes [C], and URL-encoding can make a character
// three); every row goes to `row` with its run. The first failure ends it and is returned.
integrations::CrmFailure QueryListing(
    integrations::SalesforceClient& client, const std::vector<std::string>& values, std::size_t overhead,
    const std::function<std::string(std::span<const std::string>)>& soql_of,
    const std::function<void(const boost::json::object&, std::span<const std::string>)>& row);

// `values` quoted and joined by ", ", for an IN list.
std::string SoqlList(std::span<const std::string> values);

// The records of `object` (Lead, Contact, Opportunity) carrying one of `referral_ids` in
// Bluebird_Referral_Id__c, by referral id; each row holds Id, the referral id and the columns of
// `extra_columns` (", AccountId", or "").
integrations::CrmFailure FindByReferralIds(integrations::SalesforceClient& client, std::string_view object,
                                           std::string_view extra_columns, const std::vector<std::string>& referral_ids,
                                           std::map<std::string, boost::json::object>& found);

// Bluebird's own fields for `item`: advocate name and email, the referral's link, program, channel;
// and the lead score and grade when the item carries them.
boost::json::object SalesforceOwnFields(const service::OutboundReferral& item);

// The string value of `name` in a SOQL row or record ("" when absent, null or not a string).
std::string SalesforceText(const boost::json::object& record, std::string_view name);
// True when `name` is the boolean true.
bool SalesforceFlag(const boost::json::object& record, std::string_view name);

// Whether a per-record refusal is for the connector's configuration (a field missing or not
// writable for the integration user), not for the record's data: every record would be refused alike.
bool IsConfigurationStatus(std::string_view status_code);

// Whether a per-record refusal is one a later attempt may not meet (a lock, a rolled-back
// neighbour, the org busy).
bool IsTransientRefusal(std::string_view status_code);

// Settles `result` for a record `object` that Salesforce refused in a Collections upsert, by its
// status code: a transient one (a lock, a rolled-back neighbour) stays a retry; one that says the
// org's configuration is wrong (a field missing or not writable) stays a retry and sets `failure`
// (kRefused, naming what to fix: the connector stops until an admin acts); any other is kFailed.
// DUPLICATES_DETECTED is the caller's to resolve first. `result.message` says what was refused.
void SettleRefusedRecord(std::string_view object, const integrations::UpsertOutcome& outcome,
                         service::OutboundResult& result, integrations::CrmFailure& failure);

}  // namespace bb::jobs
