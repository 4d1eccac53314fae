#pragma once
// Referrals into companies that are already customers (docs/integrations.md, "Where a referral
// lands"): before a new referral becomes a Lead, Bluebird looks for the referee in the org — a
// Contact with the referee's email on an Account, else one Account whose Website is the
// referee's email domain (never a free-mail domain) — and when one is found the referral becomes
// an Opportunity on that Account (upserted by Bluebird_Referral_Id__c) with the referee as its
// contact: the existing Contact, or a new one on the Account. Ambiguity (several Contacts with
// the email on different Accounts, several Accounts with the domain) is never guessed: the
// referral becomes a Lead and the sync log says why.
//
// Thread-safety: functions, each on the caller's client.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/connector.h"
#include "integrations/salesforce_client.h"
#include "service/connector_service.h"

namespace bb::jobs {

// Where an unsent referral's company was found.
struct AccountMatch {
  std::string account_id;
  std::string contact_id;  // the referee's existing Contact, "" when one is to be created
};

// The host a Website value names, lower-case, without scheme, "www.", port, path or trailing dot:
// "https://WWW.Acme.com:443/about" -> "acme.com". "" when there is none.
std::string WebsiteHost(std::string_view website);

// Whether `host` (as WebsiteHost gives it) is `domain` or below it ("shop.acme.com" is below
// "acme.com"; "notacme.com" is not).
bool HostIsInDomain(std::string_view host, std::string_view domain);

// Finds the Account of each of `batch[i]` for i in `unsent` (referrals not yet in the CRM).
// `matches` gets the ones found; `notes` says, for the others that came close, why they go as a
// Lead (for the sync log). CrmFailure when a query failed (then nothing is decided).
integrations::CrmFailure MatchAccounts(integrations::SalesforceClient& client,
                                       const std::vector<service::OutboundReferral>& batch,
                                       const std::vector<std::size_t>& unsent,
                                       std::map<std::size_t, AccountMatch>& matches,
                                       std::map<std::size_t, std::string>& notes);

// Sends `batch[i]` for each match as an Opportunity on its Account: a Contact created (upserted by
// Bluebird_Referral_Id__c, so a retry finds it) where the referee has none, then the Opportunity
// upserted by Bluebird_Referral_Id__c — a new one named, staged in the org's first open stage,
// closing 90 days after the referral, with AccountId, ContactId and the lead source; one that
// exists gets only Bluebird's own fields. Fills `results[i]`. `failure` as for SendToSalesforce:
// a whole request that failed leaves every result a retry.
void SendAsOpportunities(integrations::SalesforceClient& client, const domain::Connector& connector,
                         const std::vector<service::OutboundReferral>& batch,
                         const std::map<std::size_t, AccountMatch>& matches,
                         std::vector<service::OutboundResult>& results, integrations::CrmFailure& failure);

}  // namespace bb::jobs
