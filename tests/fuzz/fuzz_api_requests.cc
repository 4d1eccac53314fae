// libFuzzer harness: JSON request bodies and their validation, through the whole API (routing,
// authentication, idempotency, body reading, the domain's checks, the use cases and a real SQLite
// store). Whatever the body, the answer must never be a 500, and every refusal must be a
// problem+json document with a type. Each input is a route (its first byte) and a body.

#include <fuzzer/FuzzedDataProvider.h>

#include <boost/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

#include "common/clock.h"
#include "common/metrics.h"
#include "domain/access.h"
#include "http/api.h"
#include "service/services.h"
#include "store/sqlite/sqlite_store.h"

namespace {

using namespace bb;

struct World {
  ManualClock clock{FromMicros(1'772'366'400'000'000)};  // 2026-03-01T12:00:00Z
  MetricsRegistry metrics;
  std::unique_ptr<store::sqlite::SqliteStore> store;
  std::unique_ptr<service::Services> services;
  std::unique_ptr<http::Api> api;
  std::string key;
  std::string program, slug, advocate, referral, won, reward, user, segment, item;
};

// A new world: a fresh database with a program, a rule, an advocate, an open and a won referral
// with its reward, a user, a segment and a catalogue item that pays a reward.
std::unique_ptr<World> MakeWorld() {
  auto w = std::make_unique<World>();
  std::string dir = (std::filesystem::temp_directory_path() / ("bluebird-fuzz-" + std::to_string(getpid()))).string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  store::sqlite::SqliteOptions options;
  options.path = dir + "/fuzz.db";
  options.synchronous_full = false;
  auto store = store::sqlite::SqliteStore::Open(options, w->metrics);
  if (!store.ok()) std::abort();
  w->store = std::move(*store);
  service::ServiceOptions service_options;
  service_options.login_per_minute = 0;
  service_options.public_per_minute = 0;
  service_options.clicks_per_minute = 0;
  auto services = service::Services::Create(*w->store, w->clock, w->metrics, service_options);
  if (!services.ok()) std::abort();
  w->services = std::move(*services);
  w->api = std::make_unique<http::Api>(*w->services, w->metrics, http::ApiOptions{}, nullptr);
  auto system = domain::Actor::System();
  w->key = w->services->auth.CreateApiKey(system, "fuzz", "admin")->secret;
  domain::ProgramInput program;
  program.name = "Fuzz";
  program.kind = "customer";
  program.landing_url = "https://fuzz.example/";
  auto created = w->services->programs.Create(system, program);
  w->program = created->id;
  w->slug = created->slug;
  domain::RewardRule rule;
  rule.name = "Ten";
  rule.trigger.stage = domain::ReferralStage::kWon;
  rule.amount.percent_bp = 1000;
  (void)w->services->rewards.CreateRule(system, w->program, rule);
  domain::AdvocateInput advocate;
  advocate.email = "ada@fuzz.example";
  advocate.first_name = "Ada";
  w->advocate = w->services->advocates.Enroll(system, w->program, advocate)->id;
  service::ReferralInput referral;
  referral.referee_present = true;
  referral.referee.email = "rita@prospect.example";
  referral.referee.first_name = "Rita";
  referral.advocate_id = w->advocate;
  w->referral = w->services->referrals.Submit(system, referral, {})->id;
  referral.referee.email = "won@prospect.example";
  w->won = w->services->referrals.Submit(system, referral, {})->id;
  service::StageMoveInput move;
  move.stage = "won";
  move.deal_value_minor = 100000;
  auto moved = w->services->referrals.MoveStage(system, w->won, move);
  w->reward = moved->rewards.front().id;
  w->user = w->services->auth.CreateUser(system, {"pat@fuzz.example", "Pat", "manager", "a long enough password"})->id;
  domain::SegmentInput segment;
  segment.name = "Partners";
  w->segment = w->services->segments.Create(system, w->program, segment, {})->segment.id;
  domain::CatalogItemInput item;
  item.name = "Gift card";
  item.cost_points = 2500;
  item.set_reward = true;
  item.reward = domain::CatalogRewardInput{"gift_card", 2500};
  w->item = w->services->catalog.CreateItem(system, w->program, item, {})->item.id;
  return w;
}

// The world the inputs run against, made afresh every kExecutionsPerWorld executions: the database
// grows with every accepted request (a won referral's ledger with every correction), and a world
// that only grows would slow the harness down to a crawl over millions of executions.
constexpr int kExecutionsPerWorld = 20'000;

World& TheWorld() {
  // Never destroyed at exit (like any libFuzzer harness's global state): the last world stays.
  static World* world = nullptr;
  static int executions = 0;
  if (world == nullptr || ++executions % kExecutionsPerWorld == 0) {
    if (world != nullptr) world->store->Close();
    delete world;
    world = MakeWorld().release();
  }
  return *world;
}

struct Route {
  const char* method;
  std::string path;
  bool authenticated;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  World& w = TheWorld();
  const std::vector<Route> routes = {
      {"POST", "/api/v1/programs", true},
      {"PATCH", "/api/v1/programs/" + w.program, true},
      {"POST", "/api/v1/programs/" + w.program + "/advocates", true},
      {"PATCH", "/api/v1/advocates/" + w.advocate, true},
      {"POST", "/api/v1/referrals", true},
      {"POST", "/api/v1/referrals/" + w.referral + "/stage", true},
      {"POST", "/api/v1/referrals/" + w.won + "/deal-value", true},
      {"POST", "/api/v1/referrals/" + w.referral + "/reject", true},
      {"POST", "/api/v1/programs/" + w.program + "/reward-rules", true},
      {"POST", "/api/v1/programs/" + w.program + "/reward-preview", true},
      {"POST", "/api/v1/rewards/approve", true},
      {"POST", "/api/v1/rewards/" + w.reward + "/fulfill", true},
      {"POST", "/api/v1/rewards/" + w.reward + "/reverse", true},
      {"POST", "/api/v1/users", true},
      {"PATCH", "/api/v1/users/" + w.user, true},
      {"POST", "/api/v1/api-keys", true},
      {"POST", "/api/v1/advocates/" + w.advocate + "/sign-in-links", true},
      {"POST", "/api/v1/public/programs/" + w.slug + "/join", false},
      {"POST", "/api/v1/public/programs/" + w.slug + "/referrals", false},
      {"POST", "/api/v1/auth/login", false},
      {"POST", "/api/v1/auth/password-reset", false},
      {"POST", "/api/v1/portal/sign-in", false},
      {"POST", "/api/v1/roi/estimate", true},
      {"PUT", "/api/v1/programs/" + w.program + "/months/2026-01", true},
      {"POST", "/api/v1/programs/" + w.program + "/segments", true},
      {"PATCH", "/api/v1/segments/" + w.segment, true},
      {"PUT", "/api/v1/segments/" + w.segment + "/email-templates/welcome", true},
      {"PUT", "/api/v1/programs/" + w.program + "/language", true},
      {"POST", "/api/v1/programs/" + w.program + "/catalog-items", true},
      {"PATCH", "/api/v1/catalog-items/" + w.item, true},
      {"PATCH", "/api/v1/programs/" + w.program + "/lifecycle-settings", true},
      {"POST", "/api/v1/programs/" + w.program + "/lifecycle-moves", true},
      {"PUT", "/api/v1/programs/" + w.program + "/score-model", true},
      {"POST", "/api/v1/programs/" + w.program + "/engagement-events", true},
      {"PUT", "/api/v1/programs/" + w.program + "/value-settings", true},
      {"PUT", "/api/v1/advocates/" + w.advocate + "/customer-inputs", true},
      {"POST", "/api/v1/advocates/" + w.advocate + "/value-entries", true},
      {"PUT", "/api/v1/referrals/" + w.won + "/incrementality", true},
      {"PUT", "/api/v1/referrals/" + w.won + "/committee", true},
      {"PUT", "/api/v1/programs/" + w.program + "/credit-policy", true},
  };
  FuzzedDataProvider input(data, size);
  const Route& route = routes[input.ConsumeIntegralInRange<std::size_t>(0, routes.size() - 1)];
  bool idempotent = input.ConsumeBool();
  http::Request request;
  request.method = route.method;
  request.path = route.path;
  request.target = route.path;
  request.remote_ip = "127.0.0.1";
  request.body = input.ConsumeRemainingBytesAsString();
  request.headers = {{"content-type", "application/json"}};
  if (route.authenticated) request.headers.emplace_back("authorization", "Bearer " + w.key);
  if (idempotent) request.headers.emplace_back("idempotency-key", "fuzz-" + std::to_string(request.body.size() % 7));
  http::Response answer;
  bool answered = false;
  w.api->Handle(
      std::move(request),
      [&](http::Response response) {
        answer = std::move(response);
        answered = true;
      },
      [](std::function<void()> task) { task(); });
  if (!answered) std::abort();
  if (answer.status >= 500) {
    std::cerr << "answered " << answer.status << ": " << answer.body << "\n";
    std::abort();
  }
  if (answer.status >= 400) {
    boost::system::error_code ec;
    boost::json::value problem = boost::json::parse(answer.body, ec);
    if (ec || !problem.is_object() || !problem.as_object().contains("type")) {
      std::cerr << "a refusal that is not a problem document: " << answer.body << "\n";
      std::abort();
    }
  }
  w.clock.Advance(std::chrono::milliseconds(1));
  return 0;
}
