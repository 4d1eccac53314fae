#include "domain/program_language.h"

#include <algorithm>
#include <array>

#include "domain/placeholders.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::array<std::string_view, 0> kNone{};
constexpr std::array<std::string_view, 1> kReferee{"referee"};
constexpr std::array<std::string_view, 3> kNthCustomer{"referee", "count", "ordinal"};
constexpr std::array<std::string_view, 2> kPointsForItem{"points", "item"};
constexpr std::array<std::string_view, 1> kItem{"item"};
constexpr std::array<std::string_view, 1> kNote{"note"};
constexpr std::array<std::string_view, 1> kPoints{"points"};
constexpr std::array<std::string_view, 1> kAmount{"amount"};

constexpr std::string_view kRewardFor = "the portal's rewards: what a reward was given for";
constexpr std::string_view kPointsFor = "the portal's points history: what an entry was";
constexpr std::string_view kWhyNot = "the portal's catalogue: why an item cannot be redeemed now";
constexpr std::string_view kRating = "the portal: what a rating request asks about";
constexpr std::string_view kStage = "the portal: where a referral stands";
constexpr std::string_view kReview = "the portal: a referral being checked";
constexpr std::string_view kRewardStatus = "the portal: where a reward stands";
constexpr std::string_view kRedemptionStatus = "the portal: where a redemption stands";
constexpr std::string_view kCompletionStatus = "the portal: where a challenge step the advocate did stands";

const MessageSpec kMessages[] = {
    {"reward.submitted", "You referred {{referee}}", kReferee, kRewardFor},
    {"reward.qualified", "{{referee}} qualified", kReferee, kRewardFor},
    {"reward.opportunity", "{{referee}} became a sales opportunity", kReferee, kRewardFor},
    {"reward.won", "{{referee}} became a customer", kReferee, kRewardFor},
    {"reward.nth_won", "{{referee}} became your {{ordinal}} customer", kNthCustomer, kRewardFor},
    {"reward.corrected", "{{referee}}: the deal's value was corrected", kReferee, kRewardFor},
    {"reward.redemption", "{{points}} points redeemed for {{item}}", kPointsForItem, kRewardFor},
    {"reward.other", "For referring {{referee}}", kReferee, kRewardFor},
    {"reward.shared", "Your share of a customer won with other advocates", kNone, kRewardFor},
    {"points.referral_submitted", "You referred someone", kNone, kPointsFor},
    {"points.referral_qualified", "Your referral was qualified", kNone, kPointsFor},
    {"points.referral_won", "Your referral became a customer", kNone, kPointsFor},
    {"points.nps_answered", "You answered our survey", kNone, kPointsFor},
    {"points.challenge", "Challenge: {{note}}", kNote, kPointsFor},
    {"points.reversal", "Taken back: the referral was rejected", kNone, kPointsFor},
    {"points.added", "Added by the team", kNone, kPointsFor},
    {"points.taken_off", "Taken off by the team", kNone, kPointsFor},
    {"points.redemption", "Redeemed: {{item}}", kItem, kPointsFor},
    {"points.redemption_refund", "Given back: {{item}}", kItem, kPointsFor},
    {"catalog.retired", "No longer offered", kNone, kWhyNot},
    {"catalog.limit", "You have redeemed this the most times allowed", kNone, kWhyNot},
    {"catalog.points", "You need {{points}} more points", kPoints, kWhyNot},
    {"catalog.out_of_stock", "Out of stock", kNone, kWhyNot},
    {"rating.reward_paid", "Your reward of {{amount}} was paid", kAmount, kRating},
    {"rating.referral_handled", "How your referral of {{referee}} was handled", kReferee, kRating},
    {"rating.review_decision", "The check of your referral of {{referee}}", kReferee, kRating},
    {"stage.submitted", "Referred", kNone, kStage},
    {"stage.qualified", "Qualified", kNone, kStage},
    {"stage.opportunity", "In talks", kNone, kStage},
    {"stage.won", "Became a customer", kNone, kStage},
    {"stage.lost", "Did not go ahead", kNone, kStage},
    {"stage.rejected", "Not accepted", kNone, kStage},
    {"review.held", "Being checked", kNone, kReview},
    {"review.rejected", "Not accepted", kNone, kReview},
    {"reward_status.pending", "Waiting for approval", kNone, kRewardStatus},
    {"reward_status.approved", "Approved", kNone, kRewardStatus},
    {"reward_status.fulfilled", "Paid", kNone, kRewardStatus},
    {"reward_status.reversed", "Cancelled", kNone, kRewardStatus},
    {"redemption_status.requested", "Waiting for approval", kNone, kRedemptionStatus},
    {"redemption_status.approved", "Approved — on its way", kNone, kRedemptionStatus},
    {"redemption_status.backordered", "Out of stock — it will be sent when it is back", kNone, kRedemptionStatus},
    {"redemption_status.fulfilled", "Sent", kNone, kRedemptionStatus},
    {"redemption_status.rejected", "Not approved (points given back)", kNone, kRedemptionStatus},
    {"redemption_status.cancelled", "Cancelled (points given back)", kNone, kRedemptionStatus},
    {"completion_status.pending", "Waiting for the team", kNone, kCompletionStatus},
    {"completion_status.approved", "Approved", kNone, kCompletionStatus},
    {"completion_status.rejected", "Not approved", kNone, kCompletionStatus},
    {"completion_status.reversed", "Taken back", kNone, kCompletionStatus},
};

// A BCP 47 tag as programs use them: a 2–3 letter language, then subtags of 1–8 letters or digits
// ("en", "de-CH", "zh-Hant-TW"), at most 35 characters.
bool LanguageTag(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return false;
  std::size_t start = 0;
  for (int part = 0; start <= tag.size(); ++part) {
    std::size_t end = tag.find('-', start);
    if (end == std::string_view::npos) end = tag.size();
    std::string_view subtag = tag.substr(start, end - start);
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
    if (part == 0 ? subtag.size() < 2 || subtag.size() > 3 || !std::ranges::all_of(subtag, lower)
                  : subtag.empty() || subtag.size() > 8 || !std::ranges::all_of(subtag, alnum)) {
      return false;
    }
    if (end == tag.size()) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::span<const MessageSpec> AdvocateMessages() { return kMessages; }

const MessageSpec* FindAdvocateMessage(std::string_view key) {
  auto found = std::ranges::find(kMessages, key, &MessageSpec::key);
  return found == std::end(kMessages) ? nullptr : &*found;
}

Result<bool> ApplyProgramLanguage(ProgramLanguage& settings, const ProgramLanguageInput& input) {
  std::vector<FieldError> errors;
  ProgramLanguage changed = settings;
  if (input.language) {
    std::string tag(Trim(*input.language));
    if (!LanguageTag(tag)) {
      errors.push_back({"language", "must be a BCP 47 language tag such as en, de-CH or pt-BR"});
    } else {
      changed.language = std::move(tag);
    }
  }
  for (const auto& [key, text] : input.messages) {
    const std::string field = "messages." + key;
    const MessageSpec* spec = FindAdvocateMessage(key);
    if (spec == nullptr) {
      errors.push_back({field, "is not a message Bluebird writes (see GET /api/v1/programs/{id}/language)"});
      continue;
    }
    std::string_view wording = text ? Trim(*text) : std::string_view();
    if (wording.empty() || wording == spec->text) {
      changed.messages.erase(key);
      continue;
    }
    if (std::string problem = CheckText(wording, kMaxMessageLength); !problem.empty()) {
      errors.push_back({field, problem});
    } else if (std::string unknown = FirstUnknownPlaceholder(wording, spec->placeholders); !unknown.empty()) {
      errors.push_back(
          {field, unknown + " is not offered here" +
                      (spec->placeholders.empty() ? std::string(": this one takes none")
                                                  : "; it may use " + ListPlaceholders(spec->placeholders))});
    } else {
      changed.messages[key] = std::string(wording);
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  if (changed == settings) return false;
  settings = std::move(changed);
  return true;
}

std::string_view MessageText(const ProgramLanguage& settings, std::string_view key) {
  if (auto own = settings.messages.find(key); own != settings.messages.end()) return own->second;
  const MessageSpec* spec = FindAdvocateMessage(key);
  return spec ? spec->text : std::string_view();
}

std::string Say(const ProgramLanguage& settings, std::string_view key, const MessageValues& values) {
  return FillPlaceholders(MessageText(settings, key), [&](std::string_view name) -> std::optional<std::string> {
    auto found = std::ranges::find(values, name, &MessageValues::value_type::first);
    if (found == values.end()) return std::nullopt;
    return found->second;
  });
}

std::string EnglishOrdinal(std::int64_t n) {
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

}  // namespace bb::domain
