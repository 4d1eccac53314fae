#include "domain/reward_words.h"

#include <charconv>
#include <string_view>

namespace bb::domain {

std::string RefereeInWords(const Referee& referee) {
  std::string name = referee.first_name;
  if (!referee.last_name.empty()) name += (name.empty() ? "" : " ") + referee.last_name;
  if (name.empty()) return referee.email;
  return referee.company.empty() ? name : name + " at " + referee.company;
}

std::string RewardInWords(const Reward& reward, const Referral& referral, const ProgramLanguage& words) {
  // A share of another advocate's referral: who they referred is theirs to know.
  if (reward.advocate_id != referral.advocate_id) return Say(words, "reward.shared", {});
  const std::string who = RefereeInWords(referral.referee);
  if (reward.entry != RewardEntry::kGrant) return Say(words, "reward.corrected", {{"referee", who}});
  constexpr std::string_view kNthWon = "nth_won:";
  if (reward.trigger_key.starts_with(kNthWon)) {
    std::int64_t n = 0;
    const std::string_view digits = std::string_view(reward.trigger_key).substr(kNthWon.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (n > 0) {
      return Say(words, "reward.nth_won",
                 {{"referee", who}, {"count", std::to_string(n)}, {"ordinal", EnglishOrdinal(n)}});
    }
  }
  if (reward.trigger_key == "stage:submitted") return Say(words, "reward.submitted", {{"referee", who}});
  if (reward.trigger_key == "stage:qualified") return Say(words, "reward.qualified", {{"referee", who}});
  if (reward.trigger_key == "stage:opportunity") return Say(words, "reward.opportunity", {{"referee", who}});
  if (reward.trigger_key == "stage:won") return Say(words, "reward.won", {{"referee", who}});
  return Say(words, "reward.other", {{"referee", who}});
}

}  // namespace bb::domain
