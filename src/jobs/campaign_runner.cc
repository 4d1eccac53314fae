#include "jobs/campaign_runner.h"

#include <spdlog/spdlog.h>

#include "common/thread_name.h"

namespace bb::jobs {

void CampaignRunner::Start() {
  thread_ = std::thread([this] {
    SetCurrentThreadName("bb-campaigns");
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      RunOnce();
      lock.lock();
      wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
  });
}

void CampaignRunner::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int CampaignRunner::RunOnce() {
  int total = 0;
  while (true) {
    auto queued = services_.campaigns.RunDue(batch_);
    if (!queued.ok()) {
      spdlog::warn("campaigns: sending what is due failed: {}", queued.error().message());
      return total;
    }
    total += *queued;
    if (*queued < batch_) return total;
  }
}

}  // namespace bb::jobs
