#include "jobs/outbox_worker.h"

#include <spdlog/spdlog.h>

#include <array>
#include <exception>

#include "common/thread_name.h"

namespace bb::jobs {

namespace {
constexpr std::array<domain::OutboxKind, 2> kKinds = {domain::OutboxKind::kWebhook, domain::OutboxKind::kEmail};
}  // namespace

// The queue's figures for /metrics, read from the database at most once a second however often
// /metrics is scraped. Thread-safe; outlives the worker (the gauges hold it).
class OutboxWorker::StatsCache {
 public:
  enum class Figure { kPending, kOldestAgeSeconds, kDead };

  StatsCache(service::OutboxService& outbox, const Clock& clock) : outbox_(outbox), clock_(clock) {}

  double Read(domain::OutboxKind kind, Figure figure) {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (!read_at_ || now - *read_at_ >= std::chrono::seconds(1)) {
      auto stats = outbox_.Stats();
      if (stats.ok()) stats_ = std::move(*stats);
      read_at_ = now;
    }
    for (const auto& entry : stats_) {
      if (entry.kind != kind) continue;
      switch (figure) {
        case Figure::kPending: return static_cast<double>(entry.pending);
        case Figure::kDead: return static_cast<double>(entry.dead);
        case Figure::kOldestAgeSeconds:
          if (!entry.oldest_pending) return 0;
          return std::max(0.0, std::chrono::duration<double>(clock_.Now() - *entry.oldest_pending).count());
      }
    }
    return 0;
  }

 private:
  service::OutboxService& outbox_;
  const Clock& clock_;
  std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> read_at_;
  std::vector<store::OutboxKindStats> stats_;
};

OutboxWorker::OutboxWorker(service::Services& services, MetricsRegistry& metrics, OutboxWorkerOptions options,
                           DelivererFactory deliverers, std::string holder)
    : services_(services),
      options_(options),
      deliverers_(std::move(deliverers)),
      holder_(std::move(holder)),
      stats_(std::make_shared<StatsCache>(services.outbox, services.clock)) {
  for (auto kind : kKinds) {
    MetricLabels labels = {{"kind", std::string(domain::ToString(kind))}};
    metrics_[kind] = {
        &metrics.GetCounter("bluebird_outbox_attempts_total", "Delivery attempts made by this instance", labels),
        &metrics.GetCounter("bluebird_outbox_delivered_total", "Items this instance delivered", labels),
        &metrics.GetCounter("bluebird_outbox_failures_total", "Delivery attempts of this instance that failed",
                            labels)};
    std::weak_ptr<StatsCache> stats = stats_;
    auto gauge = [stats, kind](StatsCache::Figure figure) {
      return [stats, kind, figure] {
        auto cache = stats.lock();
        return cache ? cache->Read(kind, figure) : 0.0;
      };
    };
    metrics.AddGauge("bluebird_outbox_pending", "Items waiting to be delivered (every instance)",
                     gauge(StatsCache::Figure::kPending), labels);
    metrics.AddGauge("bluebird_outbox_oldest_pending_age_seconds", "Age of the oldest item waiting to be delivered",
                     gauge(StatsCache::Figure::kOldestAgeSeconds), labels);
    metrics.AddGauge("bluebird_outbox_dead", "Items given up (dead letters), kept for staff to replay",
                     gauge(StatsCache::Figure::kDead), labels);
  }
}

OutboxWorker::~OutboxWorker() { Stop(); }

void OutboxWorker::Start() {
  for (int i = 0; i < options_.workers; ++i) delivery_threads_.emplace_back([this] { DeliverLoop(); });
  dispatcher_ = std::thread([this] { Dispatch(); });
}

void OutboxWorker::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    in_flight_ -= static_cast<int>(queue_.size());  // left to their lease
    queue_.clear();
  }
  work_ready_.notify_all();
  results_ready_.notify_all();
  for (auto& thread : delivery_threads_) {
    if (thread.joinable()) thread.join();
  }
  if (dispatcher_.joinable()) dispatcher_.join();
}

std::vector<OutboxWorker::Claimed> OutboxWorker::ClaimBatch(int limit) {
  std::vector<Claimed> out;
  auto due = services_.outbox.AnyDue();
  if (!due.ok()) {
    spdlog::warn("outbox: looking for due items failed: {}", due.error().message());
    return out;
  }
  if (!*due) return out;
  auto items = services_.outbox.Claim(holder_, limit);
  if (!items.ok()) {
    spdlog::warn("outbox: claiming items failed: {}", items.error().message());
    return out;
  }
  if (items->empty()) return out;
  auto context = std::make_shared<DeliveryContext>();
  context->now = services_.clock.Now();
  bool any_webhook = std::any_of(items->begin(), items->end(),
                                 [](const auto& item) { return item.kind == domain::OutboxKind::kWebhook; });
  if (any_webhook) {
    auto endpoints = services_.webhooks.ForDelivery();
    if (!endpoints.ok()) {
      // The items stay claimed and come back when their lease lapses.
      spdlog::warn("outbox: reading webhook endpoints failed: {}", endpoints.error().message());
      return out;
    }
    for (auto& endpoint : *endpoints) context->endpoints.emplace(endpoint.id, std::move(endpoint));
  }
  std::vector<std::string> recipients;
  for (const auto& item : *items) {
    if (item.kind == domain::OutboxKind::kEmail) recipients.push_back(item.target);
  }
  if (!recipients.empty()) {
    auto suppressions = services_.email.SuppressionsAmong(recipients);
    if (!suppressions.ok()) {
      spdlog::warn("outbox: reading the suppression list failed: {}", suppressions.error().message());
      return out;
    }
    for (auto& suppression : *suppressions) context->suppressions.emplace(suppression.email, std::move(suppression));
  }
  for (auto& item : *items) out.push_back({std::move(item), context});
  return out;
}

service::AttemptResult OutboxWorker::Attempt(const Claimed& claimed,
                                             std::map<domain::OutboxKind, std::unique_ptr<Deliverer>>& own) {
  const domain::OutboxItem& item = claimed.item;
  KindMetrics& counters = metrics_.at(item.kind);
  counters.attempts->Add();
  service::AttemptResult result;
  auto found = own.find(item.kind);
  if (found == own.end()) found = own.emplace(item.kind, deliverers_ ? deliverers_(item.kind) : nullptr).first;
  if (claimed.context->now >= item.series_started_at + services_.outbox.options().give_up_after) {
    // Only an item whose attempts never finished (the process stopped while delivering it) is
    // still pending past its horizon: a recorded failure would have given it up.
    result.outcome = domain::AttemptOutcome::kGiveUp;
    result.error = "given up: the horizon passed before an attempt finished (the worker stopped while delivering)";
  } else if (!found->second) {
    result.error = "not sent: this instance cannot deliver " + std::string(domain::ToString(item.kind)) + " items";
  } else {
    try {
      result = found->second->Deliver(item, *claimed.context);
    } catch (const std::exception& e) {
      spdlog::error("outbox: delivering {} failed unexpectedly: {}", item.id, e.what());
      result = {};
      result.error = "internal error while delivering";
    }
  }
  (result.outcome == domain::AttemptOutcome::kDelivered ? counters.delivered : counters.failures)->Add();
  return result;
}

void OutboxWorker::RecordResults(std::vector<std::pair<domain::OutboxItem, service::AttemptResult>> results) {
  Status recorded = services_.outbox.Record(holder_, results);
  if (!recorded.ok()) {
    // Nothing is lost: the items come back when their lease lapses and are sent again (at least once).
    spdlog::warn("outbox: recording {} attempts failed: {}", results.size(), recorded.error().message());
  }
}

int OutboxWorker::RunOnce() {
  std::vector<Claimed> batch = ClaimBatch(options_.batch);
  if (batch.empty()) return 0;
  std::map<domain::OutboxKind, std::unique_ptr<Deliverer>> own;
  std::vector<std::pair<domain::OutboxItem, service::AttemptResult>> results;
  for (const auto& claimed : batch) results.emplace_back(claimed.item, Attempt(claimed, own));
  RecordResults(std::move(results));
  return static_cast<int>(batch.size());
}

void OutboxWorker::DeliverLoop() {
  SetCurrentThreadName("bb-outbox");
  std::map<domain::OutboxKind, std::unique_ptr<Deliverer>> own;
  std::unique_lock lock(mutex_);
  while (true) {
    work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Claimed claimed = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    service::AttemptResult result = Attempt(claimed, own);
    lock.lock();
    results_.emplace_back(std::move(claimed.item), std::move(result));
    results_ready_.notify_one();
  }
}

void OutboxWorker::Dispatch() {
  SetCurrentThreadName("bb-outbox-claim");
  // Deliveries in flight at most: enough to keep every thread busy while the next claim is made,
  // few enough that none waits long in the queue under its lease.
  const int capacity = 2 * options_.workers;
  std::unique_lock lock(mutex_);
  while (true) {
    if (!results_.empty()) {
      auto results = std::move(results_);
      results_.clear();
      lock.unlock();
      RecordResults(results);
      lock.lock();
      in_flight_ -= static_cast<int>(results.size());
      continue;
    }
    if (stopping_) {
      if (in_flight_ <= 0) return;
      results_ready_.wait(lock, [this] { return !results_.empty() || in_flight_ <= 0; });
      continue;
    }
    int room = capacity - in_flight_;
    if (room > 0) {
      lock.unlock();
      std::vector<Claimed> batch = ClaimBatch(std::min(room, options_.batch));
      lock.lock();
      if (!batch.empty()) {
        if (stopping_) continue;  // left to their lease
        in_flight_ += static_cast<int>(batch.size());
        for (auto& claimed : batch) queue_.push_back(std::move(claimed));
        work_ready_.notify_all();
        continue;
      }
    }
    results_ready_.wait_for(lock, options_.poll, [this] { return stopping_ || !results_.empty(); });
  }
}

}  // namespace bb::jobs
