#include "app/config.h"

#include <toml++/toml.h>

#include <charconv>
#include <cstdlib>
#include <functional>

#include "crypto/crypto.h"
#include "domain/email_message.h"
#include "store/postgres/connection.h"

extern char** environ;

namespace bb::app {
namespace {

// How each option is read from text (environment, flags) and from TOML, and checked.
struct Binding {
  OptionInfo info;
  std::function<std::string(Config&, std::string_view)> set_text;   // returns an error message or ""
  std::function<std::string(Config&, const toml::node&)> set_toml;  // returns an error message or ""
};

std::string SetInt(std::int64_t& target, std::string_view text, std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return "must be an integer";
  if (value < min || value > max) return "must be between " + std::to_string(min) + " and " + std::to_string(max);
  target = value;
  return {};
}

std::string SetBool(bool& target, std::string_view text) {
  if (text == "true" || text == "1" || text == "yes") {
    target = true;
  } else if (text == "false" || text == "0" || text == "no") {
    target = false;
  } else {
    return "must be true or false";
  }
  return {};
}

template <class Check>
Binding StringOption(OptionInfo info, std::string Config::*member, Check check) {
  auto set = [member, check](Config& c, std::string_view text) -> std::string {
    std::string message = check(text);
    if (message.empty()) c.*member = std::string(text);
    return message;
  };
  return {info, set, [set](Config& c, const toml::node& node) -> std::string {
            if (!node.is_string()) return "must be a string";
            return set(c, node.value<std::string>().value_or(""));
          }};
}

Binding IntOption(OptionInfo info, std::int64_t Config::*member, std::int64_t min, std::int64_t max) {
  return {info, [=](Config& c, std::string_view text) { return SetInt(c.*member, text, min, max); },
          [=](Config& c, const toml::node& node) -> std::string {
            if (!node.is_integer()) return "must be an integer";
            return SetInt(c.*member, std::to_string(node.value<std::int64_t>().value_or(0)), min, max);
          }};
}

Binding BoolOption(OptionInfo info, bool Config::*member) {
  return {info, [=](Config& c, std::string_view text) { return SetBool(c.*member, text); },
          [=](Config& c, const toml::node& node) -> std::string {
            if (!node.is_boolean()) return "must be true or false";
            c.*member = node.value<bool>().value_or(false);
            return {};
          }};
}

auto AnyText = [](std::string_view) { return std::string(); };
auto NonEmpty = [](std::string_view text) { return text.empty() ? std::string("must not be empty") : std::string(); };

const std::vector<Binding>& Bindings() {
  static const std::vector<Binding> bindings = {
      StringOption({"server.host", "BLUEBIRD_SERVER_HOST", "IP address to listen on"}, &Config::host, NonEmpty),
      IntOption({"server.port", "BLUEBIRD_SERVER_PORT", "TCP port to listen on (0 picks a free one)"}, &Config::port, 0,
                65535),
      IntOption({"server.io_threads", "BLUEBIRD_SERVER_IO_THREADS",
                 "threads reading and writing connections and following tracked links; 1 (no locking between "
                 "them) is fastest on small machines"},
                &Config::io_threads, 1, 64),
      IntOption({"server.threads", "BLUEBIRD_SERVER_THREADS",
                 "worker threads for API requests; bounds the API requests in flight"},
                &Config::threads, 1, 1024),
      StringOption({"server.public_base_url", "BLUEBIRD_SERVER_PUBLIC_BASE_URL",
                    "base of public links (referral links, join pages); https makes cookies Secure"},
                   &Config::public_base_url, AnyText),
      IntOption({"server.body_limit_bytes", "BLUEBIRD_SERVER_BODY_LIMIT_BYTES", "largest request body accepted"},
                &Config::body_limit_bytes, 1024, 64 * 1024 * 1024),
      IntOption({"server.import_body_limit_bytes", "BLUEBIRD_SERVER_IMPORT_BODY_LIMIT_BYTES",
                 "largest CSV file accepted by POST /api/v1/imports (from clients sending credentials)"},
                &Config::import_body_limit_bytes, 1024, std::int64_t{4} * 1024 * 1024 * 1024),
      IntOption({"server.read_timeout_ms", "BLUEBIRD_SERVER_READ_TIMEOUT_MS", "time allowed to receive a request"},
                &Config::read_timeout_ms, 100, 3600000),
      IntOption({"server.idle_timeout_ms", "BLUEBIRD_SERVER_IDLE_TIMEOUT_MS",
                 "how long a kept-alive connection may wait for its next request"},
                &Config::idle_timeout_ms, 100, 3600000),
      IntOption({"server.write_timeout_ms", "BLUEBIRD_SERVER_WRITE_TIMEOUT_MS", "time allowed to send a response"},
                &Config::write_timeout_ms, 100, 3600000),
      IntOption({"server.shutdown_grace_ms", "BLUEBIRD_SERVER_SHUTDOWN_GRACE_MS",
                 "on SIGTERM/SIGINT, how long in-flight requests may take to finish"},
                &Config::shutdown_grace_ms, 0, 600000),
      BoolOption({"server.trust_proxy", "BLUEBIRD_SERVER_TRUST_PROXY",
                  "take the client address from the last X-Forwarded-For entry"},
                 &Config::trust_proxy),
      StringOption({"database.path", "BLUEBIRD_DATABASE_PATH", "SQLite database file (created if missing)"},
                   &Config::database, NonEmpty),
      StringOption({"database.url", "BLUEBIRD_DATABASE_URL",
                    "PostgreSQL database (postgres://user:password@host:port/name?sslmode=...) instead of the "
                    "SQLite file; several instances may share it"},
                   &Config::database_url,
                   [](std::string_view text) {
                     return text.empty() || store::postgres::IsPostgresUrl(text)
                                ? std::string()
                                : std::string("must start with postgres:// or postgresql://");
                   }),
      IntOption({"database.pool_size", "BLUEBIRD_DATABASE_POOL_SIZE", "PostgreSQL connections per instance"},
                &Config::pool_size, 1, 1000),
      StringOption({"database.synchronous", "BLUEBIRD_DATABASE_SYNCHRONOUS",
                    "full: a commit is on disk before it is acknowledged; normal: survives a crash of the "
                    "process but not of the machine"},
                   &Config::synchronous,
                   [](std::string_view text) {
                     return text == "full" || text == "normal" ? std::string() : std::string("must be full or normal");
                   }),
      IntOption({"database.max_batch", "BLUEBIRD_DATABASE_MAX_BATCH", "most writes committed together"},
                &Config::max_batch, 1, 100000),
      IntOption({"database.busy_timeout_ms", "BLUEBIRD_DATABASE_BUSY_TIMEOUT_MS",
                 "how long to wait for a lock held by another connection"},
                &Config::busy_timeout_ms, 0, 600000),
      IntOption({"database.checkpoint_pages", "BLUEBIRD_DATABASE_CHECKPOINT_PAGES",
                 "copy the write-ahead log back into the database file when it reaches this many pages (4 KiB each)"},
                &Config::checkpoint_pages, 100, 1000000),
      IntOption({"security.session_idle_minutes", "BLUEBIRD_SECURITY_SESSION_IDLE_MINUTES",
                 "a session ends after this long without use"},
                &Config::session_idle_minutes, 1, 60 * 24 * 30),
      IntOption({"security.session_absolute_hours", "BLUEBIRD_SECURITY_SESSION_ABSOLUTE_HOURS",
                 "a session ends this long after sign-in, used or not"},
                &Config::session_absolute_hours, 1, 24 * 90),
      IntOption({"security.login_per_minute", "BLUEBIRD_SECURITY_LOGIN_PER_MINUTE",
                 "sign-in attempts allowed per client address and per email"},
                &Config::login_per_minute, 1, 100000),
      IntOption({"security.public_per_minute", "BLUEBIRD_SECURITY_PUBLIC_PER_MINUTE",
                 "public form posts (join) allowed per client address"},
                &Config::public_per_minute, 1, 1000000),
      IntOption(
          {"security.clicks_per_minute", "BLUEBIRD_SECURITY_CLICKS_PER_MINUTE",
           "clicks recorded per client address by each instance (0 = no limit); beyond it visitors are redirected "
           "without a click being recorded"},
          &Config::clicks_per_minute, 0, 100000000),
      IntOption({"security.idempotency_ttl_hours", "BLUEBIRD_SECURITY_IDEMPOTENCY_TTL_HOURS",
                 "how long an Idempotency-Key is remembered"},
                &Config::idempotency_ttl_hours, 24, 24 * 30),
      IntOption({"outbox.workers", "BLUEBIRD_OUTBOX_WORKERS",
                 "deliveries (webhooks, emails) in flight at once on each instance; 0: this instance delivers "
                 "nothing (others sharing the database do)"},
                &Config::outbox_workers, 0, 256),
      IntOption({"outbox.batch", "BLUEBIRD_OUTBOX_BATCH", "due items an instance claims at a time"},
                &Config::outbox_batch, 1, 1000),
      IntOption({"outbox.lease_seconds", "BLUEBIRD_OUTBOX_LEASE_SECONDS",
                 "how long a claim holds an item; an instance that dies mid-delivery gives its items back after "
                 "this (longer than webhooks.timeout_ms)"},
                &Config::outbox_lease_seconds, 1, 3600),
      IntOption({"outbox.give_up_after_hours", "BLUEBIRD_OUTBOX_GIVE_UP_AFTER_HOURS",
                 "an item not delivered this long after it was written is given up (dead, replayable)"},
                &Config::outbox_give_up_after_hours, 1, 24 * 30),
      IntOption({"outbox.poll_ms", "BLUEBIRD_OUTBOX_POLL_MS", "how often an idle instance looks for due items"},
                &Config::outbox_poll_ms, 10, 60000),
      BoolOption({"webhooks.allow_private_targets", "BLUEBIRD_WEBHOOKS_ALLOW_PRIVATE_TARGETS",
                  "let endpoints use http:// and reach loopback and private addresses (development and tests only)"},
                 &Config::webhooks_allow_private_targets),
      IntOption({"webhooks.timeout_ms", "BLUEBIRD_WEBHOOKS_TIMEOUT_MS",
                 "how long a receiver may take to answer a delivery, connecting included"},
                &Config::webhooks_timeout_ms, 100, 60000),
      StringOption({"connectors.secret_key", "BLUEBIRD_CONNECTORS_SECRET_KEY",
                    "base64 of 32 random bytes that seal CRM connectors' credentials at rest (openssl rand -base64 "
                    "32; set it in the environment rather than the file); empty: connectors cannot be saved"},
                   &Config::connectors_secret_key,
                   [](std::string_view text) {
                     if (text.empty()) return std::string();
                     std::optional<std::string> key = crypto::Base64Decode(text);
                     return key && key->size() == 32
                                ? std::string()
                                : std::string("must be the base64 of 32 bytes (openssl rand -base64 32)");
                   }),
      BoolOption({"connectors.allow_private_targets", "BLUEBIRD_CONNECTORS_ALLOW_PRIVATE_TARGETS",
                  "let connectors use http:// and reach loopback and private addresses (tests against local CRM "
                  "mocks only)"},
                 &Config::connectors_allow_private_targets),
      StringOption({"email.smtp_host", "BLUEBIRD_EMAIL_SMTP_HOST",
                    "SMTP server that sends Bluebird's email; empty: email is not configured and emails wait in "
                    "the outbox, shown as not sent"},
                   &Config::email_smtp_host, AnyText),
      IntOption({"email.smtp_port", "BLUEBIRD_EMAIL_SMTP_PORT", "SMTP port (587 submission, 465 implicit TLS)"},
                &Config::email_smtp_port, 1, 65535),
      StringOption({"email.smtp_user", "BLUEBIRD_EMAIL_SMTP_USER", "SMTP AUTH user; empty: no AUTH"},
                   &Config::email_smtp_user, AnyText),
      StringOption({"email.smtp_password", "BLUEBIRD_EMAIL_SMTP_PASSWORD",
                    "SMTP AUTH password (set it in the environment rather than the file)"},
                   &Config::email_smtp_password, AnyText),
      StringOption({"email.smtp_tls", "BLUEBIRD_EMAIL_SMTP_TLS",
                    "starttls (required, never plain), implicit (SMTPS) or none (local relays only)"},
                   &Config::email_smtp_tls,
                   [](std::string_view text) {
                     return text == "starttls" || text == "implicit" || text == "none"
                                ? std::string()
                                : std::string("must be starttls, implicit or none");
                   }),
      IntOption({"email.timeout_ms", "BLUEBIRD_EMAIL_TIMEOUT_MS", "how long one SMTP transaction may take"},
                &Config::email_timeout_ms, 100, 600000),
      StringOption({"email.from", "BLUEBIRD_EMAIL_FROM", "sender of every email: \"Name <address>\" or an address"},
                   &Config::email_from,
                   [](std::string_view text) {
                     return domain::ParseMailbox(text) ? std::string()
                                                       : std::string(
                                                             "must be an email address, optionally "
                                                             "with a name: Name <address>");
                   }),
      StringOption({"email.reply_to", "BLUEBIRD_EMAIL_REPLY_TO", "Reply-To of every email; empty: none"},
                   &Config::email_reply_to,
                   [](std::string_view text) {
                     return text.empty() || domain::ParseMailbox(text) ? std::string()
                                                                       : std::string("must be an email address");
                   }),
      StringOption({"log.level", "BLUEBIRD_LOG_LEVEL", "trace, debug, info, warn, error or off"}, &Config::log_level,
                   [](std::string_view text) {
                     for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
                       if (text == level) return std::string();
                     }
                     return std::string("must be one of trace, debug, info, warn, error, off");
                   }),
      BoolOption({"log.access", "BLUEBIRD_LOG_ACCESS", "write one JSON line per request to standard output"},
                 &Config::access_log),
  };
  return bindings;
}

const Binding* FindBinding(std::string_view key) {
  for (const auto& binding : Bindings()) {
    if (binding.info.key == key) return &binding;
  }
  return nullptr;
}

}  // namespace

std::string Config::DatabaseForDisplay() const {
  return UsesPostgres() ? store::postgres::RedactUrl(database_url) : database;
}

std::string Config::PublicBaseUrl() const {
  if (!public_base_url.empty()) return public_base_url;
  std::string shown_host = host == "0.0.0.0" || host == "127.0.0.1" ? "localhost" : host;
  return "http://" + shown_host + ":" + std::to_string(port);
}

const std::vector<OptionInfo>& Options() {
  static const std::vector<OptionInfo> options = [] {
    std::vector<OptionInfo> out;
    for (const auto& binding : Bindings()) out.push_back(binding.info);
    return out;
  }();
  return options;
}

Result<Config> LoadConfig(const std::string& file, const std::map<std::string, std::string>& environment,
                          const std::map<std::string, std::string>& overrides) {
  Config config;
  std::vector<FieldError> errors;
  if (!file.empty()) {
    toml::table table;
    try {
      table = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
      return Error(ErrorCode::kInvalidArgument, "cannot read " + file + ": " + std::string(e.description()));
    }
    for (const auto& [section, node] : table) {
      const toml::table* values = node.as_table();
      if (values == nullptr) {
        errors.push_back({std::string(section.str()), "must be a [section]"});
        continue;
      }
      for (const auto& [name, value] : *values) {
        std::string key = std::string(section.str()) + "." + std::string(name.str());
        const Binding* binding = FindBinding(key);
        if (binding == nullptr) {
          errors.push_back({key, "is not a known option"});
        } else if (auto message = binding->set_toml(config, value); !message.empty()) {
          errors.push_back({key, message});
        }
      }
    }
  }
  for (const auto& binding : Bindings()) {
    auto it = environment.find(binding.info.env);
    if (it == environment.end()) continue;
    if (auto message = binding.set_text(config, it->second); !message.empty()) {
      errors.push_back({binding.info.env, message});
    }
  }
  for (const auto& [key, value] : overrides) {
    const Binding* binding = FindBinding(key);
    if (binding == nullptr) {
      errors.push_back({key, "is not a known option"});
    } else if (auto message = binding->set_text(config, value); !message.empty()) {
      errors.push_back({key, message});
    }
  }
  if (!errors.empty()) return Error(ErrorCode::kInvalidArgument, "invalid configuration", std::move(errors));
  return config;
}

std::map<std::string, std::string> ProcessEnvironment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string_view text(*entry);
    if (text.rfind("BLUEBIRD_", 0) != 0) continue;
    auto eq = text.find('=');
    if (eq != std::string_view::npos) out.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return out;
}

}  // namespace bb::app
