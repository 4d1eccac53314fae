#include "jobs/crm_sync.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "integrations/hubspot_client.h"
#include "integrations/salesforce_client.h"
#include "jobs/hubspot_advocates.h"
#include "jobs/hubspot_sync.h"
#include "jobs/salesforce_advocates.h"
#include "jobs/salesforce_sync.h"

namespace bb::jobs {

using integrations::CrmFailure;

namespace {

// Pages of changed advocates sent in one turn of a connector (the rest wait for the next turn, so
// that a backfill of every advocate does not hold up the referrals).
constexpr int kAdvocatePagesPerTurn = 25;
// Open referrals scored per page of a score scan, and pages per turn (a scan of more goes on at the
// next turn).
constexpr int kScorePage = 500;
constexpr int kScorePagesPerTurn = 20;

}  // namespace

struct CrmSync::Clients {
  // By connector id: each keeps its connection (and Salesforce's token) between turns.
  std::map<std::string, std::unique_ptr<integrations::SalesforceClient>> salesforce;
  std::map<std::string, std::unique_ptr<integrations::HubspotClient>> hubspot;
  std::set<std::string> hubspot_ready;  // "id\nbase URL\nsealed credentials" whose properties were checked
};

CrmSync::CrmSync(service::Services& services, CrmSyncOptions options, std::string holder)
    : services_(services),
      options_(std::move(options)),
      holder_(std::move(holder)),
      clients_(std::make_unique<Clients>()) {}

CrmSync::~CrmSync() { Stop(); }

void CrmSync::Start() {
  thread_.Start("bb-crm-sync", options_.interval, [this] { RunOnce(); });
}

void CrmSync::Stop() { thread_.Stop(); }

service::ConnectionCheck CrmSync::Check(const domain::Connector& connector, const domain::ConnectorSecrets& secrets) {
  if (connector.kind == domain::ConnectorKind::kHubspot) {
    integrations::HubspotClient client(options_.http);
    client.Use(connector, secrets);
    return CheckHubspot(client, connector);
  }
  integrations::SalesforceClient client(services_.clock, options_.http);
  client.Use(connector, secrets);
  return CheckSalesforce(client, connector);
}

int CrmSync::RunOnce() {
  Result<std::vector<domain::Connector>> connectors = services_.connectors.ForSync();
  if (!connectors.ok()) {
    spdlog::warn("crm sync: reading connectors failed: {}", connectors.error().message());
    return 0;
  }
  // Clients of connectors deleted since are let go.
  std::set<std::string> current;
  for (const auto& connector : *connectors) current.insert(connector.id);
  std::erase_if(clients_->salesforce, [&](const auto& entry) { return !current.contains(entry.first); });
  std::erase_if(clients_->hubspot, [&](const auto& entry) { return !current.contains(entry.first); });
  std::erase_if(clients_->hubspot_ready,
                [&](const std::string& key) { return !current.contains(key.substr(0, key.find('\n'))); });
  int done = 0;
  for (const auto& connector : *connectors) {
    if (!connector.Works(services_.clock.Now())) continue;
    std::string job = "crm:" + connector.id;
    Result<bool> leased = services_.job_leases.Claim(job, holder_, options_.lease);
    if (!leased.ok() || !*leased) continue;
    done += Work(connector);
  }
  return done;
}

bool CrmSync::StopFor(const domain::Connector& connector, const CrmFailure& failure) {
  service::ConnectorService& connectors = services_.connectors;
  Timestamp now = services_.clock.Now();
  switch (failure.kind) {
    case CrmFailure::Kind::kNone: return false;
    case CrmFailure::Kind::kLimit:
      // The CRM's own wait when it says one (HubSpot's Retry-After, its rate window); Salesforce's
      // daily limit says none: a quarter of an hour.
      (void)connectors.SetHealth(
          connector, domain::ConnectorHealth::kBackingOff, "the CRM's API limit is used up: " + failure.message,
          now + (failure.retry_after ? Duration(*failure.retry_after) : Duration(std::chrono::minutes(15))));
      return true;
    case CrmFailure::Kind::kCredentials:
    case CrmFailure::Kind::kRefused:
      (void)connectors.SetHealth(connector, domain::ConnectorHealth::kBroken, failure.message);
      return true;
    case CrmFailure::Kind::kTransient:
      (void)connectors.SetHealth(
          connector, domain::ConnectorHealth::kBackingOff, failure.message,
          now + std::max<Duration>(std::chrono::seconds(30), failure.retry_after.value_or(std::chrono::seconds(0))));
      return true;
  }
  return true;
}

int CrmSync::Work(const domain::Connector& connector) {
  service::ConnectorService& connectors = services_.connectors;
  Result<domain::ConnectorSecrets> secrets = connectors.OpenSecrets(connector);
  if (!secrets.ok()) {
    (void)connectors.SetHealth(connector, domain::ConnectorHealth::kBroken, secrets.error().message());
    return 0;
  }
  // The CRM's side: sending a batch and reading the changes, through this connector's client.
  std::function<std::vector<service::OutboundResult>(const std::vector<service::OutboundReferral>&, CrmFailure&)> send;
  std::function<CrmFailure(std::vector<service::InboundChange>&, std::string&)> read;
  std::function<CrmFailure(const service::AdvocateBatch&, service::AdvocateSyncResult&)> mark;
  int batch_limit = options_.batch;
  if (connector.kind == domain::ConnectorKind::kHubspot) {
    auto& client = clients_->hubspot[connector.id];
    if (client == nullptr) client = std::make_unique<integrations::HubspotClient>(options_.http);
    client->Use(connector, *secrets);
    // Bluebird's properties first: the sync writes and searches them (once per client and saving).
    std::string ready = connector.id + '\n' + connector.EffectiveBaseUrl() + '\n' + connector.sealed_secrets +
                        (connector.sync_advocates ? "\nadvocates" : "") + (connector.sync_scores ? "\nscores" : "");
    if (!clients_->hubspot_ready.contains(ready)) {
      CrmFailure unreachable;
      std::vector<std::string> problems = EnsureHubspotProperties(*client, connector, unreachable);
      if (!unreachable.ok()) {
        StopFor(connector, unreachable);
        return 0;
      }
      if (!problems.empty()) {
        std::string text;
        for (const auto& problem : problems) text += (text.empty() ? "" : "; ") + problem;
        (void)connectors.SetHealth(connector, domain::ConnectorHealth::kBroken, text);
        return 0;
      }
      clients_->hubspot_ready.insert(std::move(ready));
    }
    integrations::HubspotClient* hubspot = client.get();
    send = [hubspot](const auto& batch, CrmFailure& failure) { return SendToHubspot(*hubspot, batch, failure); };
    read = [hubspot, &connector](auto& changes, std::string& cursor) {
      return ReadHubspotChanges(*hubspot, connector, changes, cursor);
    };
    mark = [hubspot](const auto& batch, auto& result) { return SendAdvocatesToHubspot(*hubspot, batch, result); };
    batch_limit = std::min<int>(batch_limit, static_cast<int>(integrations::kHubspotBatchLimit));
  } else {
    auto& client = clients_->salesforce[connector.id];
    if (client == nullptr) client = std::make_unique<integrations::SalesforceClient>(services_.clock, options_.http);
    client->Use(connector, *secrets);
    integrations::SalesforceClient* salesforce = client.get();
    send = [salesforce, &connector](const auto& batch, CrmFailure& failure) {
      return SendToSalesforce(*salesforce, connector, batch, failure);
    };
    read = [salesforce, &connector](auto& changes, std::string& cursor) {
      return ReadSalesforceChanges(*salesforce, connector, changes, cursor);
    };
    mark = [salesforce](const auto& batch, auto& result) {
      return SendAdvocatesToSalesforce(*salesforce, batch, result);
    };
    batch_limit = std::min<int>(batch_limit, static_cast<int>(integrations::kSalesforceCollectionLimit));
  }

  int done = 0;
  // Scores, when the connector writes them and a scan is due: a page of open referrals at a time;
  // those whose score changed join the queue below.
  for (int page = 0; connector.sync_scores && page < kScorePagesPerTurn; ++page) {
    Result<bool> more = connectors.ScanScores(connector.id, kScorePage);
    if (!more.ok()) {
      spdlog::warn("crm sync {}: scanning scores failed: {}", connector.id, more.error().message());
      break;
    }
    if (!*more) break;
    (void)services_.job_leases.Claim("crm:" + connector.id, holder_, options_.lease);
  }

  // Outbound: the queue, a batch at a time.
  for (int round = 0; round < 10000; ++round) {
    Result<std::vector<service::OutboundReferral>> batch =
        connectors.ClaimOutbound(connector, holder_, options_.lease, batch_limit);
    if (!batch.ok()) {
      spdlog::warn("crm sync {}: claiming referrals failed: {}", connector.id, batch.error().message());
      return done;
    }
    if (batch->empty()) break;
    CrmFailure failure;
    std::vector<service::OutboundResult> results = send(*batch, failure);
    if (Status recorded = connectors.RecordOutbound(connector, results); !recorded.ok()) {
      spdlog::warn("crm sync {}: recording a batch failed: {}", connector.id, recorded.error().message());
      return done;
    }
    done += static_cast<int>(batch->size());
    if (StopFor(connector, failure)) return done;
    (void)services_.job_leases.Claim("crm:" + connector.id, holder_, options_.lease);
  }

  // Advocates, when the connector marks them: the changed ones, a page at a time.
  std::string advocate_cursor = connector.advocate_cursor;
  for (int page = 0; connector.sync_advocates && page < kAdvocatePagesPerTurn; ++page) {
    Result<service::AdvocateBatch> batch = connectors.NextAdvocates(connector, advocate_cursor, batch_limit);
    if (!batch.ok()) {
      spdlog::warn("crm sync {}: reading advocates failed: {}", connector.id, batch.error().message());
      break;
    }
    if (batch->people.empty()) break;
    service::AdvocateSyncResult result;
    if (StopFor(connector, mark(*batch, result))) return done;
    Result<bool> recorded = connectors.RecordAdvocates(connector, *batch, result);
    if (!recorded.ok()) {
      spdlog::warn("crm sync {}: recording advocates failed: {}", connector.id, recorded.error().message());
      break;
    }
    if (!*recorded) break;  // the connector changed meanwhile: the next turn reads it again
    advocate_cursor = batch->end_cursor;
    done += static_cast<int>(batch->people.size());
    (void)services_.job_leases.Claim("crm:" + connector.id, holder_, options_.lease);
  }

  // Inbound: the CRM's changes, when due.
  Timestamp now = services_.clock.Now();
  if (connector.next_poll_at && *connector.next_poll_at > now) return done;
  std::vector<service::InboundChange> changes;
  std::string cursor;
  CrmFailure failure = read(changes, cursor);
  if (StopFor(connector, failure)) return done;
  // Applying may take a while (each change is a transaction): the lease is the job's for it.
  (void)services_.job_leases.Claim("crm:" + connector.id, holder_, options_.lease);
  Result<service::InboundSummary> applied = connectors.ApplyInbound(connector, changes, cursor);
  if (!applied.ok()) {
    spdlog::warn("crm sync {}: applying changes failed: {}", connector.id, applied.error().message());
    return done;
  }
  return done + applied->read;
}

}  // namespace bb::jobs
