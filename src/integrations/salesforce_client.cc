#include "integrations/salesforce_client.h"

#include "common/time_format.h"
#include "crypto/rsa_signature.h"
#include "domain/address_policy.h"
#include "domain/validation.h"

namespace bb::integrations {

namespace json = boost::json;
using Kind = CrmFailure::Kind;

namespace {

constexpr std::chrono::seconds kJwtLifetime{120};

std::string FormEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// The first error of Salesforce's envelope [{"message", "errorCode", "fields"}], as "CODE: message
// (fields: a, b)"; "" when the body is not one.
std::string EnvelopeError(const json::value& body, std::string* code = nullptr) {
  const json::array* errors = body.if_array();
  if (errors == nullptr || errors->empty() || !(*errors)[0].is_object()) return "";
  const json::object& first = (*errors)[0].as_object();
  std::string error_code;
  if (const json::value* c = first.if_contains("errorCode"); c != nullptr && c->is_string())
    error_code = c->as_string();
  std::string text = error_code;
  if (const json::value* m = first.if_contains("message"); m != nullptr && m->is_string()) {
    text += (text.empty() ? "" : ": ") + std::string(m->as_string());
  }
  if (const json::value* f = first.if_contains("fields"); f != nullptr && f->is_array() && !f->as_array().empty()) {
    text += " (fields:";
    for (const auto& name : f->as_array()) {
      if (name.is_string()) text += " " + std::string(name.as_string());
    }
    text += ")";
  }
  if (code != nullptr) *code = error_code;
  return text;
}

}  // namespace

std::string SoqlQuote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string SoqlDateTime(Timestamp at) {
  std::string text = FormatTimestamp(std::chrono::time_point_cast<std::chrono::seconds>(at));
  // FormatTimestamp writes microseconds; SOQL takes whole seconds.
  return text.substr(0, 19) + "Z";
}

SalesforceClient::SalesforceClient(const Clock& clock, HttpPostOptions options, std::string api_version)
    : clock_(clock),
      http_([&] {
        options.capture_headers.push_back("Sforce-Limit-Info");
        options.max_response_bytes = std::max<std::size_t>(options.max_response_bytes, 64 << 20);
        return options;
      }()),
      api_version_(std::move(api_version)),
      allow_private_targets_(options.allow_private_targets) {}

void SalesforceClient::Use(const domain::Connector& connector, const domain::ConnectorSecrets& secrets) {
  std::string key = connector.id + '\n' + connector.EffectiveBaseUrl() + '\n' + connector.auth.flow + '\n' +
                    connector.auth.client_id + '\n' + connector.auth.username + '\n' + connector.sealed_secrets;
  if (key == connector_key_) return;
  connector_key_ = std::move(key);
  connector_ = connector;
  secrets_ = secrets;
  access_token_.clear();
  instance_url_.clear();
}

CrmFailure SalesforceClient::MintToken() {
  access_token_.clear();
  std::string base = connector_.EffectiveBaseUrl();
  std::string form;
  if (connector_.auth.flow == "jwt_bearer") {
    std::int64_t exp =
        std::chrono::duration_cast<std::chrono::seconds>((clock_.Now() + kJwtLifetime).time_since_epoch()).count();
    json::object claims{
        {"iss", connector_.auth.client_id}, {"sub", connector_.auth.username}, {"aud", base}, {"exp", exp}};
    Result<std::string> assertion = crypto::SignJwtRs256(secrets_.private_key_pem, json::serialize(claims));
    if (!assertion.ok()) {
      std::string why =
          assertion.error().fields().empty() ? assertion.error().message() : assertion.error().fields()[0].message;
      return MakeCrmFailure(Kind::kCredentials, "the private key " + why);
    }
    form = "grant_type=" + FormEncode("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion=" + *assertion;
  } else {
    form = "grant_type=client_credentials&client_id=" + FormEncode(connector_.auth.client_id) +
           "&client_secret=" + FormEncode(secrets_.client_secret);
  }
  HttpPostResult result =
      http_.Post(base + "/services/oauth2/token", {{"Content-Type", "application/x-www-form-urlencoded"}}, form);
  if (result.failure != HttpPostResult::Failure::kNone) {
    return MakeCrmFailure(Kind::kTransient, "could not reach " + base + " to sign in: " + result.error);
  }
  boost::system::error_code ec;
  json::value body = json::parse(result.body, ec);
  if (ec || !body.is_object()) {
    return MakeCrmFailure(Kind::kTransient,
                          "signing in answered " + std::to_string(result.status) +
                              " with something that is not JSON (" + ResponseSnippet(result.body) + ")",
                          result.status);
  }
  const json::object& object = body.as_object();
  if (result.status != 200) {
    std::string error, description;
    if (const json::value* e = object.if_contains("error"); e != nullptr && e->is_string()) error = e->as_string();
    if (const json::value* d = object.if_contains("error_description"); d != nullptr && d->is_string()) {
      description = d->as_string();
    }
    Kind kind = result.status >= 500 || result.status == 429 ? Kind::kTransient : Kind::kCredentials;
    return MakeCrmFailure(kind,
                          "Salesforce refused the sign-in (" + std::to_string(result.status) + " " + error +
                              (description.empty() ? "" : ": " + description) + ")",
                          result.status);
  }
  const json::value* token = object.if_contains("access_token");
  const json::value* instance = object.if_contains("instance_url");
  if (token == nullptr || !token->is_string() || instance == nullptr || !instance->is_string()) {
    return MakeCrmFailure(Kind::kTransient, "the sign-in answer has no access_token or instance_url", result.status);
  }
  std::string instance_url(instance->as_string());
  while (instance_url.ends_with('/')) instance_url.pop_back();
  std::string problem = domain::CheckHttpUrl(instance_url);
  if (problem.empty() && !allow_private_targets_ &&
      (!instance_url.starts_with("https://") || !domain::IsPublicUrlHost(instance_url))) {
    problem = "is not an https URL of a public host";
  }
  if (!problem.empty()) return MakeCrmFailure(Kind::kCredentials, "the sign-in answer's instance_url " + problem);
  access_token_ = std::string(token->as_string());
  instance_url_ = std::move(instance_url);
  return {};
}

CrmFailure SalesforceClient::SignIn() { return MintToken(); }

SalesforceClient::Answer SalesforceClient::CallOnce(std::string_view method, const std::string& url,
                                                    std::string_view body) {
  Answer answer;
  std::vector<std::pair<std::string, std::string>> headers = {{"Authorization", "Bearer " + access_token_},
                                                              {"Sforce-Call-Options", "client=bluebird"},
                                                              {"Accept", "application/json"}};
  if (method != "GET") headers.emplace_back("Content-Type", "application/json");
  HttpPostResult result = http_.Send(method, url, headers, body);
  for (const auto& [name, value] : result.headers) {
    if (name == "Sforce-Limit-Info") api_usage_ = value;
  }
  answer.status = result.status;
  if (result.failure != HttpPostResult::Failure::kNone) {
    answer.failure = MakeCrmFailure(Kind::kTransient, "could not reach Salesforce: " + result.error);
    return answer;
  }
  if (result.status == 204) return answer;
  boost::system::error_code ec;
  answer.body = json::parse(result.body, ec);
  if (ec) {
    answer.failure = MakeCrmFailure(Kind::kTransient,
                                    "Salesforce answered " + std::to_string(result.status) +
                                        " with something that is not JSON (" + ResponseSnippet(result.body) + ")",
                                    result.status);
    return answer;
  }
  if (result.status >= 200 && result.status < 300) return answer;
  std::string code;
  std::string error = EnvelopeError(answer.body, &code);
  if (error.empty()) error = ResponseSnippet(result.body);
  std::string text = "Salesforce answered " + std::to_string(result.status) + " " + error;
  if (result.status == 401) {
    answer.failure = MakeCrmFailure(Kind::kCredentials, text, result.status);
  } else if (result.status == 403 && code == "REQUEST_LIMIT_EXCEEDED") {
    answer.failure =
        MakeCrmFailure(Kind::kLimit, text + (api_usage_.empty() ? "" : " (" + api_usage_ + ")"), result.status);
  } else if (result.status >= 500 || code == "UNABLE_TO_LOCK_ROW" || code == "SERVER_UNAVAILABLE") {
    answer.failure = MakeCrmFailure(Kind::kTransient, text, result.status);
  } else if (result.status == 403) {
    answer.failure =
        MakeCrmFailure(Kind::kCredentials, text + " (the integration user lacks a permission)", result.status);
  } else {
    answer.failure = MakeCrmFailure(Kind::kRefused, text, result.status);
  }
  if (result.retry_after) answer.failure.retry_after = *result.retry_after;
  return answer;
}

SalesforceClient::Answer SalesforceClient::Call(std::string_view method, const std::string& path_and_query,
                                                std::string_view body) {
  if (access_token_.empty()) {
    if (CrmFailure failure = MintToken(); !failure.ok()) return Answer{failure, 0, {}};
  }
  Answer answer = CallOnce(method, instance_url_ + path_and_query, body);
  if (answer.status == 401) {
    // The session expired (or was revoked): a new token, and the request once more.
    if (CrmFailure failure = MintToken(); !failure.ok()) return Answer{failure, 0, {}};
    answer = CallOnce(method, instance_url_ + path_and_query, body);
  }
  return answer;
}

namespace {

// One SaveResult / UpsertResult of a Collections answer.
UpsertOutcome ReadCollectionOutcome(const json::value& entry) {
  UpsertOutcome outcome;
  const json::object* result = entry.if_object();
  if (result != nullptr) {
    if (const json::value* s = result->if_contains("success"); s != nullptr && s->is_bool())
      outcome.success = s->as_bool();
    if (const json::value* id = result->if_contains("id"); id != nullptr && id->is_string())
      outcome.id = id->as_string();
    if (const json::value* c = result->if_contains("created"); c != nullptr && c->is_bool())
      outcome.created = c->as_bool();
    if (const json::value* errors = result->if_contains("errors"); errors != nullptr && errors->is_array()) {
      for (const auto& error : errors->as_array()) {
        const json::object* e = error.if_object();
        if (e == nullptr) continue;
        std::string code;
        if (const json::value* c = e->if_contains("statusCode"); c != nullptr && c->is_string()) code = c->as_string();
        if (outcome.status_code.empty()) outcome.status_code = code;
        std::string message;
        if (const json::value* m = e->if_contains("message"); m != nullptr && m->is_string()) message = m->as_string();
        outcome.message += (outcome.message.empty() ? "" : "; ") + code + (message.empty() ? "" : ": " + message);
      }
    }
  }
  if (!outcome.success && outcome.message.empty()) outcome.message = "Salesforce did not say why";
  return outcome;
}

}  // namespace

CrmFailure SalesforceClient::Collection(const std::string& path, std::string_view object, const json::array& records,
                                        std::vector<UpsertOutcome>& outcomes) {
  outcomes.clear();
  json::array typed;
  typed.reserve(records.size());
  for (const auto& record : records) {
    json::object copy = record.as_object();
    copy["attributes"] = json::object{{"type", object}};
    typed.push_back(std::move(copy));
  }
  std::string body = json::serialize(json::object{{"allOrNone", false}, {"records", std::move(typed)}});
  Answer answer = Call("PATCH", path, body);
  if (!answer.failure.ok()) return answer.failure;
  const json::array* results = answer.body.if_array();
  if (results == nullptr || results->size() != records.size()) {
    return MakeCrmFailure(Kind::kTransient, "the Collections answer does not have one result per record",
                          answer.status);
  }
  for (const auto& entry : *results) outcomes.push_back(ReadCollectionOutcome(entry));
  return {};
}

CrmFailure SalesforceClient::Upsert(std::string_view object, std::string_view external_field,
                                    const json::array& records, std::vector<UpsertOutcome>& outcomes) {
  return Collection("/services/data/v" + api_version_ + "/composite/sobjects/" + std::string(object) + "/" +
                        std::string(external_field),
                    object, records, outcomes);
}

CrmFailure SalesforceClient::UpdateRecords(std::string_view object, const json::array& records,
                                           std::vector<UpsertOutcome>& outcomes) {
  return Collection("/services/data/v" + api_version_ + "/composite/sobjects", object, records, outcomes);
}

CrmFailure SalesforceClient::Query(std::string_view soql, json::array& records) {
  records.clear();
  std::string next = "/services/data/v" + api_version_ + "/query?q=" + FormEncode(soql);
  for (int page = 0; page < 10000 && !next.empty(); ++page) {
    Answer answer = Call("GET", next, "");
    if (!answer.failure.ok()) return answer.failure;
    const json::object* result = answer.body.if_object();
    const json::value* batch = result == nullptr ? nullptr : result->if_contains("records");
    if (batch == nullptr || !batch->is_array()) {
      return MakeCrmFailure(Kind::kTransient, "the query answer has no records", answer.status);
    }
    for (const auto& record : batch->as_array()) records.push_back(record);
    next.clear();
    const json::value* done = result->if_contains("done");
    const json::value* more = result->if_contains("nextRecordsUrl");
    if (done != nullptr && done->is_bool() && !done->as_bool() && more != nullptr && more->is_string()) {
      next = more->as_string();
      if (!next.starts_with("/services/data/")) {
        return MakeCrmFailure(Kind::kTransient, "the query answer's nextRecordsUrl is not a path of this org");
      }
    }
  }
  return {};
}

CrmFailure SalesforceClient::Describe(std::string_view object, json::object& description) {
  Answer answer = Call("GET", "/services/data/v" + api_version_ + "/sobjects/" + std::string(object) + "/describe", "");
  if (!answer.failure.ok()) return answer.failure;
  if (!answer.body.is_object()) return MakeCrmFailure(Kind::kTransient, "the describe answer is not an object");
  description = answer.body.as_object();
  return {};
}

CrmFailure SalesforceClient::Update(std::string_view object, std::string_view id, const json::object& fields) {
  Answer answer =
      Call("PATCH", "/services/data/v" + api_version_ + "/sobjects/" + std::string(object) + "/" + FormEncode(id),
           json::serialize(fields));
  return answer.failure;
}

}  // namespace bb::integrations
