#include "jobs/hubspot_advocates.h"

#include <charconv>
#include <map>
#include <string>
#include <vector>

#include "domain/validation.h"
#include "jobs/hubspot_sync.h"

namespace bb::jobs {

namespace json = boost::json;
using integrations::CrmFailure;

namespace {

std::string PropertyOf(const json::object& record, std::string_view name) {
  const json::value* properties = record.if_contains("properties");
  if (properties == nullptr || !properties->is_object()) return "";
  const json::value* value = properties->as_object().if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// Whether a number property's text ("3", "3.0") is `count`.
bool IsCount(std::string_view text, std::int64_t count) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value == static_cast<double>(count);
}

bool ShowsAlready(const json::object& contact, const store::CrmAdvocate& person) {
  return PropertyOf(contact, "bluebird_advocate") == (person.active ? "true" : "false") &&
         PropertyOf(contact, "bluebird_advocate_code") == person.code &&
         IsCount(PropertyOf(contact, "bluebird_referral_count"), person.referral_count);
}

}  // namespace

CrmFailure SendAdvocatesToHubspot(integrations::HubspotClient& client, const service::AdvocateBatch& batch,
                                  service::AdvocateSyncResult& result) {
  result = {};
  std::vector<std::string> emails;
  for (const auto& person : batch.people) emails.push_back(person.email);
  json::array records;
  CrmFailure failure =
      client.BatchRead("contacts", "email", emails,
                       {"email", "bluebird_advocate", "bluebird_advocate_code", "bluebird_referral_count"}, records);
  if (!failure.ok()) return failure;
  std::map<std::string, const json::object*> contacts;  // lower-case email -> the contact
  for (const auto& value : records) {
    if (value.is_object())
      contacts[domain::NormalizeEmail(PropertyOf(value.as_object(), "email"))] = &value.as_object();
  }

  json::array updates;
  for (const auto& person : batch.people) {
    auto found = contacts.find(person.email);
    if (found == contacts.end()) {
      ++result.not_in_crm;
      continue;
    }
    if (ShowsAlready(*found->second, person)) {
      ++result.unchanged;
      continue;
    }
    const json::value* id = found->second->if_contains("id");
    if (id == nullptr || !id->is_string()) {
      result.refused.push_back("advocate " + person.position.advocate_id + ": HubSpot's answer gave the contact no id");
      continue;
    }
    updates.push_back(
        json::object{{"id", id->as_string()},
                     {"properties", json::object{{"bluebird_advocate", person.active ? "true" : "false"},
                                                 {"bluebird_advocate_code", person.code},
                                                 {"bluebird_referral_count", std::to_string(person.referral_count)}}}});
  }
  std::vector<integrations::HubspotWriteOutcome> outcomes;
  failure = client.BatchUpdate("contacts", updates, outcomes);
  if (!failure.ok()) return failure;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const integrations::HubspotWriteOutcome& outcome = outcomes[i];
    if (outcome.success) {
      ++result.updated;
      continue;
    }
    std::string why = (outcome.category.empty() ? "" : outcome.category + ": ") + outcome.message;
    if (IsConfigurationRefusal(outcome)) {
      return CrmFailure{CrmFailure::Kind::kRefused,
                        "HubSpot refused Bluebird's advocate properties on contacts (" + why +
                            "): run the connection test, which creates them, or turn off sync_advocates; then save "
                            "the connector",
                        400, std::nullopt};
    }
    if (IsTransientHubspotCategory(outcome.category)) {
      return CrmFailure{CrmFailure::Kind::kTransient, "HubSpot could not update a contact now (" + why + ")", 503,
                        std::nullopt};
    }
    result.refused.push_back("contact " + std::string(updates[i].as_object().at("id").as_string()) + ": " + why);
  }
  return {};
}

}  // namespace bb::jobs
