#include "jobs/hubspot_sync.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "common/time_format.h"
#include "domain/contact.h"

namespace bb::jobs {

namespace json = boost::json;
using integrations::CrmFailure;
using integrations::HubspotWriteOutcome;
using Outcome = service::OutboundResult::Outcome;

namespace {

constexpr std::string_view kReferralIdProperty = "bluebird_referral_id";
// The lead score's properties (a connector's sync_scores), on the contact and the deal.
constexpr std::string_view kScoreProperty = "bluebird_lead_score";
constexpr std::string_view kGradeProperty = "bluebird_lead_grade";
constexpr auto kOverlap = std::chrono::seconds(60);
constexpr int kSearchPage = 100;
constexpr int kSearchCap = 9900;  // HubSpot's search stops at 10,000 results

std::string Text(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

const json::object& PropertiesOf(const json::value& record) {
  static const json::object kNone;
  const json::object* object = record.if_object();
  if (object == nullptr) return kNone;
  const json::value* properties = object->if_contains("properties");
  return properties != nullptr && properties->is_object() ? properties->as_object() : kNone;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Sets `name` only to a non-empty value: an empty string clears a property in HubSpot.
void Put(json::object& properties, std::string_view name, const std::string& value) {
  if (!value.empty()) properties[name] = value;
}

// Bluebird's own properties, the same on the contact and the deal.
json::object OwnProperties(const service::OutboundReferral& item) {
  json::object properties;
  properties[kReferralIdProperty] = item.referral.id;
  Put(properties, "bluebird_advocate_name", item.advocate.FullName());
  Put(properties, "bluebird_advocate_email", item.advocate.email);
  Put(properties, "bluebird_referral_url", item.referral_url);
  Put(properties, "bluebird_program", item.program.name);
  Put(properties, "bluebird_channel", item.referral.channel);
  if (item.score) {
    properties[kScoreProperty] = std::to_string(item.score->points);
    Put(properties, kGradeProperty, item.score->grade);
  }
  return properties;
}

// The pipeline and stage a new deal starts in: the first open stage (by display order) of the
// pipeline "default", or of the first pipeline when there is no "default".
struct FirstStage {
  std::string pipeline;
  std::string stage;
};

std::optional<FirstStage> FirstOpenStage(const json::array& pipelines) {
  const json::object* chosen = nullptr;
  for (const auto& value : pipelines) {
    const json::object* pipeline = value.if_object();
    if (pipeline == nullptr) continue;
    if (Text(*pipeline, "id") == "default") {
      chosen = pipeline;
      break;
    }
    if (chosen == nullptr) chosen = pipeline;
  }
  if (chosen == nullptr) return std::nullopt;
  const json::value* stages = chosen->if_contains("stages");
  if (stages == nullptr || !stages->is_array()) return std::nullopt;
  const json::object* first = nullptr;
  std::int64_t first_order = 0;
  for (const auto& value : stages->as_array()) {
    const json::object* stage = value.if_object();
    if (stage == nullptr) continue;
    const json::value* archived = stage->if_contains("archived");
    if (archived != nullptr && archived->is_bool() && archived->as_bool()) continue;
    const json::value* metadata = stage->if_contains("metadata");
    if (metadata != nullptr && metadata->is_object() && Text(metadata->as_object(), "isClosed") == "true") continue;
    std::int64_t order = 0;
    if (const json::value* o = stage->if_contains("displayOrder"); o != nullptr && o->is_int64()) order = o->as_int64();
    if (first == nullptr || order < first_order) {
      first = stage;
      first_order = order;
    }
  }
  if (first == nullptr) return std::nullopt;
  return FirstStage{Text(*chosen, "id"), Text(*first, "id")};
}

// Applies one write's outcome to a referral's result; false when the referral goes no further.
bool Settle(const HubspotWriteOutcome& outcome, std::string_view what, service::OutboundResult& result,
            CrmFailure& failure) {
  if (outcome.success) return true;
  result.message = "HubSpot refused the " + std::string(what) + ": " +
                   (outcome.category.empty() ? "" : outcome.category + ": ") + outcome.message;
  if (IsConfigurationRefusal(outcome)) {
    failure = CrmFailure{CrmFailure::Kind::kRefused,
                         result.message +
                             " (run the connection test, which creates Bluebird's properties, or create "
                             "them as docs/integrations.md says; then save the connector)",
                         400, std::nullopt};
  } else if (!IsTransientHubspotCategory(outcome.category)) {
    result.outcome = Outcome::kFailed;
  }
  return false;
}

}  // namespace

bool IsTransientHubspotCategory(std::string_view category) {
  return category == "RATE_LIMITS" || category == "INTERNAL_ERROR" || category == "TIMEOUT" ||
         category == "SERVICE_UNAVAILABLE";
}

bool IsConfigurationRefusal(const integrations::HubspotWriteOutcome& outcome) {
  return outcome.category == "VALIDATION_ERROR" && outcome.message.find("does not exist") != std::string::npos;
}

const std::vector<HubspotProperty>& HubspotProperties() {
  static const std::vector<HubspotProperty> properties = [] {
    std::vector<HubspotProperty> out;
    const std::vector<std::pair<std::string, std::string>> shared = {
        {"bluebird_referral_id", "the referral's id (single-line text; unique on deals)"},
        {"bluebird_advocate_name", "the advocate's name (single-line text)"},
        {"bluebird_advocate_email", "the advocate's email (single-line text)"},
        {"bluebird_referral_url", "the referral in Bluebird's console (single-line text)"},
        {"bluebird_program", "the program's name (single-line text)"},
        {"bluebird_channel", "the channel the referral came through (single-line text)"},
    };
    for (const std::string object : {"contacts", "deals"}) {
      for (const auto& [name, what] : shared) out.push_back({object, name, what});
      out.push_back({object, std::string(kScoreProperty), "the referral's lead score in whole points (number)",
                     "number", "number", false, true});
      out.push_back({object, std::string(kGradeProperty), "the lead score's grade, A1 to C3 (single-line text)",
                     "string", "text", false, true});
    }
    out.push_back({"contacts", "bluebird_advocate", "whether the contact is an advocate (single checkbox)", "bool",
                   "booleancheckbox", true});
    out.push_back({"contacts", "bluebird_advocate_code", "the advocate's referral code (single-line text)", "string",
                   "text", true});
    out.push_back(
        {"contacts", "bluebird_referral_count", "the advocate's clear referrals (number)", "number", "number", true});
    return out;
  }();
  return properties;
}

std::vector<service::OutboundResult> SendToHubspot(integrations::HubspotClient& client,
                                                   const std::vector<service::OutboundReferral>& batch,
                                                   CrmFailure& failure) {
  failure = {};
  std::vector<service::OutboundResult> results(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    results[i].referral_id = batch[i].referral.id;
    results[i].version = batch[i].record.version;
    results[i].score = batch[i].score;
  }
  auto fail_all = [&](const CrmFailure& why) {
    failure = why;
    for (auto& result : results) {
      if (result.outcome != Outcome::kRetry || !result.message.empty()) continue;
      result.message = why.message;
      result.retry_after = why.retry_after;
    }
    return results;
  };

  // 1. The contacts, one per email (the latest referral of the batch speaks for it).
  std::map<std::string, std::size_t> by_email;  // lower-case email -> the batch's last referral
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch[i].referral.referee.email.empty()) {
      results[i].outcome = Outcome::kFailed;
      results[i].message = "the referral has no email: HubSpot contacts are matched on it";
      continue;
    }
    by_email[Lower(batch[i].referral.referee.email)] = i;
  }
  std::vector<std::string> emails;
  for (const auto& [email, index] : by_email) emails.push_back(email);
  json::array existing;
  if (CrmFailure read = client.BatchRead("contacts", "email", emails, {"email"}, existing); !read.ok()) {
    return fail_all(read);
  }
  std::set<std::string> known;
  for (const auto& record : existing) known.insert(Lower(Text(PropertiesOf(record), "email")));
  json::array contact_inputs;
  std::vector<std::string> contact_emails;
  for (const auto& [email, index] : by_email) {
    const service::OutboundReferral& item = batch[index];
    const domain::Referee& referee = item.referral.referee;
    json::object properties = OwnProperties(item);
    properties["email"] = referee.email;
    if (!known.contains(email)) {
      Put(properties, "firstname", referee.first_name);
      Put(properties, "lastname", referee.last_name);
      Put(properties, "company", referee.company);
      Put(properties, "phone", referee.phone);
      Put(properties, "jobtitle", referee.title);
    }
    contact_inputs.push_back(
        json::object{{"idProperty", "email"}, {"id", referee.email}, {"properties", std::move(properties)}});
    contact_emails.push_back(email);
  }
  std::vector<HubspotWriteOutcome> contact_outcomes;
  if (CrmFailure wrote = client.BatchUpsert("contacts", contact_inputs, contact_outcomes); !wrote.ok()) {
    return fail_all(wrote);
  }
  std::map<std::string, const HubspotWriteOutcome*> contact_of;  // lower-case email -> outcome
  for (std::size_t i = 0; i < contact_emails.size(); ++i) contact_of[contact_emails[i]] = &contact_outcomes[i];

  // 2. The companies, matched by the referees' email domains (never created).
  std::set<std::string> domains;
  for (const auto& item : batch) {
    const std::string domain_name =
        domain::CompanyDomain(item.referral.referee.email, item.referral.referee.email_domain);
    if (!domain_name.empty()) domains.insert(domain_name);
  }
  std::map<std::string, std::string> company_of;  // domain -> company id (the oldest when several)
  if (!domains.empty()) {
    json::array values;
    for (const auto& d : domains) values.emplace_back(d);
    json::object body{
        {"filterGroups", json::array{json::object{
                             {"filters", json::array{json::object{
                                             {"propertyName", "domain"}, {"operator", "IN"}, {"values", values}}}}}}},
        {"properties", json::array{"domain"}},
        {"limit", kSearchPage}};
    std::string after;
    json::array companies;
    if (CrmFailure found = client.Search("companies", body, after, companies); !found.ok()) return fail_all(found);
    for (const auto& company : companies) {
      std::string domain_name = Lower(Text(PropertiesOf(company), "domain"));
      std::string id = company.is_object() ? Text(company.as_object(), "id") : "";
      if (!domain_name.empty() && !id.empty() && !company_of.contains(domain_name)) company_of[domain_name] = id;
    }
  }

  // 3. The deals: new ones named and staged, existing ones (a rep's) only Bluebird's properties.
  std::vector<std::size_t> deal_items;
  std::vector<std::string> unknown_deals;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (results[i].outcome == Outcome::kFailed) continue;
    const HubspotWriteOutcome* contact = contact_of[Lower(batch[i].referral.referee.email)];
    if (contact == nullptr || !Settle(*contact, "contact", results[i], failure)) continue;
    deal_items.push_back(i);
    if (batch[i].record.crm_id.empty()) unknown_deals.push_back(batch[i].referral.id);
  }
  if (!failure.ok()) return fail_all(failure);
  if (deal_items.empty()) return results;
  json::array found_deals;
  if (CrmFailure read = client.BatchRead("deals", kReferralIdProperty, unknown_deals,
                                         {std::string(kReferralIdProperty)}, found_deals);
      !read.ok()) {
    return fail_all(read);
  }
  std::set<std::string> deal_exists;
  for (const auto& deal : found_deals) deal_exists.insert(Text(PropertiesOf(deal), kReferralIdProperty));
  std::optional<FirstStage> first_stage;
  json::array deal_inputs;
  for (std::size_t i : deal_items) {
    const service::OutboundReferral& item = batch[i];
    json::object properties = OwnProperties(item);
    bool creating = item.record.crm_id.empty() && !deal_exists.contains(item.referral.id);
    if (creating) {
      if (!first_stage) {
        json::array pipelines;
        if (CrmFailure read = client.DealPipelines(pipelines); !read.ok()) return fail_all(read);
        first_stage = FirstOpenStage(pipelines);
        if (!first_stage) {
          return fail_all(CrmFailure{CrmFailure::Kind::kRefused,
                                     "HubSpot has no deal pipeline with an open stage to put new deals in", 0,
                                     std::nullopt});
        }
      }
      const domain::Referee& referee = item.referral.referee;
      std::string who = !referee.company.empty() ? referee.company
                        : referee.first_name.empty() && referee.last_name.empty()
                            ? referee.email
                            : referee.first_name + (referee.last_name.empty() ? "" : " " + referee.last_name);
      properties["dealname"] = who + " (referred by " + item.advocate.FullName() + ")";
      properties["pipeline"] = first_stage->pipeline;
      properties["dealstage"] = first_stage->stage;
    }
    deal_inputs.push_back(json::object{
        {"idProperty", kReferralIdProperty}, {"id", item.referral.id}, {"properties", std::move(properties)}});
  }
  std::vector<HubspotWriteOutcome> deal_outcomes;
  if (CrmFailure wrote = client.BatchUpsert("deals", deal_inputs, deal_outcomes); !wrote.ok()) return fail_all(wrote);

  // 4. New deals are associated with their contact and company.
  std::vector<std::pair<std::string, std::string>> to_contacts, to_companies;
  for (std::size_t k = 0; k < deal_items.size(); ++k) {
    std::size_t i = deal_items[k];
    service::OutboundResult& result = results[i];
    if (!Settle(deal_outcomes[k], "deal", result, failure)) continue;
    const service::OutboundReferral& item = batch[i];
    result.outcome = Outcome::kSynced;
    result.crm_object = "deal";
    result.crm_id = deal_outcomes[k].id;
    result.crm_contact_id = contact_of[Lower(item.referral.referee.email)]->id;
    auto company =
        company_of.find(domain::CompanyDomain(item.referral.referee.email, item.referral.referee.email_domain));
    if (company != company_of.end()) result.crm_account_id = company->second;
    bool linked = item.record.crm_id == result.crm_id && item.record.crm_contact_id == result.crm_contact_id;
    if (!linked) {
      to_contacts.emplace_back(result.crm_id, result.crm_contact_id);
      if (!result.crm_account_id.empty()) to_companies.emplace_back(result.crm_id, result.crm_account_id);
    }
    if (deal_outcomes[k].created) {
      result.message = "deal " + result.crm_id + " created" +
                       (result.crm_account_id.empty() ? "" : " for company " + result.crm_account_id);
    }
  }
  CrmFailure linked = client.Associate("deals", "contacts", to_contacts);
  if (linked.ok()) linked = client.Associate("deals", "companies", to_companies);
  if (!linked.ok()) {
    // The deals exist; their links are made again at the next send (they are not yet recorded).
    for (auto& result : results) {
      if (result.outcome != Outcome::kSynced) continue;
      result.outcome = Outcome::kRetry;
      result.message = "associating the deal failed: " + linked.message;
      result.retry_after = linked.retry_after;
    }
    failure = linked;
    return results;
  }
  if (!failure.ok()) return fail_all(failure);
  return results;
}

CrmFailure ReadHubspotChanges(integrations::HubspotClient& client, const domain::Connector& connector,
                              std::vector<service::InboundChange>& changes, std::string& cursor) {
  changes.clear();
  cursor = connector.cursor;
  std::optional<Timestamp> since =
      connector.cursor.empty() ? std::optional<Timestamp>(connector.created_at) : ParseTimestamp(connector.cursor);
  Timestamp from = (since ? *since : connector.created_at) - kOverlap;
  std::int64_t from_ms = std::chrono::duration_cast<std::chrono::milliseconds>(from.time_since_epoch()).count();
  json::object body{
      {"filterGroups",
       json::array{json::object{{"filters", json::array{json::object{{"propertyName", "hs_lastmodifieddate"},
                                                                     {"operator", "GTE"},
                                                                     {"value", std::to_string(from_ms)}},
                                                        json::object{{"propertyName", kReferralIdProperty},
                                                                     {"operator", "HAS_PROPERTY"}}}}}}},
      {"sorts", json::array{json::object{{"propertyName", "hs_lastmodifieddate"}, {"direction", "ASCENDING"}}}},
      {"properties", json::array{"dealstage", "pipeline", "amount", "hs_is_closed", "hs_is_closed_won",
                                 kReferralIdProperty, "hs_lastmodifieddate"}},
      {"limit", kSearchPage}};
  std::optional<Timestamp> latest = since;
  std::optional<Timestamp> last_read;
  std::string after;
  int read = 0;
  do {
    json::array deals;
    if (CrmFailure failure = client.Search("deals", body, after, deals); !failure.ok()) return failure;
    for (const auto& deal : deals) {
      const json::object& properties = PropertiesOf(deal);
      service::InboundChange change;
      change.referral_id = Text(properties, kReferralIdProperty);
      change.crm_object = "deal";
      change.crm_id = deal.is_object() ? Text(deal.as_object(), "id") : "";
      std::string stamp = Text(properties, "hs_lastmodifieddate");
      change.modstamp = "deal:" + stamp;
      change.state.stage = Text(properties, "dealstage");
      change.state.closed = Text(properties, "hs_is_closed") == "true";
      change.state.won = Text(properties, "hs_is_closed_won") == "true";
      if (std::string amount = Text(properties, "amount"); !amount.empty()) change.amount = amount;
      std::optional<Timestamp> at = ParseTimestamp(stamp);
      if (at) last_read = at;
      if (at && (!latest || *at > *latest)) {
        latest = at;
        cursor = FormatTimestamp(*at);
      }
      if (!change.referral_id.empty() && !change.crm_id.empty()) changes.push_back(std::move(change));
    }
    read += static_cast<int>(deals.size());
    if (deals.empty()) break;  // a page with nothing on it ends the read, whatever its paging says
  } while (!after.empty() && read < kSearchCap);
  // Stopped at the cap: the next poll starts at the last deal read (without the overlap, which
  // would read the same window again).
  if (read >= kSearchCap && last_read) cursor = FormatTimestamp(*last_read + kOverlap);
  return {};
}

std::vector<std::string> EnsureHubspotProperties(integrations::HubspotClient& client,
                                                 const domain::Connector& connector, CrmFailure& unreachable) {
  unreachable = {};
  std::vector<std::string> problems;
  for (const std::string object : {"contacts", "deals"}) {
    json::array listed;
    CrmFailure failure = client.Properties(object, listed);
    if (!failure.ok()) {
      problems.push_back(object == "contacts" ? "sign-in: " + failure.message : object + ": " + failure.message);
      if (failure.kind != CrmFailure::Kind::kRefused) {
        unreachable = failure;
        return problems;
      }
      continue;
    }
    auto find = [&](const json::array& properties, const std::string& name) -> const json::object* {
      for (const auto& p : properties) {
        if (p.is_object() && Text(p.as_object(), "name") == name) return &p.as_object();
      }
      return nullptr;
    };
    json::array missing;
    std::string names;
    for (const auto& property : HubspotProperties()) {
      if (property.object != object || (property.advocates && !connector.sync_advocates) ||
          (property.scores && !connector.sync_scores) || find(listed, property.name) != nullptr)
        continue;
      json::object spec{{"name", property.name},
                        {"label", "Bluebird " + property.name.substr(std::string_view("bluebird_").size())},
                        {"type", property.type},
                        {"fieldType", property.field_type},
                        {"groupName", "bluebird"},
                        {"description", property.what}};
      if (property.type == "bool") {
        spec["options"] = json::array{json::object{{"label", "Yes"}, {"value", "true"}, {"displayOrder", 0}},
                                      json::object{{"label", "No"}, {"value", "false"}, {"displayOrder", 1}}};
      }
      if (object == "deals" && property.name == kReferralIdProperty) spec["hasUniqueValue"] = true;
      missing.push_back(std::move(spec));
      names += (names.empty() ? "" : ", ") + property.name;
    }
    if (!missing.empty()) {
      failure = client.CreateProperties(object, "bluebird", "Bluebird", missing);
      if (!failure.ok()) {
        problems.push_back(object + ": the properties " + names + " are missing and could not be created (" +
                           failure.message + "): create them (docs/integrations.md) or give the key the crm.schemas." +
                           object + ".write scope");
        continue;
      }
      if (failure = client.Properties(object, listed); !failure.ok()) {
        problems.push_back(object + ": " + failure.message);
        continue;
      }
    }
    if (object == "deals") {
      const json::object* id = find(listed, std::string(kReferralIdProperty));
      const json::value* unique = id != nullptr ? id->if_contains("hasUniqueValue") : nullptr;
      if (id != nullptr && (unique == nullptr || !unique->is_bool() || !unique->as_bool())) {
        problems.push_back(
            "deals.bluebird_referral_id must have unique values (hasUniqueValue): deals are "
            "upserted on it");
      }
    }
  }
  return problems;
}

service::ConnectionCheck CheckHubspot(integrations::HubspotClient& client, const domain::Connector& connector) {
  service::ConnectionCheck check;
  CrmFailure unreachable;
  check.problems = EnsureHubspotProperties(client, connector, unreachable);
  if (unreachable.kind == CrmFailure::Kind::kCredentials) return check;
  json::array pipelines;
  if (CrmFailure failure = client.DealPipelines(pipelines); !failure.ok()) {
    check.problems.push_back("deal pipelines: " + failure.message);
  }
  std::set<std::string> stage_ids;
  for (const auto& value : pipelines) {
    const json::object* pipeline = value.if_object();
    const json::value* stages = pipeline != nullptr ? pipeline->if_contains("stages") : nullptr;
    if (stages == nullptr || !stages->is_array()) continue;
    for (const auto& s : stages->as_array()) {
      if (!s.is_object()) continue;
      const json::object& stage = s.as_object();
      service::CrmStageOption option;
      option.object = Text(*pipeline, "label");
      option.id = Text(stage, "id");
      option.label = Text(stage, "label");
      if (const json::value* metadata = stage.if_contains("metadata"); metadata != nullptr && metadata->is_object()) {
        option.closed = Text(metadata->as_object(), "isClosed") == "true";
        std::string probability = Text(metadata->as_object(), "probability");
        option.won = option.closed && (probability == "1.0" || probability == "1");
      }
      stage_ids.insert(option.id);
      check.stages.push_back(std::move(option));
    }
  }
  if (!pipelines.empty() && !FirstOpenStage(pipelines)) {
    check.problems.push_back("the default deal pipeline has no open stage to put new deals in");
  }
  for (const auto& [crm_stage, stage] : connector.stage_map) {
    if (!stage_ids.contains(crm_stage)) {
      check.problems.push_back("stage_map names \"" + crm_stage + "\", which is no deal stage id of any pipeline");
    }
  }
  check.ok = check.problems.empty();
  return check;
}

}  // namespace bb::jobs
