#pragma once
// Referrals into companies that are already customers (docs/integrations.md, "Where a referral
// lands"): before a new referral becomes a Lead, Bluebird looks for the referee in the org — a
// Contact with the referee's email on an Account, else one Account whose Website is the
// referee's email domain (never a free-mail domain) — and when one is found the referral becomes
// an Opportunity on that Account (upserted by Bluebird_Referral_Id__c) with the referee as its
// contact: the existing Contact, or a new one on the Account. Ambiguity (several Contacts with
// the email on Accounts, several Accounts with the domain) is never guessed: the referral becomes
// a Lead and the sync log says why. So does everything the org refuses on the way (the
// integration user may not read Accounts, a rule refuses the Contact): the Account path is an
// improvement over a Lead, never a reason for a referral not to reach the CRM.
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

// The host of a Website value that is a site's root, lower-case, without scheme, "www.", port or
// trailing dot: "https://WWW.Acme.com:443/" -> "acme.com". "" when there is none, and for a page
// below a root ("facebook.com/acmebakery", "acme.com/en"): a page on a shared host names no
// company's domain, and a Lead is the safe answer for the rest.
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

// Sends `batch[i]` for each match as an Opportunity on its Account: a Contact created where the
// referee has none (one per email and batch, upserted by the first referral's id; one an earlier
// attempt made is found by that id and linked, not written again), then the Opportunity upserted
// by Bluebird_Referral_Id__c — a new one named, staged in the org's first open stage, closing 90
// days after the referral, with AccountId, ContactId and the lead source; one an earlier attempt
// created (on the same Account) gets only Bluebird's own fields. Fills `results[i]` of the ones
// sent. Those the org refused on the way (a query or a write refused, a Contact refused by a
// rule, an Opportunity on another Account carrying the referral's id) are put in `to_lead` with
// why, for the caller to send as Leads. A failure worth retrying (a timeout, the org's limit,
// credentials) is returned, and leaves every unsettled result a retry.
integrations::CrmFailure SendAsOpportunities(integrations::SalesforceClient& client, const domain::Connector& connector,
                                             const std::vector<service::OutboundReferral>& batch,
                                             const std::map<std::size_t, AccountMatch>& matches,
                                             std::vector<service::OutboundResult>& results,
                                             std::map<std::size_t, std::string>& to_lead);

}  // namespace bb::jobs
