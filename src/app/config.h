#pragma once
// Configuration: defaults, then a TOML file, then BLUEBIRD_* environment variables, then
// command-line flags (flags win). Every option is listed in kOptions with its default and is
// documented in config.example.toml (a test keeps the two in step).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace bb::app {

struct Config {
  // [server]
  std::string host = "127.0.0.1";
  std::int64_t port = 8080;
  std::int64_t io_threads = 1;
  std::int64_t threads = 64;
  std::string public_base_url;  // default: http://{host}:{port}
  std::int64_t body_limit_bytes = 1024 * 1024;
  std::int64_t import_body_limit_bytes = 256 * 1024 * 1024;
  std::int64_t read_timeout_ms = 30000;
  std::int64_t idle_timeout_ms = 60000;
  std::int64_t write_timeout_ms = 30000;
  std::int64_t shutdown_grace_ms = 10000;
  bool trust_proxy = false;
  // [database]
  std::string database = "bluebird.db";  // SQLite file path (when database_url is empty)
  std::string database_url;              // postgres://...: PostgreSQL instead of the SQLite file
  std::int64_t pool_size = 16;           // PostgreSQL connections per instance
  std::string synchronous = "full";      // "full" (durable on power loss) or "normal"
  std::int64_t max_batch = 512;
  std::int64_t busy_timeout_ms = 5000;
  std::int64_t checkpoint_pages = 2000;
  // [security]
  std::int64_t session_idle_minutes = 30;
  std::int64_t session_absolute_hours = 12;
  std::int64_t login_per_minute = 10;
  std::int64_t public_per_minute = 30;
  std::int64_t clicks_per_minute = 600;
  std::int64_t idempotency_ttl_hours = 24;
  // [outbox]
  std::int64_t outbox_workers = 8;         // deliveries in flight at once per instance
  std::int64_t outbox_batch = 64;          // items claimed at a time
  std::int64_t outbox_lease_seconds = 60;  // how long a claim holds an item
  std::int64_t outbox_give_up_after_hours = 84;
  std::int64_t outbox_poll_ms = 500;  // how often an idle instance looks for due items
  // [webhooks]
  bool webhooks_allow_private_targets = false;
  std::int64_t webhooks_timeout_ms = 15000;
  // [connectors]
  std::string connectors_secret_key;  // base64 of 32 bytes; "" = connectors cannot be saved
  bool connectors_allow_private_targets = false;
  // [email]
  std::string email_smtp_host;  // empty: email is not configured (emails wait in the outbox)
  std::int64_t email_smtp_port = 587;
  std::string email_smtp_user;
  std::string email_smtp_password;  // better from BLUEBIRD_EMAIL_SMTP_PASSWORD than from the file
  std::string email_smtp_tls = "starttls";
  std::int64_t email_timeout_ms = 30000;
  std::string email_from = "Bluebird <no-reply@bluebird.invalid>";
  std::string email_reply_to;
  // [log]
  std::string log_level = "info";
  bool access_log = true;

  std::string PublicBaseUrl() const;
  // Whether the database is PostgreSQL (database_url is set).
  bool UsesPostgres() const { return !database_url.empty(); }
  // The database as it may be shown: the SQLite file, or the PostgreSQL URL without its password.
  std::string DatabaseForDisplay() const;
};

struct OptionInfo {
  const char* key;          // "server.port"
  const char* env;          // "BLUEBIRD_SERVER_PORT"
  const char* description;  // one line, for docs
};
// Every option, in documentation order.
const std::vector<OptionInfo>& Options();

// Builds the configuration. `file` may be empty (no file); `environment` maps variable names to
// values; `overrides` maps option keys ("server.port") to values given on the command line.
// Fails with kInvalidArgument naming the option for unknown keys, wrong types and bad values.
Result<Config> LoadConfig(const std::string& file, const std::map<std::string, std::string>& environment,
                          const std::map<std::string, std::string>& overrides);

// The BLUEBIRD_* variables of the current process.
std::map<std::string, std::string> ProcessEnvironment();

}  // namespace bb::app
