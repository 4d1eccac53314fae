#pragma once
// The CRM connectors' job: for each working connector, queues the open referrals whose lead score
// changed when it writes scores and a scan is due (ConnectorService::ScanScores), sends its queued
// referrals (batches of 200
// for Salesforce, 100 for HubSpot; at least once, each batch's outcomes recorded in one transaction), the advocates
// whose figures changed when it marks them in the CRM, and, when its poll
// is due (poll_seconds, or "sync now"), reads what changed in the CRM and applies it. Each connector is worked by one
// instance at a time (a job lease per connector), so several instances on one database never send or read the same work
// twice. A CRM's limit puts the connector into backing_off until it may resume; refused credentials or a missing field
// make it broken until an admin saves it again. Also the network side of "test connection" (service::CrmGateway).
//
// Thread-safety: Start and Stop from one thread; RunOnce from any one thread while not started;
// Check from any thread.

#include <chrono>
#include <memory>
#include <string>

#include "common/clock.h"
#include "integrations/crm_failure.h"
#include "integrations/http_post.h"
#include "jobs/periodic_thread.h"
#include "service/crm_gateway.h"
#include "service/services.h"

namespace bb::jobs {

struct CrmSyncOptions {
  std::chrono::milliseconds interval{1000};  // how often the job looks for work
  int batch = 200;                           // referrals per call, at most the CRM's own limit
  Duration lease = std::chrono::minutes(2);  // how long a claimed batch and a connector's job lease hold
  integrations::HttpPostOptions http{
      std::chrono::milliseconds(30000), std::chrono::milliseconds(10000), 64 << 20, false, "Bluebird-CRM/1.0", {}};
};

class CrmSync : public service::CrmGateway {
 public:
  CrmSync(service::Services& services, CrmSyncOptions options, std::string holder = service::NewLeaseHolderName());
  ~CrmSync() override;

  void Start();
  void Stop();
  // One pass over every connector: sends what is queued (until the queue is empty or the CRM
  // refuses), the advocates changed since the last pass when the connector marks them, and reads
  // the CRM when the poll is due. Returns the referrals and advocates sent plus the changes read.
  int RunOnce();

  service::ConnectionCheck Check(const domain::Connector& connector, const domain::ConnectorSecrets& secrets) override;

 private:
  struct Clients;
  int Work(const domain::Connector& connector);
  // The connector's health after a failure of a whole request: waiting (the CRM's limit, or a
  // transient failure) or broken (credentials, a refusal). False for no failure.
  bool StopFor(const domain::Connector& connector, const integrations::CrmFailure& failure);

  service::Services& services_;
  const CrmSyncOptions options_;
  const std::string holder_;
  std::unique_ptr<Clients> clients_;  // the job thread's own
  PeriodicThread thread_;
};

}  // namespace bb::jobs
