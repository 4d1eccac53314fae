#include "domain/reward_words.h"

#include <charconv>
#include <string_view>

namespace bb::domain {
namespace {

// 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st.
std::string Ordinal(std::int64_t n) {
  const std::int64_t last_two = n % 100;
  const char* suffix = "th";
  if (last_two < 11 || last_two > 13) {
    switch (n % 10) {
      case 1: suffix = "st"; break;
      case 2: suffix = "nd"; break;
      case 3: suffix = "rd"; break;
      default: break;
    }
  }
  return std::to_string(n) + suffix;
}

}  // namespace

std::string RefereeInWords(const Referee& referee) {
  std::string name = referee.first_name;
  if (!referee.last_name.empty()) name += (name.empty() ? "" : " ") + referee.last_name;
  if (name.empty()) return referee.email;
  return referee.company.empty() ? name : name + " at " + referee.company;
}

std::string RewardInWords(const Reward& reward, const Referral& referral) {
  const std::string who = RefereeInWords(referral.referee);
  if (reward.entry != RewardEntry::kGrant) return who + ": the deal's value was corrected";
  constexpr std::string_view kNthWon = "nth_won:";
  if (reward.trigger_key.starts_with(kNthWon)) {
    std::int64_t n = 0;
    const std::string_view digits = std::string_view(reward.trigger_key).substr(kNthWon.size());
    std::from_chars(digits.data(), digits.data() + digits.size(), n);
    if (n > 0) return who + " became your " + Ordinal(n) + " customer";
  }
  if (reward.trigger_key == "stage:submitted") return "You referred " + who;
  if (reward.trigger_key == "stage:qualified") return who + " qualified";
  if (reward.trigger_key == "stage:opportunity") return who + " became a sales opportunity";
  if (reward.trigger_key == "stage:won") return who + " became a customer";
  return "For referring " + who;
}

}  // namespace bb::domain
