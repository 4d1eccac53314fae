#include "service/program_scores.h"

#include <boost/json/parse.hpp>

#include <algorithm>

#include "representation/score_model_json.h"

namespace bb::service {
namespace {

using domain::EngagementEvent;

bool EarlierEvent(const EngagementEvent& a, const EngagementEvent& b) {
  return a.occurred_at != b.occurred_at ? a.occurred_at < b.occurred_at : a.id < b.id;
}

EngagementEvent Derived(const std::string& program_id, std::string person, std::string type, Timestamp at,
                        std::string id, std::string product = "", std::string channel = "") {
  EngagementEvent e;
  e.id = std::move(id);
  e.program_id = program_id;
  e.person = std::move(person);
  e.type = std::move(type);
  e.product = std::move(product);
  e.channel = std::move(channel);
  e.occurred_at = at;
  e.recorded_at = at;
  e.source = "bluebird";
  return e;
}

void AddReferralEvent(std::vector<EngagementEvent>& out, const domain::Referral& r) {
  out.push_back(
      Derived(r.program_id, r.referee.email_key, "referral_submitted", r.created_at, r.id, r.product, r.channel));
}

void AddLifecycleEvents(std::vector<EngagementEvent>& out, const std::string& program_id,
                        const domain::LifecycleMove& move) {
  for (const auto& stage : move.reached) {
    out.push_back(Derived(program_id, move.contact, "lifecycle:" + stage, move.at, move.id + ":" + stage));
  }
}

}  // namespace

Result<domain::ScoreModel> ScoreModelOf(store::Queries& q, std::string_view program_id,
                                        std::optional<std::int64_t> version) {
  std::optional<store::ScoreModelRecord> record;
  if (!version || *version > 0) {
    BB_ASSIGN_OR_RETURN(record, q.FindScoreModel(program_id, version));
  }
  if (!record) {
    if (version && *version != 0)
      return Error::NotFound("The program has no score model version " + std::to_string(*version) + ".");
    return domain::DefaultScoreModel(std::string(program_id));
  }
  boost::system::error_code ec;
  auto json = boost::json::parse(record->rules_json, ec);
  if (ec) return Error::Internal("A stored score model is not JSON.");
  BB_ASSIGN_OR_RETURN(auto model, representation::ScoreModelFromJson(json));
  model.program_id = record->program_id;
  model.version = record->version;
  model.published_at = record->published_at;
  model.published_by = record->published_by;
  return model;
}

Result<std::vector<EngagementEvent>> EventsOfPerson(store::Queries& q, std::string_view program_id,
                                                    std::string_view person, Timestamp as_of) {
  BB_ASSIGN_OR_RETURN(auto events, q.ListEngagementEvents(program_id, person, as_of));
  BB_ASSIGN_OR_RETURN(auto referrals, q.ListReferralsByReferee(program_id, person, "", Timestamp{}, 10'000));
  for (const auto& r : referrals) {
    if (r.created_at <= as_of && r.referee.email_key == person) AddReferralEvent(events, r);
  }
  BB_ASSIGN_OR_RETURN(auto moves, q.ListLifecycleMovesOf(program_id, person));
  for (const auto& m : moves) {
    if (m.at <= as_of) AddLifecycleEvents(events, std::string(program_id), m);
  }
  std::sort(events.begin(), events.end(), EarlierEvent);
  return events;
}

Result<std::vector<ScoredReferral>> ScoreProgram(store::Queries& q, const domain::ScoreModel& model, Timestamp as_of,
                                                 ScoreMoment moment, const std::optional<std::string>& product) {
  const std::string& program_id = model.program_id;
  BB_ASSIGN_OR_RETURN(auto referrals, q.ListReferralsCreatedBy(program_id, as_of));
  BB_ASSIGN_OR_RETURN(auto reported, q.ListEngagementEvents(program_id, "", as_of));
  BB_ASSIGN_OR_RETURN(auto moves, q.ListLifecycleMoves(program_id, as_of));
  BB_ASSIGN_OR_RETURN(auto changes, q.ListReferralStageChanges(program_id, as_of));
  BB_ASSIGN_OR_RETURN(auto committee_list, q.ListCommittees(program_id, as_of));
  std::map<std::string, domain::BuyingCommittee, std::less<>> committees;
  for (auto& c : committee_list) committees.emplace(c.referral_id, std::move(c));

  std::map<std::string, std::vector<EngagementEvent>, std::less<>> by_person;
  for (auto& e : reported) by_person[e.person].push_back(std::move(e));
  for (const auto& r : referrals) AddReferralEvent(by_person[r.referee.email_key], r);
  for (const auto& m : moves) {
    if (by_person.contains(m.contact)) AddLifecycleEvents(by_person[m.contact], program_id, m);
  }
  for (auto& [person, events] : by_person) std::sort(events.begin(), events.end(), EarlierEvent);

  std::map<std::string, domain::ReferralStage, std::less<>> stage_at;
  for (const auto& c : changes) stage_at[c.referral_id] = c.stage;  // by time: the last one wins

  std::vector<ScoredReferral> out;
  out.reserve(referrals.size());
  for (auto& r : referrals) {
    ScoredReferral scored;
    auto stage = stage_at.find(r.id);
    scored.stage = stage == stage_at.end() ? domain::ReferralStage::kSubmitted : stage->second;
    const auto& events = by_person[r.referee.email_key];
    const Timestamp at = moment == ScoreMoment::kAsOf ? as_of : r.created_at;
    // The committee as recorded by `at`: the latest by as_of is it unless recorded after `at`; then
    // an earlier version is read, unless that latest is the first (none was recorded by `at`: the
    // usual case at a submission, which calibration reads for every referral).
    const domain::BuyingCommittee* committee = nullptr;
    std::optional<domain::BuyingCommittee> earlier;
    if (auto found = committees.find(r.id); found != committees.end()) {
      if (found->second.recorded_at <= at) {
        committee = &found->second;
      } else if (found->second.version > 1) {
        BB_ASSIGN_OR_RETURN(earlier, q.FindCommittee(r.id, at));
        if (earlier) committee = &*earlier;
      }
    }
    scored.score = domain::ScoreLead(model, r, events, at, committee);
    if (product) scored.product_engagement = domain::ProductEngagement(model, r, events, *product, at);
    scored.referral = std::move(r);
    out.push_back(std::move(scored));
  }
  return out;
}

}  // namespace bb::service
