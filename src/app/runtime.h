#pragma once
// The one place where backends and adapters are chosen and wired: a configuration in, a running
// store and its services out.

#include <memory>

#include "app/config.h"
#include "common/clock.h"
#include "common/metrics.h"
#include "common/result.h"
#include "service/services.h"
#include "store/store.h"

namespace bb::app {

struct Runtime {
  MetricsRegistry metrics;
  SystemClock clock;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<service::Services> services;
};

// Opens the database named by the configuration (migrating it) and builds the services.
Result<std::unique_ptr<Runtime>> OpenRuntime(const Config& config);

}  // namespace bb::app
