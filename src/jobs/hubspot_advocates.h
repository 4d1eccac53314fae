#pragma once
// Advocates in HubSpot (docs/integrations.md, "Advocates in the CRM"): the contacts of people who
// are advocates carry bluebird_advocate (true while an enrolment the connector covers is active),
// bluebird_advocate_code and bluebird_referral_count (their clear referrals). Contacts are found
// by email; none is ever created for this, and no other property is written.
//
// Thread-safety: functions, each on the caller's client.

#include "integrations/crm_failure.h"
#include "integrations/hubspot_client.h"
#include "service/connector_service.h"

namespace bb::jobs {

// Writes the three advocate properties on the contacts of `batch`'s people (at most 100) that show
// other values (a batch read by email, then a batch update by id), counting in `result` the
// contacts written, those already up to date, the people without a contact, and the contacts
// refused with the reason. Returns a whole request's failure, or one that concerns every record (a
// property missing: kRefused; HubSpot's limit or an internal error: kTransient): the page is then
// sent again later, which is harmless (the values are absolute).
integrations::CrmFailure SendAdvocatesToHubspot(integrations::HubspotClient& client,
                                                const service::AdvocateBatch& batch,
                                                service::AdvocateSyncResult& result);

}  // namespace bb::jobs
