#include "jobs/salesforce_advocates.h"

#include <map>
#include <string>
#include <vector>

#include "domain/validation.h"

#include "jobs/salesforce_records.h"

namespace bb::jobs {

namespace json = boost::json;
using integrations::CrmFailure;

namespace {

constexpr std::string_view kAdvocateField = "Bluebird_Advocate__c";
constexpr std::string_view kCodeField = "Bluebird_Advocate_Code__c";
constexpr std::string_view kCountField = "Bluebird_Referral_Count__c";

// Whether the Contact shows the person's figures already (a number field reads back as a double).
bool ShowsAlready(const json::object& contact, const store::CrmAdvocate& person) {
  const json::value* count = contact.if_contains(kCountField);
  bool same_count = count != nullptr && count->is_number() &&
                    count->to_number<double>() == static_cast<double>(person.referral_count);
  return SalesforceFlag(contact, kAdvocateField) == person.active &&
         SalesforceText(contact, kCodeField) == person.code && same_count;
}

}  // namespace

CrmFailure SendAdvocatesToSalesforce(integrations::SalesforceClient& client, const service::AdvocateBatch& batch,
                                     service::AdvocateSyncResult& result) {
  result = {};
  std::vector<std::string> emails;
  for (const auto& person : batch.people) emails.push_back(person.email);
  std::map<std::string, std::vector<json::object>> contacts;  // lower-case email -> its Contacts
  CrmFailure failure = QueryListing(
      client, emails, kSoqlInListOverhead,
      [](std::span<const std::string> run) {
        return "SELECT Id, Email, " + std::string(kAdvocateField) + ", " + std::string(kCodeField) + ", " +
               std::string(kCountField) + " FROM Contact WHERE Email IN (" + SoqlList(run) + ")";
      },
      [&](const json::object& row, std::span<const std::string>) {
        contacts[domain::NormalizeEmail(SalesforceText(row, "Email"))].push_back(row);
      });
  if (!failure.ok()) return failure;

  json::array updates;
  for (const auto& person : batch.people) {
    auto found = contacts.find(person.email);
    if (found == contacts.end()) {
      ++result.not_in_crm;
      continue;
    }
    for (const json::object& contact : found->second) {
      if (ShowsAlready(contact, person)) {
        ++result.unchanged;
        continue;
      }
      updates.push_back(json::object{{"id", SalesforceText(contact, "Id")},
                                     {kAdvocateField, person.active},
                                     {kCodeField, person.code},
                                     {kCountField, person.referral_count}});
    }
  }
  for (std::size_t start = 0; start < updates.size(); start += integrations::kSalesforceCollectionLimit) {
    std::size_t end = std::min(updates.size(), start + integrations::kSalesforceCollectionLimit);
    json::array chunk(updates.begin() + static_cast<std::ptrdiff_t>(start),
                      updates.begin() + static_cast<std::ptrdiff_t>(end));
    std::vector<integrations::UpsertOutcome> outcomes;
    failure = client.UpdateRecords("Contact", chunk, outcomes);
    if (!failure.ok()) return failure;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      const integrations::UpsertOutcome& outcome = outcomes[i];
      if (outcome.success) {
        ++result.updated;
        continue;
      }
      if (IsConfigurationStatus(outcome.status_code)) {
        return CrmFailure{CrmFailure::Kind::kRefused,
                          "Salesforce refused Bluebird's advocate fields on Contact (" + outcome.message +
                              "): create them or give the integration user access (docs/integrations.md), or turn "
                              "off sync_advocates; then save the connector",
                          400, std::nullopt};
      }
      if (IsTransientRefusal(outcome.status_code)) {
        return CrmFailure{CrmFailure::Kind::kTransient,
                          "Salesforce could not update a Contact now (" + outcome.message + ")", 503, std::nullopt};
      }
      result.refused.push_back("Contact " + SalesforceText(chunk[i].as_object(), "id") + ": " + outcome.message);
    }
  }
  return {};
}

}  // namespace bb::jobs
