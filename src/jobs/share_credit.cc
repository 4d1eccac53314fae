#include "jobs/share_credit.h"

#include <spdlog/spdlog.h>

namespace bb::jobs {

void ShareCredit::Start() {
  thread_.Start("bb-shares", interval_, [this] { RunOnce(); });
}

int ShareCredit::RunOnce() {
  int total = 0;
  while (true) {
    auto read = services_.challenges.CreditShares(batch_);
    if (!read.ok()) {
      spdlog::warn("challenges: crediting shares failed: {}", read.error().message());
      return total;
    }
    total += *read;
    if (*read == 0) return total;
  }
}

}  // namespace bb::jobs
