// Advocates marked in the CRM (a connector's sync_advocates; jobs/salesforce_advocates.h,
// jobs/hubspot_advocates.h) against the CRM mocks, which check every request against the
// documented API: the existing contacts of advocates get Bluebird's three fields (advocate,
// code, referral count), nobody is created, nothing else is written, a contact that shows the
// figures already is not written again, a new referral or a deactivation reaches the contact,
// and a field the org lacks is named by the connection test and stops the connector with what to
// fix; a change is sent once older than the settle window; a page read before an admin changed
// the connector is not recorded. (Runs on SQLite and, under "postgres/", on PostgreSQL.)

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <string>

#include "hubspot_fixture.h"
#include "salesforce_fixture.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

// One turn of the sync job once every change so far is older than the settle window
// (service::ConnectorService::kAdvocateSettle), when advocates are sent.
int Settled(TestServer& server, jobs::CrmSync& sync) {
  server.clock.Advance(service::ConnectorService::kAdvocateSettle + std::chrono::seconds(1));
  return sync.RunOnce();
}

// How many requests the mock saw with this method and path.
int CountRequests(CrmMock& mock, const std::string& method, const std::string& path_end) {
  int count = 0;
  for (const auto& request : mock.Requests()) {
    std::string path(request.at("path").as_string());
    if (request.at("method").as_string() == method && path.ends_with(path_end)) ++count;
  }
  return count;
}

class SalesforceAdvocatesTest : public SalesforceConnectorTest {
 protected:
  // A Contact as a CRM user makes it; its id.
  std::string Contact(const std::string& email, const std::string& first) {
    json::value made = mock_.Control(
        "POST", "records",
        json::object{{"object", "Contact"}, {"fields", {{"FirstName", first}, {"LastName", "Lee"}, {"Email", email}}}});
    return std::string(made.at("Id").as_string());
  }
  json::object ContactById(const std::string& id) {
    for (const auto& record : mock_.Records("Contact")) {
      if (record.at("Id").as_string() == id) return record.as_object();
    }
    ADD_FAILURE() << "no Contact " << id;
    return {};
  }
  std::string Code(const std::string& advocate) {
    return std::string(Get("/api/v1/advocates/" + advocate).at("code").as_string());
  }
};

TEST_F(SalesforceAdvocatesTest, AdvocatesAreMarkedOnTheirExistingContactsOnlyAndOnlyWhenChanged) {
  std::string ann_contact = Contact("Ann@Client.example", "Annie");  // a rep's spelling and case
  Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "bo@else.example"}, {"first_name", "Bo"}});

  // Without sync_advocates nothing is read or written for advocates.
  std::string connector = Connector();
  Settled(server_, *sync_);
  EXPECT_EQ(CountRequests(mock_, "PATCH", "/composite/sobjects"), 0);
  EXPECT_FALSE(ContactById(ann_contact).at("Bluebird_Advocate__c").as_bool());

  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"sync_advocates", true}}).status, 200);
  EXPECT_TRUE(Get("/api/v1/connectors/" + connector).at("sync_advocates").as_bool());
  Settled(server_, *sync_);
  json::object contact = ContactById(ann_contact);
  EXPECT_TRUE(contact.at("Bluebird_Advocate__c").as_bool());
  EXPECT_EQ(contact.at("Bluebird_Advocate_Code__c").as_string(), Code(advocate_));
  EXPECT_EQ(contact.at("Bluebird_Referral_Count__c").to_number<double>(), 0.0);
  EXPECT_EQ(contact.at("FirstName").as_string(), "Annie") << "the CRM's own fields are not Bluebird's";
  EXPECT_EQ(mock_.Records("Contact").size(), 1u) << "no Contact is made for Bo";
  EXPECT_NE(LogText(connector).find("advocates: 2 read, 1 contacts marked, 0 already up to date, 1 not in the CRM"),
            std::string::npos)
      << LogText(connector);

  // Nothing changed: the Contact is not written again.
  int updates = CountRequests(mock_, "PATCH", "/composite/sobjects");
  Settled(server_, *sync_);
  Send("POST", "/api/v1/connectors/" + connector + "/sync");
  Settled(server_, *sync_);
  EXPECT_EQ(CountRequests(mock_, "PATCH", "/composite/sobjects"), updates);

  // A referral (clear) counts, sent once the change is older than the settle window, not before.
  Referral("rita@prospect.example");
  Turn();
  EXPECT_EQ(ContactById(ann_contact).at("Bluebird_Referral_Count__c").to_number<double>(), 0.0)
      << "the referral is a minute old: not sent yet";
  Settled(server_, *sync_);
  EXPECT_EQ(ContactById(ann_contact).at("Bluebird_Referral_Count__c").to_number<double>(), 1.0);

  // A deactivation unchecks the box and keeps the code and the count.
  ASSERT_EQ(Send("POST", "/api/v1/advocates/" + advocate_ + "/deactivate").status, 200);
  Settled(server_, *sync_);
  contact = ContactById(ann_contact);
  EXPECT_FALSE(contact.at("Bluebird_Advocate__c").as_bool());
  EXPECT_EQ(contact.at("Bluebird_Advocate_Code__c").as_string(), Code(advocate_));
  EXPECT_EQ(contact.at("Bluebird_Referral_Count__c").to_number<double>(), 1.0);
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(SalesforceAdvocatesTest, EveryContactOfTheEmailIsMarkedAndARefusedOneIsLogged) {
  std::string first = Contact("ann@client.example", "Ann");
  std::string second = Contact("ann@client.example", "Ann (old)");
  // The org refuses the second one (a validation rule, say): logged, the first is marked anyway.
  mock_.Control("POST", "faults",
                json::object{{"match", {{"path_regex", "composite/sobjects$"}}},
                             {"respond", "partial_batch"},
                             {"index", 1},
                             {"times", 1},
                             {"status_code", "FIELD_CUSTOM_VALIDATION_EXCEPTION"},
                             {"message", "Advocates need an owner"}});
  std::string connector = Connector({{"sync_advocates", true}});
  Settled(server_, *sync_);
  EXPECT_TRUE(ContactById(first).at("Bluebird_Advocate__c").as_bool());
  EXPECT_FALSE(ContactById(second).at("Bluebird_Advocate__c").as_bool());
  EXPECT_NE(LogText(connector).find("Contact " + second + ": FIELD_CUSTOM_VALIDATION_EXCEPTION"), std::string::npos)
      << LogText(connector);
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok");
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(SalesforceAdvocatesTest, AMissingAdvocateFieldIsNamedByTheTestAndStopsTheConnectorWithWhatToFix) {
  Contact("ann@client.example", "Ann");
  mock_.Control("POST", "schema", json::object{{"object", "Contact"}, {"remove_field", "Bluebird_Referral_Count__c"}});
  std::string connector = Connector({{"sync_advocates", true}});
  json::object check = Send("POST", "/api/v1/connectors/" + connector + "/test").Json().as_object();
  EXPECT_FALSE(check.at("ok").as_bool());
  EXPECT_NE(json::serialize(check).find("Contact.Bluebird_Referral_Count__c is missing"), std::string::npos)
      << json::serialize(check);
  Settled(server_, *sync_);
  json::object view = Get("/api/v1/connectors/" + connector);
  EXPECT_EQ(view.at("health").as_string(), "broken");
  EXPECT_NE(std::string(view.at("health_message").as_string()).find("Bluebird_Referral_Count__c"), std::string::npos)
      << json::serialize(view);

  // Without advocate sync the same org passes the test.
  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"sync_advocates", false}}).status, 200);
  check = Send("POST", "/api/v1/connectors/" + connector + "/test").Json().as_object();
  EXPECT_TRUE(check.at("ok").as_bool()) << json::serialize(check);
}

// From an adversarial review: an admin who changes the connector while a page of advocates is
// in flight (here: another program) makes that page's end meaningless; it is not recorded, so the
// new program's advocates are all sent from the start.
TEST_F(SalesforceAdvocatesTest, APageReadBeforeTheConnectorChangedIsNotRecorded) {
  std::string other = Id(
      Post("/api/v1/programs",
           {{"name", "Customers"}, {"kind", "customer"}, {"landing_url", "https://c.example/"}, {"currency", "USD"}}));
  std::string connector = Connector({{"sync_advocates", true}});
  server_.clock.Advance(service::ConnectorService::kAdvocateSettle + std::chrono::seconds(1));
  auto seen = [&] {
    Result<std::vector<domain::Connector>> all = server_.services->connectors.ForSync();
    EXPECT_TRUE(all.ok());
    for (const auto& c : all.ok() ? *all : std::vector<domain::Connector>{}) {
      if (c.id == connector) return c;
    }
    ADD_FAILURE() << "no connector " << connector;
    return domain::Connector{};
  };
  domain::Connector before = seen();
  auto page = server_.services->connectors.NextAdvocates(before, before.advocate_cursor, 200);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->people.size(), 1u);
  ASSERT_EQ(Send("PATCH", "/api/v1/connectors/" + connector, {{"program_id", other}}).status, 200);
  auto recorded = server_.services->connectors.RecordAdvocates(before, *page, {});
  ASSERT_TRUE(recorded.ok());
  EXPECT_FALSE(*recorded);
  EXPECT_EQ(seen().advocate_cursor, "") << "the new program's advocates start from the beginning";
}

class HubspotAdvocatesTest : public HubspotConnectorTest {
 protected:
  std::string Connector() { return HubspotConnectorTest::Connector(kHubspotToken, {{"sync_advocates", true}}); }
};

TEST_F(HubspotAdvocatesTest, AdvocatesAreMarkedOnTheirExistingContactsOnlyAndOnlyWhenChanged) {
  json::value made = mock_.Control(
      "POST", "records",
      json::object{{"object", "contacts"}, {"properties", {{"email", "ANN@client.example"}, {"firstname", "Annie"}}}});
  std::string contact_id(made.at("id").as_string());
  Post("/api/v1/programs/" + program_ + "/advocates", {{"email", "bo@else.example"}, {"first_name", "Bo"}});
  std::string code(Get("/api/v1/advocates/" + advocate_).at("code").as_string());
  std::string connector = Connector();
  Settled(server_, *sync_);
  // The advocate properties were created (a checkbox with its two options), then written.
  bool checkbox = false;
  for (const auto& request : mock_.Requests()) {
    if (request.at("path").as_string() != "/crm/properties/2026-03/contacts/batch/create") continue;
    for (const auto& input : request.at("json").at("inputs").as_array()) {
      if (input.at("name").as_string() == "bluebird_advocate") {
        checkbox = input.at("type").as_string() == "bool" && input.at("options").as_array().size() == 2;
      }
    }
  }
  EXPECT_TRUE(checkbox);
  json::array contacts = mock_.Records("contacts");
  ASSERT_EQ(contacts.size(), 1u) << "no contact is made for Bo: " << json::serialize(contacts);
  const json::object& contact = contacts[0].as_object();
  EXPECT_EQ(std::string(contact.at("id").as_string()), contact_id);
  EXPECT_EQ(Property(contact, "bluebird_advocate"), "true");
  EXPECT_EQ(Property(contact, "bluebird_advocate_code"), code);
  EXPECT_EQ(Property(contact, "bluebird_referral_count"), "0");
  EXPECT_EQ(Property(contact, "firstname"), "Annie");

  int updates = CountRequests(mock_, "POST", "/contacts/batch/update");
  EXPECT_EQ(updates, 1);
  Settled(server_, *sync_);
  EXPECT_EQ(CountRequests(mock_, "POST", "/contacts/batch/update"), updates) << "nothing changed: nothing written";

  Referral("rita@prospect.example");
  Settled(server_, *sync_);
  std::string count;
  for (const auto& record : mock_.Records("contacts")) {
    if (std::string(record.at("id").as_string()) == contact_id)
      count = Property(record.as_object(), "bluebird_referral_count");
  }
  EXPECT_EQ(count, "1");
  EXPECT_EQ(mock_.Violations(), "");
}

TEST_F(HubspotAdvocatesTest, AContactHubspotRefusesIsLoggedAndTheConnectorGoesOn) {
  mock_.Control("POST", "records",
                json::object{{"object", "contacts"}, {"properties", {{"email", "ann@client.example"}}}});
  mock_.Control("POST", "faults",
                json::object{{"match", {{"path_regex", "contacts/batch/update$"}}},
                             {"respond", "partial_batch"},
                             {"index", 0},
                             {"times", 1},
                             {"category", "VALIDATION_ERROR"},
                             {"message", "Property values were not valid"}});
  std::string connector = Connector();
  Settled(server_, *sync_);
  EXPECT_NE(LogText(connector).find("refused: contact "), std::string::npos) << LogText(connector);
  EXPECT_NE(LogText(connector).find("Property values were not valid"), std::string::npos) << LogText(connector);
  EXPECT_EQ(Get("/api/v1/connectors/" + connector).at("health").as_string(), "ok");
  EXPECT_EQ(mock_.Violations(), "");
}

}  // namespace
}  // namespace bb::testing
