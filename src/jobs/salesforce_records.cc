#include "jobs/salesforce_records.h"

namespace bb::jobs {

namespace json = boost::json;
using integrations::CrmFailure;

namespace {

constexpr std::size_t kListedCharacters = 4000;

}  // namespace

bool IsConfigurationStatus(std::string_view code) {
  return code == "INVALID_FIELD" || code == "INVALID_FIELD_FOR_INSERT_UPDATE" || code == "INVALID_TYPE" ||
         code == "NO_SUCH_COLUMN";
}

bool IsTransientRefusal(std::string_view code) {
  return code == "ALL_OR_NONE_OPERATION_ROLLED_BACK" || code == "UNABLE_TO_LOCK_ROW" || code == "SERVER_UNAVAILABLE" ||
         code == "REQUEST_RUNNING_TOO_LONG";
}

CrmFailure QueryListing(integrations::SalesforceClient& client, const std::vector<std::string>& values,
                        std::size_t overhead, const std::function<std::string(std::span<const std::string>)>& soql_of,
                        const std::function<void(const json::object&, std::span<const std::string>)>& row) {
  auto cost = [&](const std::string& value) { return integrations::SoqlQuote(value).size() + overhead; };
  for (std::size_t start = 0, end = 0; start < values.size(); start = end) {
    std::size_t listed = cost(values[start]);
    for (end = start + 1; end < values.size() && listed + cost(values[end]) <= kListedCharacters; ++end) {
      listed += cost(values[end]);
    }
    std::span<const std::string> run(values.data() + start, end - start);
    json::array rows;
    if (CrmFailure failure = client.Query(soql_of(run), rows); !failure.ok()) return failure;
    for (const auto& value : rows) {
      if (value.is_object()) row(value.as_object(), run);
    }
  }
  return {};
}

std::string SoqlList(std::span<const std::string> values) {
  std::string list;
  for (const auto& value : values) list += (list.empty() ? "" : ", ") + integrations::SoqlQuote(value);
  return list;
}

CrmFailure FindByReferralIds(integrations::SalesforceClient& client, std::string_view object,
                             std::string_view extra_columns, const std::vector<std::string>& referral_ids,
                             std::map<std::string, json::object>& found) {
  const std::string field(kSalesforceReferralIdField);
  return QueryListing(
      client, referral_ids, kSoqlInListOverhead,
      [&](std::span<const std::string> run) {
        return "SELECT Id, " + field + std::string(extra_columns) + " FROM " + std::string(object) + " WHERE " + field +
               " IN (" + SoqlList(run) + ")";
      },
      [&](const json::object& row, std::span<const std::string>) { found[SalesforceText(row, field)] = row; });
}

json::object SalesforceOwnFields(const service::OutboundReferral& item) {
  json::object fields{{"Bluebird_Advocate_Name__c", item.advocate.FullName()},
                      {"Bluebird_Advocate_Email__c", item.advocate.email},
                      {"Bluebird_Referral_Url__c", item.referral_url},
                      {"Bluebird_Program__c", item.program.name},
                      {"Bluebird_Channel__c", item.referral.channel}};
  if (item.score) {
    fields[kSalesforceScoreField] = item.score->points;
    fields[kSalesforceGradeField] = item.score->grade;
  }
  return fields;
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
