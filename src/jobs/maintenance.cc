#include "jobs/maintenance.h"

#include <spdlog/spdlog.h>

namespace bb::jobs {

void Maintenance::Start() {
  thread_.Start("bb-maintenance", interval_, [this] { RunOnce(); });
}

void Maintenance::Stop() {
  if (!thread_.Stop()) return;
  if (Status released = services_.job_leases.Release("maintenance", holder_); !released.ok()) {
    spdlog::warn("maintenance: giving the job's lease up failed: {}", released.error().message());
  }
}

bool Maintenance::RunOnce() {
  // Held for two intervals, renewed at every pass: the holder keeps it; a dead holder's lease
  // lapses and the next instance to look takes it.
  auto claimed =
      services_.job_leases.Claim("maintenance", holder_, 2 * std::chrono::duration_cast<Duration>(interval_));
  if (!claimed.ok()) {
    spdlog::warn("maintenance: claiming the job's lease failed: {}", claimed.error().message());
    return false;
  }
  if (!*claimed) return false;
  auto records = services_.idempotency.PurgeExpired();
  auto sessions = services_.auth.PurgeStaleSessions();
  auto buckets = services_.login_limiter.PurgeFullBuckets();
  auto sync_log = services_.connectors.PurgeOldLog();
  if (!sync_log.ok()) spdlog::warn("maintenance: purging the CRM sync log failed: {}", sync_log.error().message());
  if (!records.ok()) spdlog::warn("maintenance: purging idempotency records failed: {}", records.error().message());
  if (!sessions.ok()) spdlog::warn("maintenance: purging sessions failed: {}", sessions.error().message());
  if (!buckets.ok()) spdlog::warn("maintenance: purging rate-limit buckets failed: {}", buckets.error().message());
  auto digests = services_.notifier.SendDailyDigest(services_.store, services_.clock.Now());
  if (!digests.ok()) spdlog::warn("maintenance: sending the daily digest failed: {}", digests.error().message());
  auto reports = services_.reports.SendMonthlyReports(services_.clock.Now());
  if (!reports.ok()) spdlog::warn("maintenance: sending the monthly reports failed: {}", reports.error().message());
  if (records.ok() && sessions.ok() && (*records > 0 || *sessions > 0)) {
    spdlog::info("maintenance: removed {} expired idempotency records and {} stale sessions", *records, *sessions);
  }
  return true;
}

}  // namespace bb::jobs
