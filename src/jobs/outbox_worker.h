#pragma once
// Delivers the outbox (domain/outbox.h) at least once. One dispatcher thread per instance claims
// due items in batches under a lease (several instances never get the same item: FOR UPDATE SKIP
// LOCKED on PostgreSQL), hands them to `workers` delivery threads, and records each batch of
// outcomes in one transaction (service::OutboxService::Record decides retry, backoff and dead
// letters). An instance killed mid-delivery loses nothing: its items are due again when their
// lease lapses, and go out again with the same message id, which receivers deduplicate by.
//
// /metrics: bluebird_outbox_attempts_total, _delivered_total, _failures_total (per kind), and the
// queue's pending items, oldest pending item's age and dead letters (per kind, read from the
// database at most once a second).
//
// Thread-safety: Start and Stop from one thread; RunOnce from any one thread while not started.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/metrics.h"
#include "jobs/deliverer.h"
#include "service/services.h"

namespace bb::jobs {

struct OutboxWorkerOptions {
  int workers = 8;                      // delivery threads: deliveries in flight at once
  int batch = 64;                       // items claimed at a time
  std::chrono::milliseconds poll{500};  // how often an idle instance looks for due items
};

class OutboxWorker {
 public:
  // Makes a deliverer for `kind`, one per delivery thread; nullptr when the kind cannot be
  // delivered by this instance (its items are attempted and retried with that reason).
  using DelivererFactory = std::function<std::unique_ptr<Deliverer>(domain::OutboxKind kind)>;

  OutboxWorker(service::Services& services, MetricsRegistry& metrics, OutboxWorkerOptions options,
               DelivererFactory deliverers, std::string holder = service::NewLeaseHolderName());
  ~OutboxWorker();

  void Start();
  // Finishes the deliveries in flight and records them, then stops. Items claimed but not yet
  // attempted are left to their lease. Idempotent.
  void Stop();
  // One pass on the calling thread: claims up to a batch of due items, attempts each and records
  // the outcomes. Returns how many items were attempted (0 when none was due or storage failed).
  int RunOnce();

 private:
  struct Claimed {
    domain::OutboxItem item;
    std::shared_ptr<const DeliveryContext> context;
  };
  struct KindMetrics {
    Counter* attempts;
    Counter* delivered;
    Counter* failures;
  };
  class StatsCache;

  void Dispatch();
  void DeliverLoop();
  std::vector<Claimed> ClaimBatch(int limit);
  service::AttemptResult Attempt(const Claimed& claimed, std::map<domain::OutboxKind, std::unique_ptr<Deliverer>>& own);
  void RecordResults(std::vector<std::pair<domain::OutboxItem, service::AttemptResult>> results);

  service::Services& services_;
  const OutboxWorkerOptions options_;
  const DelivererFactory deliverers_;
  const std::string holder_;
  std::map<domain::OutboxKind, KindMetrics> metrics_;
  std::shared_ptr<StatsCache> stats_;

  std::mutex mutex_;
  std::condition_variable work_ready_;     // delivery threads wait for items
  std::condition_variable results_ready_;  // the dispatcher waits for outcomes (or the poll)
  std::deque<Claimed> queue_;
  std::vector<std::pair<domain::OutboxItem, service::AttemptResult>> results_;
  int in_flight_ = 0;  // claimed and not yet recorded
  bool stopping_ = false;
  std::thread dispatcher_;
  std::vector<std::thread> delivery_threads_;
};

}  // namespace bb::jobs
