#include "jobs/salesforce_accounts.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <set>
#include <span>

#include "domain/analytics.h"
#include "domain/email_domains.h"
#include "domain/validation.h"
#include "jobs/salesforce_records.h"

namespace bb::jobs {

namespace json = boost::json;
using integrations::CrmFailure;
using Outcome = service::OutboundResult::Outcome;

namespace {

// The values one query lists (an IN list, an OR chain) take at most this many characters: the
// query goes in the URL of a GET, which Salesforce takes up to 16,384 bytes [C], and URL-encoding
// can make a character three.
constexpr std::size_t kListedCharacters = 4000;
// What listing a value adds beside the value itself: "'', " in an IN list, "Website LIKE '%%' OR ".
constexpr std::size_t kInListOverhead = 4;
constexpr std::size_t kLikeOverhead = 22;
// Salesforce's Opportunity.Name holds 120 characters.
constexpr std::size_t kOpportunityNameBytes = 120;
constexpr auto kCloseAfter = std::chrono::days(90);

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Runs `soql_of(chunk)` for each run of `values` whose listing (each value's length plus
// `overhead`) fits kListedCharacters (at least one value a run), every row to `row`.
template <typename Row>
CrmFailure QueryInChunks(integrations::SalesforceClient& client, const std::vector<std::string>& values,
                         std::size_t overhead, const std::function<std::string(std::span<const std::string>)>& soql_of,
                         Row&& row) {
  for (std::size_t start = 0, end = 0; start < values.size(); start = end) {
    std::size_t listed = values[start].size() + overhead;
    for (end = start + 1; end < values.size() && listed + values[end].size() + overhead <= kListedCharacters; ++end) {
      listed += values[end].size() + overhead;
    }
    std::span<const std::string> chunk(values.data() + start, end - start);
    json::array rows;
    if (CrmFailure failure = client.Query(soql_of(chunk), rows); !failure.ok()) return failure;
    for (const auto& value : rows) {
      if (value.is_object()) row(value.as_object(), chunk);
    }
  }
  return {};
}

std::string QuotedList(std::span<const std::string> values) {
  std::string list;
  for (const auto& value : values) list += (list.empty() ? "" : ", ") + integrations::SoqlQuote(value);
  return list;
}

// A new Contact for the referee on `account_id`: the referee's details, Bluebird's fields.
json::object NewContact(const domain::Connector& connector, const service::OutboundReferral& item,
                        const std::string& account_id) {
  const domain::Referee& referee = item.referral.referee;
  json::object contact = SalesforceOwnFields(item);
  contact[kSalesforceReferralIdField] = item.referral.id;
  contact["LastName"] = referee.last_name.empty() ? referee.first_name : referee.last_name;
  if (!referee.last_name.empty() && !referee.first_name.empty()) contact["FirstName"] = referee.first_name;
  contact["Email"] = referee.email;
  contact["AccountId"] = account_id;
  if (!referee.phone.empty()) contact["Phone"] = referee.phone;
  if (!referee.title.empty()) contact["Title"] = referee.title;
  if (!connector.lead_source.empty()) contact["LeadSource"] = connector.lead_source;
  return contact;
}

std::string OpportunityName(const service::OutboundReferral& item) {
  const domain::Referee& referee = item.referral.referee;
  std::string who = !referee.company.empty() ? referee.company
                    : referee.first_name.empty() && referee.last_name.empty()
                        ? referee.email
                        : referee.first_name + (referee.last_name.empty() ? "" : " " + referee.last_name);
  return domain::TruncateUtf8(who + " (referred by " + item.advocate.FullName() + ")", kOpportunityNameBytes);
}

}  // namespace

std::string WebsiteHost(std::string_view website) {
  std::string_view rest = website;
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find(':'));
  while (!rest.empty() && (rest.back() == '.' || std::isspace(static_cast<unsigned char>(rest.back())))) {
    rest.remove_suffix(1);
  }
  std::string host = Lower(rest);
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

bool HostIsInDomain(std::string_view host, std::string_view domain) {
  if (host.empty() || domain.empty()) return false;
  if (host == domain) return true;
  return host.size() > domain.size() && host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.';
}

CrmFailure MatchAccounts(integrations::SalesforceClient& client, const std::vector<service::OutboundReferral>& batch,
                         const std::vector<std::size_t>& unsent, std::map<std::size_t, AccountMatch>& matches,
                         std::map<std::size_t, std::string>& notes) {
  // 1. The referee as a Contact of an Account.
  std::set<std::string> email_set;
  for (std::size_t i : unsent) {
    if (!batch[i].referral.referee.email.empty()) email_set.insert(Lower(batch[i].referral.referee.email));
  }
  std::map<std::string, std::vector<AccountMatch>> contacts;  // lower-case email -> those on an Account
  CrmFailure failure = QueryInChunks(
      client, std::vector<std::string>(email_set.begin(), email_set.end()), kInListOverhead,
      [](std::span<const std::string> chunk) {
        return "SELECT Id, Email, AccountId FROM Contact WHERE Email IN (" + QuotedList(chunk) + ")";
      },
      [&](const json::object& row, std::span<const std::string>) {
        std::string account = SalesforceText(row, "AccountId");
        if (!account.empty())
          contacts[Lower(SalesforceText(row, "Email"))].push_back({account, SalesforceText(row, "Id")});
      });
  if (!failure.ok()) return failure;
  std::vector<std::size_t> by_domain;
  for (std::size_t i : unsent) {
    auto found = contacts.find(Lower(batch[i].referral.referee.email));
    if (found == contacts.end()) {
      by_domain.push_back(i);
    } else if (found->second.size() == 1) {
      matches[i] = found->second.front();
    } else {
      notes[i] = std::to_string(found->second.size()) +
                 " Contacts have the referee's email: sent as a Lead, for a rep to match to the right one";
    }
  }
  // 2. One Account whose website is the referee's company domain.
  std::set<std::string> domain_set;
  for (std::size_t i : by_domain) {
    std::string domain_name = Lower(batch[i].referral.referee.email_domain);
    // LIKE's wildcards and quotes never belong to a domain name; such a value is not looked up.
    if (!domain_name.empty() && !domain::IsFreeEmailDomain(domain_name) &&
        domain_name.find_first_of("%_\\'\"") == std::string::npos) {
      domain_set.insert(domain_name);
    }
  }
  std::map<std::string, std::set<std::string>> accounts_of;  // domain -> Account ids
  failure = QueryInChunks(
      client, std::vector<std::string>(domain_set.begin(), domain_set.end()), kLikeOverhead,
      [](std::span<const std::string> chunk) {
        std::string where;
        for (const auto& d : chunk) {
          where +=
              (where.empty() ? "" : " OR ") + std::string("Website LIKE ") + integrations::SoqlQuote("%" + d + "%");
        }
        return "SELECT Id, Website FROM Account WHERE " + where;
      },
      [&](const json::object& row, std::span<const std::string> chunk) {
        std::string host = WebsiteHost(SalesforceText(row, "Website"));
        for (const auto& d : chunk) {
          if (HostIsInDomain(host, d)) accounts_of[d].insert(SalesforceText(row, "Id"));
        }
      });
  if (!failure.ok()) return failure;
  for (std::size_t i : by_domain) {
    std::string domain_name = Lower(batch[i].referral.referee.email_domain);
    auto found = accounts_of.find(domain_name);
    if (found == accounts_of.end()) continue;
    if (found->second.size() == 1) {
      matches[i] = AccountMatch{*found->second.begin(), ""};
    } else {
      notes[i] = std::to_string(found->second.size()) + " Accounts have the website domain " + domain_name +
                 ": sent as a Lead, for a rep to convert into the right one";
    }
  }
  return {};
}

void SendAsOpportunities(integrations::SalesforceClient& client, const domain::Connector& connector,
                         const std::vector<service::OutboundReferral>& batch,
                         const std::map<std::size_t, AccountMatch>& matches,
                         std::vector<service::OutboundResult>& results, CrmFailure& failure) {
  if (matches.empty()) return;
  auto retry_all = [&](const CrmFailure& why, const std::string& step) {
    for (const auto& [i, match] : matches) {
      if (results[i].outcome != Outcome::kRetry) continue;
      results[i].message = step + ": " + why.message;
      results[i].retry_after = why.retry_after;
    }
    failure = why;
  };
  // 1. Opportunities an earlier attempt created (its answer lost): only Bluebird's fields on them.
  std::vector<std::string> referral_ids;
  for (const auto& [i, match] : matches) referral_ids.push_back(batch[i].referral.id);
  std::map<std::string, std::string> existing;  // referral id -> Opportunity id
  CrmFailure read = QueryInChunks(
      client, referral_ids, kInListOverhead,
      [](std::span<const std::string> chunk) {
        return "SELECT Id, " + std::string(kSalesforceReferralIdField) + " FROM Opportunity WHERE " +
               std::string(kSalesforceReferralIdField) + " IN (" + QuotedList(chunk) + ")";
      },
      [&](const json::object& row, std::span<const std::string>) {
        existing[SalesforceText(row, kSalesforceReferralIdField)] = SalesforceText(row, "Id");
      });
  if (!read.ok()) return retry_all(read, "looking for the referral's Opportunity failed");

  // 2. A Contact on the Account for a referee who has none.
  std::map<std::size_t, std::string> contact_of;
  json::array contacts;
  std::vector<std::size_t> contact_items;
  for (const auto& [i, match] : matches) {
    if (!match.contact_id.empty()) {
      contact_of[i] = match.contact_id;
    } else if (!existing.contains(batch[i].referral.id)) {
      contacts.push_back(NewContact(connector, batch[i], match.account_id));
      contact_items.push_back(i);
    }
  }
  if (!contacts.empty()) {
    std::vector<integrations::UpsertOutcome> outcomes;
    CrmFailure wrote = client.Upsert("Contact", kSalesforceReferralIdField, contacts, outcomes);
    if (!wrote.ok()) return retry_all(wrote, "creating the referee's Contact failed");
    for (std::size_t k = 0; k < contact_items.size(); ++k) {
      std::size_t i = contact_items[k];
      if (outcomes[k].success) {
        contact_of[i] = outcomes[k].id;
      } else if (outcomes[k].status_code == "DUPLICATES_DETECTED") {
        results[i].outcome = Outcome::kFailed;
        results[i].message = "a duplicate rule refused a new Contact for the referee on Account " +
                             matches.at(i).account_id + " (" + outcomes[k].message +
                             "): no Contact has the referee's email; match the referral by hand";
      } else {
        SettleRefusedRecord("Contact", outcomes[k], results[i], failure);
      }
    }
  }

  // 3. The Opportunities: new ones named, staged and dated; existing ones only Bluebird's fields.
  std::string first_stage;
  json::array opportunities;
  std::vector<std::size_t> opportunity_items;
  for (const auto& [i, match] : matches) {
    const service::OutboundReferral& item = batch[i];
    bool exists = existing.contains(item.referral.id);
    if (!exists && !contact_of.contains(i)) continue;  // the Contact was refused: settled above
    json::object opportunity = SalesforceOwnFields(item);
    opportunity[kSalesforceReferralIdField] = item.referral.id;
    if (!exists) {
      if (first_stage.empty()) {
        json::array stages;
        CrmFailure staged = client.Query(
            "SELECT ApiName FROM OpportunityStage WHERE IsActive = true AND IsClosed = false ORDER BY SortOrder LIMIT "
            "1",
            stages);
        if (!staged.ok()) return retry_all(staged, "reading the first open Opportunity stage failed");
        if (!stages.empty() && stages[0].is_object()) first_stage = SalesforceText(stages[0].as_object(), "ApiName");
        if (first_stage.empty()) {
          return retry_all(
              CrmFailure{CrmFailure::Kind::kRefused,
                         "the org has no active open Opportunity stage to put new opportunities in", 0, std::nullopt},
              "creating the Opportunity");
        }
      }
      opportunity["Name"] = OpportunityName(item);
      opportunity["StageName"] = first_stage;
      opportunity["CloseDate"] = domain::UtcDate(item.referral.created_at + kCloseAfter);
      opportunity["AccountId"] = match.account_id;
      opportunity["ContactId"] = contact_of.at(i);
      if (!connector.lead_source.empty()) opportunity["LeadSource"] = connector.lead_source;
    }
    opportunities.push_back(std::move(opportunity));
    opportunity_items.push_back(i);
  }
  if (opportunities.empty()) return;
  std::vector<integrations::UpsertOutcome> outcomes;
  CrmFailure wrote = client.Upsert("Opportunity", kSalesforceReferralIdField, opportunities, outcomes);
  if (!wrote.ok()) return retry_all(wrote, "upserting the Opportunity failed");
  for (std::size_t k = 0; k < opportunity_items.size(); ++k) {
    std::size_t i = opportunity_items[k];
    service::OutboundResult& result = results[i];
    if (!outcomes[k].success) {
      SettleRefusedRecord("Opportunity", outcomes[k], result, failure);
      continue;
    }
    const AccountMatch& match = matches.at(i);
    result.outcome = Outcome::kSynced;
    result.crm_object = "Opportunity";
    result.crm_id = outcomes[k].id;
    result.crm_account_id = match.account_id;
    if (auto contact = contact_of.find(i); contact != contact_of.end()) result.crm_contact_id = contact->second;
    result.message = existing.contains(batch[i].referral.id)
                         ? "linked to the Opportunity " + result.crm_id + " an earlier attempt created"
                         : "the referee's company is the Account " + match.account_id + ": Opportunity " +
                               result.crm_id + " created on it, with " +
                               (match.contact_id.empty() ? "a new Contact " : "their Contact ") + result.crm_contact_id;
  }
}

}  // namespace bb::jobs
