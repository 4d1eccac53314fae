// Customer value through the API, on every backend: valuation settings published as versions and
// refused field by field, an advocate's inputs, value entries (once per Idempotency-Key) and a
// customer's answer on incrementality refused field by field and by role, and the valuation of a
// program's advocates — recomputable as of a date and equal to a direct computation on generated
// months of referrals, wins, churns, corrections, rewards and answers (injected clock).

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <map>
#include <random>
#include <set>
#include <thread>

#include "common/time_format.h"
#include "domain/customer_value.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

class CustomerValueTest : public ::testing::Test {
 protected:
  CustomerValueTest() : client_(server_.Client()) {
    program_ = Id(Post("/api/v1/programs",
                       {{"name", "Values"}, {"kind", "customer"}, {"landing_url", "https://values.example/"}}));
    ada_ = Enrol("ada");
  }

  HttpResponse Send(const std::string& method, const std::string& target, const json::object& body = {},
                    const std::string& key = "", const std::string& idempotency_key = "") {
    server_.clock.Advance(1min);
    auto headers = Bearer(key.empty() ? server_.admin_key : key);
    if (!idempotency_key.empty()) headers.emplace_back("Idempotency-Key", idempotency_key);
    return client_.Send(method, target, headers, body.empty() ? "" : json::serialize(body));
  }
  HttpResponse Post(const std::string& target, const json::object& body = {}) {
    HttpResponse response = Send("POST", target, body);
    EXPECT_LT(response.status, 300) << target << "\n" << response.body;
    return response;
  }
  json::value Get(const std::string& target) {
    HttpResponse response = Send("GET", target);
    EXPECT_EQ(response.status, 200) << target << "\n" << response.body;
    return response.Json();
  }
  static std::string Id(const HttpResponse& response) {
    return response.status < 300 ? std::string(response.Json().at("id").as_string()) : "";
  }
  std::string Enrol(const std::string& name) {
    return Id(Post("/api/v1/programs/" + program_ + "/advocates",
                   {{"email", name + "@advocates.example"}, {"first_name", name}}));
  }
  static std::vector<std::string> Fields(const HttpResponse& response) {
    std::vector<std::string> out;
    json::value body = response.Json();
    for (const auto& e : body.at("errors").as_array()) out.emplace_back(e.at("field").as_string());
    return out;
  }

  TestServer server_;
  HttpClient client_;
  std::string program_, ada_;
};

TEST_F(CustomerValueTest, SettingsArePublishedAsVersionsAndRefusedFieldByField) {
  const std::string target = "/api/v1/programs/" + program_ + "/value-settings";
  json::value defaults = Get(target);
  EXPECT_EQ(defaults.at("version"), 0);
  EXPECT_EQ(defaults.at("horizon_years"), 5);
  EXPECT_EQ(defaults.at("incremental_share_bp"), 5'000);
  EXPECT_TRUE(defaults.at("clv_threshold_minor").is_null());
  EXPECT_EQ(defaults.at("currency"), "USD");

  HttpResponse refused = Send("PUT", target,
                              {{"horizon_years", "forever"},
                               {"discount_rate_bp", 20'000},
                               {"recurring", "yes"},
                               {"acquisition_cost_minor", -1},
                               {"colour", "blue"}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"recurring", "colour", "horizon_years"}))
      << "what cannot be read first";
  refused = Send("PUT", target, {{"discount_rate_bp", 20'000}, {"acquisition_cost_minor", -1}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"discount_rate_bp", "acquisition_cost_minor"}));
  refused = Send("PUT", target, {{"horizon_years", "perpetuity"}, {"discount_rate_bp", 50}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), std::vector<std::string>{"discount_rate_bp"}) << "a perpetuity needs a discount";
  EXPECT_EQ(Send("PUT", target, {{"discount_rate_bp", 900}}, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Send("PUT", target, {{"discount_rate_bp", 900}}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Get(target).at("version"), 0) << "nothing published by the refusals";

  HttpResponse first = Send("PUT", target, {{"acquisition_cost_minor", 50'000}, {"clv_threshold_minor", 1'000}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.Json().at("version"), 1);
  EXPECT_EQ(first.Json().at("published"), true);
  EXPECT_EQ(first.Json().at("discount_rate_bp"), 1'000) << "a field left out keeps its value";
  HttpResponse same = Send("PUT", target, {{"acquisition_cost_minor", 50'000}});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.Json().at("published"), false);
  HttpResponse second =
      Send("PUT", target, {{"horizon_years", "perpetuity"}, {"clv_threshold_minor", nullptr}, {"recurring", false}});
  ASSERT_EQ(second.status, 201) << second.body;
  json::value latest = Get(target);
  EXPECT_EQ(latest.at("version"), 2);
  EXPECT_EQ(latest.at("horizon_years"), "perpetuity");
  EXPECT_TRUE(latest.at("clv_threshold_minor").is_null()) << "null: back to the median";
  EXPECT_EQ(latest.at("acquisition_cost_minor"), 50'000);
  EXPECT_EQ(latest.at("recurring"), false);
  EXPECT_EQ(Get(target + "?version=1").at("clv_threshold_minor"), 1'000);
  EXPECT_EQ(Get(target + "?version=0"), defaults);
  EXPECT_EQ(Send("GET", target + "?version=9").status, 404);
  EXPECT_EQ(Send("GET", target + "?version=x").status, 422);
  EXPECT_EQ(Send("GET", "/api/v1/programs/prg_nope/value-settings").status, 404);
  EXPECT_EQ(Get("/api/v1/audit-events?kind=value_settings.published").at("data").as_array().size(), 2u);
}

TEST_F(CustomerValueTest, InputsEntriesAndAnswersAreRecordedOnceAndRefusedFieldByField) {
  const std::string inputs = "/api/v1/advocates/" + ada_ + "/customer-inputs";
  HttpResponse refused = Send("PUT", inputs, {{"retention_rate_bp", 10'001}, {"marketing_cost_minor", -5}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused),
            (std::vector<std::string>{"revenue_per_year_minor", "retention_rate_bp", "marketing_cost_minor"}));
  EXPECT_EQ(Send("PUT", inputs, {{"revenue_per_year_minor", 1}}, server_.KeyFor("viewer")).status, 403);
  EXPECT_EQ(Send("PUT", inputs, {{"revenue_per_year_minor", 1}}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("PUT", "/api/v1/advocates/adv_nope/customer-inputs", {{"revenue_per_year_minor", 1}}).status, 404);
  HttpResponse recorded = Send("PUT", inputs, {{"revenue_per_year_minor", 100'000}, {"retention_rate_bp", nullptr}});
  ASSERT_EQ(recorded.status, 200) << recorded.body;
  EXPECT_TRUE(recorded.Json().at("retention_rate_bp").is_null());
  EXPECT_EQ(recorded.Json().at("marketing_cost_minor"), 0);

  const std::string entries = "/api/v1/advocates/" + ada_ + "/value-entries";
  const std::string yesterday = FormatTimestamp(server_.clock.Now() - 24h);
  refused = Send("POST", entries,
                 {{"category", "purchase"},
                  {"amount_minor", 0},
                  {"note", ""},
                  {"occurred_at", FormatTimestamp(server_.clock.Now() + 24h)}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), (std::vector<std::string>{"category", "amount_minor", "note", "occurred_at"}));
  refused =
      Send("POST", entries,
           {{"category", "influence"}, {"amount_minor", 1'000'000'000'000'001}, {"note", "x"}, {"occurred_at", 5}});
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), std::vector<std::string>{"occurred_at"}) << "a number is not a date";
  json::object entry{{"category", "influence"},
                     {"amount_minor", 30'000},
                     {"note", "Reference call for Globex"},
                     {"source_ref", "https://crm.example/calls/7"},
                     {"occurred_at", yesterday}};
  EXPECT_EQ(Send("POST", entries, entry, server_.KeyFor("sales_rep")).status, 403);
  HttpResponse added = Send("POST", entries, entry, "", "entry-1");
  ASSERT_EQ(added.status, 201) << added.body;
  HttpResponse replayed = Send("POST", entries, entry, "", "entry-1");
  ASSERT_EQ(replayed.status, 201) << replayed.body;
  EXPECT_EQ(Id(replayed), Id(added)) << "the same key: the same entry, recorded once";
  entry["category"] = "knowledge";
  entry["amount_minor"] = -2'000;
  ASSERT_EQ(Send("POST", entries, entry).status, 201);

  std::string referral =
      Id(Post("/api/v1/referrals",
              {{"advocate_id", ada_}, {"referee", {{"email", "cy@globex.example"}, {"first_name", "Cy"}}}}));
  const std::string answer = "/api/v1/referrals/" + referral + "/incrementality";
  server_.clock.Advance(1min);
  refused = client_.Send("PUT", answer, Bearer(server_.admin_key), "{}");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(Fields(refused), std::vector<std::string>{"would_have_joined_anyway"});
  EXPECT_EQ(Send("PUT", answer, {{"would_have_joined_anyway", "no"}}).status, 422);
  EXPECT_EQ(Send("PUT", "/api/v1/referrals/ref_nope/incrementality", {{"would_have_joined_anyway", true}}).status, 404);
  HttpResponse yes = Send("PUT", answer, {{"would_have_joined_anyway", true}});
  ASSERT_EQ(yes.status, 200) << yes.body;
  EXPECT_EQ(yes.Json().at("would_have_joined_anyway"), true);
  HttpResponse unknown = Send("PUT", answer, {{"would_have_joined_anyway", nullptr}});
  ASSERT_EQ(unknown.status, 200) << unknown.body;
  EXPECT_TRUE(unknown.Json().at("would_have_joined_anyway").is_null());

  json::value mine = Get("/api/v1/advocates/" + ada_ + "/customer-value");
  EXPECT_EQ(mine.at("advocate").at("civ_minor"), 30'000);
  EXPECT_EQ(mine.at("advocate").at("ckv_minor"), -2'000);
  // The defaults: five years, 80% retention, 10% discount: 100,000 × Σ (0.8/1.1)^k = 292,063.38.
  EXPECT_EQ(mine.at("advocate").at("clv_minor"), 292'063);
  EXPECT_EQ(mine.at("advocate").at("clv_inputs"), "advocate");
  ASSERT_EQ(mine.at("entries").as_array().size(), 2u);
  EXPECT_EQ(mine.at("inputs").at("revenue_per_year_minor"), 100'000);
  EXPECT_EQ(Get("/api/v1/audit-events?kind=advocate.value_entry_recorded").at("data").as_array().size(), 2u);
  EXPECT_EQ(Get("/api/v1/audit-events?kind=referral.incrementality_answered").at("data").as_array().size(), 2u);
}

// What the generator did, as it knows it (not as the server stored it).
struct Truth {
  struct Customer {
    std::string advocate;
    Timestamp won_at{};
    std::vector<std::pair<Timestamp, std::int64_t>> deal_values;  // by time
    std::optional<Timestamp> churned_at;
    std::vector<std::pair<Timestamp, std::optional<bool>>> answers;
  };
  struct Reward {
    std::string advocate;
    Timestamp at{};
    std::optional<Timestamp> reversed_at;
  };
  std::map<std::string, Customer> customers;  // won referrals by id
  std::vector<Reward> rewards;
  std::map<std::string, Timestamp> enrolled;
  std::vector<std::pair<Timestamp, domain::CustomerInputs>> inputs;  // by time
  std::vector<domain::ValueEntry> entries;
};

template <class T>
std::optional<T> LatestBy(const std::vector<std::pair<Timestamp, T>>& timeline, Timestamp as_of) {
  std::optional<T> out;
  for (const auto& [at, value] : timeline) {
    if (at <= as_of) out = value;
  }
  return out;
}

// The valuation computed directly from the generator's truth, as of `as_of`.
domain::ValueReport Expected(const Truth& truth, const domain::ValueSettings& settings, Timestamp as_of,
                             domain::ValueView view) {
  std::vector<domain::AdvocateValueInput> advocates;
  for (const auto& [id, enrolled] : truth.enrolled) {
    domain::AdvocateValueInput a;
    a.advocate_id = id;
    a.enrolled_at = enrolled;
    for (const auto& [at, inputs] : truth.inputs) {
      if (at <= as_of && inputs.advocate_id == id) a.inputs = inputs;
    }
    for (const auto& e : truth.entries) {
      if (e.advocate_id != id || e.recorded_at > as_of || e.occurred_at > as_of) continue;
      (e.category == domain::ValueCategory::kInfluence ? a.influence_minor : a.knowledge_minor) += e.amount_minor;
    }
    for (const auto& r : truth.rewards) {
      if (r.advocate == id && r.at <= as_of && !(r.reversed_at && *r.reversed_at <= as_of)) a.rewards_minor += 1'000;
    }
    advocates.push_back(std::move(a));
  }
  std::vector<domain::ReferredCustomerRecord> won;
  for (const auto& [id, c] : truth.customers) {
    if (c.won_at > as_of) continue;
    domain::ReferredCustomerRecord r;
    r.referral_id = id;
    r.advocate_id = c.advocate;
    r.won_at = c.won_at;
    if (c.churned_at && *c.churned_at <= as_of) r.churned_at = c.churned_at;
    r.deal_value_minor = LatestBy(c.deal_values, as_of);
    r.reversed = r.churned_at && *r.churned_at - r.won_at <= std::chrono::days(90) + std::chrono::hours(23);
    if (auto answer = LatestBy(c.answers, as_of)) r.would_have_joined_anyway = *answer;
    won.push_back(std::move(r));
  }
  auto report = domain::ValueCustomers(settings, advocates, won, as_of, view);
  EXPECT_TRUE(report.ok());
  return report.ok() ? *report : domain::ValueReport{};
}

TEST_F(CustomerValueTest, TheValuationEqualsADirectComputationOnGeneratedMonths) {
  const std::string program = "/api/v1/programs/" + program_;
  ASSERT_EQ(Send("PUT", program + "/value-settings",
                 {{"horizon_years", 3},
                  {"gross_margin_bp", 6'000},
                  {"acquisition_cost_minor", 40'000},
                  {"incremental_share_bp", 5'000},
                  {"revenue_per_year_minor", 20'000},
                  {"derive_retention", true}})
                .status,
            201);
  domain::ValueSettings settings;
  settings.horizon_years = 3;
  settings.gross_margin_bp = 6'000;
  settings.acquisition_cost_minor = 40'000;
  settings.revenue_per_year_minor = 20'000;
  settings.derive_retention = true;
  Post(program + "/reward-rules", {{"name", "On a win"},
                                   {"trigger", {{"stage", "won"}}},
                                   {"amount", {{"fixed_minor", 1'000}}},
                                   {"requires_approval", false}});

  Truth truth;
  std::vector<std::string> advocates{ada_};
  truth.enrolled[ada_] = server_.clock.Now() - 2min;  // when the fixture enrolled her (two requests ago)
  {
    json::value a = Get("/api/v1/advocates/" + ada_);
    truth.enrolled[ada_] = *ParseTimestamp(std::string(a.at("created_at").as_string()));
  }
  for (const char* name : {"bo", "cy", "di", "ed", "flo", "gus"}) {
    advocates.push_back(Enrol(name));
    truth.enrolled[advocates.back()] = server_.clock.Now();
  }
  std::mt19937 random(20261206);
  auto chance = [&](int percent) { return static_cast<int>(random() % 100) < percent; };
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
  std::vector<std::string> open;
  std::vector<std::string> won;
  std::vector<Timestamp> snapshots;
  int referees = 0;

  for (int day = 0; day < 200; ++day) {
    server_.clock.Advance(24h);
    if (day == 60 || day == 130) snapshots.push_back(server_.clock.Now());
    if (chance(60)) {
      const std::string advocate = advocates[pick(advocates.size())];
      ++referees;
      const std::string email = "p" + std::to_string(referees) + "@co" + std::to_string(referees) + ".example";
      HttpResponse r =
          Post("/api/v1/referrals", {{"advocate_id", advocate}, {"referee", {{"email", email}, {"first_name", "P"}}}});
      ASSERT_EQ(r.Json().at("review_status"), "clear") << r.body;
      open.push_back(Id(r));
    }
    if (!open.empty() && chance(35)) {
      const std::size_t i = pick(open.size());
      const std::string id = open[i];
      open.erase(open.begin() + static_cast<std::ptrdiff_t>(i));
      const std::int64_t value = 10'000 + static_cast<std::int64_t>(random() % 490'000);
      HttpResponse moved = Post("/api/v1/referrals/" + id + "/stage", {{"stage", "won"}, {"deal_value_minor", value}});
      const Timestamp at = server_.clock.Now();
      const std::string advocate(moved.Json().at("referral").at("advocate_id").as_string());
      ASSERT_EQ(moved.Json().at("rewards").as_array().size(), 1u) << moved.body;
      truth.customers[id] = Truth::Customer{advocate, at, {{at, value}}, std::nullopt, {}};
      truth.rewards.push_back({advocate, at, std::nullopt});
      won.push_back(id);
    }
    if (!won.empty() && chance(8)) {  // a churn, within the 90-day window or after it
      const std::string id = won[pick(won.size())];
      auto& c = truth.customers[id];
      if (!c.churned_at) {
        Post("/api/v1/referrals/" + id + "/churn");
        c.churned_at = server_.clock.Now();
        if (*c.churned_at - c.won_at <= std::chrono::days(90) + std::chrono::hours(23)) {
          for (auto& r : truth.rewards) {
            if (r.at == c.won_at && r.advocate == c.advocate) r.reversed_at = c.churned_at;
          }
        }
      }
    }
    if (!won.empty() && chance(10)) {  // a corrected deal value
      const std::string id = won[pick(won.size())];
      const std::int64_t value = 5'000 + static_cast<std::int64_t>(random() % 200'000);
      HttpResponse corrected = Send("POST", "/api/v1/referrals/" + id + "/deal-value",
                                    {{"deal_value_minor", value}, {"note", "Corrected from the CRM"}});
      if (corrected.status == 200) truth.customers[id].deal_values.push_back({server_.clock.Now(), value});
    }
    if (!won.empty() && chance(15)) {
      const std::string id = won[pick(won.size())];
      const int kind = static_cast<int>(random() % 3);
      json::value answer = kind == 0 ? json::value(true) : kind == 1 ? json::value(false) : json::value(nullptr);
      ASSERT_EQ(
          Send("PUT", "/api/v1/referrals/" + id + "/incrementality", {{"would_have_joined_anyway", answer}}).status,
          200);
      truth.customers[id].answers.push_back(
          {server_.clock.Now(), kind == 2 ? std::optional<bool>() : std::optional<bool>(kind == 0)});
    }
    if (chance(6)) {
      const std::string advocate = advocates[pick(advocates.size())];
      domain::CustomerInputs in;
      in.advocate_id = advocate;
      in.revenue_per_year_minor = static_cast<std::int64_t>(random() % 300'000);
      if (chance(50)) in.retention_rate_bp = static_cast<std::int64_t>(random() % 10'001);
      in.marketing_cost_minor = static_cast<std::int64_t>(random() % 5'000);
      json::object body{{"revenue_per_year_minor", in.revenue_per_year_minor},
                        {"marketing_cost_minor", in.marketing_cost_minor}};
      if (in.retention_rate_bp) body["retention_rate_bp"] = *in.retention_rate_bp;
      ASSERT_EQ(Send("PUT", "/api/v1/advocates/" + advocate + "/customer-inputs", body).status, 200);
      truth.inputs.push_back({server_.clock.Now(), in});
    }
    if (chance(6)) {
      domain::ValueEntry e;
      e.advocate_id = advocates[pick(advocates.size())];
      e.category = chance(50) ? domain::ValueCategory::kInfluence : domain::ValueCategory::kKnowledge;
      e.amount_minor = static_cast<std::int64_t>(random() % 50'000) - 5'000;
      if (e.amount_minor == 0) e.amount_minor = 1;
      e.occurred_at = server_.clock.Now() - std::chrono::days(random() % 20);
      Post("/api/v1/advocates/" + e.advocate_id + "/value-entries", {{"category", domain::ToString(e.category)},
                                                                     {"amount_minor", e.amount_minor},
                                                                     {"note", "Generated"},
                                                                     {"occurred_at", FormatTimestamp(e.occurred_at)}});
      e.recorded_at = server_.clock.Now();
      truth.entries.push_back(e);
    }
  }
  snapshots.push_back(server_.clock.Now());
  ASSERT_GT(truth.customers.size(), 30u) << "enough wins to say something";

  int champions = 0;
  for (const Timestamp as_of : snapshots) {
    for (auto view : {domain::ValueView::kRealized, domain::ValueView::kProjected}) {
      SCOPED_TRACE(FormatTimestamp(as_of) + " " + std::string(domain::ToString(view)));
      const domain::ValueReport expected = Expected(truth, settings, as_of, view);
      json::value got =
          Get("/api/v1/customer-value?program_id=" + program_ + "&limit=200&as_of=" + FormatTimestamp(as_of) +
              "&view=" + std::string(domain::ToString(view)));
      EXPECT_EQ(got.at("retention").at("used_bp"), expected.retention_used_bp);
      EXPECT_EQ(got.at("retention").at("derived"), expected.retention_derived);
      EXPECT_EQ(got.at("clv_split_minor"), *expected.clv_split_minor);
      EXPECT_EQ(got.at("crv_split_minor"), *expected.crv_split_minor);
      EXPECT_EQ(got.at("quadrants").at("champion"), expected.quadrants.champions);
      EXPECT_EQ(got.at("quadrants").at("miser"), expected.quadrants.misers);
      champions += static_cast<int>(expected.quadrants.champions);
      const auto& data = got.at("data").as_array();
      ASSERT_EQ(data.size(), expected.advocates.size());
      std::map<std::string, const json::object*> by_id;
      std::int64_t previous = std::numeric_limits<std::int64_t>::max();
      for (const auto& row : data) {
        by_id[std::string(row.at("advocate_id").as_string())] = &row.as_object();
        EXPECT_LE(row.at("cev_minor").as_int64(), previous) << "highest CEV first";
        previous = row.at("cev_minor").as_int64();
      }
      for (const auto& e : expected.advocates) {
        SCOPED_TRACE(e.advocate_id);
        ASSERT_TRUE(by_id.contains(e.advocate_id));
        const json::object& row = *by_id[e.advocate_id];
        EXPECT_EQ(row.at("clv_minor"), e.clv_minor);
        EXPECT_EQ(row.at("crv_minor"), e.crv_minor);
        EXPECT_EQ(row.at("civ_minor"), e.civ_minor);
        EXPECT_EQ(row.at("ckv_minor"), e.ckv_minor);
        EXPECT_EQ(row.at("cev_minor"), e.cev_minor);
        EXPECT_EQ(row.at("rewards_minor"), e.rewards_minor);
        EXPECT_EQ(row.at("referred_customers"), e.referred_customers);
        EXPECT_EQ(row.at("incremental_customers_bp"), e.incremental_customers_bp);
        EXPECT_EQ(row.at("projected_referrals_minor"), e.projected_referrals_minor);
        EXPECT_EQ(row.at("quadrant").as_string(), domain::ToString(e.quadrant));
      }
    }
  }
  EXPECT_GT(champions, 0) << "the data reaches every quadrant's test";

  // One advocate's valuation is their line of the program's, with the customers that made it.
  const std::string& first = advocates[0];
  json::value mine = Get("/api/v1/advocates/" + first + "/customer-value?as_of=" + FormatTimestamp(snapshots[1]));
  const domain::ValueReport expected = Expected(truth, settings, snapshots[1], domain::ValueView::kRealized);
  for (const auto& e : expected.advocates) {
    if (e.advocate_id != first) continue;
    EXPECT_EQ(mine.at("advocate").at("cev_minor"), e.cev_minor);
    ASSERT_EQ(mine.at("customers").as_array().size(), e.customers.size());
    for (std::size_t i = 0; i < e.customers.size(); ++i) {
      const auto& customer = mine.at("customers").as_array()[i];
      EXPECT_EQ(customer.at("value_minor"), e.customers[i].value_minor);
      EXPECT_EQ(customer.at("would_have_joined_anyway").is_null(), !e.customers[i].would_have_joined_anyway);
    }
  }

  // Quadrant filters, orders and pages.
  json::value misers = Get("/api/v1/customer-value?program_id=" + program_ + "&quadrant=miser");
  for (const auto& row : misers.at("data").as_array()) EXPECT_EQ(row.at("quadrant"), "miser");
  EXPECT_EQ(misers.at("count"), misers.at("quadrants").at("miser"));
  json::value page1 = Get("/api/v1/customer-value?program_id=" + program_ + "&order=-crv&limit=4");
  ASSERT_EQ(page1.at("data").as_array().size(), 4u);
  ASSERT_TRUE(page1.at("next_cursor").is_string());
  json::value page2 = Get("/api/v1/customer-value?program_id=" + program_ +
                          "&order=-crv&limit=4&cursor=" + std::string(page1.at("next_cursor").as_string()));
  ASSERT_EQ(page2.at("data").as_array().size(), 3u);
  EXPECT_GE(page1.at("data").as_array()[3].at("crv_minor").as_int64(),
            page2.at("data").as_array()[0].at("crv_minor").as_int64());
  EXPECT_TRUE(page2.at("next_cursor").is_null());
}

TEST_F(CustomerValueTest, ReadsAreRefusedPreciselyAndToTheWrongRoles) {
  const std::string list = "/api/v1/customer-value?program_id=" + program_;
  EXPECT_EQ(Send("GET", list, {}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/advocates/" + ada_ + "/customer-value", {}, server_.KeyFor("sales_rep")).status, 403);
  EXPECT_EQ(Send("GET", list, {}, server_.KeyFor("viewer")).status, 200);
  auto field = [&](const std::string& target) {
    HttpResponse r = Send("GET", target);
    EXPECT_EQ(r.status, 422) << target << "\n" << r.body;
    return r.status == 422 ? Fields(r) : std::vector<std::string>{};
  };
  EXPECT_EQ(field(list + "&view=expected"), std::vector<std::string>{"view"});
  EXPECT_EQ(field(list + "&order=cev"), std::vector<std::string>{"order"});
  EXPECT_EQ(field(list + "&quadrant=champions"), std::vector<std::string>{"quadrant"});
  EXPECT_EQ(field(list + "&as_of=yesterday"), std::vector<std::string>{"as_of"});
  EXPECT_EQ(field(list + "&as_of=" + FormatTimestamp(server_.clock.Now() + 24h)), std::vector<std::string>{"as_of"});
  EXPECT_EQ(field(list + "&colour=blue"), std::vector<std::string>{"colour"});
  EXPECT_EQ(field("/api/v1/customer-value"), std::vector<std::string>{"program_id"});
  EXPECT_EQ(Send("GET", "/api/v1/customer-value?program_id=prg_nope").status, 404);
  EXPECT_EQ(Send("GET", list + "&version=4").status, 404);
  // An advocate enrolled after as_of is not there yet.
  const std::string before = FormatTimestamp(server_.clock.Now() - 24h);
  EXPECT_EQ(Send("GET", "/api/v1/advocates/" + ada_ + "/customer-value?as_of=" + before).status, 404);
  EXPECT_EQ(Get(list + "&as_of=" + before).at("data").as_array().size(), 0u);

  // An archived program takes no new inputs, entries, answers or settings, and is still read.
  ASSERT_EQ(Send("POST", "/api/v1/programs/" + program_ + "/archive").status, 200);
  EXPECT_EQ(Send("PUT", "/api/v1/advocates/" + ada_ + "/customer-inputs", {{"revenue_per_year_minor", 1}}).status, 409);
  EXPECT_EQ(Send("POST", "/api/v1/advocates/" + ada_ + "/value-entries",
                 {{"category", "knowledge"},
                  {"amount_minor", 5},
                  {"note", "Beta"},
                  {"occurred_at", FormatTimestamp(server_.clock.Now())}})
                .status,
            409);
  EXPECT_EQ(Send("PUT", "/api/v1/programs/" + program_ + "/value-settings", {{"discount_rate_bp", 5}}).status, 409);
  EXPECT_EQ(Send("GET", list).status, 200);
}

// The review of 2026-12-06 found these; each is held here.
TEST_F(CustomerValueTest, ReviewFindingsOfCustomerValueWithTheirRegressions) {
  const std::string settings = "/api/v1/programs/" + program_ + "/value-settings";
  ASSERT_EQ(Send("PUT", settings, {{"recurring", false}, {"incremental_share_bp", 10'000}}).status, 201);
  auto crv_as_of = [&](const std::string& as_of) {
    return Get("/api/v1/advocates/" + ada_ + "/customer-value?as_of=" + as_of).at("advocate").at("crv_minor");
  };
  auto refer = [&](const std::string& email) {
    return Id(Post("/api/v1/referrals", {{"advocate_id", ada_}, {"referee", {{"email", email}, {"first_name", "R"}}}}));
  };

  // 1. A referral held for review and cleared later counts from its clearing, not before.
  std::string held = refer("ada@advocates.example");  // Ada refers herself: held
  ASSERT_EQ(
      Send("POST", "/api/v1/referrals/" + held + "/stage", {{"stage", "won"}, {"deal_value_minor", 100'000}}).status,
      200);
  const std::string before_clearing = FormatTimestamp(server_.clock.Now());
  EXPECT_EQ(crv_as_of(before_clearing), 0);
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + held + "/clear", {{"note", "She is a customer too."}}).status, 200);
  EXPECT_EQ(crv_as_of(before_clearing), 0) << "held then: not counted then";
  EXPECT_EQ(crv_as_of(FormatTimestamp(server_.clock.Now())), 100'000);

  // 2. A churn is judged when recorded: a later change of the reversal window changes nothing.
  std::string churned = refer("cy@globex.example");
  ASSERT_EQ(
      Send("POST", "/api/v1/referrals/" + churned + "/stage", {{"stage", "won"}, {"deal_value_minor", 40'000}}).status,
      200);
  server_.clock.Advance(std::chrono::days(60));
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + churned + "/churn").status, 200);  // within the 90 days
  const std::string after_churn = FormatTimestamp(server_.clock.Now());
  EXPECT_EQ(crv_as_of(after_churn), 100'000) << "the churned customer taken back";
  ASSERT_EQ(Send("PATCH", "/api/v1/programs/" + program_, {{"referral_policy", {{"reversal_window_days", 30}}}}).status,
            200);
  EXPECT_EQ(crv_as_of(after_churn), 100'000) << "still taken back";
  EXPECT_EQ(crv_as_of(FormatTimestamp(server_.clock.Now())), 100'000);

  // 3. A grant a deal value correction makes counts from the correction, though dated to the win.
  Post("/api/v1/programs/" + program_ + "/reward-rules",
       {{"name", "Ten percent"}, {"trigger", {{"stage", "won"}}}, {"amount", {{"percent_bp", 1'000}}}});
  std::string unpriced = refer("di@initech.example");
  ASSERT_EQ(Send("POST", "/api/v1/referrals/" + unpriced + "/stage", {{"stage", "won"}}).status, 200);
  const std::string before_correction = FormatTimestamp(server_.clock.Now());
  EXPECT_EQ(crv_as_of(before_correction), 100'000);
  HttpResponse corrected = Send("POST", "/api/v1/referrals/" + unpriced + "/deal-value",
                                {{"deal_value_minor", 50'000}, {"reason", "the amount came late"}});
  ASSERT_EQ(corrected.status, 200) << corrected.body;
  EXPECT_EQ(crv_as_of(before_correction), 100'000) << "nothing granted then";
  EXPECT_EQ(crv_as_of(FormatTimestamp(server_.clock.Now())), 100'000 + 50'000 - 5'000);

  // 4. Concurrent partial PUTs each keep what the others published.
  std::vector<std::string> fields{"discount_rate_bp",       "retention_rate_bp",    "gross_margin_bp",
                                  "acquisition_cost_minor", "incremental_share_bp", "revenue_per_year_minor"};
  std::vector<std::thread> threads;
  std::vector<int> statuses(fields.size());
  for (std::size_t i = 0; i < fields.size(); ++i) {
    threads.emplace_back([&, i] {
      HttpClient client = server_.Client();
      statuses[i] = client
                        .Send("PUT", settings, Bearer(server_.admin_key),
                              json::serialize(json::object{{fields[i], static_cast<std::int64_t>(1'234 + i)}}))
                        .status;
    });
  }
  for (auto& t : threads) t.join();
  for (int status : statuses) EXPECT_TRUE(status == 201 || status == 409) << status;
  json::value latest = Get(settings);
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (statuses[i] == 201) {
      EXPECT_EQ(latest.at(fields[i]), static_cast<std::int64_t>(1'234 + i)) << fields[i];
    }
  }

  // 5. A null where the field has no meaning for it is refused, naming it.
  HttpResponse nulled = Send("PUT", settings, {{"discount_rate_bp", nullptr}, {"recurring", nullptr}});
  ASSERT_EQ(nulled.status, 422) << nulled.body;
  EXPECT_EQ(Fields(nulled), (std::vector<std::string>{"discount_rate_bp", "recurring"}));

  // 6. The pages of a list asked for "now" are all of the first page's instant.
  for (const char* name : {"bo", "cy", "di"}) Enrol(name);
  const std::string list = "/api/v1/customer-value?program_id=" + program_ + "&limit=2";
  json::value first = Get(list);
  ASSERT_TRUE(first.at("next_cursor").is_string());
  server_.clock.Advance(std::chrono::hours(1));
  const std::string newcomer = Enrol("eve");
  json::value second = Get(list + "&cursor=" + std::string(first.at("next_cursor").as_string()));
  EXPECT_EQ(second.at("as_of"), first.at("as_of"));
  EXPECT_EQ(second.at("count"), first.at("count"));
  std::set<std::string> seen;
  for (const auto* page : {&first, &second}) {
    for (const auto& row : page->at("data").as_array()) {
      EXPECT_TRUE(seen.insert(std::string(row.at("advocate_id").as_string())).second) << "no advocate twice";
    }
  }
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_FALSE(seen.contains(newcomer)) << "enrolled after the first page's instant";
}

}  // namespace
}  // namespace bb::testing
