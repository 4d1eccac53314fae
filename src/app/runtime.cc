#include "app/runtime.h"

#include "store/sqlite/sqlite_store.h"

namespace bb::app {

Result<std::unique_ptr<Runtime>> OpenRuntime(const Config& config) {
  if (config.database.rfind("postgres://", 0) == 0 || config.database.rfind("postgresql://", 0) == 0) {
    return Error(ErrorCode::kInvalidArgument, "PostgreSQL is not supported by this build yet; use a SQLite file path.");
  }
  auto runtime = std::make_unique<Runtime>();
  store::sqlite::SqliteOptions options;
  options.path = config.database;
  options.synchronous_full = config.synchronous == "full";
  options.max_batch = static_cast<std::size_t>(config.max_batch);
  options.busy_timeout_ms = static_cast<int>(config.busy_timeout_ms);
  options.checkpoint_pages = config.checkpoint_pages;
  BB_ASSIGN_OR_RETURN(runtime->store, store::sqlite::SqliteStore::Open(options, runtime->metrics));

  service::ServiceOptions service_options;
  service_options.idempotency_ttl = std::chrono::hours(config.idempotency_ttl_hours);
  service_options.sessions = {std::chrono::minutes(config.session_idle_minutes),
                              std::chrono::hours(config.session_absolute_hours)};
  service_options.login_per_minute = static_cast<double>(config.login_per_minute);
  service_options.public_per_minute = static_cast<double>(config.public_per_minute);
  service_options.clicks_per_minute = static_cast<double>(config.clicks_per_minute);
  BB_ASSIGN_OR_RETURN(runtime->services,
                      service::Services::Create(*runtime->store, runtime->clock, runtime->metrics, service_options));
  return runtime;
}

}  // namespace bb::app
