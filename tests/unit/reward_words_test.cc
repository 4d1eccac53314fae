// A reward in its advocate's words (domain/reward_words.h): who the referral is and what happened,
// for every trigger a rule can have, a correction, and ordinals (1st, 2nd, 3rd, 11th, 12th, 13th,
// 21st, 101st, 111th); never the rule's name or its arithmetic.

#include "domain/reward_words.h"

#include <gtest/gtest.h>

namespace bb::domain {
namespace {

Referral Of(std::string first, std::string last, std::string company, std::string email = "grace@navy.example") {
  Referral r;
  r.referee.first_name = std::move(first);
  r.referee.last_name = std::move(last);
  r.referee.company = std::move(company);
  r.referee.email = std::move(email);
  return r;
}

Reward Triggered(std::string key, RewardEntry entry = RewardEntry::kGrant) {
  Reward r;
  r.trigger_key = std::move(key);
  r.entry = entry;
  r.reason = "rule \"Won deal\" (stage:won): fixed 25000 = 25000 USD";
  return r;
}

TEST(RewardWordsTest, SaysWhatHappenedToWhom) {
  const Referral grace = Of("Grace", "Hopper", "Navy");
  EXPECT_EQ(RewardInWords(Triggered("stage:won"), grace, {}), "Grace Hopper at Navy became a customer");
  EXPECT_EQ(RewardInWords(Triggered("stage:submitted"), grace, {}), "You referred Grace Hopper at Navy");
  EXPECT_EQ(RewardInWords(Triggered("stage:qualified"), grace, {}), "Grace Hopper at Navy qualified");
  EXPECT_EQ(RewardInWords(Triggered("stage:opportunity"), grace, {}),
            "Grace Hopper at Navy became a sales opportunity");
  EXPECT_EQ(RewardInWords(Triggered("stage:won", RewardEntry::kAdjustment), grace, {}),
            "Grace Hopper at Navy: the deal's value was corrected");
  EXPECT_EQ(RewardInWords(Triggered("stage:lost"), grace, {}), "For referring Grace Hopper at Navy");
}

TEST(RewardWordsTest, TheNthCustomerHasItsOrdinal) {
  const Referral grace = Of("Grace", "", "");
  const std::pair<const char*, const char*> cases[] = {
      {"1", "1st"},   {"2", "2nd"},   {"3", "3rd"},   {"4", "4th"},     {"11", "11th"},
      {"12", "12th"}, {"13", "13th"}, {"21", "21st"}, {"101", "101st"}, {"111", "111th"}};
  for (const auto& [n, ordinal] : cases) {
    EXPECT_EQ(RewardInWords(Triggered(std::string("nth_won:") + n), grace, {}),
              std::string("Grace became your ") + ordinal + " customer");
  }
  EXPECT_EQ(RewardInWords(Triggered("nth_won:x"), grace, {}), "For referring Grace") << "a key it cannot read";
}

TEST(RewardWordsTest, TheRefereeIsNamedAsTheAdvocateKnowsThem) {
  EXPECT_EQ(RefereeInWords(Of("Grace", "Hopper", "").referee), "Grace Hopper");
  EXPECT_EQ(RefereeInWords(Of("", "Hopper", "Navy").referee), "Hopper at Navy");
  EXPECT_EQ(RefereeInWords(Of("", "", "Navy").referee), "grace@navy.example") << "no name: the address";
}

}  // namespace
}  // namespace bb::domain
