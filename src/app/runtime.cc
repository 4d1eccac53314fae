#include "app/runtime.h"

#include "crypto/crypto.h"
#include "domain/email_message.h"

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace bb::app {

Result<std::unique_ptr<Runtime>> OpenRuntime(const Config& config) {
  auto runtime = std::make_unique<Runtime>();
  if (config.UsesPostgres()) {
    store::postgres::PostgresOptions options;
    options.url = config.database_url;
    options.pool_size = static_cast<std::size_t>(config.pool_size);
    options.max_batch = static_cast<std::size_t>(config.max_batch);
    BB_ASSIGN_OR_RETURN(runtime->store, store::postgres::PostgresStore::Open(options, runtime->metrics));
  } else {
    store::sqlite::SqliteOptions options;
    options.path = config.database;
    options.synchronous_full = config.synchronous == "full";
    options.max_batch = static_cast<std::size_t>(config.max_batch);
    options.busy_timeout_ms = static_cast<int>(config.busy_timeout_ms);
    options.checkpoint_pages = config.checkpoint_pages;
    BB_ASSIGN_OR_RETURN(runtime->store, store::sqlite::SqliteStore::Open(options, runtime->metrics));
  }

  service::ServiceOptions service_options;
  service_options.idempotency_ttl = std::chrono::hours(config.idempotency_ttl_hours);
  service_options.sessions = {std::chrono::minutes(config.session_idle_minutes),
                              std::chrono::hours(config.session_absolute_hours)};
  service_options.login_per_minute = static_cast<double>(config.login_per_minute);
  service_options.public_per_minute = static_cast<double>(config.public_per_minute);
  service_options.clicks_per_minute = static_cast<double>(config.clicks_per_minute);
  service_options.public_base_url = config.PublicBaseUrl();
  // A claimed item may wait behind one delivery in its thread's queue: the lease covers two of the
  // longest attempts (an email's may take its timeout twice: the transaction, then the QUIT after a
  // refusal), whatever was configured, so that a live instance keeps its items.
  Duration longest_attempt = std::max<Duration>(std::chrono::milliseconds(config.webhooks_timeout_ms),
                                                2 * std::chrono::milliseconds(config.email_timeout_ms));
  service_options.outbox.lease = std::max<Duration>(std::chrono::seconds(config.outbox_lease_seconds),
                                                    2 * longest_attempt + std::chrono::seconds(5));
  service_options.outbox.give_up_after = std::chrono::hours(config.outbox_give_up_after_hours);
  service_options.webhooks.allow_private_targets = config.webhooks_allow_private_targets;
  if (!config.connectors_secret_key.empty()) {
    service_options.connectors.secret_key = crypto::Base64Decode(config.connectors_secret_key).value_or("");
  }
  service_options.connectors.allow_private_targets = config.connectors_allow_private_targets;
  service_options.connectors.public_base_url = config.PublicBaseUrl();
  service_options.email.from = *domain::ParseMailbox(config.email_from);  // checked when the config was read
  if (!config.email_reply_to.empty()) service_options.email.reply_to = domain::ParseMailbox(config.email_reply_to);
  BB_ASSIGN_OR_RETURN(runtime->services,
                      service::Services::Create(*runtime->store, runtime->clock, runtime->metrics, service_options));
  return runtime;
}

}  // namespace bb::app
