#pragma once
// The storage conformance suite's shared part: the backends every suite runs on, helpers, and the
// base fixture (a fresh database per test). Each *_conformance_test.cc file derives its fixture
// from ConformanceTest and instantiates it over Backends(); tests are written against
// store::Store, Tx and Queries only. A new backend passes every suite before the service layer may
// use it.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/metrics.h"
#include "domain/ids.h"
#include "domain/referral_code.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "temp_dir.h"
#include "test_postgres.h"

namespace bb::domain {
// Readable failure messages for the domain types the suite compares.
inline void PrintTo(const AttributeValue& value, std::ostream* os) {
  const char* kinds[] = {"string", "number", "bool"};
  *os << kinds[static_cast<int>(value.kind)] << ":" << value.text;
}
inline void PrintTo(AdvocateStatus status, std::ostream* os) { *os << ToString(status); }
inline void PrintTo(AdvocateSource source, std::ostream* os) { *os << ToString(source); }
inline void PrintTo(ProgramStatus status, std::ostream* os) { *os << ToString(status); }
inline void PrintTo(ProgramKind kind, std::ostream* os) { *os << ToString(kind); }
inline void PrintTo(Role role, std::ostream* os) { *os << ToString(role); }
}  // namespace bb::domain

namespace bb::store::conformance {

using namespace std::chrono_literals;
using domain::AdvocateSource;
using domain::AdvocateStatus;
using domain::AttributeValue;
using domain::ProgramStatus;

// ---------------------------------------------------------------------------------------------
// Backends

// A backend under test: opens (or reopens) the database kept in `dir`.
struct Backend {
  std::string name;
  std::function<Result<std::unique_ptr<Store>>(const std::filesystem::path& dir, MetricsRegistry& metrics)> open;
};

inline void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }
inline std::string BackendName(const ::testing::TestParamInfo<Backend>& param) { return param.param.name; }

inline Result<std::unique_ptr<Store>> OpenSqlite(const std::filesystem::path& dir, MetricsRegistry& metrics) {
  sqlite::SqliteOptions options;
  options.path = (dir / "bluebird.db").string();
  BB_ASSIGN_OR_RETURN(auto store, sqlite::SqliteStore::Open(options, metrics));
  return std::unique_ptr<Store>(std::move(store));
}

// A database of its own on the tests' PostgreSQL server for each `dir` (reopening `dir` reopens
// the same database).
inline Result<std::unique_ptr<Store>> OpenPostgres(const std::filesystem::path& dir, MetricsRegistry& metrics) {
  postgres::PostgresOptions options;
  BB_ASSIGN_OR_RETURN(options.url, testing::MigratedTestDatabaseUrl(dir.string()));
  options.pool_size = 4;
  BB_ASSIGN_OR_RETURN(auto store, postgres::PostgresStore::Open(options, metrics));
  return std::unique_ptr<Store>(std::move(store));
}

// Every backend runs the whole suite; adding one is one line here. (PostgreSQL needs a server: see
// test_postgres.h; without one its variants skip.)
inline std::vector<Backend> Backends() { return {{"sqlite", OpenSqlite}, {"postgres", OpenPostgres}}; }

// ---------------------------------------------------------------------------------------------
// Helpers

inline const Timestamp kT0 = FromMicros(1'767'225'600'000'000);  // 2026-01-01T00:00:00Z

// Visitor ids (ULIDs).
constexpr const char* kV1 = "01jgmz0000aaaaaaaaaaaaaaaa";
constexpr const char* kV2 = "01jgmz0000bbbbbbbbbbbbbbbb";
constexpr const char* kV3 = "01jgmz0000cccccccccccccccc";
constexpr const char* kV4 = "01jgmz0000dddddddddddddddd";
constexpr const char* kV5 = "01jgmz0000eeeeeeeeeeeeeeee";

inline std::string Describe(const Status& status) {
  if (status.ok()) return "ok";
  std::string text =
      "code " + std::to_string(static_cast<int>(status.error().code())) + ": " + status.error().message();
  for (const auto& field : status.error().fields()) text += " [" + field.field + ": " + field.message + "]";
  return text;
}

#define ASSERT_OK(expr)                                               \
  do {                                                                \
    const ::bb::Status bb_assert_status = (expr);                     \
    ASSERT_TRUE(bb_assert_status.ok()) << Describe(bb_assert_status); \
  } while (false)

// Expects `status` to be a kConflict naming exactly `field`.
inline void ExpectConflictOn(const Status& status, const std::string& field) {
  ASSERT_FALSE(status.ok()) << "expected a conflict on " << field;
  EXPECT_EQ(status.error().code(), ErrorCode::kConflict) << Describe(status);
  ASSERT_EQ(status.error().fields().size(), 1u) << Describe(status);
  EXPECT_EQ(status.error().fields()[0].field, field) << Describe(status);
}

inline AttributeValue Str(std::string text) { return {AttributeValue::Kind::kString, std::move(text)}; }
inline AttributeValue Num(std::string text) { return {AttributeValue::Kind::kNumber, std::move(text)}; }
inline AttributeValue Bool(bool value) { return {AttributeValue::Kind::kBool, value ? "true" : "false"}; }

template <class T>
inline std::vector<std::string> Ids(const std::vector<T>& items) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  return ids;
}

inline void ExpectSameProgram(const domain::Program& actual, const domain::Program& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.slug, expected.slug);
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.description, expected.description);
  EXPECT_EQ(actual.landing_url, expected.landing_url);
  EXPECT_EQ(actual.attribution_window_days, expected.attribution_window_days);
  EXPECT_EQ(actual.currency, expected.currency);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.referral_policy, expected.referral_policy);
  EXPECT_EQ(actual.branding, expected.branding);
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
  EXPECT_EQ(ToMicros(actual.updated_at), ToMicros(expected.updated_at));
}

inline void ExpectSamePerson(const domain::Person& actual, const domain::Person& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.email_normalized, expected.email_normalized);
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
}

inline void ExpectSameAdvocate(const domain::Advocate& actual, const domain::Advocate& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.program_id, expected.program_id);
  EXPECT_EQ(actual.code, expected.code);
  ExpectSamePerson(actual.person, expected.person);
  EXPECT_EQ(actual.email, expected.email);
  EXPECT_EQ(actual.first_name, expected.first_name);
  EXPECT_EQ(actual.last_name, expected.last_name);
  EXPECT_EQ(actual.company, expected.company);
  EXPECT_EQ(actual.source, expected.source);
  EXPECT_EQ(actual.enrolled_by, expected.enrolled_by);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.attributes, expected.attributes);
  EXPECT_EQ(actual.tags, expected.tags);
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
  EXPECT_EQ(ToMicros(actual.updated_at), ToMicros(expected.updated_at));
}

inline void ExpectSameClick(const domain::Click& actual, const domain::Click& expected) {
  EXPECT_EQ(actual.program_id, expected.program_id);
  EXPECT_EQ(actual.advocate_id, expected.advocate_id);
  EXPECT_EQ(actual.code, expected.code);
  EXPECT_EQ(ToMicros(actual.occurred_at), ToMicros(expected.occurred_at));
  EXPECT_EQ(actual.channel, expected.channel);
  EXPECT_EQ(actual.visitor_id, expected.visitor_id);
  EXPECT_EQ(actual.ip_hash, expected.ip_hash);
  EXPECT_EQ(actual.user_agent, expected.user_agent);
  EXPECT_EQ(actual.referrer, expected.referrer);
  EXPECT_EQ(actual.is_bot, expected.is_bot);
}

inline void ExpectSameRecord(const domain::IdempotencyRecord& actual, const domain::IdempotencyRecord& expected) {
  EXPECT_EQ(actual.scope, expected.scope);
  EXPECT_EQ(actual.key, expected.key);
  EXPECT_EQ(actual.fingerprint, expected.fingerprint);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.body, expected.body);
  EXPECT_EQ(actual.location, expected.location);
  EXPECT_EQ(ToMicros(actual.created_at), ToMicros(expected.created_at));
  EXPECT_EQ(ToMicros(actual.expires_at), ToMicros(expected.expires_at));
}

// Waits for an asynchronous outcome; the timeout only guards against a hang.
inline Status Await(std::future<Status>& outcome) {
  if (outcome.wait_for(60s) != std::future_status::ready) return Error::Internal("no outcome within 60 s");
  return outcome.get();
}

// ---------------------------------------------------------------------------------------------
// The fixture

class ConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam().name == "postgres" && !testing::TestPostgresUrl()) {
      GTEST_SKIP() << "no PostgreSQL server: run through ctest (its postgres fixture starts one), or export "
                      "BLUEBIRD_TEST_POSTGRES_URL=$(scripts/pg.sh start | tail -1)";
    }
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    if (store_ != nullptr) store_->Close();
  }

  std::unique_ptr<Store> OpenStore() {
    auto opened = GetParam().open(dir_.path(), metrics_);
    EXPECT_TRUE(opened.ok()) << (opened.ok() ? "" : opened.error().message());
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  // Closes the store and opens the same database again.
  void Reopen() {
    store_->Close();
    store_.reset();
    store_ = OpenStore();
    ASSERT_NE(store_, nullptr);
  }

  Status Write(const Store::WriteWork& work) { return store_->Write(work); }

  // Runs one query in its own Read and returns its value (a default value on failure).
  template <class Query>
  auto Get(Query&& query) {
    using R = decltype(query(std::declval<Queries&>()));
    using T = std::decay_t<decltype(std::declval<R&>().value())>;
    std::optional<T> out;
    Status status = store_->Read([&](Queries& q) -> Status {
      R result = query(q);
      if (!result.ok()) return std::move(result).error();
      out.emplace(std::move(result).value());
      return Ok();
    });
    EXPECT_TRUE(status.ok()) << Describe(status);
    return std::move(out).value_or(T{});
  }

  std::optional<std::string> Setting(const std::string& name) {
    return Get([&](Queries& q) { return q.GetSetting(name); });
  }

  // Ids that sort by `created` and never repeat within a test.
  std::string NewId(std::string_view prefix, Timestamp created) {
    std::array<std::uint8_t, 10> random{};
    std::uint64_t n = ++sequence_;
    for (int i = 0; i < 8; ++i) random[static_cast<std::size_t>(9 - i)] = static_cast<std::uint8_t>(n >> (8 * i));
    return domain::FormatId(prefix, created, random);
  }

  // A clear, submitted referral of `advocate` (portal source) of the person with this email key.
  domain::Referral MakeReferral(const domain::Advocate& advocate, const std::string& email_key, Timestamp created) {
    domain::Referral r;
    r.id = NewId(domain::kReferralPrefix, created);
    r.program_id = advocate.program_id;
    r.advocate_id = advocate.id;
    r.code = advocate.code;
    r.first_touch_code = advocate.code;
    r.source = domain::ReferralSource::kPortal;
    r.submitted_by = advocate.id;
    r.channel = "email";
    r.referee.email = email_key;
    r.referee.email_key = email_key;
    r.referee.email_domain = "globex.example";
    r.referee.first_name = "Gina";
    r.ip_hash = "0123456789abcdef0123456789abcdef";
    r.created_at = created;
    r.updated_at = created;
    return r;
  }

  // A distinct, well-formed referral code per call.
  std::string NewCode() {
    std::uint64_t n = ++sequence_ * 7919;
    return domain::MakeReferralCode([&] {
      auto digit = n % domain::kReferralCodeAlphabet.size();
      n /= domain::kReferralCodeAlphabet.size();
      return digit;
    });
  }

  domain::Program MakeProgram(const std::string& slug, Timestamp created = kT0) {
    domain::Program p;
    p.id = NewId(domain::kProgramPrefix, created);
    p.name = "Program " + slug;
    p.slug = slug;
    p.kind = domain::ProgramKind::kCustomer;
    p.landing_url = "https://example.com/" + slug;
    p.created_at = created;
    p.updated_at = created;
    return p;
  }

  domain::Person MakePerson(const std::string& local, Timestamp created = kT0) {
    domain::Person p;
    p.id = NewId(domain::kPersonPrefix, created);
    p.email_normalized = local + "@example.com";
    p.created_at = created;
    return p;
  }

  // An advocate of `person` in `program`, named after the person's email ("First ada", "Last",
  // "Acme", "ada@Example.com").
  domain::Advocate MakeAdvocate(const domain::Program& program, const domain::Person& person, Timestamp created = kT0) {
    domain::Advocate a;
    a.id = NewId(domain::kAdvocatePrefix, created);
    a.program_id = program.id;
    a.code = NewCode();
    a.person = person;
    std::string local = person.email_normalized.substr(0, person.email_normalized.find('@'));
    a.email = local + "@Example.com";
    a.first_name = "First " + local;
    a.last_name = "Last";
    a.company = "Acme";
    a.source = AdvocateSource::kStaff;
    a.enrolled_by = "usr_admin";
    a.created_at = created;
    a.updated_at = created;
    return a;
  }

  domain::Click MakeClick(const domain::Advocate& advocate, Timestamp at, std::string visitor, std::string channel,
                          bool is_bot = false) {
    domain::Click c;
    c.program_id = advocate.program_id;
    c.advocate_id = advocate.id;
    c.code = advocate.code;
    c.occurred_at = at;
    c.channel = std::move(channel);
    c.visitor_id = std::move(visitor);
    c.ip_hash = "0123456789abcdef0123456789abcdef";
    c.user_agent = is_bot ? "Googlebot/2.1" : "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
    c.referrer = "https://www.linkedin.com/";
    c.is_bot = is_bot;
    return c;
  }

  // Inserts a program, and a person and advocate for each of `locals`.
  Status InsertProgramWithAdvocates(const domain::Program& program, const std::vector<domain::Advocate>& advocates) {
    return Write([&](Tx& tx) -> Status {
      BB_RETURN_IF_ERROR(tx.InsertProgram(program));
      for (const auto& advocate : advocates) {
        BB_RETURN_IF_ERROR(tx.InsertPerson(advocate.person));
        BB_RETURN_IF_ERROR(tx.InsertAdvocate(advocate));
      }
      return Ok();
    });
  }

  bb::testing::TempDir dir_;
  MetricsRegistry metrics_;
  std::unique_ptr<Store> store_;
  std::uint64_t sequence_ = 0;
};

}  // namespace bb::store::conformance
