#include "service/credit_recorder.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <string>

#include "domain/contact.h"
#include "domain/ids.h"

namespace bb::service {

namespace {

// The roles of each person of the won deal's committee as recorded by `at`, by email key.
using RolesByPerson = std::map<std::string, std::vector<domain::BuyingRole>>;

Result<RolesByPerson> RolesOf(store::Tx& tx, std::string_view referral_id, Timestamp at) {
  RolesByPerson roles;
  BB_ASSIGN_OR_RETURN(auto committee, tx.FindCommittee(referral_id, at));
  if (!committee) return roles;
  for (const auto& member : committee->members) roles[member.email_key] = member.roles;
  return roles;
}

}  // namespace

bool CountedAsSameDeal(const domain::ReferralCredit& split, std::string_view referral_id) {
  return split.joined.empty() && split.deal_key.starts_with("deal:") &&
         std::any_of(split.touches.begin(), split.touches.end(), [&](const domain::CountedTouch& touch) {
           return touch.referral_id == referral_id && touch.same_deal;
         });
}

store::DealTouchQuery AccountQueryOf(const domain::Referral& referral, const domain::CreditPolicy& policy,
                                     Timestamp at) {
  store::DealTouchQuery query{referral.program_id, referral.external_id, "", at};
  if (policy.account_window_days <= 0) return query;
  const std::string domain_name = domain::CompanyDomain(referral.referee.email, referral.referee.email_domain);
  if (!domain_name.empty()) {
    query.email_domain = domain_name;
    query.since = at - std::chrono::days(policy.account_window_days);
  }
  return query;
}

std::string DealKeyOf(const domain::Referral& referral) {
  return referral.external_id.empty() ? "referral:" + referral.id : "deal:" + referral.external_id;
}

Result<std::optional<domain::ReferralCredit>> CreditRecorder::Recorded(store::Queries& q,
                                                                       const domain::Referral& referral) const {
  BB_ASSIGN_OR_RETURN(auto credit, q.FindReferralCredit(referral.id));
  if (!credit) return credit;
  std::set<std::string> rejected;
  for (const auto& touch : credit->touches) {
    BB_ASSIGN_OR_RETURN(auto touching, q.FindReferral(touch.referral_id));
    if (touching && touching->stage == domain::ReferralStage::kRejected) rejected.insert(touch.referral_id);
  }
  domain::MarkTakenBack(*credit, referral.advocate_id,
                        [&](const std::string& referral_id) { return rejected.contains(referral_id); });
  return credit;
}

Result<std::optional<domain::ReferralCredit>> CreditRecorder::ForWin(store::Tx& tx, const domain::Referral& referral,
                                                                     Timestamp at) const {
  BB_ASSIGN_OR_RETURN(auto recorded, Recorded(tx, referral));
  if (recorded) return recorded;

  domain::ReferralCredit credit;
  credit.id = ids_.New(domain::kReferralCreditPrefix);
  credit.program_id = referral.program_id;
  credit.referral_id = referral.id;
  credit.deal_key = DealKeyOf(referral);
  credit.at = at;
  // A deal pays once, whatever the policy says now: a win joins the split of its CRM deal, or the
  // split of a CRM deal that counted this referral as one of the deal's (its deal id changed since).
  std::optional<domain::ReferralCredit> paid;
  if (!referral.external_id.empty()) {
    BB_ASSIGN_OR_RETURN(paid, tx.FindDealCredit(referral.program_id, credit.deal_key));
  }
  if (!paid) {
    BB_ASSIGN_OR_RETURN(auto touched, tx.ListCreditsTouching(referral.id));
    auto of_a_deal = std::find_if(touched.begin(), touched.end(), [&](const domain::ReferralCredit& split) {
      return CountedAsSameDeal(split, referral.id);
    });
    if (of_a_deal != touched.end()) paid = std::move(*of_a_deal);
  }
  if (paid) {
    credit.joined = paid->id;
    credit.split = paid->split;
    BB_RETURN_IF_ERROR(tx.InsertReferralCredit(credit));
    return std::optional<domain::ReferralCredit>{std::move(credit)};
  }

  BB_ASSIGN_OR_RETURN(auto record, tx.FindCreditPolicy(referral.program_id));
  if (!record || record->policy.split == domain::CreditSplit::kNone) return std::optional<domain::ReferralCredit>{};
  const domain::CreditPolicy& policy = record->policy;
  credit.split = policy.split;

  // by_role: the people of the won deal by their roles in its committee; a touching referral whose
  // referee is not among them weighs by the roles in its own committee. Other splits read no
  // committee.
  const bool by_role = policy.split == domain::CreditSplit::kByRole;
  RolesByPerson won_roles;
  if (by_role) {
    BB_ASSIGN_OR_RETURN(won_roles, RolesOf(tx, referral.id, at));
  }
  auto weight_of = [&](const domain::Referral& touching) -> Result<std::int64_t> {
    if (!by_role) return policy.unroled_weight;
    auto found = won_roles.find(touching.referee.email_key);
    if (found != won_roles.end()) return domain::RoleWeight(policy, found->second);
    BB_ASSIGN_OR_RETURN(RolesByPerson own, RolesOf(tx, touching.id, at));
    auto mine = own.find(touching.referee.email_key);
    return domain::RoleWeight(policy, mine != own.end() ? mine->second : std::vector<domain::BuyingRole>{});
  };

  std::vector<domain::CreditTouch> touches;
  std::vector<domain::CountedTouch> counted;
  BB_ASSIGN_OR_RETURN(std::int64_t own_weight, weight_of(referral));
  touches.push_back({referral.advocate_id, referral.id, referral.created_at, own_weight});
  if (!referral.first_touch_code.empty() && referral.first_touch_code != referral.code) {
    BB_ASSIGN_OR_RETURN(auto first, tx.FindLinkTarget(referral.first_touch_code));
    // A deactivated advocate's link stops attributing, and earns no share either.
    if (first && first->program_id == referral.program_id &&
        first->advocate_status == domain::AdvocateStatus::kActive) {
      // The first touch came before the submission; at the same instant, a touch without a
      // referral sorts first (domain::SplitCredit).
      touches.push_back({first->advocate_id, "", referral.created_at, policy.unroled_weight});
    }
  }
  store::DealTouchQuery query = AccountQueryOf(referral, policy, at);
  query.only = store::DealTouchQuery::Only::kTouching;
  if (!query.external_id.empty() || !query.email_domain.empty()) {
    BB_ASSIGN_OR_RETURN(auto touching, tx.ListDealTouches(query));
    for (const auto& other : touching) {
      if (other.id == referral.id || other.created_at > at) continue;
      // A held, duplicate or rejected referral touched nothing; one already won was paid at its
      // own win.
      if (other.review_status != domain::ReviewStatus::kClear || other.stage == domain::ReferralStage::kRejected ||
          other.stage == domain::ReferralStage::kWon) {
        continue;
      }
      // A referral a CRM deal's split counted belongs to that deal: it is counted by no other.
      BB_ASSIGN_OR_RETURN(auto counted_before, tx.ListCreditsTouching(other.id));
      if (std::any_of(counted_before.begin(), counted_before.end(),
                      [&](const domain::ReferralCredit& split) { return CountedAsSameDeal(split, other.id); })) {
        continue;
      }
      BB_ASSIGN_OR_RETURN(std::int64_t weight, weight_of(other));
      touches.push_back({other.advocate_id, other.id, other.created_at, weight});
      const bool same_deal = !referral.external_id.empty() && other.external_id == referral.external_id;
      counted.push_back({other.id, other.advocate_id, same_deal});
    }
  }
  credit.shares = domain::SplitCredit(policy, std::move(touches), referral.advocate_id);
  // The referrals counted: those of the advocates the split credits (at most kMaxCreditShares).
  for (auto& touch : counted) {
    if (domain::ShareOf(credit, touch.advocate_id) != nullptr) credit.touches.push_back(std::move(touch));
  }
  BB_RETURN_IF_ERROR(tx.InsertReferralCredit(credit));
  return std::optional<domain::ReferralCredit>{std::move(credit)};
}

}  // namespace bb::service
