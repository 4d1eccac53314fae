#include "jobs/campaign_runner.h"

#include <spdlog/spdlog.h>

namespace bb::jobs {

void CampaignRunner::Start() {
  thread_.Start("bb-campaigns", interval_, [this] { RunOnce(); });
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
