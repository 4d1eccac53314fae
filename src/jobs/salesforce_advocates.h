#pragma once
// Advocates in Salesforce (docs/integrations.md, "Advocates in the CRM"): the Contacts of people
// who are advocates carry Bluebird_Advocate__c (checked while an enrolment the connector covers
// is active), Bluebird_Advocate_Code__c and Bluebird_Referral_Count__c (their clear referrals).
// Contacts are found by email, every Contact of that email; no Contact is ever created for this,
// and no other field is written.
//
// Thread-safety: functions, each on the caller's client.

#include "integrations/crm_failure.h"
#include "integrations/salesforce_client.h"
#include "service/connector_service.h"

namespace bb::jobs {

// Writes Bluebird's three advocate fields on the Contacts of `batch`'s people that show other
// values (a Collections update, 200 a call), counting in `result` the Contacts written, those
// already up to date, the people without a Contact, and the Contacts refused with the reason.
// Returns a whole request's failure, or one that concerns every record (a field missing or not
// writable: kRefused, naming what to fix; a lock or the org busy: kTransient): the page is then
// sent again later, which is harmless (the values are absolute).
integrations::CrmFailure SendAdvocatesToSalesforce(integrations::SalesforceClient& client,
                                                   const service::AdvocateBatch& batch,
                                                   service::AdvocateSyncResult& result);

}  // namespace bb::jobs
