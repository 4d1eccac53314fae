#pragma once
// What a Salesforce connector sends and reads (docs/integrations.md): each referral as a Lead
// upserted by Bluebird_Referral_Id__c through sObject Collections (CRM-owned fields only when
// Bluebird creates the lead; an existing record gets only Bluebird's own fields) — or, when the
// referee's company is already an Account, as an Opportunity on it (jobs/salesforce_accounts.h) —
// a duplicate rule's refusal resolved by linking the existing Lead or Contact of that email; and, read back by SOQL on
// SystemModstamp with an overlap, the leads' status and conversion and the opportunities' stage,
// won/closed flags and amount. Also the connection test: sign-in, objects, fields, permissions and
// the stages to map.
//
// Thread-safety: functions, each on the caller's client.

#include <string>
#include <vector>

#include "domain/connector.h"
#include "integrations/salesforce_client.h"
#include "service/connector_service.h"
#include "service/crm_gateway.h"

namespace bb::jobs {

// The custom fields Bluebird writes on a Lead (and, mapped through lead conversion, reads on the
// Opportunity): (API name, what it holds).
const std::vector<std::pair<std::string, std::string>>& SalesforceLeadFields();
// The lead score's fields (sync_scores), on the Lead, the Contact and the Opportunity.
const std::vector<std::pair<std::string, std::string>>& SalesforceScoreFields();

// Sends `batch` (at most 200 referrals); one result per referral. When the whole request fails,
// `failure` says how and every result is a retry. A record refused for the org's configuration (a
// field missing or not writeable) is a retry too, and `failure` is kRefused naming the field: the
// connector, not the referral, is what must be fixed.
std::vector<service::OutboundResult> SendToSalesforce(integrations::SalesforceClient& client,
                                                      const domain::Connector& connector,
                                                      const std::vector<service::OutboundReferral>& batch,
                                                      integrations::CrmFailure& failure);

// Reads the leads and opportunities changed since `connector.cursor` (less an overlap of 60 s; from
// the connector's creation the first time). `cursor` becomes the latest SystemModstamp read.
integrations::CrmFailure ReadSalesforceChanges(integrations::SalesforceClient& client,
                                               const domain::Connector& connector,
                                               std::vector<service::InboundChange>& changes, std::string& cursor);

service::ConnectionCheck CheckSalesforce(integrations::SalesforceClient& client, const domain::Connector& connector);

}  // namespace bb::jobs
