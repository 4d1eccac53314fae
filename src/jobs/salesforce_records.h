#pragma once
// What every Salesforce write of a referral shares (docs/integrations.md): the external-id field,
// Bluebird's own fields (the only ones written on a record the CRM already has), reading values
// from SOQL rows, and how a record a Collections upsert refused is settled.
//
// Thread-safety: functions without state.

#include <boost/json.hpp>

#include <string>
#include <string_view>

#include "integrations/crm_failure.h"
#include "integrations/salesforce_client.h"
#include "service/connector_service.h"

namespace bb::jobs {

inline constexpr std::string_view kSalesforceReferralIdField = "Bluebird_Referral_Id__c";

// Bluebird's own fields for `item`: advocate name and email, the referral's link, program, channel.
boost::json::object SalesforceOwnFields(const service::OutboundReferral& item);

// The string value of `name` in a SOQL row or record ("" when absent, null or not a string).
std::string SalesforceText(const boost::json::object& record, std::string_view name);
// True when `name` is the boolean true.
bool SalesforceFlag(const boost::json::object& record, std::string_view name);

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
