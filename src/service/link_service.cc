#include "service/link_service.h"

#include <chrono>

#include "crypto/crypto.h"
#include "domain/click.h"
#include "domain/ids.h"
#include "domain/referral_code.h"
#include "domain/validation.h"

namespace bb::service {

LinkService::LinkService(store::Store& store, const Clock& clock, const IdGenerator& ids, std::string ip_hash_key,
                         RateLimiter& per_ip_limiter, MetricsRegistry& metrics)
    : store_(store),
      clock_(clock),
      ids_(ids),
      ip_hash_key_(std::move(ip_hash_key)),
      per_ip_limiter_(per_ip_limiter),
      human_clicks_(metrics.GetCounter("bluebird_clicks_recorded_total", "Clicks on tracked links recorded",
                                       {{"kind", "human"}})),
      bot_clicks_(
          metrics.GetCounter("bluebird_clicks_recorded_total", "Clicks on tracked links recorded", {{"kind", "bot"}})),
      throttled_clicks_(
          metrics.GetCounter("bluebird_clicks_throttled_total",
                             "Clicks redirected without being recorded because of the per-address limit")) {}

std::string LinkService::HashIp(std::string_view ip) const {
  return crypto::HmacSha256Hex(ip_hash_key_, ip).substr(0, 32);
}

Result<LinkOutcome> LinkService::Follow(const LinkVisit& visit) {
  LinkOutcome outcome;
  auto code = domain::NormalizeReferralCode(visit.code);
  if (!code) return outcome;  // kUnknown

  std::optional<store::LinkTarget> target;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(target, q.FindLinkTarget(*code));
    return Ok();
  }));
  if (!target) return outcome;
  if (target->program_status == domain::ProgramStatus::kArchived) {
    outcome.kind = LinkOutcome::Kind::kGone;
    return outcome;
  }
  outcome.kind = LinkOutcome::Kind::kPlain;
  outcome.location = target->landing_url;
  if (target->program_status != domain::ProgramStatus::kActive ||
      target->advocate_status != domain::AdvocateStatus::kActive) {
    return outcome;
  }

  std::string ip_hash = HashIp(visit.client_ip);
  if (per_ip_limiter_.Acquire(ip_hash) != 0) {
    throttled_clicks_.Add();
    return outcome;
  }

  outcome.code = *code;
  outcome.new_visitor = !domain::IsWellFormedVisitorId(visit.visitor_id);
  outcome.visitor_id = outcome.new_visitor ? crypto::FastRandomToken(16) : visit.visitor_id;
  outcome.attribution_ttl = std::chrono::days(target->attribution_window_days);

  domain::Click click;
  click.id = ids_.New(domain::kClickPrefix);
  click.program_id = target->program_id;
  click.advocate_id = target->advocate_id;
  click.code = *code;
  click.occurred_at = clock_.Now();
  click.channel = domain::NormalizeChannel(visit.channel);
  click.visitor_id = outcome.visitor_id;
  click.ip_hash = std::move(ip_hash);
  click.user_agent = domain::TruncateUtf8(visit.user_agent, domain::kMaxUserAgentLength);
  click.referrer = domain::TruncateUtf8(visit.referrer, domain::kMaxReferrerLength);
  click.is_bot = domain::IsBotUserAgent(visit.user_agent);
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) { return tx.InsertClick(click); }));
  (click.is_bot ? bot_clicks_ : human_clicks_).Add();

  outcome.kind = LinkOutcome::Kind::kAttributed;
  outcome.location = domain::LandingUrlWithCode(target->landing_url, *code);
  return outcome;
}

}  // namespace bb::service
