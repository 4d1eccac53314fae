#pragma once
// HubSpot's CRM API as the connectors use it (../shared/research/integrations.md section 2), on
// the date-versioned paths (/crm/objects/2026-03/...; the bodies are those of v3): batch read and
// batch upsert of contacts (by email) and deals (by the unique property bluebird_referral_id),
// search (companies by domain, deals changed since a time), default associations in batches,
// properties and deal pipelines. Every call carries the connector's bearer token (a service key or
// a private app token). Failures are classified for the caller (integrations/crm_failure.h): 401
// and 403 are credentials (a static token is not renewed: someone must replace it), 429 is the
// limit (Retry-After, else the rate window's X-HubSpot-RateLimit-Interval-Milliseconds; the daily
// policy waits an hour), 5xx and the network are transient, any other refusal is refused.
//
// Thread-safety: one instance per thread (it holds a connection).

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "domain/connector.h"
#include "integrations/crm_failure.h"
#include "integrations/http_post.h"

namespace bb::integrations {

inline constexpr std::string_view kHubspotApiVersion = "2026-03";
inline constexpr std::size_t kHubspotBatchLimit = 100;

// One input's outcome in a batch upsert or update, matched back by its objectWriteTraceId.
struct HubspotWriteOutcome {
  bool success = false;
  std::string id;        // the record's id on success
  bool created = false;  // "new": true
  std::string category;  // the error's category on failure ("VALIDATION_ERROR", ...)
  std::string message;   // the error, for people
};

class HubspotClient {
 public:
  explicit HubspotClient(HttpPostOptions options);

  // Uses this connector's account and token.
  void Use(const domain::Connector& connector, const domain::ConnectorSecrets& secrets);

  // POST /crm/objects/{v}/{object}/batch/read by `id_property`: the records found (missing ids are
  // simply absent), each {"id", "properties"}.
  CrmFailure BatchRead(std::string_view object, std::string_view id_property, const std::vector<std::string>& ids,
                       const std::vector<std::string>& properties, boost::json::array& records);
  // POST /crm/objects/{v}/{object}/batch/upsert: `inputs` ({"idProperty", "id", "properties"},
  // the properties holding the id property's value too), each sent with an objectWriteTraceId of
  // its own so that a partial failure (207) names the inputs it refused; outcomes in the order of
  // `inputs`, matched back by the id property's value. An input neither in the results nor in the
  // errors is a failure ("HubSpot did not answer for it").
  CrmFailure BatchUpsert(std::string_view object, const boost::json::array& inputs,
                         std::vector<HubspotWriteOutcome>& outcomes);
  // POST /crm/objects/{v}/{object}/batch/update: `inputs` ({"id": the record's id, "properties"}),
  // traced as BatchUpsert's are; outcomes in the order of `inputs`, matched back by the record id.
  // Never creates a record.
  CrmFailure BatchUpdate(std::string_view object, const boost::json::array& inputs,
                         std::vector<HubspotWriteOutcome>& outcomes);
  // POST /crm/objects/{v}/{object}/search with `body` (filterGroups, sorts, properties, limit): one
  // page; `after` in: where to start ("" first), out: the next page's, "" after the last.
  CrmFailure Search(std::string_view object, boost::json::object body, std::string& after, boost::json::array& records);
  // POST /crm/associations/{v}/{from}/{to}/batch/associate/default with (from id, to id) pairs.
  CrmFailure Associate(std::string_view from, std::string_view to,
                       const std::vector<std::pair<std::string, std::string>>& pairs);
  // GET /crm/properties/{v}/{object}: the object's properties.
  CrmFailure Properties(std::string_view object, boost::json::array& properties);
  // POST /crm/properties/{v}/{object}/groups then .../batch/create: creates `specs` in `group`
  // (an existing group or property is not an error).
  CrmFailure CreateProperties(std::string_view object, std::string_view group, std::string_view group_label,
                              const boost::json::array& specs);
  // GET /crm/pipelines/{v}/deals.
  CrmFailure DealPipelines(boost::json::array& pipelines);

 private:
  struct Answer {
    CrmFailure failure;
    int status = 0;
    boost::json::value body;
  };
  Answer Call(std::string_view method, const std::string& path, std::string_view body);

  HttpPoster http_;
  std::string base_url_;
  std::string token_;
};

}  // namespace bb::integrations
