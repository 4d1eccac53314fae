#include "app/config.h"

#include <gtest/gtest.h>
#include <toml++/toml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "temp_dir.h"

namespace bb::app {
namespace {

using Env = std::map<std::string, std::string>;

std::filesystem::path ExampleConfigPath() {
  return std::filesystem::path(__FILE__).parent_path() / ".." / ".." / "config.example.toml";
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::set<std::string> FieldNames(const Error& error) {
  std::set<std::string> names;
  for (const auto& field : error.fields()) names.insert(field.field);
  return names;
}

void ExpectDefaults(const Config& c) {
  EXPECT_EQ(c.host, "127.0.0.1");
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.io_threads, 1);
  EXPECT_EQ(c.threads, 64);
  EXPECT_EQ(c.public_base_url, "");
  EXPECT_EQ(c.body_limit_bytes, 1024 * 1024);
  EXPECT_EQ(c.read_timeout_ms, 30000);
  EXPECT_EQ(c.idle_timeout_ms, 60000);
  EXPECT_EQ(c.write_timeout_ms, 30000);
  EXPECT_EQ(c.shutdown_grace_ms, 10000);
  EXPECT_FALSE(c.trust_proxy);
  EXPECT_EQ(c.database, "bluebird.db");
  EXPECT_EQ(c.synchronous, "full");
  EXPECT_EQ(c.max_batch, 512);
  EXPECT_EQ(c.checkpoint_pages, 2000);
  EXPECT_EQ(c.busy_timeout_ms, 5000);
  EXPECT_EQ(c.session_idle_minutes, 30);
  EXPECT_EQ(c.session_absolute_hours, 12);
  EXPECT_EQ(c.login_per_minute, 10);
  EXPECT_EQ(c.public_per_minute, 30);
  EXPECT_EQ(c.clicks_per_minute, 600);
  EXPECT_EQ(c.idempotency_ttl_hours, 24);
  EXPECT_EQ(c.log_level, "info");
  EXPECT_TRUE(c.access_log);
}

class ConfigTest : public ::testing::Test {
 protected:
  std::string WriteToml(const std::string& text) {
    std::string path = dir_.File("config-" + std::to_string(++files_) + ".toml");
    std::ofstream(path) << text;
    return path;
  }
  // Loads `toml` and expects failure naming exactly `fields`.
  void ExpectRejected(const std::string& toml, const std::set<std::string>& fields) {
    auto loaded = LoadConfig(WriteToml(toml), {}, {});
    ASSERT_FALSE(loaded.ok()) << toml;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldNames(loaded.error()), fields) << toml;
    for (const auto& field : loaded.error().fields()) EXPECT_FALSE(field.message.empty()) << field.field;
  }

  bb::testing::TempDir dir_;
  int files_ = 0;
};

TEST_F(ConfigTest, HasDefaultsWithoutFileEnvironmentOrFlags) {
  auto loaded = LoadConfig("", {}, {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  ExpectDefaults(*loaded);
}

TEST_F(ConfigTest, ReadsValuesFromTheFile) {
  auto loaded = LoadConfig(WriteToml(R"(
[server]
host = "0.0.0.0"
port = 9090
threads = 8
public_base_url = "https://refer.example.com"
trust_proxy = true

[database]
path = "/var/lib/bluebird/data.db"
synchronous = "normal"
max_batch = 64

[security]
session_idle_minutes = 15
clicks_per_minute = 0

[log]
level = "debug"
access = false
)"),
                           {}, {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->host, "0.0.0.0");
  EXPECT_EQ(loaded->port, 9090);
  EXPECT_EQ(loaded->threads, 8);
  EXPECT_EQ(loaded->public_base_url, "https://refer.example.com");
  EXPECT_TRUE(loaded->trust_proxy);
  EXPECT_EQ(loaded->database, "/var/lib/bluebird/data.db");
  EXPECT_EQ(loaded->synchronous, "normal");
  EXPECT_EQ(loaded->max_batch, 64);
  EXPECT_EQ(loaded->session_idle_minutes, 15);
  EXPECT_EQ(loaded->clicks_per_minute, 0);
  EXPECT_EQ(loaded->log_level, "debug");
  EXPECT_FALSE(loaded->access_log);
  // Untouched options keep their defaults.
  EXPECT_EQ(loaded->read_timeout_ms, 30000);
  EXPECT_EQ(loaded->login_per_minute, 10);
}

TEST_F(ConfigTest, EnvironmentOverridesTheFile) {
  std::string file = WriteToml("[server]\nport = 9090\nhost = \"10.0.0.1\"\n[log]\naccess = true\n");
  auto loaded = LoadConfig(file,
                           {{"BLUEBIRD_SERVER_PORT", "9191"},
                            {"BLUEBIRD_LOG_ACCESS", "false"},
                            {"BLUEBIRD_DATABASE_PATH", "env.db"},
                            {"BLUEBIRD_SECURITY_IDEMPOTENCY_TTL_HOURS", "48"}},
                           {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->port, 9191);
  EXPECT_EQ(loaded->host, "10.0.0.1");  // the file's value where the environment is silent
  EXPECT_FALSE(loaded->access_log);
  EXPECT_EQ(loaded->database, "env.db");
  EXPECT_EQ(loaded->idempotency_ttl_hours, 48);
}

TEST_F(ConfigTest, OverridesWinOverEnvironmentAndFile) {
  std::string file = WriteToml("[server]\nport = 9090\n[log]\nlevel = \"warn\"\n");
  auto loaded = LoadConfig(file, {{"BLUEBIRD_SERVER_PORT", "9191"}, {"BLUEBIRD_LOG_LEVEL", "error"}},
                           {{"server.port", "9292"}, {"log.level", "trace"}, {"server.trust_proxy", "yes"}});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->port, 9292);
  EXPECT_EQ(loaded->log_level, "trace");
  EXPECT_TRUE(loaded->trust_proxy);
}

TEST_F(ConfigTest, ReadsBooleansFromText) {
  for (const char* yes : {"true", "1", "yes"}) {
    auto loaded = LoadConfig("", {{"BLUEBIRD_SERVER_TRUST_PROXY", yes}}, {});
    ASSERT_TRUE(loaded.ok()) << yes;
    EXPECT_TRUE(loaded->trust_proxy) << yes;
  }
  for (const char* no : {"false", "0", "no"}) {
    auto loaded = LoadConfig("", {}, {{"log.access", no}});
    ASSERT_TRUE(loaded.ok()) << no;
    EXPECT_FALSE(loaded->access_log) << no;
  }
}

TEST_F(ConfigTest, IgnoresUnrelatedEnvironmentVariables) {
  auto loaded = LoadConfig("", {{"HOME", "/root"}, {"PORT", "1"}}, {});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->port, 8080);
}

TEST_F(ConfigTest, NamesUnknownKeysAndSections) {
  ExpectRejected("[server]\nprot = 8080\n", {"server.prot"});
  ExpectRejected("[bogus]\nx = 1\n", {"bogus.x"});
  ExpectRejected("port = 8080\n", {"port"});
  ExpectRejected("[server.tls]\ncert = \"x\"\n", {"server.tls"});
}

TEST_F(ConfigTest, NamesUnknownOverrides) {
  auto loaded = LoadConfig("", {}, {{"server.prot", "1"}});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(FieldNames(loaded.error()), (std::set<std::string>{"server.prot"}));
}

TEST_F(ConfigTest, NamesWrongTypes) {
  ExpectRejected("[server]\nport = \"8080\"\n", {"server.port"});
  ExpectRejected("[server]\nport = 80.5\n", {"server.port"});
  ExpectRejected("[server]\nhost = 127\n", {"server.host"});
  ExpectRejected("[server]\ntrust_proxy = \"true\"\n", {"server.trust_proxy"});
  ExpectRejected("[log]\naccess = 1\n", {"log.access"});
  ExpectRejected("[database]\npath = [\"a\"]\n", {"database.path"});
}

TEST_F(ConfigTest, NamesBadValues) {
  ExpectRejected("[server]\nport = 70000\n", {"server.port"});
  ExpectRejected("[server]\nport = -1\n", {"server.port"});
  ExpectRejected("[server]\nthreads = 0\n", {"server.threads"});
  ExpectRejected("[server]\nio_threads = 0\n", {"server.io_threads"});
  ExpectRejected("[server]\nio_threads = 65\n", {"server.io_threads"});
  ExpectRejected("[server]\nhost = \"\"\n", {"server.host"});
  ExpectRejected("[database]\nsynchronous = \"maybe\"\n", {"database.synchronous"});
  ExpectRejected("[database]\npath = \"\"\n", {"database.path"});
  ExpectRejected("[security]\nidempotency_ttl_hours = 1\n", {"security.idempotency_ttl_hours"});
  ExpectRejected("[log]\nlevel = \"loud\"\n", {"log.level"});
}

TEST_F(ConfigTest, AcceptsRangeBoundaries) {
  auto loaded =
      LoadConfig(WriteToml("[server]\nport = 65535\nshutdown_grace_ms = 0\n[security]\nclicks_per_minute = 0\n"), {},
                 {{"server.threads", "1024"}});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message();
  EXPECT_EQ(loaded->port, 65535);
  EXPECT_EQ(loaded->threads, 1024);
  auto zero = LoadConfig("", {}, {{"server.port", "0"}});
  ASSERT_TRUE(zero.ok());
  EXPECT_EQ(zero->port, 0);
}

TEST_F(ConfigTest, NamesBadEnvironmentValuesByVariable) {
  auto loaded = LoadConfig("",
                           {{"BLUEBIRD_SERVER_PORT", "70000"},
                            {"BLUEBIRD_DATABASE_SYNCHRONOUS", "maybe"},
                            {"BLUEBIRD_SERVER_TRUST_PROXY", "maybe"},
                            {"BLUEBIRD_SERVER_THREADS", "8x"}},
                           {});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldNames(loaded.error()),
            (std::set<std::string>{"BLUEBIRD_SERVER_PORT", "BLUEBIRD_DATABASE_SYNCHRONOUS",
                                   "BLUEBIRD_SERVER_TRUST_PROXY", "BLUEBIRD_SERVER_THREADS"}));
}

TEST_F(ConfigTest, NamesBadOverrideValues) {
  auto loaded = LoadConfig("", {}, {{"server.port", "abc"}, {"database.max_batch", "0"}, {"log.access", "on"}});
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(FieldNames(loaded.error()), (std::set<std::string>{"server.port", "database.max_batch", "log.access"}));
}

TEST_F(ConfigTest, NamesEveryProblemAtOnce) {
  ExpectRejected("[server]\nport = 70000\nthreads = \"many\"\nbogus = 1\n[database]\nsynchronous = \"maybe\"\n",
                 {"server.port", "server.threads", "server.bogus", "database.synchronous"});
}

TEST_F(ConfigTest, RejectsUnparsableAndMissingFiles) {
  auto broken = LoadConfig(WriteToml("[server\nport = 1\n"), {}, {});
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code(), ErrorCode::kInvalidArgument);
  auto missing = LoadConfig(dir_.File("does-not-exist.toml"), {}, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), ErrorCode::kInvalidArgument);
}

TEST(PublicBaseUrl, DefaultsToTheListenAddress) {
  Config config;
  EXPECT_EQ(config.PublicBaseUrl(), "http://localhost:8080");
  config.host = "0.0.0.0";
  config.port = 9000;
  EXPECT_EQ(config.PublicBaseUrl(), "http://localhost:9000");
  config.host = "10.1.2.3";
  EXPECT_EQ(config.PublicBaseUrl(), "http://10.1.2.3:9000");
}

TEST(PublicBaseUrl, UsesTheConfiguredValue) {
  Config config;
  config.public_base_url = "https://refer.example.com";
  EXPECT_EQ(config.PublicBaseUrl(), "https://refer.example.com");
}

TEST(Options, ListEveryOptionOnceWithItsVariableAndDescription) {
  std::set<std::string> keys;
  for (const auto& option : Options()) {
    std::string key = option.key;
    EXPECT_TRUE(keys.insert(key).second) << "duplicate " << key;
    std::string expected_env = "BLUEBIRD_" + key;
    std::replace(expected_env.begin(), expected_env.end(), '.', '_');
    std::transform(expected_env.begin(), expected_env.end(), expected_env.begin(),
                   [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    EXPECT_EQ(std::string(option.env), expected_env);
    EXPECT_NE(std::string(option.description), "") << key;
    auto dot = key.find('.');
    ASSERT_NE(dot, std::string::npos) << key;
    std::string section = key.substr(0, dot);
    EXPECT_TRUE(section == "server" || section == "database" || section == "security" || section == "outbox" ||
                section == "webhooks" || section == "email" || section == "connectors" || section == "log")
        << key;
  }
  EXPECT_EQ(keys.size(), 44u);
}

TEST(ExampleConfig, LoadsAndEqualsTheDefaults) {
  auto path = ExampleConfigPath();
  ASSERT_TRUE(std::filesystem::exists(path)) << path;
  auto loaded = LoadConfig(path.string(), {}, {});
  ASSERT_TRUE(loaded.ok()) << loaded.error().message() << " "
                           << (loaded.error().fields().empty() ? "" : loaded.error().fields()[0].field);
  ExpectDefaults(*loaded);
}

TEST(ExampleConfig, SetsEveryOptionAsAnActualKey) {
  toml::table table = toml::parse_file(ExampleConfigPath().string());
  for (const auto& option : Options()) {
    EXPECT_TRUE(static_cast<bool>(table.at_path(option.key))) << option.key << " is missing";
  }
  std::size_t keys = 0;
  for (const auto& [section, node] : table) {
    ASSERT_TRUE(node.is_table()) << section.str();
    keys += node.as_table()->size();
  }
  EXPECT_EQ(keys, Options().size());
}

TEST(ExampleConfig, DocumentsEveryOptionWithItsDescription) {
  std::string text = ReadFile(ExampleConfigPath());
  for (const auto& option : Options()) {
    EXPECT_NE(text.find(std::string("# ") + option.description), std::string::npos) << option.key;
  }
}

}  // namespace
}  // namespace bb::app
