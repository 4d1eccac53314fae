// bluebird: one binary with subcommands — serve, migrate, demo, user, apikey, ledger, analytics, backup,
// copy.

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "app/backup_command.h"
#include "app/config.h"
#include "app/copy_command.h"
#include "app/import_command.h"
#include "app/runtime.h"
#include "domain/validation.h"
#include "http/api.h"
#include "http/server.h"
#include "integrations/http_post.h"
#include "jobs/campaign_runner.h"
#include "jobs/crm_sync.h"
#include "jobs/email_delivery.h"
#include "jobs/maintenance.h"
#include "jobs/outbox_worker.h"
#include "jobs/share_credit.h"
#include "jobs/webhook_delivery.h"
#include "service/analytics_maintenance.h"
#include "service/demo_data.h"
#include "service/ledger_verifier.h"
#include "store/postgres/connection.h"

namespace {

using bb::app::Config;

struct CommonFlags {
  std::string config_file;
  std::string db;
  std::vector<std::string> sets;  // key=value
};

void AddCommonFlags(CLI::App* command, CommonFlags& flags) {
  command->add_option("--config", flags.config_file, "TOML configuration file")->check(CLI::ExistingFile);
  command->add_option("--db", flags.db,
                      "SQLite database file, or postgres://user:password@host:port/name (overrides database.path "
                      "and database.url)");
  command->add_option("--set", flags.sets, "Set an option, e.g. --set server.threads=32 (repeatable)");
}

// Loads the configuration or prints why it cannot be loaded.
std::optional<Config> Load(const CommonFlags& flags, std::map<std::string, std::string> overrides) {
  if (bb::store::postgres::IsPostgresUrl(flags.db)) {
    overrides["database.url"] = flags.db;
  } else if (!flags.db.empty()) {
    overrides["database.path"] = flags.db;
    overrides["database.url"] = "";
  }
  for (const auto& set : flags.sets) {
    auto eq = set.find('=');
    if (eq == std::string::npos) {
      std::cerr << "--set needs key=value, got '" << set << "'\n";
      return std::nullopt;
    }
    overrides[set.substr(0, eq)] = set.substr(eq + 1);
  }
  auto config = bb::app::LoadConfig(flags.config_file, bb::app::ProcessEnvironment(), overrides);
  if (!config.ok()) {
    std::cerr << "configuration: " << config.error().message() << "\n";
    for (const auto& field : config.error().fields()) std::cerr << "  " << field.field << ": " << field.message << "\n";
    return std::nullopt;
  }
  return std::move(*config);
}

std::unique_ptr<bb::app::Runtime> Open(const Config& config) {
  auto runtime = bb::app::OpenRuntime(config);
  if (!runtime.ok()) {
    std::cerr << "cannot open the database: " << runtime.error().message() << "\n";
    return nullptr;
  }
  return std::move(*runtime);
}

bb::integrations::SmtpOptions SmtpOptionsOf(const Config& config) {
  bb::integrations::SmtpOptions options;
  options.host = config.email_smtp_host;
  options.port = static_cast<int>(config.email_smtp_port);
  options.tls = config.email_smtp_tls == "none"       ? bb::integrations::SmtpTls::kNone
                : config.email_smtp_tls == "implicit" ? bb::integrations::SmtpTls::kImplicit
                                                      : bb::integrations::SmtpTls::kStartTls;
  options.user = config.email_smtp_user;
  options.password = config.email_smtp_password;
  options.timeout = std::chrono::milliseconds(config.email_timeout_ms);
  return options;
}

int Serve(const Config& config) {
  auto started = std::chrono::steady_clock::now();
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  auto runtime = Open(config);
  if (!runtime) return 1;
  std::shared_ptr<spdlog::logger> access_log;
  if (config.access_log) {
    access_log = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stdout_sink_mt>());
    access_log->set_pattern("%v");
  }
  bb::http::ApiOptions api_options;
  api_options.public_base_url = config.PublicBaseUrl();
  api_options.trust_proxy = config.trust_proxy;
  bb::http::Api api(*runtime->services, runtime->metrics, api_options, access_log);

  bb::http::ServerOptions options;
  options.host = config.host;
  options.port = static_cast<unsigned short>(config.port);
  options.io_threads = static_cast<int>(config.io_threads);
  options.threads = static_cast<int>(config.threads);
  options.body_limit_bytes = static_cast<std::size_t>(config.body_limit_bytes);
  options.import_body_limit_bytes = static_cast<std::size_t>(config.import_body_limit_bytes);
  options.read_timeout = std::chrono::milliseconds(config.read_timeout_ms);
  options.idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms);
  options.write_timeout = std::chrono::milliseconds(config.write_timeout_ms);
  options.shutdown_grace = std::chrono::milliseconds(config.shutdown_grace_ms);
  options.trust_proxy = config.trust_proxy;
  bb::jobs::Maintenance maintenance(*runtime->services, std::chrono::hours(1));
  maintenance.Start();
  bb::integrations::HttpPostOptions webhook_post;
  webhook_post.timeout = std::chrono::milliseconds(config.webhooks_timeout_ms);
  webhook_post.allow_private_targets = config.webhooks_allow_private_targets;
  bb::jobs::OutboxWorker outbox(*runtime->services, runtime->metrics,
                                {static_cast<int>(config.outbox_workers), static_cast<int>(config.outbox_batch),
                                 std::chrono::milliseconds(config.outbox_poll_ms)},
                                [&](bb::domain::OutboxKind kind) -> std::unique_ptr<bb::jobs::Deliverer> {
                                  if (kind == bb::domain::OutboxKind::kWebhook) {
                                    return std::make_unique<bb::jobs::WebhookDelivery>(runtime->clock, webhook_post);
                                  }
                                  if (config.email_smtp_host.empty()) {
                                    return std::make_unique<bb::jobs::EmailNotConfigured>();
                                  }
                                  return std::make_unique<bb::jobs::EmailDelivery>(SmtpOptionsOf(config));
                                });
  if (config.outbox_workers > 0) outbox.Start();
  // Beside the outbox worker: an instance that only serves the API (outbox.workers 0) sends nothing.
  bb::jobs::CampaignRunner campaigns(*runtime->services, std::chrono::seconds(5));
  if (config.outbox_workers > 0) campaigns.Start();
  // Challenges' share steps, from the clicks on advocates' links (beside the other background work).
  bb::jobs::ShareCredit shares(*runtime->services, std::chrono::seconds(30));
  if (config.outbox_workers > 0) shares.Start();
  // The CRM connectors' sync (and "test connection"), beside the outbox worker as well.
  bb::jobs::CrmSyncOptions crm_options;
  crm_options.http.allow_private_targets = config.connectors_allow_private_targets;
  bb::jobs::CrmSync crm_sync(*runtime->services, crm_options);
  runtime->services->connectors.SetGateway(&crm_sync);
  if (config.outbox_workers > 0) crm_sync.Start();
  bb::http::Server server(api, options);
  server.ShutdownOnSignals();
  auto port = server.Start();
  if (!port.ok()) {
    std::cerr << port.error().message() << "\n";
    return 1;
  }
  auto ready_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("bluebird serving on http://{}:{} (public links: {}), database {}, ready in {:.1f} ms", config.host,
               *port, api_options.public_base_url, config.DatabaseForDisplay(), ready_ms);
  std::cout << "Bluebird is running: open " << api_options.public_base_url << "/" << std::endl;
  server.Wait();
  campaigns.Stop();
  crm_sync.Stop();
  runtime->services->connectors.SetGateway(nullptr);
  runtime->services->imports.Stop();
  outbox.Stop();
  maintenance.Stop();
  spdlog::info("stopped accepting; committing queued writes");
  runtime->store->Close();
  spdlog::info("bluebird stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Bluebird: referral and advocacy programs, from the first click to the closed deal."};
  app.require_subcommand(1);

  CommonFlags flags;
  std::string host;
  int port = -1;
  auto* serve = app.add_subcommand("serve", "Run the server (API, tracked links, jobs)");
  AddCommonFlags(serve, flags);
  serve->add_option("--host", host, "IP address to listen on (overrides server.host)");
  serve->add_option("--port", port, "TCP port (overrides server.port)")->check(CLI::Range(0, 65535));

  auto* migrate = app.add_subcommand("migrate", "Create or upgrade the database schema, then exit");
  AddCommonFlags(migrate, flags);

  auto* demo = app.add_subcommand("demo", "Fill an empty database with demo programs, advocates and clicks");
  AddCommonFlags(demo, flags);
  std::string credentials_file;
  demo->add_option("--credentials", credentials_file, "Also write the demo sign-in and API key to this file");

  std::string email, role, name;
  auto* user = app.add_subcommand("user", "Manage staff users");
  user->require_subcommand(1);
  auto* user_create = user->add_subcommand("create", "Create a user; reads the password from standard input");
  AddCommonFlags(user_create, flags);
  user_create->add_option("--email", email, "Email address")->required();
  user_create->add_option("--role", role, "admin, manager, sales_rep or viewer")->required();
  user_create->add_option("--name", name, "Display name");
  auto* user_set_password =
      user->add_subcommand("set-password", "Set a user's password (read from standard input) and end their sessions");
  AddCommonFlags(user_set_password, flags);
  user_set_password->add_option("--email", email, "Email address")->required();
  auto* user_disable =
      user->add_subcommand("disable", "Disable a user and end their sessions (not the last active admin)");
  AddCommonFlags(user_disable, flags);
  user_disable->add_option("--email", email, "Email address")->required();

  auto* apikey = app.add_subcommand("apikey", "Manage API keys");
  apikey->require_subcommand(1);
  auto* apikey_create = apikey->add_subcommand("create", "Create an API key; prints it as the last line");
  AddCommonFlags(apikey_create, flags);
  apikey_create->add_option("--name", name, "What the key is for")->required();
  apikey_create->add_option("--role", role, "admin, manager, sales_rep or viewer")->required();

  std::string backup_to, backup_file;
  auto* backup =
      app.add_subcommand("backup", "Copy a live database consistently (--to FILE), or check a copy (verify)");
  backup->require_subcommand(0, 1);
  AddCommonFlags(backup, flags);
  backup->add_option("--to", backup_to, "The new backup file (must not exist)");
  auto* backup_verify = backup->add_subcommand(
      "verify", "Check a backup: integrity, foreign keys, schema version, the reward ledger; exit 1 on any problem");
  backup_verify->add_option("file", backup_file, "The backup file")->required();

  auto* ledger = app.add_subcommand("ledger", "Check the reward ledger");
  ledger->require_subcommand(1);
  auto* ledger_verify = ledger->add_subcommand(
      "verify", "Recompute the ledger from the referral histories and the rules; exit 1 on any difference");
  AddCommonFlags(ledger_verify, flags);

  auto* analytics = app.add_subcommand("analytics", "Check or rebuild the summaries the dashboards read");
  analytics->require_subcommand(1);
  auto* analytics_verify = analytics->add_subcommand(
      "verify", "Compare the click summaries with the raw clicks, day by day; exit 1 on any difference");
  AddCommonFlags(analytics_verify, flags);
  auto* analytics_rebuild = analytics->add_subcommand(
      "rebuild", "Recompute every click summary from the raw clicks (safe beside a running server)");
  AddCommonFlags(analytics_rebuild, flags);

  bb::app::ImportOptions import_options;
  auto* import =
      app.add_subcommand("import",
                         "Import a CSV file of advocates or historical referrals into a program; prints the report as "
                         "JSON (exit 1 if the file was refused)");
  AddCommonFlags(import, flags);
  import->add_option("--kind", import_options.kind, "What the file holds: advocates (the default) or referrals")
      ->check(CLI::IsMember({"advocates", "referrals"}));
  import->add_option("--program", import_options.program_id, "The program's id")->required();
  import->add_flag("--dry-run", import_options.dry_run, "Check every row and report what would happen; write nothing");
  import->add_option("--map", import_options.maps, "FIELD=HEADER: the column holding a field (repeatable)");
  import->add_option("--delimiter", import_options.delimiter, "',' or ';' (default: detected from the header row)")
      ->check(CLI::IsMember({",", ";"}));
  import->add_option("file", import_options.file, "The CSV file (UTF-8)")->required()->check(CLI::ExistingFile);

  std::string copy_from, copy_to;
  auto* copy = app.add_subcommand(
      "copy", "Move a SQLite database to an empty PostgreSQL database; exit 0 only when every row arrived");
  copy->add_option("--from", copy_from, "The SQLite database file")->required();
  copy->add_option("--to", copy_to, "The PostgreSQL URL (postgres://user:password@host:port/database)")->required();

  CLI11_PARSE(app, argc, argv);
  if (copy->parsed()) {
    spdlog::set_level(spdlog::level::warn);
    return bb::app::RunCopy(copy_from, copy_to);
  }

  std::map<std::string, std::string> overrides;
  if (!host.empty()) overrides["server.host"] = host;
  if (port >= 0) overrides["server.port"] = std::to_string(port);
  auto config = Load(flags, overrides);
  if (!config) return 2;

  if (serve->parsed()) return Serve(*config);
  if (backup_verify->parsed()) return bb::app::RunBackupVerify(backup_file);
  if (backup->parsed()) {
    if (backup_to.empty()) {
      std::cerr << "backup needs --to FILE (or: bluebird backup verify FILE)\n";
      return 2;
    }
    if (config->UsesPostgres()) {
      std::cerr << "backup copies a SQLite file; back up PostgreSQL with pg_dump (docs/operations.md)\n";
      return 2;
    }
    if (!std::filesystem::exists(config->database)) {
      std::cerr << "no database at " << config->database << "\n";
      return 2;
    }
    return bb::app::RunBackup(*config, backup_to);
  }

  spdlog::set_level(spdlog::level::warn);
  if ((ledger_verify->parsed() || analytics_verify->parsed() || analytics_rebuild->parsed()) &&
      !config->UsesPostgres() && !std::filesystem::exists(config->database)) {
    // Opening would create an empty database, whose empty ledger and summaries always verify.
    std::cerr << "no database at " << config->database << "\n";
    return 2;
  }
  auto runtime = Open(*config);
  if (!runtime) return 1;
  auto fail = [](const bb::Error& error) {
    std::cerr << error.message() << "\n";
    for (const auto& field : error.fields()) std::cerr << "  " << field.field << ": " << field.message << "\n";
    return 1;
  };

  if (import->parsed()) return bb::app::RunImport(*runtime->services, import_options);
  if (migrate->parsed()) {
    std::cout << "database " << config->DatabaseForDisplay() << " is up to date\n";
    return 0;
  }
  if (demo->parsed()) {
    auto summary = bb::service::FillDemo(*runtime->services, config->PublicBaseUrl());
    if (!summary.ok()) return fail(summary.error());
    std::ostringstream text;
    text << "Demo data: " << summary->programs << " programs, " << summary->advocates << " advocates, "
         << summary->clicks << " clicks, " << summary->referrals << " referrals (" << summary->won << " won).\n"
         << "Console: " << config->PublicBaseUrl() << "/console\n"
         << "Sign in as " << summary->admin_email << " with password " << summary->admin_password << "\n"
         << "API key (admin): " << summary->api_key << "\n";
    std::cout << text.str();
    if (!credentials_file.empty()) {
      std::ofstream out(credentials_file);
      out << text.str();
      if (!out) return fail(bb::Error(bb::ErrorCode::kUnavailable, "cannot write " + credentials_file));
    }
    return 0;
  }
  if (user_create->parsed()) {
    std::string password;
    std::getline(std::cin, password);
    bb::service::UserInput input{email, name, role, password};
    auto created = runtime->services->auth.CreateUser(bb::domain::Actor::System(), input);
    if (!created.ok()) return fail(created.error());
    std::cout << "created user " << created->id << " <" << created->email << "> with role " << role << "\n";
    return 0;
  }
  if (user_set_password->parsed()) {
    std::string password;
    std::getline(std::cin, password);
    bb::Status set = runtime->services->auth.SetPassword(bb::domain::Actor::System(), email, password);
    if (!set.ok()) return fail(set.error());
    std::cout << "password set for <" << bb::domain::NormalizeEmail(email) << ">; their sessions have ended\n";
    return 0;
  }
  if (user_disable->parsed()) {
    auto found = runtime->services->auth.GetUserByEmail(bb::domain::Actor::System(), email);
    if (!found.ok()) return fail(found.error());
    auto disabled = runtime->services->auth.UpdateUser(bb::domain::Actor::System(), found->id, {{}, {}, true});
    if (!disabled.ok()) return fail(disabled.error());
    std::cout << "disabled user " << disabled->id << " <" << disabled->email << ">; their sessions have ended\n";
    return 0;
  }
  if (ledger_verify->parsed()) {
    auto report = bb::service::LedgerVerifier(*runtime->store).Verify();
    if (!report.ok()) return fail(report.error());
    std::cout << "ledger: " << report->programs << " programs, " << report->referrals << " referrals, "
              << report->history_entries << " history entries; " << report->rewards_found << " rewards found, "
              << report->rewards_expected << " expected\n";
    for (const auto& difference : report->differences) std::cout << "DIFFERENCE " << difference << "\n";
    std::cout << (report->ok() ? "ledger verified: no differences\n"
                               : std::to_string(report->differences.size()) + " differences\n");
    return report->ok() ? 0 : 1;
  }
  if (analytics_verify->parsed() || analytics_rebuild->parsed()) {
    bb::service::AnalyticsMaintenance maintenance(*runtime->store);
    bool verify = analytics_verify->parsed();
    auto report = verify ? maintenance.Verify() : maintenance.Rebuild();
    if (!report.ok()) return fail(report.error());
    std::cout << "analytics: " << report->programs << " programs, " << report->days << " program-days with clicks, "
              << report->referral_days << " with referrals or enrolments" << (verify ? "" : " rebuilt") << "\n";
    for (const auto& difference : report->differences) std::cout << "DIFFERENCE " << difference << "\n";
    if (verify) {
      std::cout << (report->ok() ? "analytics verified: no differences\n"
                                 : std::to_string(report->differences.size()) + " differences\n");
    }
    return report->ok() ? 0 : 1;
  }
  if (apikey_create->parsed()) {
    auto created = runtime->services->auth.CreateApiKey(bb::domain::Actor::System(), name, role);
    if (!created.ok()) return fail(created.error());
    std::cout << "created API key " << created->key.id << " (" << role << "); it is shown only once:\n"
              << created->secret << "\n";
    return 0;
  }
  return 0;
}
