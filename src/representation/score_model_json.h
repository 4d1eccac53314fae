#pragma once
// A score model's rules as JSON (docs/api.md, "Lead scoring"): the shape the API shows and takes and
// the store keeps, so that a published version reads back exactly as it was sent. Pure functions.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "common/result.h"
#include "domain/score_model.h"

namespace bb::representation {

// The model's rules: name, score_limit, groups, decay, bands, mql, rollup (not its program,
// version or publication).
boost::json::object ScoreModelToJson(const domain::ScoreModel& model);

// Reads the rules back strictly: every field has its type, unknown fields are refused, and a field
// left out takes the default of a new model (domain::ScoreModel{}; `groups` is required). Problems
// name the field by its path ("groups[0].event_rules[2].points"): kInvalidArgument. The ranges are
// domain::CheckScoreModel's to check.
Result<domain::ScoreModel> ScoreModelFromJson(const boost::json::value& json);

}  // namespace bb::representation
