#pragma once
// What the service layer asks of a CRM over the network, implemented by the jobs layer
// (jobs/crm_clients.h) and injected, so that use cases stay free of I/O libraries.
//
// Thread-safety: implementations must allow concurrent calls.

#include <string>
#include <vector>

#include "domain/connector.h"

namespace bb::service {

// A stage (or lead status) the CRM offers, for the admin to map: its API value, its label.
struct CrmStageOption {
  std::string object;  // "Opportunity.StageName", "Lead.Status", "deal" (HubSpot)
  std::string id;      // the API value the stage map is keyed by
  std::string label;   // for people only (labels can be renamed)
  bool closed = false;
  bool won = false;
};

// The outcome of "test connection": ok, or every problem found, each in words an admin can act on
// (credentials refused, a field missing on an object, a permission the user lacks).
struct ConnectionCheck {
  bool ok = false;
  std::vector<std::string> problems;
  std::vector<CrmStageOption> stages;  // read from the CRM when signing in worked
  std::string api_usage;               // Salesforce's Sforce-Limit-Info ("api-usage=N/M") when seen
};

class CrmGateway {
 public:
  virtual ~CrmGateway() = default;
  // Signs in, checks the objects and fields Bluebird writes and reads, and reads the stages.
  virtual ConnectionCheck Check(const domain::Connector& connector, const domain::ConnectorSecrets& secrets) = 0;
};

}  // namespace bb::service
