#include "http/representation.h"

#include <boost/json.hpp>

#include <cmath>

#include "common/time_format.h"
#include "domain/visitor_sketch.h"

namespace bb::http {

namespace json = boost::json;

json::value ToJson(const domain::Program& p) {
  return json::object{
      {"id", p.id},
      {"name", p.name},
      {"slug", p.slug},
      {"kind", domain::ToString(p.kind)},
      {"description", p.description},
      {"landing_url", p.landing_url},
      {"attribution_window_days", p.attribution_window_days},
      {"currency", p.currency},
      {"status", domain::ToString(p.status)},
      {"referral_policy",
       json::object{
           {"uses_opportunity", p.referral_policy.uses_opportunity},
           {"duplicate_window_days", p.referral_policy.duplicate_window_days},
           {"velocity_limit", p.referral_policy.velocity_limit},
           {"ip_velocity_limit", p.referral_policy.ip_velocity_limit},
           {"velocity_window_hours", p.referral_policy.velocity_window_hours},
           {"same_domain_is_self_referral", p.referral_policy.same_domain_is_self_referral},
           {"reversal_window_days", p.referral_policy.reversal_window_days},
           {"phone_region", p.referral_policy.phone_region},
       }},
      {"branding",
       json::object{
           {"color", p.branding.color},
           {"logo_url", p.branding.logo_url},
           {"share_message", domain::EffectiveShareMessage(p.branding)},
           {"portal_headline", p.branding.portal_headline},
           {"landing_headline", domain::ProgramWords(p.branding).landing_headline},
           {"landing_intro", domain::ProgramWords(p.branding).landing_intro},
       }},
      {"created_at", FormatTimestamp(p.created_at)},
      {"updated_at", FormatTimestamp(p.updated_at)},
  };
}

namespace {

// The figures of an answer that are estimates, each with its relative standard error in basis
// points: {"unique_visitors": {"relative_standard_error_bp": 81}} or {}.
json::object SketchError() {
  return json::object{
      {"relative_standard_error_bp", std::llround(domain::VisitorSketch::kRelativeStandardError * 10'000)}};
}

json::object EstimatesToJson(bool unique_visitors_estimated) {
  json::object estimates;
  if (unique_visitors_estimated) estimates["unique_visitors"] = SketchError();
  return estimates;
}

json::object FunnelToJson(const domain::Funnel& f) {
  return json::object{{"clicks", f.clicks},
                      {"unique_visitors", f.unique_visitors},
                      {"referrals", f.referrals},
                      {"qualified", f.qualified},
                      {"won", f.won},
                      {"estimates", EstimatesToJson(f.unique_visitors_estimated)}};
}

json::array ChannelsToJson(const std::vector<domain::ChannelFigures>& figures) {
  json::array channels;
  for (const auto& c : figures) {
    channels.push_back(
        json::object{{"channel", c.channel}, {"clicks", c.clicks}, {"referrals", c.referrals}, {"won", c.won}});
  }
  return channels;
}

}  // namespace

json::value NumberOrNull(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::value TimeOrNull(const std::optional<Timestamp>& at) {
  return at ? json::value(FormatTimestamp(*at)) : json::value(nullptr);
}

json::value AnalyticsToJson(std::string_view program_id, Timestamp from, Timestamp before, const domain::Analytics& a) {
  json::array money;
  for (const auto& m : a.money) {
    money.push_back(json::object{{"currency", m.currency},
                                 {"revenue_minor", m.revenue_minor},
                                 {"reward_cost_minor", m.reward_cost_minor},
                                 {"committed_minor", m.committed_minor},
                                 {"program_cost_minor", m.program_cost_minor},
                                 {"roi_bp", NumberOrNull(m.roi_bp)}});
  }
  json::array top;
  for (const auto& t : a.top_advocates) {
    top.push_back(json::object{{"advocate_id", t.advocate_id},
                               {"name", t.name},
                               {"company", t.company},
                               {"referrals", t.referrals},
                               {"won", t.won},
                               {"currency", t.currency},
                               {"revenue_minor", t.revenue_minor}});
  }
  json::array days;
  for (const auto& d : a.new_advocates) days.push_back(json::object{{"date", d.date}, {"count", d.count}});
  json::object funnel = FunnelToJson(a.funnel);
  funnel["referring_advocates"] = a.referring_advocates;
  funnel["estimates"].as_object()["referring_advocates"] = SketchError();  // a sketch per day
  return json::object{
      {"basis", domain::ToString(a.basis)},
      {"basis_description", domain::Describe(a.basis)},
      {"program_id", program_id.empty() ? json::value(nullptr) : json::value(program_id)},
      {"from", FormatTimestamp(from)},
      {"to", FormatTimestamp(before)},
      {"funnel", std::move(funnel)},
      {"channels", ChannelsToJson(a.channels)},
      {"money", std::move(money)},
      {"top_advocates", std::move(top)},
      {"new_advocates", std::move(days)},
  };
}

json::value ActivityToJson(std::string_view advocate_id, Timestamp from, Timestamp before,
                           const domain::AdvocateActivity& a) {
  return json::object{
      {"advocate_id", advocate_id},
      {"from", FormatTimestamp(from)},
      {"to", FormatTimestamp(before)},
      {"funnel", FunnelToJson(a.funnel)},
      {"last_click_at", a.last_click_at ? json::value(FormatTimestamp(*a.last_click_at)) : json::value(nullptr)},
      {"channels", ChannelsToJson(a.channels)},
  };
}

json::value PublicProgramToJson(const domain::Program& p) {
  return json::object{{"name", p.name},
                      {"slug", p.slug},
                      {"kind", domain::ToString(p.kind)},
                      {"status", domain::ToString(p.status)},
                      {"branding", json::object{{"color", p.branding.color}, {"logo_url", p.branding.logo_url}}}};
}

json::value ToJson(const domain::User& u) {
  return json::object{
      {"id", u.id},
      {"email", u.email},
      {"name", u.name},
      {"role", domain::ToString(u.role)},
      {"disabled", u.disabled},
      {"created_at", FormatTimestamp(u.created_at)},
  };
}

json::value ToJson(const domain::ApiKey& k) {
  return json::object{
      {"id", k.id},
      {"name", k.name},
      {"role", domain::ToString(k.role)},
      {"created_by", k.created_by},
      {"created_at", FormatTimestamp(k.created_at)},
      {"revoked_at", k.revoked_at ? json::value(FormatTimestamp(*k.revoked_at)) : json::value(nullptr)},
  };
}

json::value ToJson(const service::CreatedApiKey& created) {
  json::value out = ToJson(created.key);
  out.as_object()["key"] = created.secret;
  return out;
}

json::value StatsToJson(std::string_view program_id, const domain::ProgramStats& s) {
  json::object channels;
  for (const auto& [channel, count] : s.clicks_by_channel) channels[channel] = count;
  return json::object{
      {"program_id", program_id},
      {"advocates", s.advocates},
      {"active_advocates", s.active_advocates},
      {"clicks", s.clicks},
      {"bot_clicks", s.bot_clicks},
      {"unique_visitors", s.unique_visitors},
      {"clicks_by_channel", std::move(channels)},
      {"estimates", EstimatesToJson(true)},
  };
}

json::value PageToJson(json::array data, const std::string& next_cursor) {
  return json::object{
      {"data", std::move(data)},
      {"next_cursor", next_cursor.empty() ? json::value(nullptr) : json::value(next_cursor)},
  };
}

}  // namespace bb::http
