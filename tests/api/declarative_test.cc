// Runs every tests/api/cases/*.json file against a fresh server. A case file is a list of steps;
// each step sends one request and checks the answer:
//
//   {"name": "...",
//    "request": {"method": "POST", "path": "/api/v1/programs", "as": "manager",
//                "headers": {...}, "body": {...} | "body_raw": "text"},
//    "expect": {"status": 201, "headers": {"location": "<present>"},
//               "body": {...subset...}, "errors": ["field", ...]},
//    "save": {"program": "id"},            // variables from the response body (dot paths)
//    "advance_seconds": 60}                 // move the server clock first
//
// "as" is admin, manager, sales_rep, viewer (an API key of that role, made on first use; a
// suffix like "sales_rep:2" makes a second key of the role) or "anonymous" (no credentials).
// Strings "${var}" are replaced by saved variables everywhere in a request. In expected bodies,
// "<any>", "<string>", "<number>", "<timestamp>", "<null>" and "<absent>" match by kind; objects
// match as subsets; arrays must have the same length. "errors" must equal the set of fields named
// in the problem's errors list.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <strings.h>

#include "common/time_format.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

std::string Substitute(const std::string& text, const std::map<std::string, std::string>& vars) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    auto start = text.find("${", pos);
    if (start == std::string::npos) break;
    auto end = text.find('}', start);
    if (end == std::string::npos) break;
    out += text.substr(pos, start - pos);
    std::string name = text.substr(start + 2, end - start - 2);
    auto it = vars.find(name);
    if (it == vars.end()) throw std::runtime_error("unknown variable ${" + name + "}");
    out += it->second;
    pos = end + 1;
  }
  return out + text.substr(pos);
}

json::value SubstituteValue(const json::value& value, const std::map<std::string, std::string>& vars) {
  if (value.is_string()) return json::value(Substitute(std::string(value.as_string()), vars));
  if (value.is_array()) {
    json::array out;
    for (const auto& item : value.as_array()) out.push_back(SubstituteValue(item, vars));
    return out;
  }
  if (value.is_object()) {
    json::object out;
    for (const auto& [key, item] : value.as_object())
      out[Substitute(std::string(key), vars)] = SubstituteValue(item, vars);
    return out;
  }
  return value;
}

// Appends a description of every mismatch between `expected` and `actual` to `problems`.
void Match(const json::value& expected, const json::value* actual, const std::string& path,
           std::vector<std::string>& problems) {
  if (expected.is_string()) {
    std::string_view e = expected.as_string();
    if (e == "<absent>") {
      if (actual != nullptr) problems.push_back(path + ": expected absent, got " + json::serialize(*actual));
      return;
    }
    if (actual == nullptr) {
      problems.push_back(path + ": missing");
      return;
    }
    if (e == "<any>") return;
    if (e == "<string>") {
      if (!actual->is_string()) problems.push_back(path + ": expected a string, got " + json::serialize(*actual));
      return;
    }
    if (e == "<number>") {
      if (!actual->is_number()) problems.push_back(path + ": expected a number, got " + json::serialize(*actual));
      return;
    }
    if (e == "<null>") {
      if (!actual->is_null()) problems.push_back(path + ": expected null, got " + json::serialize(*actual));
      return;
    }
    if (e == "<timestamp>") {
      if (!actual->is_string() || !ParseTimestamp(actual->as_string())) {
        problems.push_back(path + ": expected a timestamp, got " + json::serialize(*actual));
      }
      return;
    }
  }
  if (actual == nullptr) {
    problems.push_back(path + ": missing");
    return;
  }
  if (expected.is_object()) {
    if (!actual->is_object()) {
      problems.push_back(path + ": expected an object, got " + json::serialize(*actual));
      return;
    }
    for (const auto& [key, value] : expected.as_object()) {
      Match(value, actual->as_object().if_contains(key), path + "." + std::string(key), problems);
    }
    return;
  }
  if (expected.is_array()) {
    if (!actual->is_array() || actual->as_array().size() != expected.as_array().size()) {
      problems.push_back(path + ": expected " + json::serialize(expected) + ", got " + json::serialize(*actual));
      return;
    }
    for (std::size_t i = 0; i < expected.as_array().size(); ++i) {
      Match(expected.as_array()[i], &actual->as_array()[i], path + "[" + std::to_string(i) + "]", problems);
    }
    return;
  }
  bool equal = expected == *actual;
  if (!equal && expected.is_number() && actual->is_number())
    equal = expected.to_number<double>() == actual->to_number<double>();
  if (!equal)
    problems.push_back(path + ": expected " + json::serialize(expected) + ", got " + json::serialize(*actual));
}

const json::value* AtPath(const json::value& root, const std::string& dotted) {
  const json::value* node = &root;
  std::stringstream parts(dotted);
  std::string part;
  while (std::getline(parts, part, '.')) {
    if (node->is_object()) {
      node = node->as_object().if_contains(part);
    } else if (node->is_array() && !part.empty() && std::isdigit(static_cast<unsigned char>(part[0]))) {
      std::size_t index = std::stoul(part);
      node = index < node->as_array().size() ? &node->as_array()[index] : nullptr;
    } else {
      node = nullptr;
    }
    if (node == nullptr) return nullptr;
  }
  return node;
}

std::vector<std::string> CaseFiles() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(BLUEBIRD_API_CASES_DIR)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().stem().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

class DeclarativeApiTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DeclarativeApiTest, Case) {
  std::ifstream in(std::string(BLUEBIRD_API_CASES_DIR) + "/" + GetParam() + ".json");
  std::stringstream text;
  text << in.rdbuf();
  json::value document = json::parse(text.str());
  const json::array& steps = document.as_object().at("steps").as_array();
  ASSERT_FALSE(steps.empty());

  TestServer server;
  HttpClient client = server.Client();
  std::map<std::string, std::string> keys{{"admin", server.admin_key}};
  std::map<std::string, std::string> vars;

  for (const auto& step_value : steps) {
    const json::object& step = step_value.as_object();
    std::string name(step.at("name").as_string());
    SCOPED_TRACE(GetParam() + ": " + name);
    if (const auto* advance = step.if_contains("advance_seconds")) {
      server.clock.Advance(std::chrono::seconds(advance->to_number<std::int64_t>()));
    }
    const json::object& request = step.at("request").as_object();
    std::string method(request.at("method").as_string());
    std::string path = Substitute(std::string(request.at("path").as_string()), vars);
    std::vector<std::pair<std::string, std::string>> headers;
    std::string as = request.contains("as") ? std::string(request.at("as").as_string()) : "admin";
    if (as != "anonymous") {
      if (!keys.contains(as)) keys[as] = server.KeyFor(as.substr(0, as.find(':')));
      headers.emplace_back("Authorization", "Bearer " + keys[as]);
    }
    std::string body;
    if (const auto* given = request.if_contains("body")) {
      body = json::serialize(SubstituteValue(*given, vars));
      headers.emplace_back("Content-Type", "application/json");
    } else if (const auto* raw = request.if_contains("body_raw")) {
      body = Substitute(std::string(raw->as_string()), vars);
    }
    if (const auto* extra = request.if_contains("headers")) {
      for (const auto& [key, value] : extra->as_object()) {
        std::string header_name(key);
        std::erase_if(headers, [&](const auto& h) { return strcasecmp(h.first.c_str(), header_name.c_str()) == 0; });
        headers.emplace_back(header_name, Substitute(std::string(value.as_string()), vars));
      }
    }
    HttpResponse response = client.Send(method, path, headers, body);

    const json::object& expect = step.at("expect").as_object();
    EXPECT_EQ(response.status, expect.at("status").to_number<int>()) << method << " " << path << "\n" << response.body;
    json::value actual = response.Json();
    if (const auto* save = step.if_contains("save")) {
      for (const auto& [var, dotted] : save->as_object()) {
        const json::value* found = AtPath(actual, std::string(dotted.as_string()));
        ASSERT_NE(found, nullptr) << "cannot save " << var << " from " << dotted << " in " << response.body;
        vars[std::string(var)] = found->is_string() ? std::string(found->as_string()) : json::serialize(*found);
      }
    }
    if (const auto* expected_body = expect.if_contains("body")) {
      std::vector<std::string> problems;
      Match(SubstituteValue(*expected_body, vars), &actual, "body", problems);
      for (const auto& problem : problems) ADD_FAILURE() << problem << "\nresponse: " << response.body;
    }
    if (const auto* expected_headers = expect.if_contains("headers")) {
      for (const auto& [key, value] : expected_headers->as_object()) {
        std::string got = response.Header(std::string(key));
        std::string want = Substitute(std::string(value.as_string()), vars);
        if (want == "<present>") {
          EXPECT_FALSE(got.empty()) << "header " << key;
        } else if (want == "<absent>") {
          EXPECT_TRUE(got.empty()) << "header " << key << " = " << got;
        } else {
          EXPECT_EQ(got, want) << "header " << key;
        }
      }
    }
    if (const auto* expected_errors = expect.if_contains("errors")) {
      EXPECT_EQ(response.Header("content-type"), "application/problem+json");
      std::set<std::string> want, got;
      for (const auto& field : expected_errors->as_array()) want.insert(std::string(field.as_string()));
      if (const auto* errors = actual.is_object() ? actual.as_object().if_contains("errors") : nullptr) {
        for (const auto& error : errors->as_array()) got.insert(std::string(error.at("field").as_string()));
      }
      EXPECT_EQ(got, want) << response.body;
    }
    if (response.status >= 400) {
      EXPECT_EQ(response.Header("content-type"), "application/problem+json") << response.body;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, DeclarativeApiTest, ::testing::ValuesIn(CaseFiles()),
                         [](const auto& case_info) { return case_info.param; });

}  // namespace
}  // namespace bb::testing
