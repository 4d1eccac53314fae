#include "representation/resource_json.h"

#include <boost/json.hpp>

#include <optional>

#include "common/time_format.h"

namespace bb::representation {

namespace json = boost::json;

namespace {

json::value OrNull(const std::optional<std::int64_t>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::value OrNull(const std::string& text) { return text.empty() ? json::value(nullptr) : json::value(text); }

}  // namespace

json::value AttributesToJson(const domain::Attributes& given) {
  json::object attributes;
  for (const auto& [key, value] : given) {
    switch (value.kind) {
      case domain::AttributeValue::Kind::kString: attributes[key] = value.text; break;
      case domain::AttributeValue::Kind::kBool: attributes[key] = value.text == "true"; break;
      case domain::AttributeValue::Kind::kNumber: {
        boost::system::error_code ec;
        json::value number = json::parse(value.text, ec);
        attributes[key] = ec ? json::value(value.text) : number;
        break;
      }
    }
  }
  return attributes;
}

json::value ToJson(const domain::Advocate& a, const LinkBase& links) {
  json::value attributes = AttributesToJson(a.attributes);
  json::array tags;
  for (const auto& tag : a.tags) tags.emplace_back(tag);
  return json::object{
      {"id", a.id},
      {"program_id", a.program_id},
      {"person_id", a.person.id},
      {"email", a.email},
      {"first_name", a.first_name},
      {"last_name", a.last_name},
      {"company", a.company},
      {"code", a.code},
      {"link", links.ReferralLink(a.code)},
      {"source", domain::ToString(a.source)},
      {"enrolled_by", a.enrolled_by.empty() ? json::value(nullptr) : json::value(a.enrolled_by)},
      {"status", domain::ToString(a.status)},
      {"attributes", std::move(attributes)},
      {"tags", std::move(tags)},
      {"created_at", FormatTimestamp(a.created_at)},
      {"updated_at", FormatTimestamp(a.updated_at)},
  };
}

json::value ToJson(const domain::Referral& r) {
  json::array reasons;
  for (auto reason : r.review_reasons) reasons.emplace_back(domain::ToString(reason));
  return json::object{
      {"id", r.id},
      {"program_id", r.program_id},
      {"advocate_id", r.advocate_id},
      {"code", r.code},
      {"first_touch_code", r.first_touch_code},
      {"source", domain::ToString(r.source)},
      {"submitted_by", OrNull(r.submitted_by)},
      {"channel", r.channel},
      {"referee",
       json::object{
           {"email", r.referee.email},
           {"first_name", r.referee.first_name},
           {"last_name", r.referee.last_name},
           {"company", r.referee.company},
           {"title", r.referee.title},
           {"phone", r.referee.phone},
           {"email_domain", r.referee.email_domain},
       }},
      {"product", r.product},
      {"note", r.note},
      {"stage", domain::ToString(r.stage)},
      {"review_status", domain::ToString(r.review_status)},
      {"review_reasons", std::move(reasons)},
      {"deal_value_minor", OrNull(r.deal_value_minor)},
      {"deal_currency", OrNull(r.deal_currency)},
      {"external_id", OrNull(r.external_id)},
      {"segment_id", OrNull(r.segment_id)},
      {"created_at", FormatTimestamp(r.created_at)},
      {"updated_at", FormatTimestamp(r.updated_at)},
  };
}

json::value ToJson(const domain::Reward& r) {
  return json::object{
      {"id", r.id},
      {"program_id", r.program_id},
      {"referral_id", OrNull(r.referral_id)},
      {"advocate_id", r.advocate_id},
      {"rule_id", OrNull(r.rule_id)},
      {"redemption_id", OrNull(r.redemption_id)},
      {"beneficiary", domain::ToString(r.beneficiary)},
      {"trigger", r.trigger_key},
      {"entry", domain::ToString(r.entry)},
      {"correction", r.correction},
      {"corrects", OrNull(r.corrects)},
      {"superseded_by", r.superseded_by},
      {"amount_minor", r.amount_minor},
      {"currency", r.currency},
      {"kind", domain::ToString(r.kind)},
      {"status", domain::ToString(r.status)},
      {"reason", r.reason},
      {"payout_reference", OrNull(r.payout_reference)},
      {"reversal_reason", OrNull(r.reversal_reason)},
      {"created_at", FormatTimestamp(r.created_at)},
      {"updated_at", FormatTimestamp(r.updated_at)},
  };
}

json::value ToJson(const domain::Campaign& c, const domain::CampaignCounts& n) {
  json::array days;
  for (std::int64_t day : c.reminders_after_days) days.emplace_back(day);
  return json::object{
      {"id", c.id},
      {"program_id", c.program_id},
      {"name", c.name},
      {"kind", domain::ToString(c.kind)},
      {"state", domain::ToString(c.state)},
      {"send_at", FormatTimestamp(c.send_at)},
      {"reminders_after_days", std::move(days)},
      {"created_by", c.created_by},
      {"created_at", FormatTimestamp(c.created_at)},
      {"completed_at", c.completed_at ? json::value(FormatTimestamp(*c.completed_at)) : json::value(nullptr)},
      {"throttle_days",
       c.kind == domain::CampaignKind::kNpsSurvey ? json::value(c.throttle_days) : json::value(nullptr)},
      {"trigger",
       c.trigger == domain::CampaignTrigger::kNone ? json::value(nullptr) : json::value(domain::ToString(c.trigger))},
      {"quiet_days", c.quiet_days > 0 ? json::value(c.quiet_days) : json::value(nullptr)},
      {"recipients", n.recipients},
      {"sent", n.sent},
      {"delivered", n.delivered},
      {"bounced", n.bounced},
      {"opened", n.opened},
      {"joined", n.joined},
      {"shared", n.shared},
      {"referred", n.referred},
      {"unsubscribed", n.unsubscribed},
      {"reminders_sent", n.reminders_sent},
      {"answered", n.answered},
      {"throttled", n.throttled}};
}

namespace {

json::array IssuesToJson(const std::vector<domain::ImportIssue>& issues) {
  json::array out;
  for (const auto& issue : issues) {
    out.push_back(json::object{{"row", issue.row}, {"column", issue.column}, {"message", issue.message}});
  }
  return out;
}

}  // namespace

json::value ToJson(const domain::Import& i) {
  return json::object{{"id", i.id},
                      {"program_id", i.program_id},
                      {"kind", domain::ToString(i.kind)},
                      {"dry_run", i.dry_run},
                      {"status", domain::ToString(i.status)},
                      {"rows_total", i.rows_total},
                      {"rows_done", i.rows_done},
                      {"created", i.created},
                      {"updated", i.updated},
                      {"unchanged", i.unchanged},
                      {"refused", i.refused},
                      {"errors", IssuesToJson(i.errors)},
                      {"errors_truncated", i.errors_truncated},
                      {"warnings", IssuesToJson(i.warnings)},
                      {"created_by", i.created_by},
                      {"created_at", FormatTimestamp(i.created_at)},
                      {"updated_at", FormatTimestamp(i.updated_at)},
                      {"finished_at", i.finished_at ? json::value(FormatTimestamp(*i.finished_at)) : nullptr}};
}

}  // namespace bb::representation
