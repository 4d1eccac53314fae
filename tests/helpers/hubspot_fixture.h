#pragma once
// The fixture of the HubSpot connector API tests: CrmConnectorTest on the HubSpot mock
// (tests/helpers/hubspot_mock.py) with a private app token configured, a connector of the program on
// the mock, and the mock's records read back.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "crm_fixture.h"

namespace bb::testing {

inline constexpr char kHubspotToken[] = "pat-na1-bluebird-test-token";

class HubspotConnectorTest : public CrmConnectorTest {
 protected:
  HubspotConnectorTest() : CrmConnectorTest("hubspot_mock.py") {
    mock_.Control("POST", "config", boost::json::object{{"token", kHubspotToken}});
  }

  // A connector of the program on the mock signing in with `token`; `extra` replaces or adds fields.
  std::string Connector(const std::string& token = kHubspotToken, const boost::json::object& extra = {}) {
    boost::json::object body{{"kind", "hubspot"},
                             {"program_id", program_},
                             {"base_url", mock_.url()},
                             {"auth", {{"flow", "token"}, {"token", token}}},
                             {"poll_seconds", 60}};
    for (const auto& [key, value] : extra) body[key] = value;
    return Id(Post("/api/v1/connectors", body));
  }
  // Bluebird's properties made in the account beforehand, as an earlier connection test would.
  void InstallProperties() {
    mock_.Control("POST", "schema", boost::json::object{{"install_bluebird_properties", true}});
  }
  boost::json::array Records(const std::string& object) { return mock_.Records(object); }
  // The record of `object` whose property `name` is `value` (a failure when none).
  boost::json::object RecordWith(const std::string& object, const std::string& name, const std::string& value) {
    for (const auto& record : Records(object)) {
      const boost::json::object& properties = record.at("properties").as_object();
      if (const boost::json::value* found = properties.if_contains(name);
          found != nullptr && found->is_string() && found->as_string() == value) {
        return record.as_object();
      }
    }
    ADD_FAILURE() << "no " << object << " with " << name << " " << value << " in "
                  << boost::json::serialize(Records(object));
    return {};
  }
  // The deal of `referral` in the mock.
  boost::json::object DealOf(const std::string& referral) {
    return RecordWith("deals", "bluebird_referral_id", referral);
  }
  // A string property of a record ("" when absent or not a string).
  static std::string Property(const boost::json::object& record, const std::string& name) {
    if (record.empty()) return "";
    const boost::json::value* value = record.at("properties").as_object().if_contains(name);
    return value != nullptr && value->is_string() ? std::string(value->as_string()) : "";
  }
  std::string DealProperty(const std::string& referral, const std::string& name) {
    return Property(DealOf(referral), name);
  }
};

}  // namespace bb::testing
