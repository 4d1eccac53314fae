// Who may call what: every route of the router against every kind of caller. The table below
// classifies each route ("METHOD pattern"); a route missing from it fails the suite, so that every
// new route gets its access rules written down here.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "jobs/crm_sync.h"
#include "service/rating_offers.h"
#include "test_server.h"

namespace bb::testing {
namespace {

namespace json = boost::json;

enum class Outcome {
  kAllow,            // answered (2xx or 3xx)
  kUnauthenticated,  // 401 with WWW-Authenticate
  kForbidden,        // 403
  kNotFound,         // 404: the object is hidden from this caller
};

const char* Name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAllow: return "allowed";
    case Outcome::kUnauthenticated: return "401";
    case Outcome::kForbidden: return "403";
    case Outcome::kNotFound: return "404";
  }
  return "?";
}

enum class Caller { kAnonymous, kViewer, kSalesRep, kManager, kAdmin };
constexpr Caller kCallers[] = {Caller::kAnonymous, Caller::kViewer, Caller::kSalesRep, Caller::kManager,
                               Caller::kAdmin};

const char* Name(Caller caller) {
  switch (caller) {
    case Caller::kAnonymous: return "anonymous";
    case Caller::kViewer: return "viewer";
    case Caller::kSalesRep: return "sales_rep";
    case Caller::kManager: return "manager";
    case Caller::kAdmin: return "admin";
  }
  return "?";
}

struct Rule {
  http::Access access;  // as in the router
  Outcome anonymous, viewer, sales_rep, manager, admin;
  // For routes on one advocate: what a sales rep gets for an advocate another rep enrolled.
  std::optional<Outcome> other_reps_advocate;

  Outcome For(Caller caller) const {
    switch (caller) {
      case Caller::kAnonymous: return anonymous;
      case Caller::kViewer: return viewer;
      case Caller::kSalesRep: return sales_rep;
      case Caller::kManager: return manager;
      case Caller::kAdmin: return admin;
    }
    return admin;
  }
};

constexpr Outcome A = Outcome::kAllow;
constexpr Outcome U = Outcome::kUnauthenticated;
constexpr Outcome F = Outcome::kForbidden;
constexpr Outcome N = Outcome::kNotFound;

constexpr http::Access kOpen = http::Access::kPublic;
constexpr http::Access kStaff = http::Access::kStaff;
//                                        anonymous viewer rep manager admin  rep on another rep's advocate
const Rule kPublic{kOpen, A, A, A, A, A, std::nullopt};
const Rule kAnyStaff{kStaff, U, A, A, A, A, std::nullopt};
const Rule kProgramManagers{kStaff, U, F, F, A, A, std::nullopt};
const Rule kAdminsOnly{kStaff, U, F, F, F, A, std::nullopt};
const Rule kEnrollers{kStaff, U, F, A, A, A, std::nullopt};
const Rule kReadOneAdvocate{kStaff, U, A, A, A, A, N};
const Rule kChangeOneAdvocate{kStaff, U, F, A, A, A, N};
// Admins and managers, on any advocate (sales reps are refused before the advocate is looked up).
const Rule kManageOneAdvocate{kStaff, U, F, F, A, A, F};
// A campaign made by the admin: sales reps see only their own (404 for others).
const Rule kOthersCampaign{kStaff, U, A, N, A, A, std::nullopt};
const Rule kCancelOthersCampaign{kStaff, U, F, N, A, A, std::nullopt};
// The dashboards name every program's advocates, so sales reps (who see only their own) are refused.
const Rule kAnalyticsReaders{kStaff, U, A, F, A, A, std::nullopt};
// ...and one advocate's figures on that footing (sales reps refused before the advocate is looked up).
const Rule kAnalyzeOneAdvocate{kStaff, U, A, F, A, A, F};
// The advocate portal: only a portal session opens it (portal_test.cc); staff credentials do not.
const Rule kAdvocatesOnly{http::Access::kAdvocate, U, U, U, U, U, std::nullopt};

// Every route of the API. Add new routes here with their rule.
const std::map<std::string, Rule>& Table() {
  static const std::map<std::string, Rule> table = {
      // System and links.
      {"GET /", kPublic},
      {"GET /healthz", kPublic},
      {"GET /readyz", kPublic},
      {"GET /metrics", kPublic},
      {"GET /api/v1/openapi.json", kPublic},
      {"GET /r/{code}", kPublic},
      // Accounts.
      {"POST /api/v1/auth/login", kPublic},
      {"POST /api/v1/auth/logout", kPublic},  // clears the cookies even for an ended session
      {"GET /api/v1/me", kAnyStaff},
      {"GET /api/v1/users", kAdminsOnly},
      {"POST /api/v1/users", kAdminsOnly},
      {"GET /api/v1/users/{id}", kAdminsOnly},
      {"PATCH /api/v1/users/{id}", kAdminsOnly},
      {"POST /api/v1/users/{id}/password-reset", kAdminsOnly},
      {"POST /api/v1/auth/password-reset", kPublic},
      {"GET /api/v1/api-keys", kAdminsOnly},
      {"POST /api/v1/api-keys", kAdminsOnly},
      {"POST /api/v1/api-keys/{id}/revoke", kAdminsOnly},
      {"GET /api/v1/audit-events", kAdminsOnly},
      // Programs.
      {"GET /api/v1/programs", kAnyStaff},
      {"POST /api/v1/programs", kProgramManagers},
      {"GET /api/v1/programs/{id}", kAnyStaff},
      {"PATCH /api/v1/programs/{id}", kProgramManagers},
      {"POST /api/v1/programs/{id}/pause", kProgramManagers},
      {"POST /api/v1/programs/{id}/resume", kProgramManagers},
      {"POST /api/v1/programs/{id}/archive", kProgramManagers},
      {"GET /api/v1/programs/{id}/stats", kAnyStaff},
      // Advocates.
      {"GET /api/v1/programs/{id}/advocates", kAnyStaff},
      {"POST /api/v1/programs/{id}/advocates", kEnrollers},
      {"GET /api/v1/advocates/{id}", kReadOneAdvocate},
      {"PATCH /api/v1/advocates/{id}", kChangeOneAdvocate},
      {"GET /api/v1/advocates/{id}/activity", kReadOneAdvocate},
      {"POST /api/v1/advocates/{id}/deactivate", kChangeOneAdvocate},
      {"POST /api/v1/public/programs/{slug}/join", kPublic},
      {"GET /api/v1/public/programs/{slug}", kPublic},
      {"GET /api/v1/analytics", kAnalyticsReaders},
      {"POST /api/v1/roi/estimate", kAnalyticsReaders},
      {"GET /api/v1/reports/pipeline", kAnalyticsReaders},
      {"GET /api/v1/reports/monthly", kAnalyticsReaders},
      {"GET /api/v1/reports/customers", kAnalyticsReaders},
      {"GET /api/v1/analytics/nps", kAnalyticsReaders},
      {"GET /api/v1/happiness", kAnalyticsReaders},
      {"GET /api/v1/ratings", kAnyStaff},  // each staff member sees the ratings about them; admins all
      {"DELETE /api/v1/ratings/{id}", kAdminsOnly},
      {"GET /api/v1/advocates/{id}/points", kReadOneAdvocate},
      {"GET /api/v1/advocates/{id}/points/entries", kReadOneAdvocate},
      {"POST /api/v1/advocates/{id}/points/adjustments", kManageOneAdvocate},
      {"GET /api/v1/leaderboards", kAnalyticsReaders},
      {"GET /api/v1/programs/{id}/points-settings", kAnyStaff},
      {"PATCH /api/v1/programs/{id}/points-settings", kProgramManagers},
      {"GET /api/v1/programs/{id}/catalog-items", kAnyStaff},
      {"POST /api/v1/programs/{id}/catalog-items", kProgramManagers},
      {"PATCH /api/v1/catalog-items/{id}", kProgramManagers},
      {"GET /api/v1/redemptions", kAnyStaff},  // a sales rep lists only their own advocates'
      {"POST /api/v1/redemptions/{id}/approve", kProgramManagers},
      {"POST /api/v1/redemptions/{id}/fulfill", kProgramManagers},
      {"POST /api/v1/redemptions/{id}/reject", kProgramManagers},
      {"GET /api/v1/programs/{id}/language", kAnyStaff},
      {"PUT /api/v1/programs/{id}/language", kProgramManagers},
      {"GET /api/v1/programs/{id}/lifecycle-settings", kAnyStaff},
      {"PATCH /api/v1/programs/{id}/lifecycle-settings", kProgramManagers},
      {"POST /api/v1/programs/{id}/lifecycle-moves", kProgramManagers},
      {"GET /api/v1/programs/{id}/lifecycle-contact", kAnalyticsReaders},
      {"GET /api/v1/lifecycle", kAnalyticsReaders},
      {"GET /api/v1/programs/{id}/score-model", kAnyStaff},
      {"PUT /api/v1/programs/{id}/score-model", kProgramManagers},
      {"POST /api/v1/programs/{id}/engagement-events", kProgramManagers},
      {"GET /api/v1/referrals/{id}/score", kAnalyticsReaders},
      {"GET /api/v1/referral-scores", kAnalyticsReaders},
      {"GET /api/v1/accounts", kAnalyticsReaders},
      {"GET /api/v1/scores/calibration", kAnalyticsReaders},
      {"GET /api/v1/programs/{id}/value-settings", kAnyStaff},
      {"PUT /api/v1/programs/{id}/value-settings", kProgramManagers},
      {"GET /api/v1/programs/{id}/credit-policy", kAnyStaff},
      {"PUT /api/v1/programs/{id}/credit-policy", kProgramManagers},
      {"GET /api/v1/referrals/{id}/credit", kReadOneAdvocate},
      {"PUT /api/v1/advocates/{id}/customer-inputs", kManageOneAdvocate},
      {"POST /api/v1/advocates/{id}/value-entries", kManageOneAdvocate},
      {"PUT /api/v1/referrals/{id}/incrementality", kProgramManagers},
      {"GET /api/v1/customer-value", kAnalyticsReaders},
      {"GET /api/v1/customer-value/accounts", kAnalyticsReaders},
      {"GET /api/v1/customer-value/accounts/{domain}", kAnalyticsReaders},
      {"GET /api/v1/advocates/{id}/customer-value", kAnalyzeOneAdvocate},
      {"GET /api/v1/referrals/{id}/committee", kReadOneAdvocate},
      {"PUT /api/v1/referrals/{id}/committee", kChangeOneAdvocate},
      {"POST /api/v1/referrals/{id}/committee/erase-personality", kProgramManagers},
      {"GET /api/v1/reports/attribute-outcomes", kAnalyticsReaders},
      {"GET /api/v1/programs/{id}/segments", kAnyStaff},
      {"POST /api/v1/programs/{id}/segments", kProgramManagers},
      {"GET /api/v1/segments/{id}", kAnyStaff},
      {"PATCH /api/v1/segments/{id}", kProgramManagers},
      {"GET /api/v1/segments/{id}/email-templates", kProgramManagers},
      {"PUT /api/v1/segments/{id}/email-templates/{kind}", kProgramManagers},
      {"DELETE /api/v1/segments/{id}/email-templates/{kind}", kProgramManagers},
      {"GET /api/v1/advocates/{id}/segment", kReadOneAdvocate},
      {"GET /api/v1/reports/segments", kAnalyticsReaders},
      {"GET /api/v1/programs/{id}/challenges", kAnyStaff},
      {"POST /api/v1/programs/{id}/challenges", kProgramManagers},
      {"GET /api/v1/challenges/{id}", kAnyStaff},
      {"PATCH /api/v1/challenges/{id}", kProgramManagers},
      {"POST /api/v1/challenges/{id}/completions", kProgramManagers},
      {"GET /api/v1/challenge-completions", kAnyStaff},  // a sales rep lists only their own advocates'
      {"POST /api/v1/challenge-completions/{id}/approve", kProgramManagers},
      {"POST /api/v1/challenge-completions/{id}/reject", kProgramManagers},
      {"POST /api/v1/programs/{id}/nps-responses", kProgramManagers},
      {"GET /api/v1/followup-tasks", kAnyStaff},                     // a sales rep lists only their own
      {"PATCH /api/v1/followup-tasks/{id}", kCancelOthersCampaign},  // not theirs: a sales rep gets 404
      {"GET /api/v1/programs/{id}/months", kAnalyticsReaders},
      {"PUT /api/v1/programs/{id}/months/{month}", kProgramManagers},
      {"DELETE /api/v1/programs/{id}/months/{month}", kProgramManagers},
      {"GET /api/v1/exports/rewards.csv", kAnyStaff},
      {"GET /api/v1/exports/advocates.csv", kAnyStaff},
      {"GET /api/v1/exports/clicks.csv", kAnalyticsReaders},
      {"GET /api/v1/exports/referrals.csv", kAnyStaff},
      {"POST /api/v1/programs/{id}/reward-preview", kProgramManagers},
      {"GET /api/v1/advocates/{id}/balances", kReadOneAdvocate},
      // Referrals.
      {"POST /api/v1/referrals", kEnrollers},
      {"GET /api/v1/referrals", kAnyStaff},
      {"GET /api/v1/referrals/{id}", kReadOneAdvocate},
      {"POST /api/v1/referrals/{id}/stage", kChangeOneAdvocate},
      {"POST /api/v1/referrals/{id}/clear", kProgramManagers},
      {"POST /api/v1/referrals/{id}/reject", kProgramManagers},
      {"POST /api/v1/referrals/{id}/churn", kProgramManagers},
      {"POST /api/v1/referrals/{id}/deal-value", kProgramManagers},
      {"GET /api/v1/programs/{id}/review-queue", kProgramManagers},
      {"POST /api/v1/public/programs/{slug}/referrals", kPublic},
      // Reward rules and the ledger.
      {"POST /api/v1/programs/{id}/reward-rules", kProgramManagers},
      {"GET /api/v1/programs/{id}/reward-rules", kAnyStaff},
      {"GET /api/v1/reward-rules/{id}", kAnyStaff},
      {"POST /api/v1/reward-rules/{id}/retire", kProgramManagers},
      {"GET /api/v1/rewards", kAnyStaff},
      {"POST /api/v1/rewards/approve", kProgramManagers},
      {"GET /api/v1/rewards/{id}", kReadOneAdvocate},
      {"POST /api/v1/rewards/{id}/approve", kProgramManagers},
      {"POST /api/v1/rewards/{id}/fulfill", kProgramManagers},
      {"POST /api/v1/rewards/{id}/reverse", kProgramManagers},
      // The advocate portal.
      {"POST /api/v1/advocates/{id}/sign-in-links", kChangeOneAdvocate},
      {"POST /api/v1/portal/sign-in", kPublic},
      {"POST /api/v1/portal/sign-out", kPublic},
      {"PUT /api/v1/portal/password", kAdvocatesOnly},
      {"GET /api/v1/portal/me", kAdvocatesOnly},
      {"GET /api/v1/portal/activity", kAdvocatesOnly},
      {"GET /api/v1/portal/referrals", kAdvocatesOnly},
      {"POST /api/v1/portal/referrals", kAdvocatesOnly},
      {"GET /api/v1/portal/referrals/{id}", kAdvocatesOnly},
      {"GET /api/v1/portal/rewards", kAdvocatesOnly},
      {"GET /api/v1/portal/card", kAdvocatesOnly},
      {"GET /api/v1/portal/survey", kAdvocatesOnly},
      {"POST /api/v1/portal/survey", kAdvocatesOnly},
      {"GET /api/v1/portal/points", kAdvocatesOnly},
      {"GET /api/v1/portal/points/entries", kAdvocatesOnly},
      {"GET /api/v1/portal/leaderboard", kAdvocatesOnly},
      {"PUT /api/v1/portal/leaderboard", kAdvocatesOnly},
      {"GET /api/v1/portal/catalog", kAdvocatesOnly},
      {"GET /api/v1/portal/redemptions", kAdvocatesOnly},
      {"POST /api/v1/portal/redemptions", kAdvocatesOnly},
      {"POST /api/v1/portal/redemptions/{id}/cancel", kAdvocatesOnly},
      {"GET /api/v1/portal/challenges", kAdvocatesOnly},
      {"GET /api/v1/portal/ratings", kAdvocatesOnly},
      {"POST /api/v1/portal/ratings/{id}", kAdvocatesOnly},
      {"POST /api/v1/portal/challenges/{id}/completions", kAdvocatesOnly},
      // Webhooks and the outbox.
      {"GET /api/v1/connectors", kAdminsOnly},
      {"POST /api/v1/connectors", kAdminsOnly},
      {"GET /api/v1/connectors/{id}", kAdminsOnly},
      {"PATCH /api/v1/connectors/{id}", kAdminsOnly},
      {"DELETE /api/v1/connectors/{id}", kAdminsOnly},
      {"POST /api/v1/connectors/{id}/test", kAdminsOnly},
      {"POST /api/v1/connectors/{id}/sync", kAdminsOnly},
      {"GET /api/v1/connectors/{id}/log", kAdminsOnly},
      {"GET /api/v1/webhook-endpoints", kAdminsOnly},
      {"POST /api/v1/webhook-endpoints", kAdminsOnly},
      {"GET /api/v1/webhook-endpoints/{id}", kAdminsOnly},
      {"PATCH /api/v1/webhook-endpoints/{id}", kAdminsOnly},
      {"DELETE /api/v1/webhook-endpoints/{id}", kAdminsOnly},
      {"POST /api/v1/webhook-endpoints/{id}/rotate-secret", kAdminsOnly},
      {"GET /api/v1/webhook-endpoints/{id}/deliveries", kAdminsOnly},
      {"GET /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}", kAdminsOnly},
      {"POST /api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}/replay", kAdminsOnly},
      {"GET /api/v1/outbox", kAdminsOnly},
      {"GET /api/v1/outbox/{id}", kAdminsOnly},
      {"POST /api/v1/outbox/{id}/replay", kAdminsOnly},
      // Email.
      {"POST /api/v1/portal/sign-in-link", kPublic},
      {"GET /api/v1/suppressions", kAdminsOnly},
      {"POST /api/v1/suppressions", kAdminsOnly},
      {"DELETE /api/v1/suppressions/{email}", kAdminsOnly},
      {"POST /api/v1/unsubscribe", kPublic},
      {"GET /api/v1/me/notifications", kAnyStaff},
      {"POST /api/v1/programs/{id}/campaigns", kEnrollers},  // sales reps: one invitation (campaigns_test)
      {"GET /api/v1/programs/{id}/campaigns", kAnyStaff},
      {"GET /api/v1/campaigns/{id}", kOthersCampaign},
      {"GET /api/v1/campaigns/{id}/recipients", kOthersCampaign},
      {"POST /api/v1/campaigns/{id}/cancel", kCancelOthersCampaign},
      {"POST /api/v1/public/invitations/{token}/open", kPublic},
      {"GET /api/v1/public/surveys/{token}", kPublic},
      {"POST /api/v1/public/surveys/{token}", kPublic},
      {"GET /api/v1/public/ratings/{token}", kPublic},
      {"POST /api/v1/public/ratings/{token}", kPublic},
      {"POST /api/v1/imports", kProgramManagers},
      {"GET /api/v1/imports", kProgramManagers},
      {"GET /api/v1/imports/{id}", kProgramManagers},
      // Every staff user chooses their own; turning one on: admins and managers (email_notifications_test).
      {"PUT /api/v1/me/notifications", kAnyStaff},
      {"GET /api/v1/unsubscribe", kPublic},
      {"GET /api/v1/programs/{id}/email-templates", kProgramManagers},
      {"GET /api/v1/programs/{id}/email-templates/{kind}", kProgramManagers},
      {"PUT /api/v1/programs/{id}/email-templates/{kind}", kProgramManagers},
      {"DELETE /api/v1/programs/{id}/email-templates/{kind}", kProgramManagers},
      {"POST /api/v1/programs/{id}/email-templates/{kind}/preview", kProgramManagers},
      {"POST /api/v1/programs/{id}/email-templates/{kind}/test", kProgramManagers},
  };
  return table;
}

const std::string kUserEmail = "matrix.user@example.com";
const std::string kUserPassword = "matrix user password";

// What one advocate has: their referrals (a clear one with a reward, a won one, a held duplicate).
struct Owned {
  std::string advocate;
  std::string email;  // the advocate's, as enrolled (a person the program's lifecycle knows)
  std::string code;
  std::string referral;       // clear, submitted; earned `reward` (approved)
  std::string won_referral;   // clear, won
  std::string held_referral;  // a duplicate of `referral`, under review
  std::string reward;
};

// The objects a request's path parameters point at.
struct Objects {
  std::string program;
  std::string slug;
  std::string rule;
  Owned admin;      // an advocate enrolled by the admin key
  Owned rep;        // enrolled by the first sales rep key
  Owned other_rep;  // enrolled by the second sales rep key
  std::string user;
  std::string api_key;              // a spare key, safe to revoke
  std::string webhook_endpoint;     // subscribed to referral.created (only for the routes that need it)
  std::string delivery;             // one of its deliveries, given up (dead): replayable
  std::string suppressed_email;     // on the suppression list
  std::string unsubscribe;          // the one-click unsubscribe path of an address, with its token
  std::string campaign;             // an invitation campaign the admin made, one person invited
  std::string invitation;           // that person's join link token
  std::string survey;               // the survey link token of an NPS survey the admin made, one person asked
  std::string import;               // a finished import of one advocate, by the admin
  std::string connector;            // a Salesforce connector for the program (nothing listens at its URL)
  std::string followup;             // the follow-up task of a detractor's answer the admin recorded (no owner)
  std::string catalog_item;         // an item needing staff approval (only for the routes that need it)
  std::string redemption;           // the admin's advocate's redemption of it, waiting for approval
  std::string approved_redemption;  // another, approved
  std::string challenge;            // a challenge with one custom step (ten per person)
  std::string completion;           // the admin's advocate's claim of it, waiting for approval
  std::string segment;              // a segment of the program (holding everyone)
  std::string rating_token;         // a request to rate an email to the admin's advocate
  std::string rating_request;       // a request to rate a reward paid to the admin's advocate (the portal's)
  std::string rating;               // a rating of another request
};

// Whether the route's objects include campaigns, an invitation and a survey link (made only for those: building
// objects for every route and caller is most of this suite's time).
bool NeedsCampaign(const std::string& pattern) {
  return pattern.rfind("/api/v1/campaigns", 0) == 0 || pattern.rfind("/api/v1/public/invitations", 0) == 0 ||
         pattern.rfind("/api/v1/public/surveys", 0) == 0;
}

// Whether the route's objects include a catalogue item and redemptions of it, a challenge and a
// claim of it, and a segment.
bool NeedsGamification(const std::string& pattern) {
  return pattern.rfind("/api/v1/catalog-items", 0) == 0 || pattern.rfind("/api/v1/segments", 0) == 0 ||
         pattern.rfind("/api/v1/redemptions", 0) == 0 || pattern.rfind("/api/v1/portal/redemptions/", 0) == 0 ||
         pattern.rfind("/api/v1/challenge", 0) == 0 || pattern.rfind("/api/v1/portal/challenges/", 0) == 0;
}

// Whether the route's objects include requests to rate and a rating.
bool NeedsRatings(const std::string& pattern) { return pattern.find("/ratings/") != std::string::npos; }

// Whether the route's objects include a finished import (which adds an advocate to the program).
bool NeedsImport(const std::string& pattern) { return pattern.rfind("/api/v1/imports/", 0) == 0; }

// Whether the route's objects include a CRM connector.
bool NeedsConnector(const std::string& pattern) { return pattern.rfind("/api/v1/connectors/", 0) == 0; }

// Whether the route's objects include a webhook endpoint and a delivery.
bool NeedsWebhooks(const std::string& pattern) {
  return pattern.rfind("/api/v1/webhook-endpoints", 0) == 0 || pattern.rfind("/api/v1/outbox", 0) == 0;
}

enum class Owner { kAdmin, kRep, kOtherRep };

// Connectors may point at loopback, where nothing listens: a connection test fails at once.
TestServerOptions MatrixOptions() {
  TestServerOptions options = TestServer::DefaultOptions();
  options.service.connectors.allow_private_targets = true;
  return options;
}

json::object ConnectorBody(const std::string& program, const std::string& n) {
  return json::object{
      {"kind", "salesforce"},
      {"program_id", program},
      {"base_url", "http://127.0.0.1:1"},
      {"auth", {{"flow", "client_credentials"}, {"client_id", "matrix" + n}, {"client_secret", "matrix secret"}}},
      {"stage_map", {{"Closed Won", "won"}}}};
}

class AccessMatrixTest : public ::testing::Test {
 protected:
  AccessMatrixTest() : server_(MatrixOptions()), client_(server_.Client()) {
    jobs::CrmSyncOptions crm;
    crm.http.allow_private_targets = true;
    crm_ = std::make_unique<jobs::CrmSync>(*server_.services, crm, "matrix");
    server_.services->connectors.SetGateway(crm_.get());
    // Made by staff users, so that a test email has someone to go to.
    std::string admin = server_.CreateUser("matrix.admin@example.com", "admin", kUserPassword);
    auto admin_key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, admin, domain::Role::kAdmin, ""},
                                                         "matrix admin", "admin");
    EXPECT_TRUE(admin_key.ok());
    keys_[Caller::kAdmin] = admin_key.ok() ? admin_key->secret : "";
    auto manager_key = server_.services->auth.CreateApiKey(
        {domain::Actor::Kind::kUser, admin, domain::Role::kAdmin, ""}, "matrix manager", "manager");
    EXPECT_TRUE(manager_key.ok());
    keys_[Caller::kManager] = manager_key.ok() ? manager_key->secret : "";
    auto viewer_key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, admin, domain::Role::kAdmin, ""},
                                                          "matrix viewer", "viewer");
    auto rep_key = server_.services->auth.CreateApiKey({domain::Actor::Kind::kUser, admin, domain::Role::kAdmin, ""},
                                                       "matrix sales rep", "sales_rep");
    EXPECT_TRUE(viewer_key.ok() && rep_key.ok());
    keys_[Caller::kViewer] = viewer_key.ok() ? viewer_key->secret : "";
    keys_[Caller::kSalesRep] = rep_key.ok() ? rep_key->secret : "";
    other_rep_key_ = server_.KeyFor("sales_rep");
    user_ = server_.CreateUser(kUserEmail, "viewer", kUserPassword);
  }

  ~AccessMatrixTest() override { server_.services->connectors.SetGateway(nullptr); }

  static std::string Key(const std::string& method, const std::string& pattern) { return method + " " + pattern; }

  std::string Unique() { return std::to_string(++counter_); }

  HttpResponse Send(const std::optional<std::string>& key, const std::string& method, const std::string& target,
                    const std::string& body = "") {
    bool csv = method == "POST" && target.rfind("/api/v1/imports", 0) == 0;
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", csv ? "text/csv" : "application/json"},
                                                             {"User-Agent", "Mozilla/5.0 (matrix test)"}};
    if (key) headers.emplace_back("Authorization", "Bearer " + *key);
    return client_.Send(method, target, headers, body);
  }

  json::object Created(const std::string& key, const std::string& target, const json::object& body) {
    HttpResponse response = Send(key, "POST", target, json::serialize(body));
    EXPECT_EQ(response.status, 201) << target << "\n" << response.body;
    json::value parsed = response.Json();
    return parsed.is_object() ? parsed.as_object() : json::object();
  }

  // An advocate enrolled with `key`, with their referrals and reward (see Owned).
  Owned MakeOwned(const std::string& key, const std::string& program, const std::string& name) {
    Owned owned;
    json::object advocate = Created(key, "/api/v1/programs/" + program + "/advocates",
                                    {{"email", name + "@example.com"}, {"first_name", "A"}});
    owned.advocate = std::string(advocate.at("id").as_string());
    owned.email = name + "@example.com";
    owned.code = std::string(advocate.at("code").as_string());
    auto refer = [&](const std::string& email) {
      json::object referral =
          Created(server_.admin_key, "/api/v1/referrals",
                  {{"code", owned.code}, {"referee", {{"email", email}, {"first_name", "Referred"}}}});
      return std::string(referral.at("id").as_string());
    };
    owned.referral = refer(name + ".friend@example.org");
    owned.won_referral = refer(name + ".customer@example.org");
    owned.held_referral = refer(name + ".friend@example.org");
    HttpResponse won = Send(server_.admin_key, "POST", "/api/v1/referrals/" + owned.won_referral + "/stage",
                            R"({"stage": "won", "deal_value_minor": 100000})");
    EXPECT_EQ(won.status, 200) << won.body;
    HttpResponse rewards = Send(server_.admin_key, "GET", "/api/v1/rewards?referral_id=" + owned.referral);
    json::value body = rewards.Json();
    const json::array& data = body.at("data").as_array();
    EXPECT_EQ(data.size(), 1u) << rewards.body;
    if (!data.empty()) owned.reward = std::string(data[0].at("id").as_string());
    return owned;
  }

  // A program with a reward on submission, and an advocate of the admin's and one of each sales rep;
  // with `webhooks`, also an endpoint and a dead delivery to it.
  Objects MakeObjects(bool webhooks = false, bool campaign = false, bool import = false, bool connector = false,
                      bool gamification = false, bool ratings = false) {
    Objects o;
    std::string n = Unique();
    json::object program =
        Created(server_.admin_key, "/api/v1/programs",
                {{"name", "Matrix " + n}, {"kind", "partner"}, {"landing_url", "https://m.example/"}});
    o.program = std::string(program.at("id").as_string());
    o.slug = std::string(program.at("slug").as_string());
    json::object rule = Created(server_.admin_key, "/api/v1/programs/" + o.program + "/reward-rules",
                                {{"name", "On submission"},
                                 {"trigger", {{"stage", "submitted"}}},
                                 {"amount", {{"fixed_minor", 500}}},
                                 {"requires_approval", false}});
    o.rule = std::string(rule.at("id").as_string());
    o.admin = MakeOwned(server_.admin_key, o.program, "admin" + n);
    o.rep = MakeOwned(keys_[Caller::kSalesRep], o.program, "rep" + n);
    o.other_rep = MakeOwned(other_rep_key_, o.program, "other" + n);
    // An advocate of a company (example.com is free email): the customer value accounts' one.
    Created(server_.admin_key, "/api/v1/programs/" + o.program + "/advocates",
            {{"email", "company" + n + "@matrix-company.example"}, {"first_name", "C"}});
    o.user = user_;
    std::string spare = server_.KeyFor("viewer");
    o.api_key = spare.substr(0, spare.find('.'));
    o.suppressed_email = "listed" + n + "@example.com";
    std::string unsubscribe = server_.services->email.OneClickUnsubscribeUrl("leaving" + n + "@example.com");
    o.unsubscribe = unsubscribe.substr(unsubscribe.find("/api/"));
    Created(server_.admin_key, "/api/v1/suppressions", {{"email", o.suppressed_email}, {"reason", "staff"}});
    EXPECT_EQ(
        Send(server_.admin_key, "PUT", "/api/v1/programs/" + o.program + "/months/2026-01", R"({"cost_minor": 50000})")
            .status,
        200);
    json::object detractor = Created(server_.admin_key, "/api/v1/programs/" + o.program + "/nps-responses",
                                     {{"email", "detractor" + n + "@example.com"}, {"score", 2}});
    o.followup = std::string(detractor.at("followup_task_id").as_string());
    if (campaign) {
      json::object made = Created(server_.admin_key, "/api/v1/programs/" + o.program + "/campaigns",
                                  {{"name", "Matrix " + n},
                                   {"kind", "invitation"},
                                   {"recipients", {{{"email", "invited" + n + "@example.com"}}}}});
      o.campaign = std::string(made.at("id").as_string());
      o.invitation = server_.services->campaigns.InvitationToken(o.campaign, "invited" + n + "@example.com");
      json::object survey = Created(server_.admin_key, "/api/v1/programs/" + o.program + "/campaigns",
                                    {{"name", "Matrix survey " + n},
                                     {"kind", "nps_survey"},
                                     {"recipients", {{{"email", "surveyed" + n + "@example.com"}}}}});
      o.survey = server_.services->campaigns.SurveyToken(std::string(survey.at("id").as_string()),
                                                         "surveyed" + n + "@example.com");
    }
    if (gamification) {
      json::object item = Created(server_.admin_key, "/api/v1/programs/" + o.program + "/catalog-items",
                                  {{"name", "Matrix item " + n}, {"cost_points", 10}, {"approval", "manual"}});
      o.catalog_item = std::string(item.at("id").as_string());
      Created(server_.admin_key, "/api/v1/advocates/" + o.admin.advocate + "/points/adjustments",
              {{"points", 100}, {"note", "For the matrix"}});
      domain::Actor advocate = domain::Actor::ForAdvocate(o.admin.advocate);
      for (std::string* made : {&o.redemption, &o.approved_redemption}) {
        auto redeemed = server_.services->catalog.Redeem(advocate, o.catalog_item, {});
        EXPECT_TRUE(redeemed.ok());
        if (redeemed.ok()) *made = redeemed->id;
      }
      EXPECT_EQ(Send(server_.admin_key, "POST", "/api/v1/redemptions/" + o.approved_redemption + "/approve", "").status,
                200);
      json::object challenge =
          Created(server_.admin_key, "/api/v1/programs/" + o.program + "/challenges",
                  {{"name", "Matrix challenge " + n},
                   {"steps", {{{"type", "custom"}, {"points", 10}, {"title", "Tell a colleague"}}}},
                   {"per_member_limit", 10}});
      o.challenge = std::string(challenge.at("id").as_string());
      auto claimed = server_.services->challenges.Claim(advocate, o.challenge, 0, {"", "Told Grace"}, {});
      EXPECT_TRUE(claimed.ok());
      if (claimed.ok()) o.completion = claimed->completion.id;
      json::object segment =
          Created(server_.admin_key, "/api/v1/programs/" + o.program + "/segments", {{"name", "Matrix segment " + n}});
      o.segment = std::string(segment.at("id").as_string());
    }
    if (ratings) {
      // A request to rate an email (its token), one about a reward paid (the portal's), and a
      // rating of a third.
      EXPECT_TRUE(server_.store
                      ->Write([&](store::Tx& tx) -> Status {
                        auto offer = [&](domain::Interaction interaction) {
                          return service::OfferRating(
                              tx, server_.services->ids,
                              {o.program, interaction, "matrix" + n, "Matrix", "", "advocate:" + o.admin.advocate},
                              server_.clock.Now());
                        };
                        BB_ASSIGN_OR_RETURN(o.rating_token, offer(domain::Interaction::kEmail));
                        BB_RETURN_IF_ERROR(StatusOf(offer(domain::Interaction::kRewardPaid)));
                        BB_ASSIGN_OR_RETURN(auto open, tx.ListOpenRatingRequests("advocate:" + o.admin.advocate,
                                                                                 server_.clock.Now(), 1));
                        if (!open.empty()) o.rating_request = open.front().id;
                        return Ok();
                      })
                      .ok());
      std::string third;
      EXPECT_TRUE(server_.store
                      ->Write([&](store::Tx& tx) -> Status {
                        BB_ASSIGN_OR_RETURN(third, service::OfferRating(tx, server_.services->ids,
                                                                        {o.program, domain::Interaction::kEmail,
                                                                         "rated" + n, "Matrix", "", "referee:x" + n},
                                                                        server_.clock.Now()));
                        return Ok();
                      })
                      .ok());
      auto rated = server_.services->happiness.Rate(third, {.value = "happy"}, "");
      EXPECT_TRUE(rated.ok());
      if (rated.ok() && rated->rating) o.rating = rated->rating->id;
    }
    if (connector) {
      json::object made = Created(server_.admin_key, "/api/v1/connectors", ConnectorBody(o.program, n));
      o.connector = std::string(made.at("id").as_string());
    }
    if (import) {
      HttpResponse imported = Send(server_.admin_key, "POST", "/api/v1/imports?kind=advocates&program_id=" + o.program,
                                   "email,first_name\r\nimported" + n + "@example.com,I\r\n");
      EXPECT_EQ(imported.status, 200) << imported.body;
      if (imported.status == 200) o.import = std::string(imported.Json().at("id").as_string());
    }
    if (webhooks) {
      json::object endpoint =
          Created(server_.admin_key, "/api/v1/webhook-endpoints",
                  {{"url", "https://hooks.example.com/matrix" + n}, {"events", {"referral.created"}}});
      o.webhook_endpoint = std::string(endpoint.at("id").as_string());
      Created(server_.admin_key, "/api/v1/referrals",
              {{"code", o.admin.code}, {"referee", {{"email", "hooked" + n + "@example.org"}, {"first_name", "H"}}}});
      // Every item due (earlier objects' endpoints hear of these referrals too, and their emails
      // wait) is given up.
      while (true) {
        auto claimed = server_.services->outbox.Claim("matrix", 1000);
        EXPECT_TRUE(claimed.ok());
        if (!claimed.ok() || claimed->empty()) break;
        std::vector<std::pair<domain::OutboxItem, service::AttemptResult>> gave_up;
        for (const auto& item : *claimed) {
          if (item.target == o.webhook_endpoint) o.delivery = item.id;
          service::AttemptResult result;
          result.outcome = domain::AttemptOutcome::kGiveUp;
          result.error = "the receiver answered 400";
          gave_up.emplace_back(item, result);
        }
        EXPECT_TRUE(server_.services->outbox.Record("matrix", gave_up).ok());
      }
      EXPECT_FALSE(o.delivery.empty());
    }
    return o;
  }

  static const Owned& OwnedBy(const Objects& objects, Owner owner) {
    switch (owner) {
      case Owner::kAdmin: return objects.admin;
      case Owner::kRep: return objects.rep;
      case Owner::kOtherRep: return objects.other_rep;
    }
    return objects.admin;
  }

  // The path for `pattern` with its parameters filled from `objects`; `owner` says whose advocate,
  // referral or reward to use. Fails the test for a parameter it cannot fill.
  static std::optional<std::string> Resolve(const std::string& pattern, const Objects& objects, Owner owner) {
    struct Family {
      std::string prefix;
      std::string value;
    };
    const Owned& owned = OwnedBy(objects, owner);
    bool review = pattern.ends_with("/clear") || pattern.ends_with("/reject");
    bool churn = pattern.ends_with("/churn") || pattern.ends_with("/deal-value");
    const std::vector<Family> families = {
        {"/api/v1/webhook-endpoints/{id}/deliveries/{delivery_id}",
         objects.webhook_endpoint + "/deliveries/" + objects.delivery},
        {"/api/v1/webhook-endpoints/{id}", objects.webhook_endpoint},
        {"/api/v1/outbox/{id}", objects.delivery},
        {"/api/v1/suppressions/{email}", objects.suppressed_email},
        {"/api/v1/programs/{id}/email-templates/{kind}", objects.program + "/email-templates/welcome"},
        {"/api/v1/programs/{id}/months/{month}", objects.program + "/months/2026-01"},
        {"/api/v1/campaigns/{id}", objects.campaign},
        {"/api/v1/followup-tasks/{id}", objects.followup},
        {"/api/v1/catalog-items/{id}", objects.catalog_item},
        {"/api/v1/challenges/{id}", objects.challenge},
        {"/api/v1/segments/{id}/email-templates/{kind}", objects.segment + "/email-templates/welcome"},
        {"/api/v1/segments/{id}", objects.segment},
        {"/api/v1/challenge-completions/{id}", objects.completion},
        {"/api/v1/portal/challenges/{id}", objects.challenge},
        {"/api/v1/public/ratings/{token}", objects.rating_token},
        {"/api/v1/portal/ratings/{id}", objects.rating_request},
        {"/api/v1/ratings/{id}", objects.rating},
        {"/api/v1/portal/redemptions/{id}", objects.redemption},
        {"/api/v1/redemptions/{id}", pattern.ends_with("/fulfill") ? objects.approved_redemption : objects.redemption},
        {"/api/v1/imports/{id}", objects.import},
        {"/api/v1/connectors/{id}", objects.connector},
        {"/api/v1/public/invitations/{token}", objects.invitation},
        {"/api/v1/public/surveys/{token}", objects.survey},
        {"/api/v1/programs/{id}", objects.program},
        {"/api/v1/advocates/{id}", owned.advocate},
        {"/api/v1/referrals/{id}", review  ? owned.held_referral
                                   : churn ? owned.won_referral
                                           : owned.referral},
        {"/api/v1/rewards/{id}", owned.reward},
        {"/api/v1/reward-rules/{id}", objects.rule},
        {"/api/v1/users/{id}", objects.user},
        {"/api/v1/api-keys/{id}", objects.api_key},
        {"/api/v1/public/programs/{slug}", objects.slug},
        {"/api/v1/portal/referrals/{id}", owned.referral},
        {"/r/{code}", objects.admin.code},
    };
    if (pattern == "/api/v1/unsubscribe") return objects.unsubscribe;
    if (pattern == "/api/v1/imports") return "/api/v1/imports?kind=advocates&program_id=" + objects.program;
    if (pattern == "/api/v1/exports/advocates.csv" || pattern == "/api/v1/exports/clicks.csv" ||
        pattern == "/api/v1/reports/pipeline" || pattern == "/api/v1/reports/customers" ||
        pattern == "/api/v1/analytics/nps" || pattern == "/api/v1/leaderboards" ||
        pattern == "/api/v1/reports/segments" || pattern == "/api/v1/lifecycle" ||
        pattern == "/api/v1/referral-scores" || pattern == "/api/v1/accounts" ||
        pattern == "/api/v1/scores/calibration" || pattern == "/api/v1/customer-value" ||
        pattern == "/api/v1/customer-value/accounts") {
      return pattern + "?program_id=" + objects.program;
    }
    if (pattern == "/api/v1/customer-value/accounts/{domain}") {
      return "/api/v1/customer-value/accounts/matrix-company.example?program_id=" + objects.program;
    }
    if (pattern == "/api/v1/reports/attribute-outcomes") {
      return pattern + "?attribute=roles_covered&program_id=" + objects.program;
    }
    if (pattern == "/api/v1/programs/{id}/lifecycle-contact") {
      return "/api/v1/programs/" + objects.program + "/lifecycle-contact?email=" + objects.admin.email;
    }
    if (pattern == "/api/v1/reports/monthly") return pattern + "?month=2026-01&program_id=" + objects.program;
    if (pattern.find('{') == std::string::npos) return pattern;
    for (const auto& family : families) {
      if (pattern.rfind(family.prefix, 0) == 0) {
        std::string rest = pattern.substr(family.prefix.size());
        if (rest.find('{') != std::string::npos) break;
        return family.prefix.substr(0, family.prefix.find('{')) + family.value + rest;
      }
    }
    ADD_FAILURE() << "no objects for the parameters of " << pattern << "; teach Resolve this route family";
    return std::nullopt;
  }

  // A valid body for the route, different on each call; `owner` says whose objects it names.
  std::string BodyFor(const std::string& key, const Objects& objects, Owner owner) {
    std::string n = Unique();
    const Owned& owned = OwnedBy(objects, owner);
    if (key == "POST /api/v1/imports") return "email,first_name\r\nmatrix" + n + "@example.com,M\r\n";
    if (key == "POST /api/v1/referrals") {
      return json::serialize(json::object{{"code", owned.code},
                                          {"referee", {{"email", "sent" + n + "@example.org"}, {"first_name", "S"}}}});
    }
    if (key == "POST /api/v1/public/programs/{slug}/referrals") {
      return json::serialize(json::object{{"code", objects.admin.code},
                                          {"referee", {{"email", "form" + n + "@example.org"}, {"first_name", "F"}}}});
    }
    if (key == "POST /api/v1/referrals/{id}/stage") return R"({"stage": "qualified"})";
    if (key == "POST /api/v1/public/surveys/{token}") return R"({"score": 9})";
    if (key == "POST /api/v1/referrals/{id}/deal-value") {
      return json::serialize(
          json::object{{"deal_value_minor", 100000 + std::stoi(n)}, {"reason", "the CRM changed it"}});
    }
    if (key == "POST /api/v1/portal/sign-in") {
      auto link = server_.services->portal.IssueSignInLink(domain::Actor::System(), objects.admin.advocate);
      EXPECT_TRUE(link.ok());
      return json::serialize(json::object{{"token", link.ok() ? link->token : ""}});
    }
    if (key == "POST /api/v1/portal/survey") return R"({"score": 9})";
    if (key == "PUT /api/v1/portal/leaderboard") return R"({"named": false})";
    if (key == "POST /api/v1/portal/redemptions") return R"({"item_id": "cat_x"})";
    if (key == "POST /api/v1/programs/{id}/catalog-items") return R"({"name": "Mug", "cost_points": 50})";
    if (key == "PATCH /api/v1/catalog-items/{id}") return json::serialize(json::object{{"name", "Mug " + n}});
    if (key == "POST /api/v1/redemptions/{id}/reject") return R"({"note": "Not this time."})";
    if (key == "POST /api/v1/programs/{id}/challenges") {
      return R"({"name": "Review us", "steps": [{"type": "write_review", "points": 300}]})";
    }
    if (key == "PATCH /api/v1/challenges/{id}") return json::serialize(json::object{{"name", "Challenge " + n}});
    if (key == "POST /api/v1/challenges/{id}/completions") {
      return json::serialize(json::object{{"advocate_id", owned.advocate}, {"step", 0}, {"text", "At the user day"}});
    }
    if (key == "POST /api/v1/challenge-completions/{id}/reject") return R"({"note": "Not this one."})";
    if (key == "POST /api/v1/portal/challenges/{id}/completions") return R"({"step": 0, "text": "Told Alan"})";
    if (key == "POST /api/v1/public/ratings/{token}" || key == "POST /api/v1/portal/ratings/{id}") {
      return R"({"value": "happy"})";
    }
    if (key == "POST /api/v1/advocates/{id}/points/adjustments") return R"({"points": 10, "note": "A thank-you."})";
    if (key == "PATCH /api/v1/programs/{id}/points-settings") return R"({"referral_won": 1500})";
    if (key == "POST /api/v1/portal/referrals") {
      return json::serialize(json::object{{"referee", {{"email", "intro" + n + "@example.org"}, {"first_name", "I"}}}});
    }
    if (key == "POST /api/v1/referrals/{id}/clear" || key == "POST /api/v1/referrals/{id}/reject") {
      return R"({"note": "checked"})";
    }
    if (key == "POST /api/v1/programs/{id}/reward-rules") {
      return json::serialize(
          json::object{{"name", "Rule " + n}, {"trigger", {{"stage", "won"}}}, {"amount", {{"fixed_minor", 100}}}});
    }
    if (key == "POST /api/v1/programs/{id}/reward-preview") {
      return R"({"referral": {"stage": "won", "deal_value_minor": 100000}})";
    }
    if (key == "PUT /api/v1/programs/{id}/months/{month}") return R"({"cost_minor": 100000})";
    if (key == "POST /api/v1/programs/{id}/nps-responses") return R"({"email": "nps@respondent.example", "score": 9})";
    if (key == "PATCH /api/v1/followup-tasks/{id}") return R"({"status": "contacted", "note": "Called."})";
    if (key == "POST /api/v1/roi/estimate") {
      return json::serialize(
          json::object{{"program_id", objects.program}, {"customers", 100}, {"deal_value_minor", 5000}});
    }
    if (key == "POST /api/v1/rewards/approve") return json::serialize(json::object{{"ids", {owned.reward}}});
    if (key == "POST /api/v1/rewards/{id}/fulfill") return R"({"reference": "PAY-1"})";
    if (key == "POST /api/v1/rewards/{id}/reverse") return R"({"reason": "test"})";
    if (key == "POST /api/v1/programs") {
      return json::serialize(
          json::object{{"name", "Made " + n}, {"kind", "customer"}, {"landing_url", "https://made.example/"}});
    }
    if (key == "PATCH /api/v1/programs/{id}") return json::serialize(json::object{{"description", "patched " + n}});
    if (key == "POST /api/v1/programs/{id}/advocates") {
      return json::serialize(json::object{{"email", "enrolled" + n + "@example.com"}, {"first_name", "E"}});
    }
    if (key == "PATCH /api/v1/advocates/{id}") return json::serialize(json::object{{"company", "Company " + n}});
    if (key == "POST /api/v1/users") {
      return json::serialize(
          json::object{{"email", "made" + n + "@example.com"}, {"role", "viewer"}, {"password", "long enough pass"}});
    }
    if (key == "POST /api/v1/api-keys") return json::serialize(json::object{{"name", "made " + n}, {"role", "viewer"}});
    if (key == "PATCH /api/v1/users/{id}") return json::serialize(json::object{{"name", "Renamed " + n}});
    if (key == "POST /api/v1/portal/sign-in-link") {
      return json::serialize(json::object{{"program", objects.slug}, {"email", "someone" + n + "@example.com"}});
    }
    if (key == "POST /api/v1/programs/{id}/segments") return json::serialize(json::object{{"name", "Segment " + n}});
    if (key == "PUT /api/v1/programs/{id}/language") {
      return json::serialize(json::object{{"messages", {{"stage.won", "Customer " + n}}}});
    }
    if (key == "PATCH /api/v1/programs/{id}/lifecycle-settings") {
      json::array stages;
      for (const auto& [stage, weight] : {std::pair{"awareness", 10},
                                          {"consideration", 20},
                                          {"conversion", 30},
                                          {"adoption", 40},
                                          {"value", 50},
                                          {"advocate", 60}}) {
        stages.push_back(json::object{{"key", stage}, {"name", std::string(stage) + " " + n}, {"weight", weight}});
      }
      return json::serialize(json::object{{"stages", stages}});
    }
    if (key == "POST /api/v1/programs/{id}/lifecycle-moves") {
      return json::serialize(json::object{{"email", "moved" + n + "@example.org"}, {"to", "value"}, {"reason", "m"}});
    }
    if (key == "PUT /api/v1/programs/{id}/score-model") {
      return json::serialize(json::object{
          {"name", "Model " + n},
          {"groups", json::array{json::object{{"name", "Fit"},
                                              {"dimension", "fit"},
                                              {"fit_rules", json::array{json::object{{"attribute", "referee.company"},
                                                                                     {"op", "known"},
                                                                                     {"points", 10}}}}}}}});
    }
    if (key == "POST /api/v1/programs/{id}/engagement-events") {
      return json::serialize(
          json::object{{"events", json::array{json::object{{"email", objects.admin.email},
                                                           {"type", "demo_attended"},
                                                           {"key", "matrix-" + n},
                                                           {"occurred_at", "2026-01-01T00:00:00Z"}}}}});
    }
    if (key == "PUT /api/v1/programs/{id}/value-settings") {
      return json::serialize(
          json::object{{"acquisition_cost_minor", static_cast<std::int64_t>(std::hash<std::string>{}(n) % 100'000)}});
    }
    if (key == "PUT /api/v1/programs/{id}/credit-policy") {
      return json::serialize(
          json::object{{"split", "first_weighted"},
                       {"lead_share_bp", 5'000 + static_cast<std::int64_t>(std::hash<std::string>{}(n) % 5'000)}});
    }
    if (key == "PUT /api/v1/advocates/{id}/customer-inputs") {
      return json::serialize(json::object{{"revenue_per_year_minor", 100'000}, {"marketing_cost_minor", 5}});
    }
    if (key == "POST /api/v1/advocates/{id}/value-entries") {
      return json::serialize(json::object{{"category", "influence"},
                                          {"amount_minor", 2'500},
                                          {"note", "Reference call " + n},
                                          {"occurred_at", "2026-01-01T00:00:00Z"}});
    }
    if (key == "PUT /api/v1/referrals/{id}/incrementality") return R"({"would_have_joined_anyway": true})";
    if (key == "POST /api/v1/referrals/{id}/committee/erase-personality") return R"({"email": "eve1@buyer.example"})";
    if (key == "PUT /api/v1/referrals/{id}/committee") {
      return R"({"members": [{"email": "eve)" + Unique() +
             R"(@buyer.example", "first_name": "Eve", "roles": ["economic_buyer"]}]})";
    }
    if (key == "PATCH /api/v1/segments/{id}") return json::serialize(json::object{{"name", "Segment " + n}});
    if (key == "PUT /api/v1/segments/{id}/email-templates/{kind}") {
      return json::serialize(json::object{{"subject", "Welcome " + n}, {"body", "Hello {{link}}"}});
    }
    if (key == "PUT /api/v1/programs/{id}/email-templates/{kind}") {
      return json::serialize(json::object{{"subject", "Welcome " + n}, {"body", "Hello {{advocate.first_name}}"}});
    }
    if (key == "PUT /api/v1/me/notifications") return R"({"daily_digest": false})";
    if (key == "POST /api/v1/programs/{id}/campaigns") {
      return json::serialize(json::object{{"name", "Invite " + n},
                                          {"kind", "invitation"},
                                          {"recipients", {{{"email", "asked" + n + "@example.com"}}}}});
    }
    if (key == "POST /api/v1/suppressions") {
      return json::serialize(json::object{{"email", "suppressed" + n + "@example.com"}, {"reason", "staff"}});
    }
    if (key == "POST /api/v1/connectors") return json::serialize(ConnectorBody(objects.program, n));
    if (key == "PATCH /api/v1/connectors/{id}") return json::serialize(json::object{{"poll_seconds", 600}});
    if (key == "POST /api/v1/webhook-endpoints") {
      return json::serialize(
          json::object{{"url", "https://hooks.example.com/made" + n}, {"events", {"reward.created"}}});
    }
    if (key == "PATCH /api/v1/webhook-endpoints/{id}") {
      return json::serialize(json::object{{"description", "patched " + n}});
    }
    if (key == "POST /api/v1/auth/password-reset") {
      auto reset = server_.services->auth.IssuePasswordReset(domain::Actor::System(), user_);
      EXPECT_TRUE(reset.ok());
      return json::serialize(json::object{{"token", reset.ok() ? reset->token : ""}, {"password", kUserPassword}});
    }
    if (key == "POST /api/v1/auth/login") {
      return json::serialize(json::object{{"email", kUserEmail}, {"password", kUserPassword}});
    }
    if (key == "POST /api/v1/public/programs/{slug}/join") {
      return json::serialize(json::object{{"email", "joined" + n + "@example.com"}, {"first_name", "J"}});
    }
    return "";
  }

  std::optional<std::string> KeyOf(Caller caller) {
    if (caller == Caller::kAnonymous) return std::nullopt;
    return keys_[caller];
  }

  static void ExpectOutcome(Outcome expected, const HttpResponse& response, const std::string& what) {
    switch (expected) {
      case Outcome::kAllow:
        EXPECT_TRUE(response.status >= 200 && response.status < 400)
            << what << " should be allowed; got " << response.status << "\n"
            << response.body;
        break;
      case Outcome::kUnauthenticated:
        EXPECT_EQ(response.status, 401) << what << "\n" << response.body;
        EXPECT_FALSE(response.Header("www-authenticate").empty()) << what;
        break;
      case Outcome::kForbidden:
        EXPECT_EQ(response.status, 403) << what << "\n" << response.body;
        if (response.status == 403) {
          EXPECT_EQ(response.Json().at("type"), json::value("/problems/forbidden")) << what;
        }
        break;
      case Outcome::kNotFound: EXPECT_EQ(response.status, 404) << what << "\n" << response.body; break;
    }
    if (expected != Outcome::kAllow) {
      EXPECT_EQ(response.Header("content-type"), "application/problem+json") << what;
    }
  }

  // Everything an admin can see, serialized, to compare before and after refused requests.
  std::string Snapshot() {
    std::string out;
    auto read = [&](const std::string& target) {
      HttpResponse response = Send(server_.admin_key, "GET", target);
      EXPECT_EQ(response.status, 200) << target;
      out += target + "\n" + response.body + "\n";
      return response.Json();
    };
    json::value programs = read("/api/v1/programs?limit=200");
    for (const auto& program : programs.at("data").as_array()) {
      std::string id(program.at("id").as_string());
      read("/api/v1/programs/" + id + "/advocates?limit=200");
      read("/api/v1/programs/" + id + "/stats");
      read("/api/v1/programs/" + id + "/reward-rules");
      read("/api/v1/programs/" + id + "/points-settings");
      read("/api/v1/programs/" + id + "/language");
      read("/api/v1/programs/" + id + "/lifecycle-settings");
      read("/api/v1/lifecycle?program_id=" + id);
      read("/api/v1/programs/" + id + "/score-model");
      read("/api/v1/referral-scores?program_id=" + id + "&limit=200");
      read("/api/v1/accounts?program_id=" + id + "&limit=200");
      read("/api/v1/programs/" + id + "/value-settings");
      read("/api/v1/programs/" + id + "/credit-policy");
      read("/api/v1/customer-value?program_id=" + id + "&limit=200");
      read("/api/v1/programs/" + id + "/catalog-items?include_retired=true");
      read("/api/v1/programs/" + id + "/challenges?include_retired=true");
      json::value segments = read("/api/v1/programs/" + id + "/segments?include_retired=true");
      for (const auto& segment : segments.at("data").as_array()) {
        read("/api/v1/segments/" + std::string(segment.at("id").as_string()) + "/email-templates");
      }
    }
    read("/api/v1/redemptions?limit=200");
    read("/api/v1/challenge-completions?limit=200");
    read("/api/v1/ratings?limit=200");
    json::value referrals = read("/api/v1/referrals?limit=200");
    for (const auto& referral : referrals.at("data").as_array()) {
      read("/api/v1/referrals/" + std::string(referral.at("id").as_string()));
      read("/api/v1/referrals/" + std::string(referral.at("id").as_string()) + "/committee");
      read("/api/v1/referrals/" + std::string(referral.at("id").as_string()) + "/credit");
    }
    json::value rewards = read("/api/v1/rewards?limit=200");
    for (const auto& reward : rewards.at("data").as_array()) {
      read("/api/v1/rewards/" + std::string(reward.at("id").as_string()));
    }
    read("/api/v1/users");
    read("/api/v1/api-keys");
    read("/api/v1/webhook-endpoints");
    json::value connectors = read("/api/v1/connectors");
    for (const auto& connector : connectors.at("data").as_array()) {
      read("/api/v1/connectors/" + std::string(connector.at("id").as_string()) + "/log");
    }
    read("/api/v1/outbox?limit=200");
    read("/api/v1/suppressions?limit=200");
    return out;
  }

  const std::vector<http::Route>& Routes() const { return server_.api->router().routes(); }

  // Every route of the table, called by `caller` on fresh objects (so that allowed changes,
  // archiving or revoking, do not leak into the next call), answers as the table says. Returns how
  // many calls were checked.
  int CheckEveryRouteFor(Caller caller) {
    int checked = 0;
    for (const auto& route : Routes()) {
      std::string key = Key(route.method, route.pattern);
      auto rule = Table().find(key);
      if (rule == Table().end()) continue;  // reported by EveryRouteIsInTheTable
      std::string what = std::string(Name(caller)) + " " + key;
      SCOPED_TRACE(what);
      Objects objects =
          MakeObjects(NeedsWebhooks(route.pattern), NeedsCampaign(route.pattern), NeedsImport(route.pattern),
                      NeedsConnector(route.pattern), NeedsGamification(route.pattern), NeedsRatings(route.pattern));
      Owner owner = caller == Caller::kSalesRep ? Owner::kRep : Owner::kAdmin;
      auto target = Resolve(route.pattern, objects, owner);
      if (!target) continue;
      ExpectOutcome(rule->second.For(caller), Send(KeyOf(caller), route.method, *target, BodyFor(key, objects, owner)),
                    what);
      ++checked;
    }
    return checked;
  }

  TestServer server_;
  std::unique_ptr<jobs::CrmSync> crm_;  // the connection tests' way to CRMs (never started)
  HttpClient client_;
  std::map<Caller, std::string> keys_;
  std::string other_rep_key_;
  std::string user_;
  int counter_ = 0;
};

TEST_F(AccessMatrixTest, EveryRouteIsInTheTable) {
  std::set<std::string> routed;
  for (const auto& route : Routes()) {
    std::string key = Key(route.method, route.pattern);
    routed.insert(key);
    auto rule = Table().find(key);
    if (rule == Table().end()) {
      ADD_FAILURE() << "route " << key << " is not classified in the access table of access_matrix_test.cc";
      continue;
    }
    EXPECT_EQ(rule->second.access, route.access)
        << key << ": the table and the router disagree on who the route is for";
  }
  for (const auto& [key, rule] : Table()) {
    EXPECT_TRUE(routed.contains(key)) << "the table lists " << key << " but the router has no such route";
  }
  EXPECT_GE(routed.size(), Table().size());
}

// The table itself follows the product's rules, so that a new row cannot quietly loosen them.
TEST_F(AccessMatrixTest, TheTableFollowsTheAccessRules) {
  for (const auto& [key, rule] : Table()) {
    SCOPED_TRACE(key);
    std::string method = key.substr(0, key.find(' '));
    std::string pattern = key.substr(key.find(' ') + 1);
    if (rule.access == http::Access::kPublic) {
      for (Caller caller : kCallers) {
        EXPECT_EQ(rule.For(caller), Outcome::kAllow) << Name(caller) << ": " << Name(rule.For(caller));
      }
      continue;
    }
    if (rule.access == http::Access::kAdvocate) {
      for (Caller caller : kCallers) {
        EXPECT_EQ(rule.For(caller), Outcome::kUnauthenticated) << Name(caller) << ": " << Name(rule.For(caller));
      }
      continue;
    }
    EXPECT_EQ(rule.anonymous, Outcome::kUnauthenticated);
    EXPECT_EQ(rule.admin, Outcome::kAllow);
    // Viewers only read; the ROI calculator's POST computes and stores nothing.
    if (method != "GET" && pattern != "/api/v1/me/notifications" && pattern != "/api/v1/roi/estimate") {
      EXPECT_EQ(rule.viewer, Outcome::kForbidden) << "viewers only read; got " << Name(rule.viewer);
    }
    if (pattern.rfind("/api/v1/users", 0) == 0 || pattern.rfind("/api/v1/api-keys", 0) == 0) {
      EXPECT_EQ(rule.manager, Outcome::kForbidden);
      EXPECT_EQ(rule.sales_rep, Outcome::kForbidden);
      EXPECT_EQ(rule.viewer, Outcome::kForbidden);
    }
    // Another rep's advocate does not exist for a sales rep; a route no sales rep may use refuses
    // them all alike, before looking the advocate up (which tells nothing either).
    if (pattern.rfind("/api/v1/advocates/{id}", 0) == 0) {
      EXPECT_EQ(rule.other_reps_advocate,
                rule.sales_rep == Outcome::kForbidden ? Outcome::kForbidden : Outcome::kNotFound);
    }
  }
}

// One test per caller (and one for a sales rep on another rep's advocate) rather than one for
// all: each call gets fresh objects, so the whole matrix takes minutes under the debug build on
// PostgreSQL, and a single test would come close to the suite's per-test timeout.
TEST_F(AccessMatrixTest, EveryRouteAnswersAnAnonymousCallerAsTheTableSays) {
  EXPECT_GT(CheckEveryRouteFor(Caller::kAnonymous), 20);
}

TEST_F(AccessMatrixTest, EveryRouteAnswersAViewerAsTheTableSays) { EXPECT_GT(CheckEveryRouteFor(Caller::kViewer), 20); }

TEST_F(AccessMatrixTest, EveryRouteAnswersASalesRepAsTheTableSays) {
  EXPECT_GT(CheckEveryRouteFor(Caller::kSalesRep), 20);
}

TEST_F(AccessMatrixTest, EveryRouteAnswersAManagerAsTheTableSays) {
  EXPECT_GT(CheckEveryRouteFor(Caller::kManager), 20);
}

TEST_F(AccessMatrixTest, EveryRouteAnswersAnAdminAsTheTableSays) { EXPECT_GT(CheckEveryRouteFor(Caller::kAdmin), 20); }

TEST_F(AccessMatrixTest, ASalesRepOnAnotherRepsAdvocateGetsWhatTheTableSays) {
  int checked = 0;
  for (const auto& route : Routes()) {
    std::string key = Key(route.method, route.pattern);
    auto rule = Table().find(key);
    if (rule == Table().end() || !rule->second.other_reps_advocate) continue;
    Objects objects =
        MakeObjects(NeedsWebhooks(route.pattern), NeedsCampaign(route.pattern), NeedsImport(route.pattern),
                    NeedsConnector(route.pattern), NeedsGamification(route.pattern), NeedsRatings(route.pattern));
    auto target = Resolve(route.pattern, objects, Owner::kOtherRep);
    if (!target) continue;
    ExpectOutcome(*rule->second.other_reps_advocate,
                  Send(keys_[Caller::kSalesRep], route.method, *target, BodyFor(key, objects, Owner::kOtherRep)),
                  "sales_rep on another rep's advocate: " + key);
    ++checked;
  }
  EXPECT_GT(checked, 3);
}

TEST_F(AccessMatrixTest, RefusedRequestsLeaveNoTrace) {
  Objects objects = MakeObjects(/*webhooks=*/true, /*campaign=*/true, /*import=*/true, /*connector=*/true,
                                /*gamification=*/true, /*ratings=*/true);
  std::string before = Snapshot();
  int refused = 0;
  for (const auto& route : Routes()) {
    std::string key = Key(route.method, route.pattern);
    auto rule = Table().find(key);
    if (rule == Table().end()) continue;
    for (Caller caller : kCallers) {
      Outcome expected = rule->second.For(caller);
      if (expected == Outcome::kAllow) continue;
      Owner owner = caller == Caller::kSalesRep ? Owner::kRep : Owner::kAdmin;
      auto target = Resolve(route.pattern, objects, owner);
      if (!target) continue;
      std::string what = std::string(Name(caller)) + " " + key;
      ExpectOutcome(expected, Send(KeyOf(caller), route.method, *target, BodyFor(key, objects, owner)), what);
      ++refused;
    }
    if (rule->second.other_reps_advocate && *rule->second.other_reps_advocate != Outcome::kAllow) {
      auto target = Resolve(route.pattern, objects, Owner::kOtherRep);
      if (!target) continue;
      ExpectOutcome(*rule->second.other_reps_advocate,
                    Send(keys_[Caller::kSalesRep], route.method, *target, BodyFor(key, objects, Owner::kOtherRep)),
                    "sales_rep on another rep's advocate: " + key);
      ++refused;
    }
  }
  EXPECT_GT(refused, 40);
  EXPECT_EQ(Snapshot(), before) << "a refused request changed something";
}

TEST_F(AccessMatrixTest, RefusedRequestsWithAnIdempotencyKeyRecordNothing) {
  Objects objects = MakeObjects();
  std::string body = BodyFor("POST /api/v1/programs", objects, Owner::kAdmin);
  std::vector<std::pair<std::string, std::string>> headers = Bearer(keys_[Caller::kViewer]);
  headers.emplace_back("Idempotency-Key", "viewer-try");
  EXPECT_EQ(client_.Send("POST", "/api/v1/programs", headers, body).status, 403);
  HttpResponse again = client_.Send("POST", "/api/v1/programs", headers, body);
  EXPECT_EQ(again.status, 403) << "the refusal is not replayed as a success";
  EXPECT_TRUE(again.Header("idempotent-replayed").empty());
  HttpResponse list = Send(server_.admin_key, "GET", "/api/v1/programs");
  EXPECT_EQ(list.Json().at("data").as_array().size(), 1u) << "only the fixture's program exists";
}

TEST_F(AccessMatrixTest, ASalesRepListsOnlyTheirOwnAdvocates) {
  Objects objects = MakeObjects();
  std::string target = "/api/v1/programs/" + objects.program + "/advocates";

  HttpResponse mine = Send(keys_[Caller::kSalesRep], "GET", target);
  ASSERT_EQ(mine.status, 200);
  json::value mine_body = mine.Json();
  const json::array& data = mine_body.at("data").as_array();
  ASSERT_EQ(data.size(), 1u) << mine.body;
  EXPECT_EQ(data[0].at("id"), json::value(objects.rep.advocate));

  HttpResponse theirs = Send(other_rep_key_, "GET", target);
  ASSERT_EQ(theirs.status, 200);
  ASSERT_EQ(theirs.Json().at("data").as_array().size(), 1u);
  EXPECT_EQ(theirs.Json().at("data").as_array()[0].at("id"), json::value(objects.other_rep.advocate));

  for (Caller caller : {Caller::kViewer, Caller::kManager, Caller::kAdmin}) {
    HttpResponse all = Send(keys_[caller], "GET", target);
    EXPECT_EQ(all.Json().at("data").as_array().size(), 4u)
        << Name(caller) << " sees every advocate (the three owned and the company's)";
  }

  HttpResponse filtered = Send(keys_[Caller::kSalesRep], "GET", target + "?source=api&limit=1");
  EXPECT_EQ(filtered.Json().at("data").as_array().size(), 1u);
  EXPECT_TRUE(filtered.Json().at("next_cursor").is_null()) << "no page leads to other reps' advocates";
}

TEST_F(AccessMatrixTest, ASalesRepListsOnlyTheirOwnAdvocatesReferralsAndRewards) {
  Objects objects = MakeObjects();
  auto advocates_in = [&](const std::string& key, const std::string& target) {
    HttpResponse response = Send(key, "GET", target);
    EXPECT_EQ(response.status, 200) << response.body;
    std::set<std::string> advocates;
    json::value body = response.Json();
    for (const auto& item : body.at("data").as_array()) {
      advocates.insert(std::string(item.at("advocate_id").as_string()));
    }
    return advocates;
  };
  for (const std::string& target :
       {"/api/v1/referrals?program_id=" + objects.program, "/api/v1/rewards?program_id=" + objects.program}) {
    EXPECT_EQ(advocates_in(keys_[Caller::kSalesRep], target), std::set<std::string>{objects.rep.advocate}) << target;
    EXPECT_EQ(advocates_in(other_rep_key_, target), std::set<std::string>{objects.other_rep.advocate}) << target;
    EXPECT_EQ(advocates_in(keys_[Caller::kViewer], target).size(), 3u) << target;
  }
}

TEST_F(AccessMatrixTest, ASalesRepCannotProbeAnotherRepsAdvocate) {
  Objects objects = MakeObjects();
  HttpResponse hidden = Send(keys_[Caller::kSalesRep], "GET", "/api/v1/advocates/" + objects.other_rep.advocate);
  HttpResponse missing = Send(keys_[Caller::kSalesRep], "GET", "/api/v1/advocates/adv_00000000000000000000000000");
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(hidden.Json().at("detail"), missing.Json().at("detail")) << "hidden and missing look the same";
}

}  // namespace
}  // namespace bb::testing
