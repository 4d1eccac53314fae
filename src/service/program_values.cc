#include "service/program_values.h"

#include <map>
#include <string_view>
#include <unordered_map>

#include "common/checked_math.h"
#include "service/referral_replay.h"

namespace bb::service {
namespace {

// Adds `amount` to `sum`; kOutOfRange naming `figure` when the sum does not fit in 64 bits.
Status AddMoney(std::int64_t& sum, std::int64_t amount, std::string_view figure) {
  BB_ASSIGN_OR_RETURN(sum, Figure(static_cast<Int128>(sum) + amount, figure));
  return Ok();
}

}  // namespace

Result<domain::ValueSettings> ValueSettingsOf(store::Queries& q, std::string_view program_id,
                                              std::optional<std::int64_t> version) {
  std::optional<domain::ValueSettings> found;
  if (!version || *version > 0) {
    BB_ASSIGN_OR_RETURN(found, q.FindValueSettings(program_id, version));
  }
  if (found) return *found;
  if (version && *version != 0) {
    return Error::NotFound("The program has no value settings version " + std::to_string(*version) + ".");
  }
  domain::ValueSettings defaults;
  defaults.program_id = std::string(program_id);
  return defaults;
}

Result<ProgramValuation> ValueProgram(store::Queries& q, const domain::Program& program,
                                      const domain::ValueSettings& settings, Timestamp as_of, domain::ValueView view) {
  ProgramValuation out;
  out.program = program;
  out.settings = settings;
  BB_ASSIGN_OR_RETURN(out.advocates, q.ListEnrolments(program.id, as_of));
  BB_ASSIGN_OR_RETURN(auto referrals, q.ListReferralsCreatedBy(program.id, as_of));
  BB_ASSIGN_OR_RETURN(auto histories, ReplayReferrals(q, program.id, as_of));
  BB_ASSIGN_OR_RETURN(auto answers, q.ListIncrementalityAnswers(program.id, as_of));
  std::map<std::string, std::optional<bool>, std::less<>> answer_of;
  for (const auto& a : answers) answer_of[a.referral_id] = a.would_have_joined_anyway;  // the last one wins

  std::vector<domain::ReferredCustomerRecord> won;
  for (const auto& r : referrals) {
    auto replayed = histories.find(r.id);
    if (replayed == histories.end()) continue;
    const ReplayedReferral& h = replayed->second;
    if (!h.ClearAt(r, as_of)) continue;
    if (h.stage != domain::ReferralStage::kWon || !h.won_at) continue;
    domain::ReferredCustomerRecord w;
    w.referral_id = r.id;
    w.advocate_id = r.advocate_id;
    w.won_at = *h.won_at;
    w.churned_at = h.churned_at;
    if (h.deal_value_minor && r.deal_currency == program.currency) w.deal_value_minor = h.deal_value_minor;
    w.reversed = h.churned_at && h.churn_reverses;  // as judged when it was recorded
    if (auto answer = answer_of.find(r.id); answer != answer_of.end()) w.would_have_joined_anyway = answer->second;
    won.push_back(std::move(w));
  }

  // Each advocate's inputs, found by id (the ids stay where they are: the list is not resized).
  std::vector<domain::AdvocateValueInput> list;
  list.reserve(out.advocates.size());
  for (const auto& a : out.advocates) list.push_back({a.advocate_id, a.enrolled_at, std::nullopt, 0, 0, 0});
  std::unordered_map<std::string_view, domain::AdvocateValueInput*> inputs;
  inputs.reserve(list.size());
  for (auto& a : list) inputs.emplace(a.advocate_id, &a);
  BB_ASSIGN_OR_RETURN(auto costs, q.ListRewardCosts(program.id, as_of));
  for (const auto& c : costs) {
    auto it = inputs.find(c.advocate_id);
    if (it == inputs.end() || c.reversed || c.currency != program.currency) continue;
    BB_RETURN_IF_ERROR(AddMoney(it->second->rewards_minor, c.amount_minor, "rewards_minor"));
  }
  BB_ASSIGN_OR_RETURN(auto customer_inputs, q.ListCustomerInputs(program.id, "", as_of));
  for (auto& c : customer_inputs) {
    if (auto it = inputs.find(c.advocate_id); it != inputs.end()) it->second->inputs = std::move(c);  // the last wins
  }
  BB_ASSIGN_OR_RETURN(auto entries, q.ListValueEntries(program.id, "", as_of));
  for (const auto& e : entries) {
    auto it = inputs.find(e.advocate_id);
    if (it == inputs.end()) continue;
    const bool influence = e.category == domain::ValueCategory::kInfluence;
    auto& sum = influence ? it->second->influence_minor : it->second->knowledge_minor;
    BB_RETURN_IF_ERROR(AddMoney(sum, e.amount_minor, influence ? "civ_minor" : "ckv_minor"));
  }
  BB_ASSIGN_OR_RETURN(out.report, domain::ValueCustomers(settings, list, won, as_of, view));
  return out;
}

}  // namespace bb::service
