#pragma once
// What a HubSpot connector sends and reads (docs/integrations.md): each referral as a contact
// upserted by email (HubSpot's own properties -- name, company, phone, job title -- only when
// Bluebird creates the contact; an existing contact gets only Bluebird's properties), the company
// found by the referee's email domain (never created; free-mail domains are not companies), and a
// deal upserted on the unique property bluebird_referral_id (named, put in the first open stage of
// the default pipeline only when Bluebird creates it), associated with the contact and the
// company. Read back by a search on hs_lastmodifieddate with an overlap: the deals' stage, their
// closed and won flags and amount. Also the connection test: the token, Bluebird's properties
// (created when missing and the token may), the pipelines' stages to map.
//
// Thread-safety: functions, each on the caller's client.

#include <string>
#include <utility>
#include <vector>

#include "domain/connector.h"
#include "integrations/hubspot_client.h"
#include "service/connector_service.h"
#include "service/crm_gateway.h"

namespace bb::jobs {

// The properties Bluebird writes: (object, name, what it holds, its type). On deals
// bluebird_referral_id is unique (hasUniqueValue): the deal upsert matches on it. The advocate
// properties (on contacts) only for a connector that syncs advocates.
struct HubspotProperty {
  std::string object;  // "contacts" or "deals"
  std::string name;
  std::string what;
  std::string type = "string";  // HubSpot's type and fieldType
  std::string field_type = "text";
  bool advocates = false;  // one of the advocate properties
  bool scores = false;     // one of the lead score properties
};
const std::vector<HubspotProperty>& HubspotProperties();

// Whether an error category is one a later attempt may not meet (HubSpot's limit, its own failure).
bool IsTransientHubspotCategory(std::string_view category);
// Whether a write was refused for the account's configuration (a property Bluebird writes is
// missing), not the record's data: every record would be refused alike.
bool IsConfigurationRefusal(const integrations::HubspotWriteOutcome& outcome);

// Sends `batch` (at most 100 referrals); one result per referral. When a whole request fails,
// `failure` says how and the referrals not yet written are retries.
std::vector<service::OutboundResult> SendToHubspot(integrations::HubspotClient& client,
                                                   const std::vector<service::OutboundReferral>& batch,
                                                   integrations::CrmFailure& failure);

// Reads the deals carrying a Bluebird referral id changed since `connector.cursor` (less an
// overlap of 60 s; from the connector's creation the first time), at most 9,900 a poll (the search
// stops at 10,000: the next poll goes on from the cursor). `cursor` becomes the latest
// hs_lastmodifieddate read.
integrations::CrmFailure ReadHubspotChanges(integrations::HubspotClient& client, const domain::Connector& connector,
                                            std::vector<service::InboundChange>& changes, std::string& cursor);

// Creates Bluebird's properties (HubspotProperties; the advocate ones when the connector syncs
// advocates, the score ones when it syncs scores) that the account lacks, in a property group
// "Bluebird", and checks that deals' bluebird_referral_id has unique values. Returns what is still
// wrong, in words (empty: ready to sync). When HubSpot could not be asked (credentials, its limit,
// the network), `unreachable` says how and the problems end there.
std::vector<std::string> EnsureHubspotProperties(integrations::HubspotClient& client,
                                                 const domain::Connector& connector,
                                                 integrations::CrmFailure& unreachable);

// The connection test: EnsureHubspotProperties, then the deal pipelines' stages (and whether new
// deals have an open stage to start in), and the stage map's keys checked against them.
service::ConnectionCheck CheckHubspot(integrations::HubspotClient& client, const domain::Connector& connector);

}  // namespace bb::jobs
