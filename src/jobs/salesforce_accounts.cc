#include "jobs/salesforce_accounts.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <functional>
#include <set>
#include <span>

#include "domain/analytics.h"
#include "domain/contact.h"
#include "domain/validation.h"
#include "jobs/salesforce_records.h"

namespace bb::jobs {

namespace json = boost::json;
using integrations::CrmFailure;
using Outcome = service::OutboundResult::Outcome;

namespace {

// Salesforce's Opportunity.Name holds 120 characters.
constexpr std::size_t kOpportunityNameBytes = 120;
constexpr auto kCloseAfter = std::chrono::days(90);

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The company domain of the referral's referee (domain::CompanyDomain: "" for free email, judged on
// the whole host), which an Account's website is matched to.
std::string CompanyDomainOf(const domain::Referral& referral) {
  return domain::CompanyDomain(referral.referee.email, referral.referee.email_domain);
}

// A new Contact for the referee on `account_id`: the referee's details, Bluebird's fields.
json::object NewContact(const domain::Connector& connector, const service::OutboundReferral& item,
                        const std::string& account_id) {
  const domain::Referee& referee = item.referral.referee;
  json::object contact = SalesforceOwnFields(item);
  // The score is the referral's record's (the Opportunity): later sends do not write the Contact.
  contact.erase(kSalesforceScoreField);
  contact.erase(kSalesforceGradeField);
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
  while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.back()))) rest.remove_suffix(1);
  if (auto scheme = rest.find("://"); scheme != std::string_view::npos) rest.remove_prefix(scheme + 3);
  if (auto end = rest.find_first_of("/?#"); end != std::string_view::npos) {
    if (rest.substr(end) != "/") return "";  // a page, not a site's root
    rest = rest.substr(0, end);
  }
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  rest = rest.substr(0, rest.find(':'));
  while (!rest.empty() && rest.back() == '.') rest.remove_suffix(1);
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
  CrmFailure failure = QueryListing(
      client, std::vector<std::string>(email_set.begin(), email_set.end()), kSoqlInListOverhead,
      [](std::span<const std::string> chunk) {
        return "SELECT Id, Email, AccountId FROM Contact WHERE Email IN (" + SoqlList(chunk) + ")";
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
    const std::string domain_name = CompanyDomainOf(batch[i].referral);
    // LIKE's wildcards and quotes never belong to a domain name; such a value is not looked up.
    if (!domain_name.empty() && domain_name.find_first_of("%_\\'\"") == std::string::npos) {
      domain_set.insert(domain_name);
    }
  }
  std::map<std::string, std::set<std::string>> accounts_of;  // domain -> Account ids
  failure = QueryListing(
      client, std::vector<std::string>(domain_set.begin(), domain_set.end()), kSoqlLikeOverhead,
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
    const std::string domain_name = CompanyDomainOf(batch[i].referral);
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

CrmFailure SendAsOpportunities(integrations::SalesforceClient& client, const domain::Connector& connector,
                               const std::vector<service::OutboundReferral>& batch,
                               const std::map<std::size_t, AccountMatch>& matches,
                               std::vector<service::OutboundResult>& results,
                               std::map<std::size_t, std::string>& to_lead) {
  std::set<std::size_t> pending;  // matched, neither sent nor handed to the Lead path yet
  for (const auto& [i, match] : matches) pending.insert(i);
  // A refusal of a whole step hands what is left to the Lead path; anything else is a retry.
  auto step_failed = [&](const CrmFailure& why, const std::string& step) -> CrmFailure {
    if (why.kind == CrmFailure::Kind::kRefused) {
      for (std::size_t i : pending) to_lead[i] = step + " (" + why.message + "): sent as a Lead";
      return {};
    }
    for (std::size_t i : pending) {
      results[i].message = step + ": " + why.message;
      results[i].retry_after = why.retry_after;
    }
    return why;
  };
  auto hand_to_lead = [&](std::size_t i, std::string why) {
    to_lead[i] = std::move(why);
    pending.erase(i);
  };

  // 1. Opportunities an earlier attempt created (its answer lost) carry the referral id on the
  //    matched Account: they get only Bluebird's fields. One elsewhere is not Bluebird's.
  std::vector<std::string> referral_ids;
  for (const auto& [i, match] : matches) referral_ids.push_back(batch[i].referral.id);
  std::map<std::string, json::object> existing;  // referral id -> the Opportunity (Id, AccountId)
  CrmFailure read = FindByReferralIds(client, "Opportunity", ", AccountId", referral_ids, existing);
  if (!read.ok()) return step_failed(read, "looking for the referral's Opportunity failed");
  for (const auto& [i, match] : matches) {
    auto found = existing.find(batch[i].referral.id);
    if (found != existing.end() && SalesforceText(found->second, "AccountId") != match.account_id) {
      hand_to_lead(i, "the Opportunity " + SalesforceText(found->second, "Id") +
                          " on another Account carries this referral's id: " +
                          "it is not Bluebird's, so the referral is sent as a Lead");
    }
  }

  // 2. A Contact on the Account for a referee who has none: one per email, shared by the batch's
  //    referrals of that person.
  std::map<std::size_t, std::string> contact_of;
  std::map<std::string, std::vector<std::size_t>> needing;  // lower-case email -> items
  for (const auto& [i, match] : matches) {
    if (!pending.contains(i)) continue;
    if (!match.contact_id.empty()) {
      contact_of[i] = match.contact_id;
    } else if (!existing.contains(batch[i].referral.id)) {
      needing[Lower(batch[i].referral.referee.email) + "\n" + match.account_id].push_back(i);
    }
  }
  // A Contact an earlier attempt made (its answer lost) is found by the referral id, whatever a
  // rep changed on it since: it is linked, not written again.
  std::map<std::string, json::object> made;  // referral id -> the Contact (Id)
  if (!needing.empty()) {
    std::vector<std::string> ids;
    for (const auto& [key, items] : needing) {
      for (std::size_t i : items) ids.push_back(batch[i].referral.id);
    }
    CrmFailure looked = FindByReferralIds(client, "Contact", "", ids, made);
    if (!looked.ok()) return step_failed(looked, "looking for the referee's Contact failed");
  }
  json::array contacts;
  std::vector<const std::vector<std::size_t>*> groups;
  for (const auto& [key, items] : needing) {
    std::string found;
    for (std::size_t i : items) {
      if (auto contact = made.find(batch[i].referral.id); contact != made.end()) {
        found = SalesforceText(contact->second, "Id");
      }
    }
    if (!found.empty()) {
      for (std::size_t i : items) contact_of[i] = found;
      continue;
    }
    contacts.push_back(NewContact(connector, batch[items.front()], matches.at(items.front()).account_id));
    groups.push_back(&items);
  }
  if (!contacts.empty()) {
    std::vector<integrations::UpsertOutcome> outcomes;
    CrmFailure wrote = client.Upsert("Contact", kSalesforceReferralIdField, contacts, outcomes);
    if (!wrote.ok()) return step_failed(wrote, "creating the referee's Contact failed");
    for (std::size_t k = 0; k < groups.size(); ++k) {
      for (std::size_t i : *groups[k]) {
        if (outcomes[k].success) {
          contact_of[i] = outcomes[k].id;
        } else if (IsTransientRefusal(outcomes[k].status_code)) {
          results[i].message = "Salesforce refused the Contact for now: " + outcomes[k].message;
          pending.erase(i);
        } else {
          hand_to_lead(i, "Salesforce refused a new Contact for the referee on Account " + matches.at(i).account_id +
                              " (" + outcomes[k].message + "): sent as a Lead");
        }
      }
    }
  }

  // 3. The Opportunities: new ones named, staged and dated; existing ones only Bluebird's fields.
  std::string first_stage;
  json::array opportunities;
  std::vector<std::size_t> opportunity_items;
  for (const auto& [i, match] : matches) {
    if (!pending.contains(i)) continue;
    const service::OutboundReferral& item = batch[i];
    bool exists = existing.contains(item.referral.id);
    json::object opportunity = SalesforceOwnFields(item);
    opportunity[kSalesforceReferralIdField] = item.referral.id;
    if (!exists) {
      if (first_stage.empty()) {
        json::array stages;
        CrmFailure staged = client.Query(
            "SELECT ApiName FROM OpportunityStage WHERE IsActive = true AND IsClosed = false ORDER BY SortOrder LIMIT "
            "1",
            stages);
        if (!staged.ok()) return step_failed(staged, "reading the first open Opportunity stage failed");
        if (!stages.empty() && stages[0].is_object()) first_stage = SalesforceText(stages[0].as_object(), "ApiName");
        if (first_stage.empty()) {
          return step_failed(
              CrmFailure{CrmFailure::Kind::kRefused, "the org has no active open Opportunity stage", 0, std::nullopt},
              "no stage to open an Opportunity in");
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
  if (opportunities.empty()) return {};
  std::vector<integrations::UpsertOutcome> outcomes;
  CrmFailure wrote = client.Upsert("Opportunity", kSalesforceReferralIdField, opportunities, outcomes);
  if (!wrote.ok()) return step_failed(wrote, "upserting the Opportunity failed");
  for (std::size_t k = 0; k < opportunity_items.size(); ++k) {
    std::size_t i = opportunity_items[k];
    service::OutboundResult& result = results[i];
    pending.erase(i);
    if (!outcomes[k].success) {
      if (IsTransientRefusal(outcomes[k].status_code)) {
        result.message = "Salesforce refused the Opportunity for now: " + outcomes[k].message;
      } else {
        to_lead[i] = "Salesforce refused the Opportunity on Account " + matches.at(i).account_id + " (" +
                     outcomes[k].message + "): sent as a Lead";
      }
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
  return {};
}

}  // namespace bb::jobs
