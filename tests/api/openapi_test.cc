// The OpenAPI document (src/http/openapi.json) against the running server: it is served as is,
// it describes exactly the routes the router has (so adding or removing a route without updating
// the document fails here), and it is internally consistent: unique operation ids, a success
// response per operation, resolvable $refs, and security declared to match each route's access.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

const std::set<std::string> kHttpMethods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string Upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string Join(const std::set<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += "\n  " + item;
  return out;
}

// Resolves a local JSON pointer ("#/components/schemas/Program"); null when it points nowhere.
const json::value* Resolve(const json::value& document, const std::string& ref) {
  if (ref.rfind("#/", 0) != 0) return nullptr;
  const json::value* at = &document;
  std::size_t pos = 2;
  while (pos <= ref.size()) {
    std::size_t slash = ref.find('/', pos);
    std::string token = ref.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
    std::string key;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
        key += token[i + 1] == '0' ? '~' : '/';
        ++i;
      } else {
        key += token[i];
      }
    }
    if (at->is_object()) {
      at = at->as_object().if_contains(key);
    } else if (at->is_array()) {
      std::size_t index = 0;
      for (char c : key) {
        if (c < '0' || c > '9') return nullptr;
        index = index * 10 + static_cast<std::size_t>(c - '0');
      }
      if (key.empty() || index >= at->as_array().size()) return nullptr;
      at = &at->as_array()[index];
    } else {
      return nullptr;
    }
    if (at == nullptr) return nullptr;
    if (slash == std::string::npos) break;
    pos = slash + 1;
  }
  return at;
}

// Appends "<where>: <ref>" for every $ref in `value` that does not resolve within `document`.
void CollectBrokenRefs(const json::value& document, const json::value& value, const std::string& where,
                       std::vector<std::string>& broken) {
  if (value.is_object()) {
    for (const auto& [key, item] : value.as_object()) {
      if (key == "$ref") {
        if (!item.is_string() || Resolve(document, std::string(item.as_string())) == nullptr) {
          broken.push_back(where + ": " + json::serialize(item));
        }
      } else {
        CollectBrokenRefs(document, item, where + "/" + std::string(key), broken);
      }
    }
  } else if (value.is_array()) {
    for (std::size_t i = 0; i < value.as_array().size(); ++i) {
      CollectBrokenRefs(document, value.as_array()[i], where + "/" + std::to_string(i), broken);
    }
  }
}

// Every operation of the document as ("METHOD /path", operation object).
std::vector<std::pair<std::string, const json::object*>> Operations(const json::value& document) {
  std::vector<std::pair<std::string, const json::object*>> out;
  const auto* paths = document.as_object().if_contains("paths");
  if (paths == nullptr || !paths->is_object()) return out;
  for (const auto& [path, item] : paths->as_object()) {
    if (!item.is_object()) continue;
    for (const auto& [method, op] : item.as_object()) {
      if (!kHttpMethods.contains(std::string(method)) || !op.is_object()) continue;
      out.emplace_back(Upper(std::string(method)) + " " + std::string(path), &op.as_object());
    }
  }
  return out;
}

class OpenApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    text_ = ReadFile(BLUEBIRD_OPENAPI_PATH);
    ASSERT_FALSE(text_.empty()) << "cannot read " << BLUEBIRD_OPENAPI_PATH;
    boost::system::error_code ec;
    document_ = json::parse(text_, ec);
    ASSERT_FALSE(ec) << BLUEBIRD_OPENAPI_PATH << " is not valid JSON: " << ec.message();
    ASSERT_TRUE(document_.is_object());
  }

  TestServer server_;
  std::string text_;
  json::value document_;
};

TEST_F(OpenApiTest, ServedDocumentIsTheSourceFile) {
  auto client = server_.Client();
  auto response = client.Send("GET", "/api/v1/openapi.json");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("content-type").rfind("application/json", 0), 0u) << response.Header("content-type");
  json::value served = response.Json();
  ASSERT_TRUE(served.is_object()) << response.body.substr(0, 200);
  EXPECT_EQ(served.at("openapi"), "3.1.0");
  EXPECT_EQ(served.at("info").at("title"), "Bluebird API");
  EXPECT_EQ(served.at("info").at("version"), "0.1.0");
  // Not EXPECT_EQ: on a mismatch it would print both documents in full.
  EXPECT_TRUE(served == document_) << "the served document differs from " << BLUEBIRD_OPENAPI_PATH
                                   << " (rebuild to embed the new file)";
}

TEST_F(OpenApiTest, PathsAreExactlyTheRouterRoutes) {
  std::set<std::string> documented;
  for (const auto& [name, op] : Operations(document_)) documented.insert(name);
  std::set<std::string> served;
  for (const auto& route : server_.api->router().routes()) served.insert(route.method + " " + route.pattern);

  std::set<std::string> missing_in_doc;
  for (const auto& route : served) {
    if (!documented.contains(route)) missing_in_doc.insert(route);
  }
  std::set<std::string> missing_in_server;
  for (const auto& op : documented) {
    if (!served.contains(op)) missing_in_server.insert(op);
  }
  EXPECT_TRUE(missing_in_doc.empty()) << "routes the server answers but openapi.json does not describe:"
                                      << Join(missing_in_doc);
  EXPECT_TRUE(missing_in_server.empty()) << "operations openapi.json describes but the server has no route for:"
                                         << Join(missing_in_server);
}

TEST_F(OpenApiTest, OperationsAreComplete) {
  std::map<std::string, std::string> ids;  // operationId -> operation
  auto operations = Operations(document_);
  ASSERT_FALSE(operations.empty());
  for (const auto& [name, op] : operations) {
    const auto* id = op->if_contains("operationId");
    if (id == nullptr || !id->is_string() || id->as_string().empty()) {
      ADD_FAILURE() << name << " has no operationId";
    } else {
      auto [it, inserted] = ids.emplace(std::string(id->as_string()), name);
      EXPECT_TRUE(inserted) << "operationId " << it->first << " is used by " << it->second << " and " << name;
    }
    for (const char* field : {"summary", "tags"}) {
      EXPECT_NE(op->if_contains(field), nullptr) << name << " has no " << field;
    }
    const auto* responses = op->if_contains("responses");
    bool has_success = false;
    if (responses != nullptr && responses->is_object()) {
      for (const auto& [code, response] : responses->as_object()) {
        if (!code.empty() && (code[0] == '2' || code[0] == '3')) has_success = true;
        // Error answers of the API are problem details.
        bool api = name.find(" /api/") != std::string::npos;
        if (api && !code.empty() && (code[0] == '4' || code[0] == '5')) {
          const json::value* resolved = &response;
          if (const auto* ref = response.as_object().if_contains("$ref")) {
            resolved = Resolve(document_, std::string(ref->as_string()));
          }
          if (resolved == nullptr) continue;  // reported by RefsResolve
          const auto* content = resolved->as_object().if_contains("content");
          EXPECT_TRUE(content != nullptr && content->as_object().contains("application/problem+json"))
              << name << " " << code << " is not application/problem+json";
        }
      }
    }
    EXPECT_TRUE(has_success) << name << " declares no 2xx or 3xx response";
  }
}

TEST_F(OpenApiTest, RefsResolve) {
  std::vector<std::string> broken;
  CollectBrokenRefs(document_, document_, "#", broken);
  std::set<std::string> unique(broken.begin(), broken.end());
  EXPECT_TRUE(broken.empty()) << "unresolved $refs:" << Join(unique);
}

TEST_F(OpenApiTest, SecurityMatchesRouteAccess) {
  std::map<std::string, const json::object*> operations;
  for (const auto& [name, op] : Operations(document_)) operations[name] = op;
  const auto& schemes = document_.at("components").at("securitySchemes").as_object();
  EXPECT_TRUE(schemes.contains("bearerAuth"));
  EXPECT_TRUE(schemes.contains("cookieAuth"));

  for (const auto& route : server_.api->router().routes()) {
    std::string name = route.method + " " + route.pattern;
    auto it = operations.find(name);
    if (it == operations.end()) continue;  // reported by PathsAreExactlyTheRouterRoutes
    const auto* security = it->second->if_contains("security");
    if (security == nullptr || !security->is_array()) {
      ADD_FAILURE() << name << " declares no security";
      continue;
    }
    if (route.access == http::Access::kPublic) {
      EXPECT_TRUE(security->as_array().empty()) << name << " is public and must declare security: []";
      continue;
    }
    EXPECT_FALSE(security->as_array().empty()) << name << " needs credentials but declares none";
    for (const auto& requirement : security->as_array()) {
      ASSERT_TRUE(requirement.is_object()) << name;
      EXPECT_FALSE(requirement.as_object().empty()) << name << " allows anonymous access ({}) but needs credentials";
      for (const auto& [scheme, scopes] : requirement.as_object()) {
        EXPECT_TRUE(schemes.contains(scheme)) << name << " names unknown security scheme " << scheme;
      }
    }
  }
}

}  // namespace
}  // namespace bb::testing
