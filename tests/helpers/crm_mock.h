#pragma once
// A local CRM mock (tests/helpers/salesforce_mock.py or hubspot_mock.py) run by a test on 127.0.0.1
// and a free port, with its control API (/__mock/...: records, faults, config, the request log and
// the violations of the provider's documented contract); stopped (SIGTERM) on destruction.

#include <boost/json.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "http_client.h"
#include "python_helper.h"

namespace bb::testing {

class CrmMock {
 public:
  // `script`: "salesforce_mock.py" or "hubspot_mock.py"; `extra` command-line options.
  explicit CrmMock(const std::string& script, std::vector<std::string> extra = {})
      : process_(std::string(BLUEBIRD_TEST_HELPERS_DIR) + "/" + script, WithPort(std::move(extra))) {}

  int port() const { return process_.port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

  // A control request; its JSON answer (throws when the mock refuses it).
  boost::json::value Control(const std::string& method, const std::string& path,
                             const boost::json::value& body = nullptr) {
    HttpResponse response = HttpClient(static_cast<unsigned short>(port()))
                                .Send(method, "/__mock/" + path, {{"Content-Type", "application/json"}},
                                      body.is_null() ? "" : boost::json::serialize(body));
    if (response.status >= 300) throw std::runtime_error("mock control " + path + ": " + response.body);
    return response.body.empty() ? boost::json::value(nullptr) : response.Json();
  }
  // The records of one object ("Lead", "Opportunity"; HubSpot: "contacts", "deals").
  boost::json::array Records(const std::string& object) {
    boost::json::value answer = Control("GET", "records?object=" + object);
    if (answer.is_array()) return answer.as_array();
    if (answer.is_object() && answer.as_object().contains("records")) return answer.at("records").as_array();
    return {};
  }
  // The requests the mock answered, oldest first.
  boost::json::array Requests() { return Control("GET", "requests").as_array(); }
  // Every breach of the provider's documented contract seen so far (expected: none).
  std::string Violations() {
    boost::json::array list = Control("GET", "violations").as_array();
    return list.empty() ? "" : boost::json::serialize(list);
  }

 private:
  static std::vector<std::string> WithPort(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {"--port", "0"});
    return extra;
  }

  PythonHelper process_;
};

}  // namespace bb::testing
