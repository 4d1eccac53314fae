#pragma once
// Net Promoter Score, and referrals as a KPI beside it: an answer as it is recorded, its class, the
// score of a set of answers, and how often each class went on to refer. Pure; no I/O.
//
// Definitions (docs/api.md "NPS"; research/intelligence.md §4):
// - an answer is a whole number 0..10: promoters 9–10, passives 7–8, detractors 0–6;
// - NPS = round(100 × (promoters − detractors) ÷ answers), half away from zero, −100..100; none
//   without answers;
// - the referral rate of a class: of its respondents, the share who submitted at least one referral
//   (not rejected) in (answered_at, answered_at + window], in basis points rounded half away from
//   zero;
// - the referred revenue of a class: the deal values, in the program's currency, of those referrals
//   that are won now (deals in another currency are counted apart, never added).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

enum class NpsClass { kDetractor, kPassive, kPromoter };

std::string_view ToString(NpsClass c);  // "detractor", "passive", "promoter"
std::optional<NpsClass> ParseNpsClass(std::string_view text);

inline constexpr int kMinNpsScore = 0;
inline constexpr int kMaxNpsScore = 10;
inline constexpr int kDefaultReferralWindowDays = 90;

// The class of `score` (0..10; the caller has checked it with CheckNpsScore).
NpsClass ClassOfScore(int score);

// "" when `score` is an answer (a whole number 0..10), else what is wrong.
std::string CheckNpsScore(std::int64_t score);
// "" when `comment` (trimmed) may be an answer's "why" (at most kMaxNpsComment characters, no
// control characters but line breaks and tabs), else what is wrong.
std::string CheckNpsComment(std::string_view comment);
// The question, about `program_name`.
std::string NpsQuestion(std::string_view program_name);

struct NpsFigures {
  std::int64_t responses = 0;
  std::int64_t promoters = 0;
  std::int64_t passives = 0;
  std::int64_t detractors = 0;
  std::optional<std::int64_t> nps;  // -100..100; none without responses
  friend bool operator==(const NpsFigures&, const NpsFigures&) = default;
};

// One answer to "How likely is it that you would recommend …?", of one person, for one program.
struct NpsResponse {
  std::string id;  // kNpsResponsePrefix
  std::string program_id;
  std::string email;       // as given, trimmed
  std::string person_key;  // NormalizeEmail(email): one person however the address is written
  int score = 0;           // 0..10
  std::string comment;     // the "why", may be empty
  std::string source;      // "api": recorded through the API (imports from other survey tools)
  Timestamp answered_at{};
  std::string recorded_by;  // the actor's id
  Timestamp recorded_at{};
  friend bool operator==(const NpsResponse&, const NpsResponse&) = default;
};

struct NpsResponseInput {
  std::optional<std::string> email;
  std::optional<std::int64_t> score;
  std::optional<std::string> comment;
  std::optional<Timestamp> answered_at;  // none: now
};

inline constexpr std::size_t kMaxNpsComment = 2000;
// How far back an answer may be dated (imports from another survey tool): ten years.
inline constexpr auto kMaxNpsAnswerAge = std::chrono::days(3653);

// A survey tool's clock may run this far ahead of ours: such an answer is taken as answered now.
inline constexpr auto kNpsClockTolerance = std::chrono::minutes(5);

// An answer from `input`, answered at `now` unless it says when (a time up to kNpsClockTolerance
// ahead is taken as `now`): Ok, or kInvalidArgument naming "email" (missing or not an address),
// "score" (missing, or not a whole number 0..10), "comment" (longer than kMaxNpsComment characters,
// or with control characters other than line breaks and tabs) or "answered_at" (more than
// kNpsClockTolerance after `now`, or more than kMaxNpsAnswerAge before it).
Result<NpsResponse> BuildNpsResponse(std::string id, std::string program_id, const NpsResponseInput& input,
                                     std::string recorded_by, Timestamp now);

// The figures of `scores` (each 0..10).
NpsFigures ScoreOf(const std::vector<int>& scores);

// A referral a respondent submitted: when, and whether it is won now, with its deal.
struct RespondentReferral {
  Timestamp submitted_at{};
  bool won = false;
  std::int64_t deal_value_minor = 0;  // won: the deal's value (0..kMaxMinorAmount; 0 without one)
  bool in_program_currency = true;    // won: false when the deal is in another currency
  friend bool operator==(const RespondentReferral&, const RespondentReferral&) = default;
};

// One respondent: their answer (0..10) and its time, and the referrals they submitted (rejected
// ones left out by the caller), in any order.
struct Respondent {
  int score = 0;
  Timestamp answered_at{};
  std::vector<RespondentReferral> referrals;
  friend bool operator==(const Respondent&, const Respondent&) = default;
};

// The figures of the respondents' answers.
NpsFigures ScoreOf(const std::vector<Respondent>& respondents);

struct ClassReferrals {
  NpsClass nps_class = NpsClass::kPassive;
  std::int64_t respondents = 0;
  std::int64_t referred = 0;                                   // respondents with a referral in their window
  std::int64_t referrals = 0;                                  // referrals in the respondents' windows
  std::optional<std::int64_t> referral_rate_bp;                // referred ÷ respondents
  std::optional<std::int64_t> referrals_per_respondent_milli;  // referrals ÷ respondents, thousandths
  std::int64_t won = 0;                                        // of those referrals, won now
  std::int64_t won_other_currency = 0;  // of the won, deals in another currency (not in revenue_minor)
  std::int64_t revenue_minor = 0;       // deal values of the won in the program's currency
  std::optional<std::int64_t> revenue_per_respondent_minor;  // revenue_minor ÷ respondents, rounded
  friend bool operator==(const ClassReferrals&, const ClassReferrals&) = default;
};

// Per class, promoter first, then passive, then detractor: how many of `respondents` referred
// within `window_days` after answering, and what those referrals won. kOutOfRange naming
// "classes.<class>.revenue_minor" for a sum too large to show.
Result<std::vector<ClassReferrals>> ReferralsByClass(const std::vector<Respondent>& respondents, int window_days);

}  // namespace bb::domain
