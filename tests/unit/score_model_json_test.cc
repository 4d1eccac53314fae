// A score model's rules as JSON (representation/score_model_json.h): what the API shows reads back
// as the same model (the store keeps this JSON), and a body is refused field by field.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "representation/score_model_json.h"

namespace bb::representation {
namespace {

namespace json = boost::json;

std::vector<std::string> FieldsOf(const Error& error) {
  std::vector<std::string> out;
  for (const auto& f : error.fields()) out.push_back(f.field);
  return out;
}

TEST(ScoreModelJsonTest, ModelsReadBackAsTheyWereWritten) {
  domain::ScoreModel model = domain::DefaultScoreModel("");
  model.name = "Mid-market \"EU\" ✓";
  model.decay = {domain::DecayMode::kHalfLife, 7, 1000, 14, 45};
  model.bands = {70, 40, 60, 25};
  model.mql_fit = 40;
  model.mql_engagement = -5;
  model.rollup = domain::AccountRollup::kTopNSum;
  model.rollup_top_n = 5;
  model.account_limit = 250;
  model.groups[2].event_rules[0].max_per_day.reset();
  model.groups[2].event_rules[1].repeatable = false;
  model.groups[2].event_rules[1].product = "Payroll";
  auto back = ScoreModelFromJson(json::parse(json::serialize(ScoreModelToJson(model))));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(*back, model);
  auto defaults = ScoreModelFromJson(json::parse(json::serialize(ScoreModelToJson(domain::DefaultScoreModel("")))));
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(*defaults, domain::DefaultScoreModel(""));
}

TEST(ScoreModelJsonTest, BodiesAreRefusedFieldByField) {
  auto refused = ScoreModelFromJson(json::parse(R"({
    "name": 7, "colour": "blue",
    "groups": [{"name": "Fit", "dimension": "fitness", "fit_rules": [{"attribute": "referee.title", "op": "contains",
                "values": ["vp", 3], "points": 9223372036854775808, "extra": true}]}, "not a group"],
    "decay": {"mode": "step", "step_bp": 2.5},
    "rollup": {"account_limit": "none"}
  })"));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(FieldsOf(refused.error()),
            (std::vector<std::string>{"name", "groups[0].dimension", "groups[0].fit_rules[0].values[1]",
                                      "groups[0].fit_rules[0].points", "groups[0].fit_rules[0].extra", "groups[1]",
                                      "decay.step_bp", "rollup.account_limit", "colour"}));
  auto missing = ScoreModelFromJson(json::parse(R"({"name": "No groups"})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(FieldsOf(missing.error()), (std::vector<std::string>{"groups"}));
  EXPECT_FALSE(ScoreModelFromJson(json::parse("[]")).ok());
  auto nulls = ScoreModelFromJson(json::parse(
      R"({"groups": [{"name": "E", "dimension": "engagement", "event_rules": [{"event_type": "demo", "points": 1,
          "max_per_day": null, "max_points": null}]}], "rollup": {"account_limit": null}})"));
  ASSERT_TRUE(nulls.ok()) << nulls.error().message();
  EXPECT_FALSE(nulls->groups[0].event_rules[0].max_per_day) << "null: no daily cap";
  EXPECT_FALSE(nulls->account_limit);
}

}  // namespace
}  // namespace bb::representation
