#include "service/lead_scoring_service.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <set>

#include "common/checked_math.h"
#include "domain/buying_committee.h"
#include "domain/contact.h"
#include "domain/ids.h"
#include "domain/validation.h"
#include "representation/score_model_json.h"
#include "service/audit_trail.h"

namespace bb::service {
namespace {

using domain::Action;

constexpr std::string_view kNoProgram = "No program with this id.";
constexpr std::string_view kNoReferral = "No referral with this id.";
constexpr std::int64_t kMicrosPerDay = 86'400'000'000;

// kNotFound for a program that does not exist; with `open`, kConflict for an archived one (it changes
// no more).
Status ProgramExists(store::Queries& q, std::string_view program_id, bool open = false) {
  BB_ASSIGN_OR_RETURN(auto program, q.FindProgram(program_id));
  if (!program) return Error::NotFound(std::string(kNoProgram));
  if (open && program->status == domain::ProgramStatus::kArchived) {
    return Error::Conflict("The program is archived: its scores take no new model or events.");
  }
  return Ok();
}

std::string RulesJson(const domain::ScoreModel& model) {
  return boost::json::serialize(representation::ScoreModelToJson(model));
}

bool Ranks(const ScoredReferral& a, const ScoredReferral& b) {
  if (a.score.total != b.score.total) return a.score.total > b.score.total;
  if (a.score.engagement != b.score.engagement) return a.score.engagement > b.score.engagement;
  const auto last_a = a.score.last_engaged_at.value_or(Timestamp{});
  const auto last_b = b.score.last_engaged_at.value_or(Timestamp{});
  if (last_a != last_b) return last_a > last_b;
  return a.referral.id < b.referral.id;
}

std::string AccountOf(const domain::Referral& r) {
  return domain::CompanyDomain(r.referee.email, r.referee.email_domain);
}

}  // namespace

Result<Timestamp> LeadScoringService::AsOf(const std::optional<Timestamp>& as_of) const {
  const Timestamp now = clock_.Now();
  if (as_of && *as_of > now)
    return Error::InvalidField("as_of", "must not be in the future: scores are of what happened by then");
  return as_of.value_or(now);
}

template <class Report>
Result<std::vector<ScoredReferral>> LeadScoringService::ReadScores(std::string_view program_id,
                                                                   std::optional<std::int64_t> version, Report& report,
                                                                   ScoreMoment moment,
                                                                   const std::optional<std::string>& product) {
  std::vector<ScoredReferral> scored;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramExists(q, program_id));
    BB_ASSIGN_OR_RETURN(report.model, ScoreModelOf(q, program_id, version));
    BB_ASSIGN_OR_RETURN(scored, ScoreProgram(q, report.model, report.as_of, moment, product));
    return Ok();
  }));
  return scored;
}

Result<domain::ScoreModel> LeadScoringService::Model(const domain::Actor& actor, std::string_view program_id,
                                                     std::optional<std::int64_t> version) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadPrograms));
  domain::ScoreModel out;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_RETURN_IF_ERROR(ProgramExists(q, program_id));
    BB_ASSIGN_OR_RETURN(out, ScoreModelOf(q, program_id, version));
    return Ok();
  }));
  return out;
}

Result<LeadScoringService::Published> LeadScoringService::Publish(const domain::Actor& actor,
                                                                  std::string_view program_id,
                                                                  domain::ScoreModel rules) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kManagePrograms));
  BB_RETURN_IF_ERROR(domain::CheckScoreModel(rules));
  Published out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    out = Published{};
    const Timestamp now = clock_.Now();
    BB_RETURN_IF_ERROR(ProgramExists(tx, program_id, true));
    BB_ASSIGN_OR_RETURN(auto latest, ScoreModelOf(tx, program_id, std::nullopt));
    const std::string json = RulesJson(rules);
    if (latest.version > 0 && RulesJson(latest) == json) {
      out.model = std::move(latest);
      return Ok();
    }
    store::ScoreModelRecord record{std::string(program_id), latest.version + 1, json, now, actor.id};
    BB_RETURN_IF_ERROR(tx.InsertScoreModel(record));
    BB_ASSIGN_OR_RETURN(out.model, ScoreModelOf(tx, program_id, record.version));
    out.published = true;
    return RecordAudit(tx, ids_, actor, now, "score_model.published", program_id,
                       {{"score_model_version", std::to_string(latest.version), std::to_string(record.version)}});
  }));
  return out;
}

Result<std::vector<RecordedEvent>> LeadScoringService::RecordEvents(const domain::Actor& actor,
                                                                    std::string_view program_id,
                                                                    const std::vector<EngagementEventInput>& input) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kImportData));
  if (input.empty() || input.size() > kMaxEngagementEventsPerRequest) {
    return Error::InvalidField("events",
                               "must have 1 to " + std::to_string(kMaxEngagementEventsPerRequest) + " events");
  }
  const Timestamp now = clock_.Now();
  std::vector<FieldError> errors;
  std::vector<domain::EngagementEvent> events;
  std::set<std::string> keys;
  for (std::size_t i = 0; i < input.size(); ++i) {
    const auto& in = input[i];
    const std::string at = "events[" + std::to_string(i) + "].";
    domain::EngagementEvent e;
    e.program_id = std::string(program_id);
    const std::string email(domain::Trim(in.email.value_or("")));
    if (std::string problem = domain::CheckEmail(email); !problem.empty()) {
      errors.push_back({at + "email", problem});
    } else {
      e.person = domain::EmailMatchKey(email);
    }
    e.type = in.type.value_or("");
    if (!domain::IsEventType(e.type)) {
      errors.push_back({at + "type", "must be 1-64 of a-z, 0-9, _, ., : and -, starting with a letter"});
    } else if (e.type == "referral_submitted" || e.type.starts_with("lifecycle:")) {
      errors.push_back({at + "type", "is one Bluebird records itself (referral_submitted, lifecycle:<stage>)"});
    }
    if (!in.occurred_at) {
      errors.push_back({at + "occurred_at", "is required: when it happened (RFC 3339)"});
    } else if (*in.occurred_at > now) {
      errors.push_back({at + "occurred_at", "must not be in the future"});
    } else if (ToMicros(*in.occurred_at) < 0) {
      errors.push_back({at + "occurred_at", "must be after 1970-01-01"});
    } else {
      e.occurred_at = *in.occurred_at;
    }
    e.key = std::string(domain::Trim(in.key.value_or("")));
    if (std::string problem = domain::CheckText(e.key, 200); !problem.empty()) {
      errors.push_back({at + "key", problem + " (the event's own id in the system that reports it)"});
    } else if (!keys.insert(e.key).second) {
      errors.push_back({at + "key", "is the key of another event of this request"});
    }
    e.product = std::string(domain::Trim(in.product.value_or("")));
    if (std::string problem = domain::CheckText(e.product, 100, true); !problem.empty()) {
      errors.push_back({at + "product", problem});
    }
    e.channel = std::string(domain::Trim(in.channel.value_or("")));
    if (std::string problem = domain::CheckText(e.channel, 100, true); !problem.empty()) {
      errors.push_back({at + "channel", problem});
    }
    e.source = "api";
    e.recorded_at = now;
    events.push_back(std::move(e));
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  std::vector<RecordedEvent> out;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    out.clear();
    BB_RETURN_IF_ERROR(ProgramExists(tx, program_id, true));
    for (auto e : events) {
      e.id = ids_.New(domain::kEngagementEventPrefix);
      BB_ASSIGN_OR_RETURN(bool written, tx.InsertEngagementEvent(e));
      out.push_back({std::move(e), !written});
    }
    return Ok();
  }));
  return out;
}

Result<ReferralScore> LeadScoringService::ScoreReferral(const domain::Actor& actor, std::string_view referral_id,
                                                        std::optional<std::int64_t> version,
                                                        std::optional<Timestamp> as_of) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  ReferralScore out;
  BB_ASSIGN_OR_RETURN(out.as_of, AsOf(as_of));
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(auto referral, q.FindReferral(referral_id));
    if (!referral || referral->created_at > out.as_of) return Error::NotFound(std::string(kNoReferral));
    out.referral = std::move(*referral);
    BB_ASSIGN_OR_RETURN(out.model, ScoreModelOf(q, out.referral.program_id, version));
    BB_ASSIGN_OR_RETURN(auto events,
                        EventsOfPerson(q, out.referral.program_id, out.referral.referee.email_key, out.as_of));
    BB_ASSIGN_OR_RETURN(auto committee, q.FindCommittee(out.referral.id, out.as_of));
    out.score = domain::ScoreLead(out.model, out.referral, events, out.as_of, committee ? &*committee : nullptr);
    for (auto& product : domain::EventProducts(events, out.as_of)) {
      const std::int64_t engagement = domain::ProductEngagement(out.model, out.referral, events, product, out.as_of);
      out.products.emplace_back(std::move(product), engagement);
    }
    return Ok();
  }));
  return out;
}

Result<Ranking> LeadScoringService::Rank(const domain::Actor& actor, const ScoreQuery& query, bool open_only,
                                         const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  Ranking out;
  BB_ASSIGN_OR_RETURN(auto position, ReadSnapshotCursor(page));  // every page of the list as of one instant
  BB_ASSIGN_OR_RETURN(out.as_of, AsOf(query.as_of ? query.as_of : position.as_of));
  BB_ASSIGN_OR_RETURN(auto scored, ReadScores(query.program_id, query.version, out, ScoreMoment::kAsOf));
  if (open_only) std::erase_if(scored, [](const ScoredReferral& s) { return domain::IsClosed(s.stage); });
  std::sort(scored.begin(), scored.end(), Ranks);
  std::vector<RankedReferral> ranked;
  ranked.reserve(scored.size());
  const auto n = static_cast<std::int64_t>(scored.size());
  for (std::int64_t i = 0; i < n; ++i) {
    RankedReferral r;
    r.id = scored[static_cast<std::size_t>(i)].referral.id;
    r.rank = i + 1;
    // 10,000 × (1 − i / n), rounded half up.
    r.percentile_bp = static_cast<std::int64_t>((static_cast<Int128>(n - i) * 20000 + n) / (2 * n));
    r.scored = std::move(scored[static_cast<std::size_t>(i)]);
    ranked.push_back(std::move(r));
  }
  out.count = n;
  BB_ASSIGN_OR_RETURN(out.page, PageByPosition(std::move(ranked), page, out.as_of));
  return out;
}

Result<AccountList> LeadScoringService::Accounts(const domain::Actor& actor, const ScoreQuery& query,
                                                 AccountOrder order, const Page& page) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  AccountList out;
  BB_ASSIGN_OR_RETURN(auto position, ReadSnapshotCursor(page));  // every page of the list as of one instant
  BB_ASSIGN_OR_RETURN(out.as_of, AsOf(query.as_of ? query.as_of : position.as_of));
  if (order == AccountOrder::kProductEngagement && !query.product) {
    return Error::InvalidField("order", "-product_engagement needs a product");
  }
  BB_ASSIGN_OR_RETURN(auto scored, ReadScores(query.program_id, query.version, out, ScoreMoment::kAsOf, query.product));
  std::vector<domain::BuyingCommittee> committees;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(committees, q.ListCommittees(query.program_id, out.as_of));
    return Ok();
  }));
  std::map<std::string_view, const domain::BuyingCommittee*> committee_of;
  for (const auto& c : committees) committee_of.emplace(c.referral_id, &c);
  std::map<std::string, std::vector<domain::CommitteeMember>> open_members;  // by account
  // Each account's people, each with their latest referral (referrals come by id: in time order
  // within an instant's precision, so the later created_at wins, then the later id).
  struct Person {
    const ScoredReferral* latest = nullptr;
  };
  std::map<std::string, std::map<std::string, Person>> accounts;
  std::map<std::string, AccountFigures> figures;
  for (const auto& s : scored) {
    const std::string account = AccountOf(s.referral);
    if (account.empty()) continue;
    auto& f = figures[account];
    f.id = account;
    if (domain::IsClosed(s.stage)) {
      f.won_referrals += s.stage == domain::ReferralStage::kWon ? 1 : 0;
    } else {
      ++f.open_referrals;
      auto committee = committee_of.find(s.referral.id);
      if (committee != committee_of.end()) {
        auto& members = open_members[account];
        members.insert(members.end(), committee->second->members.begin(), committee->second->members.end());
      }
    }
    auto& person = accounts[account][s.referral.referee.email_key];
    if (person.latest == nullptr || person.latest->referral.created_at <= s.referral.created_at) person.latest = &s;
  }
  std::vector<AccountFigures> list;
  list.reserve(figures.size());
  for (auto& [account, f] : figures) {
    std::vector<std::int64_t> totals;
    std::vector<std::int64_t> engagements;
    std::vector<std::int64_t> product_engagements;
    for (const auto& [key, person] : accounts[account]) {
      const auto& score = person.latest->score;
      totals.push_back(score.total);
      engagements.push_back(score.engagement);
      product_engagements.push_back(person.latest->product_engagement);
      f.fit = f.contacts == 0 ? score.fit : std::max(f.fit, score.fit);
      ++f.contacts;
      f.engaged_contacts += score.engagement > 0 ? 1 : 0;
      f.mql_contacts += score.mql_at ? 1 : 0;
      if (score.last_engaged_at && (!f.last_engaged_at || *score.last_engaged_at > *f.last_engaged_at)) {
        f.last_engaged_at = score.last_engaged_at;
      }
    }
    f.score = domain::RollUp(out.model.rollup, out.model.rollup_top_n, std::move(totals));
    if (out.model.account_limit) f.score = std::min(f.score, *out.model.account_limit * 100);
    f.engagement = domain::RollUp(out.model.rollup, out.model.rollup_top_n, std::move(engagements));
    if (query.product) {
      f.product_engagement = domain::RollUp(out.model.rollup, out.model.rollup_top_n, std::move(product_engagements));
    }
    f.grade = domain::GradeOf(out.model.bands, f.fit, f.engagement);
    f.roles_covered = domain::RolesCovered(open_members[account]);
    f.roles_missing = domain::RolesMissing(open_members[account]);
    list.push_back(std::move(f));
  }
  std::sort(list.begin(), list.end(), [&](const AccountFigures& a, const AccountFigures& b) {
    if (order == AccountOrder::kScore && a.score != b.score) return a.score > b.score;
    if (order == AccountOrder::kEngagement && a.engagement != b.engagement) return a.engagement > b.engagement;
    if (order == AccountOrder::kProductEngagement && a.product_engagement != b.product_engagement) {
      return a.product_engagement > b.product_engagement;
    }
    return a.id < b.id;
  });
  out.count = static_cast<std::int64_t>(list.size());
  BB_ASSIGN_OR_RETURN(out.page, PageByPosition(std::move(list), page, out.as_of));
  return out;
}

Result<CalibrationReport> LeadScoringService::Calibrate(const domain::Actor& actor, const CalibrationQuery& query) {
  BB_RETURN_IF_ERROR(domain::Authorize(actor, Action::kReadAnalytics));
  CalibrationReport out;
  BB_ASSIGN_OR_RETURN(out.as_of, AsOf(query.score.as_of));
  out.from = query.from.value_or(Timestamp{});
  out.to = query.to.value_or(out.as_of);
  // Name what the caller sent: the range's end when they gave one, else its start or as_of.
  if (out.to <= out.from) {
    if (query.to) return Error::InvalidField("to", "must be after from");
    if (query.from) return Error::InvalidField("from", "must be before as_of");
    return Error::InvalidField("as_of", "must be after 1970-01-01");
  }
  if (out.to > out.as_of) return Error::InvalidField("to", "must not be after as_of");
  if (query.outcome_window_days < 1 || query.outcome_window_days > domain::kMaxScoreDays) {
    return Error::InvalidField("outcome_window_days", "must be a whole number from 1 to 3650");
  }
  out.outcome_window_days = query.outcome_window_days;
  BB_ASSIGN_OR_RETURN(auto scored,
                      ReadScores(query.score.program_id, query.score.version, out, ScoreMoment::kSubmission));
  std::vector<domain::CalibrationCase> cases;
  const std::int64_t window = query.outcome_window_days * kMicrosPerDay;
  for (const auto& s : scored) {
    const Timestamp submitted = s.referral.created_at;
    if (submitted < out.from || submitted >= out.to) continue;
    ++out.submitted;
    bool won = false;
    if (s.stage == domain::ReferralStage::kWon) {
      won = true;
    } else if (!domain::IsClosed(s.stage) && ToMicros(out.as_of) - ToMicros(submitted) <= window) {
      ++out.censored;
      continue;
    }
    cases.push_back({s.referral.id, s.score.total, s.score.grade, won});
  }
  out.calibration = domain::Calibrate(std::move(cases));
  return out;
}

}  // namespace bb::service
