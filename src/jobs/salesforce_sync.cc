#include "jobs/salesforce_sync.h"

#include <charconv>
#include <map>
#include <set>

#include "common/time_format.h"
#include "domain/contact.h"
#include "domain/referral_stage.h"
#include "jobs/salesforce_accounts.h"
#include "jobs/salesforce_records.h"

namespace bb::jobs {

namespace json = boost::json;
using integrations::CrmFailure;
using Outcome = service::OutboundResult::Outcome;

namespace {

constexpr auto kOverlap = std::chrono::seconds(60);
// Records read per object and poll; the next poll goes on from the last one read.
constexpr std::size_t kReadCap = 10000;

// A new lead: the referee's details and the lead source as well. Salesforce requires LastName
// and Company; a referee without them gets the first name and their company's domain (never free
// email's such as gmail.com or privaterelay.appleid.com: a rep converting the lead would make an
// Account of it), else "(not given)".
json::object NewLead(const domain::Connector& connector, const service::OutboundReferral& item) {
  const domain::Referee& referee = item.referral.referee;
  json::object lead = SalesforceOwnFields(item);
  lead[kSalesforceReferralIdField] = item.referral.id;
  lead["LastName"] = referee.last_name.empty() ? referee.first_name : referee.last_name;
  if (!referee.last_name.empty() && !referee.first_name.empty()) lead["FirstName"] = referee.first_name;
  std::string company = referee.company;
  if (company.empty()) company = domain::CompanyDomain(referee.email, referee.email_domain);
  if (company.empty()) company = "(not given)";
  lead["Company"] = company;
  lead["Email"] = referee.email;
  if (!referee.phone.empty()) lead["Phone"] = referee.phone;
  if (!referee.title.empty()) lead["Title"] = referee.title;
  if (!connector.lead_source.empty()) lead["LeadSource"] = connector.lead_source;
  if (!connector.lead_status.empty()) lead["Status"] = connector.lead_status;
  return lead;
}

// The amount as decimal text (shortest form that reads back as the same double), or nullopt.
std::optional<std::string> AmountText(const json::object& record) {
  const json::value* value = record.if_contains("Amount");
  if (value == nullptr || !value->is_number()) return std::nullopt;
  double amount = value->to_number<double>();
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, amount, std::chars_format::fixed);
  if (ec != std::errc()) return std::nullopt;
  return std::string(buffer, end);
}

// A link for a refused duplicate: the one existing Lead (not converted) or else Contact with the
// referee's email. Sets `object` and `id`; false with `why` when there is none or several.
bool FindExisting(integrations::SalesforceClient& client, const std::string& email, std::string& object,
                  std::string& id, std::string& why, CrmFailure& failure) {
  for (std::string candidate : {"Lead", "Contact"}) {
    json::array records;
    std::string soql = "SELECT Id FROM " + candidate + " WHERE Email = " + integrations::SoqlQuote(email) +
                       (candidate == "Lead" ? " AND IsConverted = false" : "") + " LIMIT 2";
    failure = client.Query(soql, records);
    if (!failure.ok()) return false;
    if (records.size() > 1) {
      why = "a duplicate rule refused the lead and " + candidate + "s of that email are several: link one by hand";
      return false;
    }
    if (records.size() == 1 && records[0].is_object()) {
      object = candidate;
      id = SalesforceText(records[0].as_object(), "Id");
      return !id.empty();
    }
  }
  why = "a duplicate rule refused the lead, and no Lead or Contact has the referee's email";
  return false;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& SalesforceLeadFields() {
  static const std::vector<std::pair<std::string, std::string>> fields = {
      {"Bluebird_Referral_Id__c", "the referral's id (Text 64, External ID, Unique)"},
      {"Bluebird_Advocate_Name__c", "the advocate's name (Text 255)"},
      {"Bluebird_Advocate_Email__c", "the advocate's email (Email)"},
      {"Bluebird_Referral_Url__c", "the referral in Bluebird's console (URL)"},
      {"Bluebird_Program__c", "the program's name (Text 255)"},
      {"Bluebird_Channel__c", "the channel the referral came through (Text 255)"},
  };
  return fields;
}

const std::vector<std::pair<std::string, std::string>>& SalesforceScoreFields() {
  static const std::vector<std::pair<std::string, std::string>> fields = {
      {std::string(kSalesforceScoreField), "the referral's lead score in whole points (Number 18, 0)"},
      {std::string(kSalesforceGradeField), "the lead score's grade, A1 to C3 (Text 2)"},
  };
  return fields;
}

std::vector<service::OutboundResult> SendToSalesforce(integrations::SalesforceClient& client,
                                                      const domain::Connector& connector,
                                                      const std::vector<service::OutboundReferral>& batch,
                                                      CrmFailure& failure) {
  std::vector<service::OutboundResult> results(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    results[i].referral_id = batch[i].referral.id;
    results[i].version = batch[i].record.version;
    results[i].score = batch[i].score;
  }
  json::array records;
  std::vector<std::size_t> upserted;  // the batch's items sent as leads, in the order of `records`
  std::vector<std::size_t> unsent;    // the batch's items not yet in the CRM
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const service::OutboundReferral& item = batch[i];
    // A referral linked to a Contact (a duplicate rule's match), to an Opportunity (on a customer's
    // Account) or to a lead since converted is updated where it is now: Bluebird's own fields on
    // the Contact or the Opportunity.
    const store::CrmRecord& linked = item.record;
    bool converted = linked.crm_object == "Lead" && !linked.crm_deal_id.empty();
    if (linked.crm_object == "Contact" || linked.crm_object == "Opportunity" || converted) {
      std::string object = linked.crm_object == "Contact" ? "Contact" : "Opportunity";
      const std::string& id = converted ? linked.crm_deal_id : linked.crm_id;
      failure = client.Update(object, id, SalesforceOwnFields(item));
      service::OutboundResult& updated = results[i];
      if (failure.ok()) {
        updated.outcome = Outcome::kSynced;
        updated.crm_object = linked.crm_object;
        updated.crm_id = linked.crm_id;
        continue;
      }
      updated.message = "updating the " + object + " " + id + " failed: " + failure.message;
      if (failure.kind != CrmFailure::Kind::kRefused) {
        for (std::size_t rest = i + 1; rest < batch.size(); ++rest) results[rest].message = failure.message;
        return results;  // this one and the rest are retries
      }
      updated.outcome = Outcome::kFailed;
      failure = {};
      continue;
    }
    if (linked.crm_id.empty()) {
      unsent.push_back(i);
      continue;
    }
    json::object record = SalesforceOwnFields(item);
    record[kSalesforceReferralIdField] = item.referral.id;
    records.push_back(std::move(record));
    upserted.push_back(i);
  }
  // A referral not yet in the CRM whose company is already a customer becomes an Opportunity on
  // its Account; the others become Leads.
  std::map<std::size_t, std::string> notes;  // why a referral goes as a Lead, for the log
  if (!unsent.empty()) {
    auto retry_unsent = [&](const CrmFailure& why, const std::string& step) {
      for (std::size_t i : unsent) {
        if (results[i].outcome != Outcome::kRetry || !results[i].message.empty()) continue;
        results[i].message = step + why.message;
        results[i].retry_after = why.retry_after;
      }
      for (std::size_t i : upserted) {
        results[i].message = why.message;
        results[i].retry_after = why.retry_after;
      }
      failure = why;
      return results;
    };
    // A Lead an earlier attempt created (its answer lost) keeps the referral where it landed.
    std::vector<std::string> unsent_ids;
    for (std::size_t i : unsent) unsent_ids.push_back(batch[i].referral.id);
    std::map<std::string, json::object> leads;
    if (CrmFailure read = FindByReferralIds(client, "Lead", "", unsent_ids, leads); !read.ok()) {
      return retry_unsent(read, "looking for the referral's Lead failed: ");
    }
    std::vector<std::size_t> to_match;
    for (std::size_t i : unsent) {
      if (!leads.contains(batch[i].referral.id)) to_match.push_back(i);
    }
    std::map<std::size_t, AccountMatch> matches;
    if (CrmFailure matched = MatchAccounts(client, batch, to_match, matches, notes); !matched.ok()) {
      if (matched.kind != CrmFailure::Kind::kRefused)
        return retry_unsent(matched, "matching the referee's company failed: ");
      // The org does not let Bluebird look (no Read on Account or Contact): Leads, as before the
      // Account path existed, and the log says why.
      for (std::size_t i : to_match) {
        notes[i] = "Bluebird could not look for the referee's company (" + matched.message +
                   "): sent as a Lead; Test connection names what the integration user lacks";
      }
      matches.clear();
    }
    std::map<std::size_t, std::string> to_lead;
    if (CrmFailure sent = SendAsOpportunities(client, connector, batch, matches, results, to_lead); !sent.ok()) {
      return retry_unsent(sent, "");
    }
    for (auto& [i, why] : to_lead) notes[i] = std::move(why);
    for (std::size_t i : unsent) {
      if (matches.contains(i) && !to_lead.contains(i)) continue;
      bool exists = leads.contains(batch[i].referral.id);
      json::object record = exists ? SalesforceOwnFields(batch[i]) : NewLead(connector, batch[i]);
      record[kSalesforceReferralIdField] = batch[i].referral.id;
      records.push_back(std::move(record));
      upserted.push_back(i);
    }
  }
  if (upserted.empty()) return results;
  std::vector<integrations::UpsertOutcome> outcomes;
  // `failure` may hold an Opportunity refusal already: a whole-request failure here replaces it.
  if (CrmFailure sent = client.Upsert("Lead", kSalesforceReferralIdField, records, outcomes); !sent.ok()) {
    for (std::size_t i : upserted) {
      results[i].message = sent.message;
      results[i].retry_after = sent.retry_after;
    }
    failure = sent;
    return results;
  }
  for (std::size_t k = 0; k < upserted.size(); ++k) {
    const std::size_t i = upserted[k];
    const integrations::UpsertOutcome& outcome = outcomes[k];
    service::OutboundResult& result = results[i];
    if (outcome.success) {
      result.outcome = Outcome::kSynced;
      result.crm_object = "Lead";
      result.crm_id = outcome.id;
      if (auto note = notes.find(i); note != notes.end()) result.message = note->second;
      continue;
    }
    if (outcome.status_code != "DUPLICATES_DETECTED") {
      // A configuration refusal stays pending: the connector stops until an admin fixes the org.
      SettleRefusedRecord("Lead", outcome, result, failure);
      continue;
    }
    // The org's duplicate rule found the referee already there: link that record (Bluebird's own
    // fields only), never create another.
    std::string object, id, why;
    CrmFailure lookup;
    if (!FindExisting(client, batch[i].referral.referee.email, object, id, why, lookup)) {
      if (!lookup.ok()) {
        result.message = "matching the duplicate failed: " + lookup.message;
      } else {
        result.outcome = Outcome::kFailed;
        result.message = why;
      }
      continue;
    }
    json::object own = SalesforceOwnFields(batch[i]);
    if (object == "Lead") own[kSalesforceReferralIdField] = batch[i].referral.id;
    CrmFailure update = client.Update(object, id, own);
    if (!update.ok()) {
      result.message = "linking the existing " + object + " " + id + " failed: " + update.message;
      if (update.kind == CrmFailure::Kind::kRefused) result.outcome = Outcome::kFailed;
      continue;
    }
    result.outcome = Outcome::kSynced;
    result.crm_object = object;
    result.crm_id = id;
    result.message = "a duplicate rule matched the existing " + object + " " + id + ": linked to it, nothing created";
  }
  return results;
}

CrmFailure ReadSalesforceChanges(integrations::SalesforceClient& client, const domain::Connector& connector,
                                 std::vector<service::InboundChange>& changes, std::string& cursor) {
  changes.clear();
  std::optional<Timestamp> since =
      connector.cursor.empty() ? std::optional<Timestamp>(connector.created_at) : ParseTimestamp(connector.cursor);
  std::string from = integrations::SoqlDateTime((since ? *since : connector.created_at) - kOverlap);
  cursor = connector.cursor;
  std::optional<Timestamp> latest = since;
  std::optional<Timestamp> last_read;  // of the query being read
  auto note_stamp = [&](const std::string& stamp) {
    std::string normal = stamp;
    if (normal.ends_with("+0000")) normal = normal.substr(0, normal.size() - 5) + "Z";
    std::optional<Timestamp> at = ParseTimestamp(normal);
    if (at) last_read = at;
    if (at && (!latest || *at > *latest)) {
      latest = at;
      cursor = FormatTimestamp(*at);
    }
  };
  // A query that read its cap stops the cursor at its last record: the next poll starts there
  // (without the overlap, which would read the same capped window again).
  std::optional<Timestamp> capped;
  auto note_cap = [&](std::size_t read) {
    if (read < kReadCap || !last_read) return;
    if (!capped || *last_read < *capped) capped = last_read;
  };
  json::array leads;
  CrmFailure failure = client.Query(
      "SELECT Id, Status, IsConverted, ConvertedOpportunityId, SystemModstamp, Bluebird_Referral_Id__c FROM Lead "
      "WHERE Bluebird_Referral_Id__c != null AND SystemModstamp >= " +
          from + " ORDER BY SystemModstamp, Id LIMIT " + std::to_string(kReadCap),
      leads);
  if (!failure.ok()) return failure;
  for (const auto& value : leads) {
    if (!value.is_object()) continue;
    const json::object& lead = value.as_object();
    service::InboundChange change;
    change.referral_id = SalesforceText(lead, kSalesforceReferralIdField);
    change.crm_object = "Lead";
    change.crm_id = SalesforceText(lead, "Id");
    change.modstamp = SalesforceText(lead, "SystemModstamp");
    change.state.stage = SalesforceText(lead, "Status");
    change.state.converted = SalesforceFlag(lead, "IsConverted");
    change.converted_deal_id = SalesforceText(lead, "ConvertedOpportunityId");
    note_stamp(change.modstamp);
    if (change.state.converted && !change.converted_deal_id.empty()) {
      // Tag the opportunity with the referral (our own field), so that its stage is read back even
      // where Map Lead Fields was not set up; a lead-mapped value is the same one.
      CrmFailure tagged = client.Update("Opportunity", change.converted_deal_id,
                                        json::object{{kSalesforceReferralIdField, change.referral_id}});
      if (!tagged.ok() && tagged.kind != CrmFailure::Kind::kRefused) return tagged;
    }
    changes.push_back(std::move(change));
  }
  note_cap(leads.size());
  last_read.reset();
  json::array opportunities;
  failure = client.Query(
      "SELECT Id, StageName, IsWon, IsClosed, Amount, SystemModstamp, Bluebird_Referral_Id__c FROM Opportunity "
      "WHERE Bluebird_Referral_Id__c != null AND SystemModstamp >= " +
          from + " ORDER BY SystemModstamp, Id LIMIT " + std::to_string(kReadCap),
      opportunities);
  if (!failure.ok()) return failure;
  for (const auto& value : opportunities) {
    if (!value.is_object()) continue;
    const json::object& opportunity = value.as_object();
    service::InboundChange change;
    change.referral_id = SalesforceText(opportunity, kSalesforceReferralIdField);
    change.crm_object = "Opportunity";
    change.crm_id = SalesforceText(opportunity, "Id");
    change.modstamp = SalesforceText(opportunity, "SystemModstamp");
    change.state.stage = SalesforceText(opportunity, "StageName");
    change.state.won = SalesforceFlag(opportunity, "IsWon");
    change.state.closed = SalesforceFlag(opportunity, "IsClosed");
    change.amount = AmountText(opportunity);
    note_stamp(change.modstamp);
    changes.push_back(std::move(change));
  }
  note_cap(opportunities.size());
  if (capped) cursor = FormatTimestamp(*capped + kOverlap);
  return {};
}

service::ConnectionCheck CheckSalesforce(integrations::SalesforceClient& client, const domain::Connector& connector) {
  service::ConnectionCheck check;
  CrmFailure failure = client.SignIn();
  if (!failure.ok()) {
    check.problems.push_back("sign-in: " + failure.message);
    return check;
  }
  // What each Opportunity stage means (closed, won) is OpportunityStage's, not the picklist's. When
  // it cannot be read the stages are listed without it, and the problem is said.
  std::map<std::string, std::pair<bool, bool>> stage_meaning;  // ApiName -> (closed, won)
  json::array stage_rows;
  if (CrmFailure read = client.Query("SELECT ApiName, IsClosed, IsWon FROM OpportunityStage", stage_rows); read.ok()) {
    for (const auto& row : stage_rows) {
      if (row.is_object()) {
        stage_meaning[SalesforceText(row.as_object(), "ApiName")] = {SalesforceFlag(row.as_object(), "IsClosed"),
                                                                     SalesforceFlag(row.as_object(), "IsWon")};
      }
    }
  } else {
    check.problems.push_back("OpportunityStage (which stages are closed and won): " + read.message);
  }
  std::set<std::string> stage_values;
  for (std::string object : {"Lead", "Contact", "Account", "Opportunity"}) {
    json::object description;
    failure = client.Describe(object, description);
    if (!failure.ok()) {
      check.problems.push_back(object + ": " + failure.message);
      continue;
    }
    std::map<std::string, const json::object*> fields;
    if (const json::value* list = description.if_contains("fields"); list != nullptr && list->is_array()) {
      for (const auto& f : list->as_array()) {
        if (f.is_object()) fields[SalesforceText(f.as_object(), "name")] = &f.as_object();
      }
    }
    auto require = [&](const std::string& name, bool writable) {
      auto it = fields.find(name);
      if (it == fields.end()) {
        check.problems.push_back(object + "." + name + " is missing (or the integration user cannot see it)");
        return static_cast<const json::object*>(nullptr);
      }
      if (writable && !SalesforceFlag(*it->second, "createable") && !SalesforceFlag(*it->second, "updateable")) {
        check.problems.push_back(object + "." + name + " is read-only for the integration user");
      }
      return it->second;
    };
    if (object == "Account") {
      require("Website", false);  // matched against referees' email domains
      continue;
    }
    if (const json::object* id = require(std::string(kSalesforceReferralIdField), true)) {
      if (!SalesforceFlag(*id, "externalId") || !SalesforceFlag(*id, "unique")) {
        check.problems.push_back(object + "." + std::string(kSalesforceReferralIdField) +
                                 " must be an External ID and Unique (upserts match on it)");
      }
    }
    for (const auto& [name, what] : SalesforceLeadFields()) {
      if (name != kSalesforceReferralIdField) require(name, true);
    }
    if (connector.sync_scores) {
      for (const auto& [name, what] : SalesforceScoreFields()) require(name, true);
    }
    // What a referral into a customer's Account writes: a Contact on it, an Opportunity for it.
    if (object == "Contact") {
      for (std::string name : {"LastName", "Email", "AccountId"}) require(name, true);
      if (connector.sync_advocates) {
        for (std::string name : {"Bluebird_Advocate__c", "Bluebird_Advocate_Code__c", "Bluebird_Referral_Count__c"}) {
          require(name, true);
        }
      }
      continue;
    }
    if (object == "Opportunity") {
      for (std::string name : {"Name", "CloseDate", "AccountId", "ContactId"}) require(name, true);
    }
    std::string picklist = object == "Lead" ? "Status" : "StageName";
    if (object == "Lead") {
      if (const json::object* source = require("LeadSource", true);
          source != nullptr && !connector.lead_source.empty()) {
        bool found = false;
        if (const json::value* values = source->if_contains("picklistValues");
            values != nullptr && values->is_array()) {
          for (const auto& v : values->as_array())
            found = found || (v.is_object() && SalesforceText(v.as_object(), "value") == connector.lead_source);
        }
        if (!found) check.problems.push_back("Lead.LeadSource has no value \"" + connector.lead_source + "\"");
      }
    }
    if (const json::object* stages = require(picklist, false)) {
      if (const json::value* values = stages->if_contains("picklistValues"); values != nullptr && values->is_array()) {
        for (const auto& v : values->as_array()) {
          if (!v.is_object() || (v.as_object().if_contains("active") && !SalesforceFlag(v.as_object(), "active")))
            continue;
          service::CrmStageOption option;
          option.object = object + "." + picklist;
          option.id = SalesforceText(v.as_object(), "value");
          option.label = SalesforceText(v.as_object(), "label");
          if (auto meaning = stage_meaning.find(option.id); object == "Opportunity" && meaning != stage_meaning.end()) {
            option.closed = meaning->second.first;
            option.won = meaning->second.second;
          }
          stage_values.insert(option.id);
          check.stages.push_back(std::move(option));
        }
      }
    }
  }
  if (!connector.lead_status.empty() && !stage_values.contains(connector.lead_status)) {
    check.problems.push_back("Lead.Status has no value \"" + connector.lead_status + "\"");
  }
  for (const auto& [crm_stage, stage] : connector.stage_map) {
    if (!stage_values.contains(crm_stage)) {
      check.problems.push_back("stage_map names \"" + crm_stage +
                               "\", which is neither an Opportunity StageName nor a Lead Status value");
    }
  }
  check.api_usage = client.api_usage();
  check.ok = check.problems.empty();
  return check;
}

}  // namespace bb::jobs
