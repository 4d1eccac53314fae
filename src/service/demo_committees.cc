#include "service/demo_committees.h"

#include <algorithm>
#include <array>
#include <random>

#include "domain/buying_committee.h"
#include "domain/ids.h"
#include "domain/validation.h"
#include "service/demo_time.h"

namespace bb::service {
namespace {

using domain::BuyingRole;

constexpr std::array<const char*, 6> kColleagues = {"Morgan", "Priya", "Jonas", "Aiko", "Rafael", "Ingrid"};
constexpr std::array<const char*, 6> kTitles = {"CFO",      "Head of IT", "Operations Manager",
                                                "VP Sales", "Team Lead",  "Procurement Director"};
constexpr std::array<const char*, 6> kSeniorities = {"c_level", "director", "manager", "vp", "individual", "director"};

// FNV-1a: a number fixed by the text.
std::uint64_t Fnv(std::string_view text) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
  return h;
}

void SetPersonality(domain::CommitteeMember& m, std::size_t title) {
  using Kind = domain::AttributeValue::Kind;
  if (auto disc = DemoDiscOf(m.email)) {
    m.attributes["disc_primary"] = {Kind::kString, *disc};
    m.attributes["disc_source"] = {Kind::kString, "predicted:crystal"};
    m.attributes["disc_confidence"] = {Kind::kNumber, std::to_string(55 + Fnv(m.email) % 40)};
  }
  m.attributes["seniority"] = {Kind::kString, kSeniorities[title]};
}

}  // namespace

std::optional<std::string> DemoDiscOf(std::string_view email) {
  constexpr std::array<const char*, 5> kFactors = {"D", "I", "S", "C", nullptr};
  const char* factor = kFactors[Fnv(email) % kFactors.size()];
  if (factor == nullptr) return std::nullopt;
  return std::string(factor);
}

Status AddDemoCommittees(store::Tx& tx, const IdGenerator& ids, ManualClock& past, const domain::Program& program,
                         Timestamp now) {
  std::mt19937 rng(static_cast<std::mt19937::result_type>(Fnv(program.id)));
  std::uniform_int_distribution<int> percent(0, 99);
  BB_ASSIGN_OR_RETURN(auto referrals, tx.ListReferralsCreatedBy(program.id, now));
  for (const auto& r : referrals) {
    if (r.stage == domain::ReferralStage::kSubmitted || r.referee.email_domain.empty() || percent(rng) >= 70) continue;
    // Won deals had more of the buying influences in the room.
    const int chance = r.stage == domain::ReferralStage::kWon ? 75 : r.stage == domain::ReferralStage::kLost ? 30 : 50;
    std::vector<BuyingRole> influences;
    for (auto role :
         {BuyingRole::kEconomicBuyer, BuyingRole::kUserBuyer, BuyingRole::kTechnicalBuyer, BuyingRole::kChampion}) {
      if (percent(rng) < chance) influences.push_back(role);
    }
    domain::BuyingCommittee committee = domain::DefaultCommittee(r);
    committee.members[0].roles.push_back(influences.empty() ? BuyingRole::kInfluencer : influences.back());
    if (!influences.empty()) influences.pop_back();
    SetPersonality(committee.members[0], Fnv(r.referee.email) % kTitles.size());
    std::vector<std::size_t> picks(kColleagues.size());
    for (std::size_t i = 0; i < picks.size(); ++i) picks[i] = i;
    std::shuffle(picks.begin(), picks.end(), rng);
    for (std::size_t i = 0; !influences.empty() && i < 3; ++i) {
      domain::CommitteeMember m;
      m.first_name = kColleagues[picks[i]];
      m.title = kTitles[picks[i]];
      m.email = domain::LowerAscii(m.first_name) + "@" + r.referee.email_domain;
      m.email_key = m.email;
      if (m.email_key == r.referee.email_key) continue;
      m.roles.push_back(influences.back());
      influences.pop_back();
      SetPersonality(m, picks[i]);
      committee.members.push_back(std::move(m));
    }
    for (auto& m : committee.members) std::sort(m.roles.begin(), m.roles.end());
    past.Set(DemoTimeBetween(rng, r.created_at, now));
    committee.id = ids.New(domain::kBuyingCommitteePrefix);
    committee.version = 1;
    committee.recorded_at = past.Now();
    committee.recorded_by = "system";
    BB_RETURN_IF_ERROR(tx.InsertCommittee(committee));
  }
  return Ok();
}

}  // namespace bb::service
