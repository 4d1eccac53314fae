#include "service/link_service.h"

#include <chrono>

#include "crypto/crypto.h"
#include "domain/click.h"
#include "domain/ids.h"
#include "domain/referral_code.h"
#include "domain/validation.h"

namespace bb::service {

LinkService::LinkService(store::Store& store, const Clock& clock, const IdGenerator& ids, std::string ip_hash_key,
                         RateLimiter& per_ip_limiter, LinkTargetCache& targets, MetricsRegistry& metrics)
    : store_(store),
      clock_(clock),
      ids_(ids),
      ip_hash_key_(std::move(ip_hash_key)),
      per_ip_limiter_(per_ip_limiter),
      targets_(targets),
      human_clicks_(metrics.GetCounter("bluebird_clicks_recorded_total", "Clicks on tracked links recorded",
                                       {{"kind", "human"}})),
      bot_clicks_(
          metrics.GetCounter("bluebird_clicks_recorded_total", "Clicks on tracked links recorded", {{"kind", "bot"}})),
      throttled_clicks_(
          metrics.GetCounter("bluebird_clicks_throttled_total",
                             "Clicks redirected without being recorded because of the per-address limit")) {}

std::string LinkService::HashIp(std::string_view ip) const { return crypto::KeyedHash128Hex(ip_hash_key_, ip); }

void LinkService::Follow(LinkVisit visit, std::function<void(Result<LinkOutcome>)> done) {
  LinkOutcome outcome;
  auto code = domain::NormalizeReferralCode(visit.code);
  if (!code) return done(std::move(outcome));  // kUnknown

  auto cached = targets_.Find(*code);
  std::shared_ptr<const store::LinkTarget> target = std::move(cached.target);
  if (!cached.hit) {
    Status read = store_.Read([&](store::Queries& q) -> Status {
      BB_ASSIGN_OR_RETURN(auto found, q.FindLinkTarget(*code));
      if (found) target = std::make_shared<const store::LinkTarget>(std::move(*found));
      return Ok();
    });
    if (!read.ok()) return done(std::move(read).error());
    if (target) targets_.Put(*code, target, cached.generation);
  }
  if (!target) return done(std::move(outcome));
  if (target->program_status == domain::ProgramStatus::kArchived) {
    outcome.kind = LinkOutcome::Kind::kGone;
    return done(std::move(outcome));
  }
  outcome.kind = LinkOutcome::Kind::kPlain;
  outcome.location = target->landing_url;
  if (target->program_status != domain::ProgramStatus::kActive ||
      target->advocate_status != domain::AdvocateStatus::kActive) {
    return done(std::move(outcome));
  }
  if (!visit.record) {
    outcome.kind = LinkOutcome::Kind::kPreview;
    outcome.location = domain::LandingUrlWithCode(target->landing_url, *code);
    return done(std::move(outcome));
  }

  std::string ip_hash = HashIp(visit.client_ip);
  if (per_ip_limiter_.Acquire(ip_hash) != 0) {
    throttled_clicks_.Add();
    return done(std::move(outcome));
  }

  outcome.code = *code;
  outcome.new_visitor = !domain::IsWellFormedVisitorId(visit.visitor_id);
  outcome.visitor_id = outcome.new_visitor ? ids_.NewUlid() : std::move(visit.visitor_id);
  outcome.attribution_ttl = std::chrono::days(target->attribution_window_days);

  domain::Click click;
  click.program_id = target->program_id;
  click.advocate_id = target->advocate_id;
  click.code = *code;
  click.occurred_at = clock_.Now();
  click.channel = domain::NormalizeChannel(visit.channel);
  click.visitor_id = outcome.visitor_id;
  click.ip_hash = std::move(ip_hash);
  click.is_bot = domain::IsBotUserAgent(visit.user_agent);
  // Kept as the browser sent them, but as text every database can store: invalid bytes become
  // U+FFFD (PostgreSQL refuses them, and the click would be lost).
  click.user_agent = domain::TruncateUtf8(domain::ToStorableUtf8(visit.user_agent), domain::kMaxUserAgentLength);
  click.referrer = domain::TruncateUtf8(domain::ToStorableUtf8(visit.referrer), domain::kMaxReferrerLength);
  Counter& counter = click.is_bot ? bot_clicks_ : human_clicks_;

  outcome.kind = LinkOutcome::Kind::kAttributed;
  outcome.location = domain::LandingUrlWithCode(target->landing_url, *code);
  store_.WriteAsync([click = std::move(click)](store::Tx& tx) { return tx.InsertClick(click); },
                    [&counter, outcome = std::move(outcome), done = std::move(done)](Status committed) mutable {
                      if (!committed.ok()) return done(std::move(committed).error());
                      counter.Add();
                      done(std::move(outcome));
                    });
}

}  // namespace bb::service
