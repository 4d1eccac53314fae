#include "representation/score_model_json.h"

#include <boost/json/array.hpp>

#include <functional>
#include <set>

namespace bb::representation {
namespace {

namespace json = boost::json;
using domain::ScoreModel;

json::value OptionalNumber(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

// Reads an object's fields by path, collecting every problem and the fields nobody asked for.
class Reader {
 public:
  Reader(const json::object& object, std::string prefix, std::vector<FieldError>& errors)
      : object_(object), prefix_(std::move(prefix)), errors_(errors) {}

  void String(std::string_view field, std::string& out) {
    if (const json::value* v = Take(field)) {
      if (v->is_string()) {
        out = std::string(v->as_string());
      } else {
        Wrong(field, "must be a string");
      }
    }
  }
  void Integer(std::string_view field, std::int64_t& out) {
    if (const json::value* v = Take(field)) {
      if (v->is_int64()) {
        out = v->as_int64();
      } else if (v->is_uint64()) {
        Wrong(field, "is too large");
      } else {
        Wrong(field, "must be a whole number");
      }
    }
  }
  // A null keeps `out` empty (no cap).
  void OptionalInteger(std::string_view field, std::optional<std::int64_t>& out) {
    if (object_.contains(field) && object_.at(field).is_null()) {
      asked_.insert(std::string(field));
      out.reset();
      return;
    }
    if (!object_.contains(field)) return;
    std::int64_t value = 0;
    const std::size_t before = errors_.size();
    Integer(field, value);
    if (errors_.size() == before) out = value;
  }
  void Boolean(std::string_view field, bool& out) {
    if (const json::value* v = Take(field)) {
      if (v->is_bool()) {
        out = v->as_bool();
      } else {
        Wrong(field, "must be true or false");
      }
    }
  }
  void Strings(std::string_view field, std::vector<std::string>& out) {
    const json::value* v = Take(field);
    if (v == nullptr) return;
    if (!v->is_array()) return Wrong(field, "must be an array of strings");
    out.clear();
    for (std::size_t i = 0; i < v->as_array().size(); ++i) {
      const auto& item = v->as_array()[i];
      if (!item.is_string()) {
        Wrong(std::string(field) + "[" + std::to_string(i) + "]", "must be a string");
      } else {
        out.emplace_back(item.as_string());
      }
    }
  }
  template <class Enum>
  void Choice(std::string_view field, Enum& out, std::optional<Enum> (*parse)(std::string_view), const char* choices) {
    std::string text;
    const std::size_t before = errors_.size();
    if (!object_.contains(field)) return;
    String(field, text);
    if (errors_.size() != before) return;
    if (auto parsed = parse(text)) {
      out = *parsed;
    } else {
      Wrong(field, std::string("must be one of ") + choices);
    }
  }
  void Object(std::string_view field, const std::function<void(Reader&)>& read) {
    const json::value* v = Take(field);
    if (v == nullptr) return;
    if (!v->is_object()) return Wrong(field, "must be an object");
    Reader child(v->as_object(), prefix_ + std::string(field) + ".", errors_);
    read(child);
    child.Finish();
  }
  // Appends "is required" for each of `fields` the object does not have (or has as null).
  void Require(std::initializer_list<std::string_view> fields) {
    for (auto field : fields) {
      const json::value* v = object_.if_contains(field);
      if (v == nullptr || v->is_null()) Wrong(field, "is required");
    }
  }
  // Returns whether the array was there.
  bool Objects(std::string_view field, const std::function<void(Reader&, std::size_t)>& read) {
    const json::value* v = Take(field);
    if (v == nullptr) return false;
    if (!v->is_array()) {
      Wrong(field, "must be an array of objects");
      return true;
    }
    for (std::size_t i = 0; i < v->as_array().size(); ++i) {
      const std::string at = std::string(field) + "[" + std::to_string(i) + "]";
      const auto& item = v->as_array()[i];
      if (!item.is_object()) {
        Wrong(at, "must be an object");
        continue;
      }
      Reader child(item.as_object(), prefix_ + at + ".", errors_);
      read(child, i);
      child.Finish();
    }
    return true;
  }
  void Finish() {
    for (const auto& [key, value] : object_) {
      if (!asked_.contains(std::string(key))) Wrong(key, "is not a field of this object");
    }
  }
  void Wrong(std::string_view field, std::string message) {
    errors_.push_back({prefix_ + std::string(field), std::move(message)});
  }

 private:
  // The field's value (null counts as absent), marking it read.
  const json::value* Take(std::string_view field) {
    asked_.insert(std::string(field));
    const json::value* v = object_.if_contains(field);
    return v == nullptr || v->is_null() ? nullptr : v;
  }

  const json::object& object_;
  std::string prefix_;
  std::vector<FieldError>& errors_;
  std::set<std::string> asked_;
};

json::object FitRuleToJson(const domain::FitRule& r) {
  json::array values;
  for (const auto& v : r.values) values.emplace_back(v);
  return {
      {"attribute", r.attribute}, {"op", domain::ToString(r.op)}, {"values", std::move(values)}, {"points", r.points}};
}

json::object EventRuleToJson(const domain::EventRule& r) {
  return {{"event_type", r.event_type},
          {"product", r.product},
          {"channel", r.channel},
          {"points", r.points},
          {"repeatable", r.repeatable},
          {"max_per_day", OptionalNumber(r.max_per_day)},
          {"max_points", OptionalNumber(r.max_points)}};
}

void ReadGroup(Reader& g, domain::ScoreGroup& group) {
  g.Require({"name", "dimension"});
  g.String("name", group.name);
  g.Choice("dimension", group.dimension, &domain::ParseScoreDimension, "fit, engagement");
  g.Integer("limit", group.limit);
  g.Objects("fit_rules", [&](Reader& r, std::size_t) {
    domain::FitRule rule;
    r.Require({"attribute", "op", "points"});
    r.String("attribute", rule.attribute);
    r.Choice("op", rule.op, &domain::ParseFitOp, "eq, neq, in, contains, gte, lte, known, unknown");
    r.Strings("values", rule.values);
    r.Integer("points", rule.points);
    group.fit_rules.push_back(std::move(rule));
  });
  g.Objects("event_rules", [&](Reader& r, std::size_t) {
    domain::EventRule rule;
    r.Require({"event_type", "points"});
    r.String("event_type", rule.event_type);
    r.String("product", rule.product);
    r.String("channel", rule.channel);
    r.Integer("points", rule.points);
    r.Boolean("repeatable", rule.repeatable);
    r.OptionalInteger("max_per_day", rule.max_per_day);
    r.OptionalInteger("max_points", rule.max_points);
    group.event_rules.push_back(std::move(rule));
  });
}

}  // namespace

json::object ScoreModelToJson(const ScoreModel& m) {
  json::array groups;
  for (const auto& g : m.groups) {
    json::array fit;
    for (const auto& r : g.fit_rules) fit.push_back(FitRuleToJson(r));
    json::array events;
    for (const auto& r : g.event_rules) events.push_back(EventRuleToJson(r));
    groups.push_back(json::object{{"name", g.name},
                                  {"dimension", domain::ToString(g.dimension)},
                                  {"limit", g.limit},
                                  {"fit_rules", std::move(fit)},
                                  {"event_rules", std::move(events)}});
  }
  return {{"name", m.name},
          {"score_limit", m.score_limit},
          {"groups", std::move(groups)},
          {"decay", json::object{{"mode", domain::ToString(m.decay.mode)},
                                 {"window_days", m.decay.window_days},
                                 {"step_bp", m.decay.step_bp},
                                 {"period_days", m.decay.period_days},
                                 {"half_life_days", m.decay.half_life_days}}},
          {"bands", json::object{{"fit_a", m.bands.fit_a},
                                 {"fit_b", m.bands.fit_b},
                                 {"engagement_1", m.bands.engagement_1},
                                 {"engagement_2", m.bands.engagement_2}}},
          {"mql", json::object{{"fit", m.mql_fit}, {"engagement", m.mql_engagement}}},
          {"rollup", json::object{{"mode", domain::ToString(m.rollup)},
                                  {"top_n", m.rollup_top_n},
                                  {"account_limit", OptionalNumber(m.account_limit)}}}};
}

Result<ScoreModel> ScoreModelFromJson(const json::value& value) {
  if (!value.is_object()) return Error::InvalidField("body", "must be a JSON object");
  std::vector<FieldError> errors;
  ScoreModel m;
  Reader top(value.as_object(), "", errors);
  top.String("name", m.name);
  top.Integer("score_limit", m.score_limit);
  if (!top.Objects("groups", [&](Reader& g, std::size_t) {
        domain::ScoreGroup group;
        ReadGroup(g, group);
        m.groups.push_back(std::move(group));
      })) {
    errors.push_back({"groups", "is required: the model's groups of rules"});
  }
  top.Object("decay", [&](Reader& d) {
    d.Choice("mode", m.decay.mode, &domain::ParseDecayMode, "none, window, step, half_life");
    d.Integer("window_days", m.decay.window_days);
    d.Integer("step_bp", m.decay.step_bp);
    d.Integer("period_days", m.decay.period_days);
    d.Integer("half_life_days", m.decay.half_life_days);
  });
  top.Object("bands", [&](Reader& b) {
    b.Integer("fit_a", m.bands.fit_a);
    b.Integer("fit_b", m.bands.fit_b);
    b.Integer("engagement_1", m.bands.engagement_1);
    b.Integer("engagement_2", m.bands.engagement_2);
  });
  top.Object("mql", [&](Reader& q) {
    q.Integer("fit", m.mql_fit);
    q.Integer("engagement", m.mql_engagement);
  });
  top.Object("rollup", [&](Reader& r) {
    r.Choice("mode", m.rollup, &domain::ParseAccountRollup, "sum, max, top_n_sum, avg");
    r.Integer("top_n", m.rollup_top_n);
    r.OptionalInteger("account_limit", m.account_limit);
  });
  top.Finish();
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return m;
}

}  // namespace bb::representation
