#pragma once
// Salesforce's REST API as the connectors use it (../shared/research/integrations.md section 1):
// signing in with OAuth 2.0 client credentials or the JWT bearer flow (the token cached and
// minted again once on 401 INVALID_SESSION_ID), sObject Collections upserts by external id
// (at most 200 records, allOrNone false, results in input order) and updates by id, SOQL queries followed through
// nextRecordsUrl, describe, and single-record updates by id. Every call carries
// Sforce-Call-Options: client=bluebird (so the org can tell our writes apart) and every answer's
// Sforce-Limit-Info is kept. Failures are classified for the caller: credentials (stop until
// someone fixes them), the org's API limit (403 REQUEST_LIMIT_EXCEEDED: wait), transient (retry)
// or refused (the request itself is wrong: a field missing, a validation rule).
//
// Thread-safety: one instance per thread (it holds a connection and a token).

#include <boost/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "domain/connector.h"
#include "integrations/crm_failure.h"
#include "integrations/http_post.h"

namespace bb::integrations {

// One record's outcome in a Collections upsert or update.
struct UpsertOutcome {
  bool success = false;
  std::string id;
  bool created = false;
  std::string status_code;  // the first error's statusCode ("DUPLICATES_DETECTED", ...) when it failed
  std::string message;      // every error, for people
};

inline constexpr std::string_view kSalesforceApiVersion = "64.0";
inline constexpr std::size_t kSalesforceCollectionLimit = 200;

class SalesforceClient {
 public:
  SalesforceClient(const Clock& clock, HttpPostOptions options,
                   std::string api_version = std::string(kSalesforceApiVersion));

  // Uses this connector's org and credentials; a change of either drops the cached token.
  void Use(const domain::Connector& connector, const domain::ConnectorSecrets& secrets);

  // Signs in now (for "test connection"): CrmFailure of kind kNone on success.
  CrmFailure SignIn();
  // PATCH /composite/sobjects/{object}/{external_field}: `records` (each without "attributes",
  // with the external field) upserted; outcomes in the same order.
  CrmFailure Upsert(std::string_view object, std::string_view external_field, const boost::json::array& records,
                    std::vector<UpsertOutcome>& outcomes);
  // PATCH /composite/sobjects (Collections update): `records` of `object` (each without
  // "attributes", with its "id") updated, allOrNone false; outcomes in the same order.
  CrmFailure UpdateRecords(std::string_view object, const boost::json::array& records,
                           std::vector<UpsertOutcome>& outcomes);
  // GET /query?q=...: every record, following nextRecordsUrl until done.
  CrmFailure Query(std::string_view soql, boost::json::array& records);
  // GET /sobjects/{object}/describe.
  CrmFailure Describe(std::string_view object, boost::json::object& description);
  // PATCH /sobjects/{object}/{id}: sets `fields` on an existing record.
  CrmFailure Update(std::string_view object, std::string_view id, const boost::json::object& fields);

  // The last Sforce-Limit-Info seen ("api-usage=N/M"), "" before any.
  const std::string& api_usage() const { return api_usage_; }

 private:
  struct Answer {
    CrmFailure failure;
    int status = 0;
    boost::json::value body;
  };
  Answer Call(std::string_view method, const std::string& path_and_query, std::string_view body);
  // A Collections PATCH to `path` of `records` typed as `object`, read into one outcome each.
  CrmFailure Collection(const std::string& path, std::string_view object, const boost::json::array& records,
                        std::vector<UpsertOutcome>& outcomes);
  Answer CallOnce(std::string_view method, const std::string& url, std::string_view body);
  CrmFailure MintToken();

  const Clock& clock_;
  HttpPoster http_;
  const std::string api_version_;
  bool allow_private_targets_ = false;
  std::string connector_key_;  // which connector and credentials the token is for
  domain::Connector connector_;
  domain::ConnectorSecrets secrets_;
  std::string access_token_;
  std::string instance_url_;
  std::string api_usage_;
};

// The SOQL literal of `text`: quoted, with backslash and quote escaped.
std::string SoqlQuote(std::string_view text);
// A time in Salesforce's format (2026-01-01T00:00:00Z) for a SOQL filter.
std::string SoqlDateTime(Timestamp at);

}  // namespace bb::integrations
