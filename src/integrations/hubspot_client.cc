#include "integrations/hubspot_client.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>

namespace bb::integrations {

namespace json = boost::json;
using Kind = CrmFailure::Kind;

namespace {

constexpr std::string_view kIntervalHeader = "X-HubSpot-RateLimit-Interval-Milliseconds";

std::string TextOf(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::string ObjectPath(std::string_view object) {
  return "/crm/objects/" + std::string(kHubspotApiVersion) + "/" + std::string(object);
}

// The errors of a traced batch write (each naming the objectWriteTraceIds it refused) settled
// onto the inputs not answered yet; an input still unanswered then is one HubSpot said nothing of.
void SettleTracedErrors(const json::object& page, const std::map<std::string, std::size_t>& by_trace,
                        std::vector<bool>& answered, std::vector<HubspotWriteOutcome>& outcomes) {
  if (const json::value* errors = page.if_contains("errors"); errors != nullptr && errors->is_array()) {
    for (const auto& value : errors->as_array()) {
      const json::object* error = value.if_object();
      if (error == nullptr) continue;
      const json::object* context = nullptr;
      if (const json::value* c = error->if_contains("context"); c != nullptr && c->is_object()) {
        context = &c->as_object();
      }
      const json::value* traces = context != nullptr ? context->if_contains("objectWriteTraceId") : nullptr;
      if (traces == nullptr || !traces->is_array()) continue;
      for (const auto& trace : traces->as_array()) {
        if (!trace.is_string()) continue;
        auto it = by_trace.find(std::string(trace.as_string()));
        if (it == by_trace.end() || answered[it->second]) continue;
        HubspotWriteOutcome& outcome = outcomes[it->second];
        outcome.category = TextOf(*error, "category");
        outcome.message = TextOf(*error, "message");
        if (outcome.message.empty()) outcome.message = "HubSpot did not say why";
        answered[it->second] = true;
      }
    }
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    if (!answered[i]) outcomes[i].message = "HubSpot did not answer for it";
  }
}

}  // namespace

HubspotClient::HubspotClient(HttpPostOptions options)
    : http_([&] {
        options.capture_headers.emplace_back(kIntervalHeader);
        return options;
      }()) {}

void HubspotClient::Use(const domain::Connector& connector, const domain::ConnectorSecrets& secrets) {
  base_url_ = connector.EffectiveBaseUrl();
  while (base_url_.ends_with('/')) base_url_.pop_back();
  token_ = secrets.token;
}

HubspotClient::Answer HubspotClient::Call(std::string_view method, const std::string& path, std::string_view body) {
  Answer answer;
  std::vector<std::pair<std::string, std::string>> headers = {{"Authorization", "Bearer " + token_},
                                                              {"Accept", "application/json"}};
  if (method != "GET") headers.emplace_back("Content-Type", "application/json");
  HttpPostResult result = http_.Send(method, base_url_ + path, headers, body);
  answer.status = result.status;
  if (result.failure != HttpPostResult::Failure::kNone) {
    answer.failure = MakeCrmFailure(Kind::kTransient, "could not reach HubSpot: " + result.error);
    return answer;
  }
  boost::system::error_code ec;
  if (!result.body.empty()) answer.body = json::parse(result.body, ec);
  if (ec) {
    answer.failure = MakeCrmFailure(Kind::kTransient,
                                    "HubSpot answered " + std::to_string(result.status) +
                                        " with something that is not JSON (" + ResponseSnippet(result.body) + ")",
                                    result.status);
    return answer;
  }
  if (result.status >= 200 && result.status < 300) return answer;
  std::string category, message, policy;
  if (const json::object* error = answer.body.if_object()) {
    category = TextOf(*error, "category");
    message = TextOf(*error, "message");
    policy = TextOf(*error, "policyName");
  }
  std::string text = "HubSpot answered " + std::to_string(result.status) + (category.empty() ? "" : " " + category) +
                     (message.empty() ? " " + ResponseSnippet(result.body) : ": " + message);
  if (result.status == 429) {
    answer.failure = MakeCrmFailure(Kind::kLimit, text + (policy.empty() ? "" : " (" + policy + ")"), result.status);
    if (result.retry_after) {
      answer.failure.retry_after = *result.retry_after;
    } else if (policy == "DAILY") {
      answer.failure.retry_after = std::chrono::hours(1);
    } else {
      std::int64_t interval_ms = 10000;
      for (const auto& [name, value] : result.headers) {
        if (name != kIntervalHeader) continue;
        std::int64_t parsed = 0;
        auto [end, errc] = std::from_chars(value.data(), value.data() + value.size(), parsed);
        if (errc == std::errc() && end == value.data() + value.size() && parsed > 0 && parsed <= 3'600'000) {
          interval_ms = parsed;
        }
      }
      answer.failure.retry_after = std::chrono::seconds((interval_ms + 999) / 1000);
    }
  } else if (result.status == 401) {
    answer.failure = MakeCrmFailure(Kind::kCredentials, text + " (replace the connector's token)", result.status);
  } else if (result.status == 403) {
    answer.failure = MakeCrmFailure(Kind::kCredentials, text + " (the token lacks a scope)", result.status);
  } else if (result.status >= 500) {
    answer.failure = MakeCrmFailure(Kind::kTransient, text, result.status);
  } else {
    answer.failure = MakeCrmFailure(Kind::kRefused, text, result.status);
  }
  return answer;
}

CrmFailure HubspotClient::BatchRead(std::string_view object, std::string_view id_property,
                                    const std::vector<std::string>& ids, const std::vector<std::string>& properties,
                                    json::array& records) {
  records.clear();
  if (ids.empty()) return {};
  json::array inputs;
  for (const auto& id : ids) inputs.push_back(json::object{{"id", id}});
  json::array names;
  for (const auto& name : properties) names.emplace_back(name);
  json::object body{{"idProperty", id_property}, {"inputs", std::move(inputs)}, {"properties", std::move(names)}};
  Answer answer = Call("POST", ObjectPath(object) + "/batch/read", json::serialize(body));
  if (!answer.failure.ok()) return answer.failure;
  // 207 lists the ids it did not find among the errors: they are simply absent.
  if (const json::object* page = answer.body.if_object()) {
    if (const json::value* results = page->if_contains("results"); results != nullptr && results->is_array()) {
      records = results->as_array();
    }
  }
  return {};
}

CrmFailure HubspotClient::BatchUpsert(std::string_view object, const json::array& inputs,
                                      std::vector<HubspotWriteOutcome>& outcomes) {
  outcomes.assign(inputs.size(), HubspotWriteOutcome{});
  if (inputs.empty()) return {};
  json::array traced;
  std::map<std::string, std::size_t> by_trace;
  std::map<std::string, std::size_t> by_id;  // (id property, value) -> input
  std::map<std::size_t, std::string> id_property_of;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    json::object input = inputs[i].as_object();
    std::string trace = "bluebird-" + std::to_string(i);
    input["objectWriteTraceId"] = trace;
    by_trace[trace] = i;
    std::string property = TextOf(input, "idProperty");
    std::string id = TextOf(input, "id");
    by_id[property + '\n' + (property == "email" ? Lower(id) : id)] = i;
    id_property_of[i] = property;
    traced.push_back(std::move(input));
  }
  Answer answer =
      Call("POST", ObjectPath(object) + "/batch/upsert", json::serialize(json::object{{"inputs", std::move(traced)}}));
  if (!answer.failure.ok()) return answer.failure;
  std::vector<bool> answered(inputs.size(), false);
  const json::object* page = answer.body.if_object();
  if (page == nullptr)
    return MakeCrmFailure(Kind::kTransient, "the batch upsert's answer is not an object", answer.status);
  if (const json::value* results = page->if_contains("results"); results != nullptr && results->is_array()) {
    for (const auto& value : results->as_array()) {
      const json::object* result = value.if_object();
      if (result == nullptr) continue;
      const json::object* properties = nullptr;
      if (const json::value* p = result->if_contains("properties"); p != nullptr && p->is_object()) {
        properties = &p->as_object();
      }
      if (properties == nullptr) continue;
      // Which input: the one whose id property has this value.
      for (const auto& [index, property] : id_property_of) {
        std::string value_sent = TextOf(inputs[index].as_object(), "id");
        std::string value_read = TextOf(*properties, property);
        bool same = property == "email" ? Lower(value_sent) == Lower(value_read) : value_sent == value_read;
        if (!same || answered[index]) continue;
        HubspotWriteOutcome& outcome = outcomes[index];
        outcome.success = true;
        outcome.id = TextOf(*result, "id");
        if (const json::value* created = result->if_contains("new"); created != nullptr && created->is_bool()) {
          outcome.created = created->as_bool();
        }
        answered[index] = true;
        break;
      }
    }
  }
  SettleTracedErrors(*page, by_trace, answered, outcomes);
  return {};
}

CrmFailure HubspotClient::BatchUpdate(std::string_view object, const json::array& inputs,
                                      std::vector<HubspotWriteOutcome>& outcomes) {
  outcomes.assign(inputs.size(), HubspotWriteOutcome{});
  if (inputs.empty()) return {};
  json::array traced;
  std::map<std::string, std::size_t> by_trace;
  std::map<std::string, std::size_t> by_id;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    json::object input = inputs[i].as_object();
    std::string trace = "bluebird-" + std::to_string(i);
    input["objectWriteTraceId"] = trace;
    by_trace[trace] = i;
    by_id[TextOf(input, "id")] = i;
    traced.push_back(std::move(input));
  }
  Answer answer =
      Call("POST", ObjectPath(object) + "/batch/update", json::serialize(json::object{{"inputs", std::move(traced)}}));
  if (!answer.failure.ok()) return answer.failure;
  const json::object* page = answer.body.if_object();
  if (page == nullptr)
    return MakeCrmFailure(Kind::kTransient, "the batch update's answer is not an object", answer.status);
  std::vector<bool> answered(inputs.size(), false);
  if (const json::value* results = page->if_contains("results"); results != nullptr && results->is_array()) {
    for (const auto& value : results->as_array()) {
      const json::object* result = value.if_object();
      if (result == nullptr) continue;
      auto it = by_id.find(TextOf(*result, "id"));
      if (it == by_id.end() || answered[it->second]) continue;
      outcomes[it->second].success = true;
      outcomes[it->second].id = it->first;
      answered[it->second] = true;
    }
  }
  SettleTracedErrors(*page, by_trace, answered, outcomes);
  return {};
}

CrmFailure HubspotClient::Search(std::string_view object, json::object body, std::string& after, json::array& records) {
  records.clear();
  if (!after.empty()) body["after"] = after;
  Answer answer = Call("POST", ObjectPath(object) + "/search", json::serialize(body));
  if (!answer.failure.ok()) return answer.failure;
  after.clear();
  const json::object* page = answer.body.if_object();
  if (page == nullptr) return MakeCrmFailure(Kind::kTransient, "the search's answer is not an object", answer.status);
  if (const json::value* results = page->if_contains("results"); results != nullptr && results->is_array()) {
    records = results->as_array();
  }
  if (const json::value* paging = page->if_contains("paging"); paging != nullptr && paging->is_object()) {
    if (const json::value* next = paging->as_object().if_contains("next"); next != nullptr && next->is_object()) {
      after = TextOf(next->as_object(), "after");
    }
  }
  return {};
}

CrmFailure HubspotClient::Associate(std::string_view from, std::string_view to,
                                    const std::vector<std::pair<std::string, std::string>>& pairs) {
  for (std::size_t start = 0; start < pairs.size(); start += kHubspotBatchLimit) {
    json::array inputs;
    for (std::size_t i = start; i < std::min(pairs.size(), start + kHubspotBatchLimit); ++i) {
      inputs.push_back(json::object{{"from", {{"id", pairs[i].first}}}, {"to", {{"id", pairs[i].second}}}});
    }
    std::string path = "/crm/associations/" + std::string(kHubspotApiVersion) + "/" + std::string(from) + "/" +
                       std::string(to) + "/batch/associate/default";
    Answer answer = Call("POST", path, json::serialize(json::object{{"inputs", std::move(inputs)}}));
    if (!answer.failure.ok()) return answer.failure;
  }
  return {};
}

CrmFailure HubspotClient::Properties(std::string_view object, json::array& properties) {
  properties.clear();
  Answer answer = Call("GET", "/crm/properties/" + std::string(kHubspotApiVersion) + "/" + std::string(object), "");
  if (!answer.failure.ok()) return answer.failure;
  if (const json::object* page = answer.body.if_object()) {
    if (const json::value* results = page->if_contains("results"); results != nullptr && results->is_array()) {
      properties = results->as_array();
    }
  }
  return {};
}

CrmFailure HubspotClient::CreateProperties(std::string_view object, std::string_view group,
                                           std::string_view group_label, const json::array& specs) {
  std::string base = "/crm/properties/" + std::string(kHubspotApiVersion) + "/" + std::string(object);
  Answer made = Call("POST", base + "/groups", json::serialize(json::object{{"name", group}, {"label", group_label}}));
  if (!made.failure.ok() && made.status != 409) return made.failure;  // 409: the group exists
  Answer answer = Call("POST", base + "/batch/create", json::serialize(json::object{{"inputs", specs}}));
  return answer.failure;  // 207 with "already exists" errors is a success
}

CrmFailure HubspotClient::DealPipelines(json::array& pipelines) {
  pipelines.clear();
  Answer answer = Call("GET", "/crm/pipelines/" + std::string(kHubspotApiVersion) + "/deals", "");
  if (!answer.failure.ok()) return answer.failure;
  if (const json::object* page = answer.body.if_object()) {
    if (const json::value* results = page->if_contains("results"); results != nullptr && results->is_array()) {
      pipelines = results->as_array();
    }
  }
  return {};
}

}  // namespace bb::integrations
