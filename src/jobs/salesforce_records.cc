#include "jobs/salesforce_records.h"

namespace bb::jobs {

namespace json = boost::json;
using integrations::CrmFailure;

namespace {

// Refused for the connector's configuration (a field missing or not writable for the integration
// user), not for the record's data: every record would be refused alike.
bool IsConfigurationStatus(std::string_view code) {
  return code == "INVALID_FIELD" || code == "INVALID_FIELD_FOR_INSERT_UPDATE" || code == "INVALID_TYPE" ||
         code == "NO_SUCH_COLUMN";
}

}  // namespace

bool IsTransientRefusal(std::string_view code) {
  return code == "ALL_OR_NONE_OPERATION_ROLLED_BACK" || code == "UNABLE_TO_LOCK_ROW" || code == "SERVER_UNAVAILABLE" ||
         code == "REQUEST_RUNNING_TOO_LONG";
}

json::object SalesforceOwnFields(const service::OutboundReferral& item) {
  return json::object{{"Bluebird_Advocate_Name__c", item.advocate.FullName()},
                      {"Bluebird_Advocate_Email__c", item.advocate.email},
                      {"Bluebird_Referral_Url__c", item.referral_url},
                      {"Bluebird_Program__c", item.program.name},
                      {"Bluebird_Channel__c", item.referral.channel}};
}

std::string SalesforceText(const json::object& record, std::string_view name) {
  const json::value* value = record.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

bool SalesforceFlag(const json::object& record, std::string_view name) {
  const json::value* value = record.if_contains(name);
  return value != nullptr && value->is_bool() && value->as_bool();
}

void SettleRefusedRecord(std::string_view object, const integrations::UpsertOutcome& outcome,
                         service::OutboundResult& result, CrmFailure& failure) {
  std::string what(object);
  result.message = "Salesforce refused the " + what + ": " + outcome.message;
  if (IsTransientRefusal(outcome.status_code)) return;  // kRetry
  if (IsConfigurationStatus(outcome.status_code)) {
    failure = CrmFailure{CrmFailure::Kind::kRefused,
                         "Salesforce refused Bluebird's " + what + " fields (" + outcome.message +
                             "): create the field or give the integration user access to it (docs/integrations.md), "
                             "then save the connector or sync it now",
                         400, std::nullopt};
    return;
  }
  result.outcome = service::OutboundResult::Outcome::kFailed;
}

}  // namespace bb::jobs
