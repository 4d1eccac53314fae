#pragma once
// CRM connectors: a program's (or every program's) link to the sales team's Salesforce org or
// HubSpot account. A connector holds where the CRM is, how to sign in (the secret part sealed at
// rest by the service; never here in clear), which CRM stages mean which Bluebird stage, the
// values Bluebird sets on the records it creates, and which referrals it sends. Its health says
// whether it is working, waiting out a limit, or broken until someone fixes it. The rules that
// turn what the CRM says about a deal into a stage move are here too. Pure rules, no I/O.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/money_text.h"
#include "domain/referral.h"
#include "domain/referral_stage.h"

namespace bb::domain {

enum class ConnectorKind { kSalesforce, kHubspot };
// ok: working (or not yet run); backing_off: the CRM asked to wait (a rate or daily limit) or
// failed for a while, and the connector resumes by itself at `resume_at`; broken: it cannot work
// until someone changes it (credentials refused, a field missing) -- saving the connector again
// clears it.
enum class ConnectorHealth { kOk, kBackingOff, kBroken };
// Which referrals go to the CRM: "clear" ones only (held and duplicate ones once a manager clears
// them), or "all".
enum class ConnectorSendPolicy { kClear, kAll };

std::string_view ToString(ConnectorKind kind);
std::optional<ConnectorKind> ParseConnectorKind(std::string_view text);
std::string_view ToString(ConnectorHealth health);
std::optional<ConnectorHealth> ParseConnectorHealth(std::string_view text);
std::string_view ToString(ConnectorSendPolicy policy);
std::optional<ConnectorSendPolicy> ParseConnectorSendPolicy(std::string_view text);

// How the connector signs in; secrets are in ConnectorSecrets.
//   salesforce: flow "client_credentials" (client_id) or "jwt_bearer" (client_id, username)
//   hubspot:    flow "token"
struct ConnectorAuth {
  std::string flow;
  std::string client_id;  // Salesforce: the app's consumer key
  std::string username;   // Salesforce JWT bearer: the integration user
  friend bool operator==(const ConnectorAuth&, const ConnectorAuth&) = default;
};

// The secret part of the sign-in, sealed at rest (service/connector_service.h) and never shown.
struct ConnectorSecrets {
  std::string client_secret;    // Salesforce client credentials
  std::string private_key_pem;  // Salesforce JWT bearer: the RSA key whose certificate the app holds
  std::string token;            // HubSpot: a service key or private app token
};

inline constexpr std::int64_t kMinPollSeconds = 30;
inline constexpr std::int64_t kMaxPollSeconds = 86400;
inline constexpr std::int64_t kDefaultPollSeconds = 300;
inline constexpr std::size_t kMaxStageMapEntries = 500;
inline constexpr std::size_t kMaxCrmValueLength = 255;
inline constexpr std::string_view kDefaultLeadSource = "External Referral";
inline constexpr std::string_view kSalesforceLoginUrl = "https://login.salesforce.com";
inline constexpr std::string_view kHubspotApiUrl = "https://api.hubapi.com";

struct Connector {
  std::string id;          // "con_…"
  std::string program_id;  // "" for every program
  ConnectorKind kind = ConnectorKind::kSalesforce;
  // The CRM's host: Salesforce's login (or My Domain) URL, HubSpot's API URL; "" for the provider's.
  std::string base_url;
  ConnectorAuth auth;
  std::string sealed_secrets;  // ConnectorSecrets as the service sealed them; opaque here
  // CRM stage (Salesforce StageName or Lead Status API value, HubSpot dealstage id) -> Bluebird
  // stage (qualified, opportunity, won or lost).
  std::map<std::string, ReferralStage, std::less<>> stage_map;
  std::string lead_source{kDefaultLeadSource};  // set on records Bluebird creates, never on existing ones
  std::string lead_status;                      // "" for the CRM's default
  ConnectorSendPolicy send = ConnectorSendPolicy::kClear;
  std::int64_t poll_seconds = kDefaultPollSeconds;
  bool enabled = true;
  ConnectorHealth health = ConnectorHealth::kOk;
  std::string health_message;             // "" when ok; what is wrong, for people (never a secret)
  std::optional<Timestamp> resume_at;     // backing_off: when work resumes
  std::string cursor;                     // where the last read of the CRM's changes ended (CRM's own format)
  std::optional<Timestamp> last_poll_at;  // when the CRM's changes were last read
  std::optional<Timestamp> next_poll_at;  // when they are read next ("sync now" sets it to now)
  // Whether the CRM's contacts who are advocates are marked as such, with their code and referral
  // count (existing contacts only: Bluebird never creates a person for this).
  bool sync_advocates = false;
  std::string advocate_cursor;  // where the last advocate sent stands ("micros:advocate id"; "" from the start)
  // Whether each referral's lead score and grade (CrmScore) are written on its CRM record, and
  // written again when they change (a scan of the open referrals every kScoreScanEvery,
  // domain/crm_score.h).
  bool sync_scores = false;
  std::string score_cursor;                    // the last referral the scan in progress checked ("" none)
  std::optional<Timestamp> scores_scanned_at;  // when the last full scan ended
  Timestamp created_at{};
  Timestamp updated_at{};

  // The base URL in use: base_url, or the provider's.
  std::string EffectiveBaseUrl() const;
  // Whether the connector sends and reads now: enabled, not broken, and not waiting out a limit.
  bool Works(Timestamp now) const;
  // Whether the connector serves the program: its own, or every program's.
  bool Covers(std::string_view program) const { return program_id.empty() || program_id == program; }
  // Whether `referral` goes to the CRM under the send policy.
  bool Sends(const Referral& referral) const;
  // Whether its score scan runs at `now`: scores synced, and a scan in progress or none ended in
  // the last kScoreScanEvery.
  bool ScoreScanDue(Timestamp now) const;
};

// What an admin sends to create or change a connector; absent fields stay as they are.
struct ConnectorAuthInput {
  std::optional<std::string> flow;
  std::optional<std::string> client_id;
  std::optional<std::string> username;
  std::optional<std::string> client_secret;
  std::optional<std::string> private_key_pem;
  std::optional<std::string> token;
};

struct ConnectorInput {
  std::optional<std::string> kind;
  std::optional<std::string> program_id;
  std::optional<std::string> base_url;
  std::optional<ConnectorAuthInput> auth;
  std::optional<std::map<std::string, std::string>> stage_map;
  std::optional<std::string> lead_source;
  std::optional<std::string> lead_status;
  std::optional<std::string> send;
  std::optional<std::int64_t> poll_seconds;
  std::optional<bool> enabled;
  std::optional<bool> sync_advocates;
  std::optional<bool> sync_scores;
};

// Applies `input` to `connector` after checking every field, naming each bad one (kInvalidArgument):
// kind (salesforce or hubspot; required when `creating`, fixed afterwards); base_url (an https URL
// to a public host; http and private hosts only when `allow_private_targets`, for tests and
// development); auth (required when creating; replaced whole, secrets included, when given: the
// flow's fields are all required, see ConnectorAuth; Salesforce client credentials also need a My
// Domain base_url, which is the only host that serves that flow); stage_map (at most 500 entries,
// keys 1..255 characters, values qualified, opportunity, won or lost); lead_source and lead_status
// (at most 255 characters); send (clear or all); poll_seconds (30 ..= 86400); sync_advocates;
// sync_scores. Every advocate is sent again after a change of program, base_url or auth, or advocate
// sync turned on (again); the score scan starts over when ScoreScanStartsOver. The secrets given are
// written to `secrets` (left as they are when auth is absent). program_id is checked by the caller
// (it must name a program) and only copied here. Saving clears a broken or backing-off health.
// Another base_url needs auth given again (the credentials go only where they were given for). On
// failure `connector` and `secrets` are unchanged.
Status ApplyConnectorInput(Connector& connector, const ConnectorInput& input, ConnectorSecrets& secrets, bool creating,
                           bool allow_private_targets);

// Whether saving `after` over `before` (with new credentials when `auth_given`) starts the score scan
// over with every score to be written again: score sync on, and turned on just now, or the
// connector moved to another program, CRM host or credentials (perhaps another org or account).
bool ScoreScanStartsOver(const Connector& before, const Connector& after, bool auth_given);

// What the CRM says about the deal (or lead) behind one referral, read back by a poll.
struct CrmDealState {
  std::string stage;  // the CRM stage's API value (StageName, Lead Status, dealstage id)
  bool closed = false;
  bool won = false;
  std::optional<std::int64_t> amount_minor;  // the deal's amount in the program's minor unit
  bool converted = false;                    // a Salesforce lead converted to an opportunity
};

// The Bluebird stage the CRM state means: the stage map's entry for the CRM stage when there is
// one; otherwise won for a won deal, lost for a closed one that is not won, opportunity for a
// converted lead; nullopt when nothing says.
std::optional<ReferralStage> MapCrmStage(const Connector& connector, const CrmDealState& state);

// What reading the CRM changes for one referral.
struct InboundPlan {
  std::optional<ReferralStage> move_to;       // a stage move forward (or to lost/won)
  std::optional<std::int64_t> deal_value;     // with a move to won: the CRM's amount
  std::optional<std::int64_t> correct_value;  // a won referral whose amount changed in the CRM
  std::string skipped;                        // why a change the CRM shows is not applied; "" otherwise
};

// Plans the change for `referral` given the CRM's `state`: moves only forward in the pipeline
// (a CRM deal moving back does not move the referral back), closes as won or lost from any open
// stage, corrects a won referral's deal value when the CRM's amount changed, and never reopens or
// re-closes a closed referral (skipped names why). The same state read again plans nothing, so a
// deal read many times moves (and rewards) once. A referral `won_through_account_only`
// (domain/account_credit.h) whose own deal the CRM shows won moves to won: that is its own deal's
// win, with the CRM's amount.
InboundPlan PlanInbound(const Connector& connector, const Referral& referral, const CrmDealState& state,
                        bool won_through_account_only = false);

}  // namespace bb::domain
