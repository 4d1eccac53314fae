#pragma once
// The fixture of the Salesforce connector API tests: CrmConnectorTest on the Salesforce mock
// (tests/helpers/salesforce_mock.py) with client-credentials sign-in configured, a connector body
// for the mock, and the mock's leads by referral.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "crm_fixture.h"

namespace bb::testing {

inline constexpr char kSalesforceClientSecret[] = "s3cr3t-client-secret-value";

class SalesforceConnectorTest : public CrmConnectorTest {
 protected:
  SalesforceConnectorTest() : CrmConnectorTest("salesforce_mock.py") {
    mock_.Control("POST", "config",
                  boost::json::object{{"client_id", "bb-app"}, {"client_secret", kSalesforceClientSecret}});
    company_ = "Rita Co";
  }

  // A connector of the program on the mock; `extra` replaces or adds fields.
  boost::json::object ConnectorBody(const boost::json::object& extra = {}) {
    boost::json::object body{
        {"kind", "salesforce"},
        {"program_id", program_},
        {"base_url", mock_.url()},
        {"auth", {{"flow", "client_credentials"}, {"client_id", "bb-app"}, {"client_secret", kSalesforceClientSecret}}},
        {"stage_map", {{"Qualification", "qualified"}}},
        {"poll_seconds", 60}};
    for (const auto& [key, value] : extra) body[key] = value;
    return body;
  }
  std::string Connector(const boost::json::object& extra = {}) {
    return Id(Post("/api/v1/connectors", ConnectorBody(extra)));
  }
  boost::json::array Leads() { return mock_.Records("Lead"); }
  // The mock's record of `object` carrying `referral` in Bluebird_Referral_Id__c (a failure when none).
  boost::json::object RecordOf(const std::string& object, const std::string& referral) {
    for (const auto& record : mock_.Records(object)) {
      const boost::json::value* id = record.as_object().if_contains("Bluebird_Referral_Id__c");
      if (id != nullptr && id->is_string() && id->as_string() == referral) return record.as_object();
    }
    ADD_FAILURE() << "no " << object << " for " << referral;
    return {};
  }
  boost::json::object LeadOf(const std::string& referral) { return RecordOf("Lead", referral); }
};

}  // namespace bb::testing
