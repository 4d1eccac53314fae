#include "domain/challenge.h"

#include <algorithm>
#include <array>

#include "domain/advocate.h"
#include "domain/points.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::array kStepTypes = {ChallengeStepType::kShareLink,         ChallengeStepType::kSubmitReferral,
                                   ChallengeStepType::kReferralQualified, ChallengeStepType::kReferralWon,
                                   ChallengeStepType::kAnswerSurvey,      ChallengeStepType::kWriteReview,
                                   ChallengeStepType::kAttendEvent,       ChallengeStepType::kCustom};

// The channels a share step may name: those the portal's share buttons tag links with.
constexpr std::array<std::string_view, 6> kShareChannels = {"email", "linkedin", "x", "facebook", "whatsapp", "sms"};

std::string ChannelName(std::string_view channel) {
  if (channel == "linkedin") return "LinkedIn";
  if (channel == "x") return "X";
  if (channel == "facebook") return "Facebook";
  if (channel == "whatsapp") return "WhatsApp";
  if (channel == "sms") return "SMS";
  return "email";
}

void CheckSteps(std::vector<FieldError>& errors, const std::vector<ChallengeStepInput>& steps) {
  if (steps.empty() || steps.size() > kMaxChallengeSteps) {
    errors.push_back({"steps", "must have from 1 to 10 steps"});
    return;
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& step = steps[i];
    std::string at = "steps[" + std::to_string(i) + "]";
    auto type = ParseChallengeStepType(step.type);
    if (!type) {
      errors.push_back({at + ".type",
                        "must be one of share_link, submit_referral, referral_qualified, referral_won, "
                        "answer_survey, write_review, attend_event, custom"});
    }
    if (!step.points) {
      errors.push_back({at + ".points", "is required: what the step earns"});
    } else if (*step.points < 0 || *step.points > kMaxActionPoints) {
      errors.push_back({at + ".points", "must be a whole number of points from 0 to 1000000"});
    }
    bool title_required = type == ChallengeStepType::kCustom;
    if (std::string problem = CheckText(Trim(step.title), kMaxStepTitleLength, !title_required); !problem.empty()) {
      errors.push_back({at + ".title", title_required && Trim(step.title).empty()
                                           ? "is required for a custom step: what to do, in the advocate's words"
                                           : problem});
    }
    if (!step.channel.empty()) {
      if (type != ChallengeStepType::kShareLink) {
        errors.push_back({at + ".channel", "is only for share_link steps"});
      } else if (std::find(kShareChannels.begin(), kShareChannels.end(), step.channel) == kShareChannels.end()) {
        errors.push_back({at + ".channel", "must be one of email, linkedin, x, facebook, whatsapp, sms (or empty)"});
      }
    }
  }
}

void CheckInput(std::vector<FieldError>& errors, const ChallengeInput& input) {
  if (input.name) {
    if (std::string problem = CheckText(Trim(*input.name), kMaxChallengeNameLength); !problem.empty()) {
      errors.push_back({"name", problem});
    }
  }
  if (input.description) {
    if (std::string problem =
            CheckText(Trim(*input.description), kMaxChallengeDescriptionLength, true, TextShape::kMultiLine);
        !problem.empty()) {
      errors.push_back({"description", problem});
    }
  }
  if (input.steps) CheckSteps(errors, *input.steps);
  if (input.tags) {
    if (input.tags->size() > kMaxTags) errors.push_back({"tags", "must have at most 50 tags"});
    for (std::size_t i = 0; i < input.tags->size(); ++i) {
      if (NormalizeTag((*input.tags)[i]).empty()) {
        errors.push_back(
            {"tags[" + std::to_string(i) + "]", "tags must be 1-64 of letters, digits, space, '_', '-' or ':'"});
      }
    }
  }
  if (input.per_member_limit && (*input.per_member_limit < 1 || *input.per_member_limit > kMaxChallengePerMember)) {
    errors.push_back({"per_member_limit", "must be a whole number from 1 to 1000"});
  }
  if (input.set_total_limit && input.total_limit &&
      (*input.total_limit < 1 || *input.total_limit > kMaxChallengeTotal)) {
    errors.push_back({"total_limit", "must be a whole number from 1 to 1000000, or null for no limit"});
  }
}

std::vector<ChallengeStep> StepsOf(const std::vector<ChallengeStepInput>& inputs) {
  std::vector<ChallengeStep> steps;
  for (const auto& input : inputs) {
    steps.push_back(
        {*ParseChallengeStepType(input.type), *input.points, std::string(Trim(input.title)), input.channel});
  }
  return steps;
}

void Apply(Challenge& challenge, const ChallengeInput& input) {
  if (input.name) challenge.name = std::string(Trim(*input.name));
  if (input.description) challenge.description = std::string(Trim(*input.description));
  if (input.steps) challenge.steps = StepsOf(*input.steps);
  if (input.starts_at) challenge.starts_at = *input.starts_at;
  if (input.set_ends_at) challenge.ends_at = input.ends_at;
  if (input.tags) {
    std::vector<std::string> tags;
    for (const auto& tag : *input.tags) tags.push_back(NormalizeTag(tag));
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    challenge.tags = std::move(tags);
  }
  if (input.per_member_limit) challenge.per_member_limit = *input.per_member_limit;
  if (input.set_total_limit) challenge.total_limit = input.total_limit;
  if (input.active) challenge.active = *input.active;
}

// Whether `a` and `b` count the same: the same steps with the same type, points and channel (titles
// aside).
bool SameCounting(const std::vector<ChallengeStep>& a, const std::vector<ChallengeStep>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const ChallengeStep& x, const ChallengeStep& y) {
    return x.type == y.type && x.points == y.points && x.channel == y.channel;
  });
}

// The dates as they are after the change: an end must come after the start.
Status CheckDates(const Challenge& challenge) {
  if (challenge.ends_at && *challenge.ends_at <= challenge.starts_at) {
    return Error::InvalidField("ends_at", "must be after starts_at");
  }
  return Ok();
}

}  // namespace

std::string_view ToString(ChallengeStepType type) {
  switch (type) {
    case ChallengeStepType::kShareLink: return "share_link";
    case ChallengeStepType::kSubmitReferral: return "submit_referral";
    case ChallengeStepType::kReferralQualified: return "referral_qualified";
    case ChallengeStepType::kReferralWon: return "referral_won";
    case ChallengeStepType::kAnswerSurvey: return "answer_survey";
    case ChallengeStepType::kWriteReview: return "write_review";
    case ChallengeStepType::kAttendEvent: return "attend_event";
    case ChallengeStepType::kCustom: return "custom";
  }
  return "custom";
}

std::optional<ChallengeStepType> ParseChallengeStepType(std::string_view text) {
  for (auto type : kStepTypes) {
    if (ToString(type) == text) return type;
  }
  return std::nullopt;
}

bool ClaimedStep(ChallengeStepType type) {
  return type == ChallengeStepType::kWriteReview || type == ChallengeStepType::kAttendEvent ||
         type == ChallengeStepType::kCustom;
}

std::string_view ToString(CompletionStatus status) {
  switch (status) {
    case CompletionStatus::kPending: return "pending";
    case CompletionStatus::kApproved: return "approved";
    case CompletionStatus::kRejected: return "rejected";
    case CompletionStatus::kReversed: return "reversed";
  }
  return "pending";
}

std::optional<CompletionStatus> ParseCompletionStatus(std::string_view text) {
  for (auto status : {CompletionStatus::kPending, CompletionStatus::kApproved, CompletionStatus::kRejected,
                      CompletionStatus::kReversed}) {
    if (ToString(status) == text) return status;
  }
  return std::nullopt;
}

bool CountsTowardLimits(CompletionStatus status) {
  return status == CompletionStatus::kPending || status == CompletionStatus::kApproved;
}

Result<Challenge> BuildChallenge(const ChallengeInput& input, std::string id, std::string program_id, Timestamp now) {
  std::vector<FieldError> errors;
  if (!input.name) errors.push_back({"name", "is required"});
  if (!input.steps) errors.push_back({"steps", "is required: what to do, and what each step earns"});
  CheckInput(errors, input);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  Challenge challenge;
  challenge.id = std::move(id);
  challenge.program_id = std::move(program_id);
  challenge.starts_at = now;
  Apply(challenge, input);
  BB_RETURN_IF_ERROR(CheckDates(challenge));
  challenge.created_at = challenge.updated_at = now;
  return challenge;
}

Result<bool> ApplyChallengeChanges(Challenge& challenge, const ChallengeInput& input, bool has_completions,
                                   Timestamp now) {
  std::vector<FieldError> errors;
  CheckInput(errors, input);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  Challenge changed = challenge;
  Apply(changed, input);
  BB_RETURN_IF_ERROR(CheckDates(changed));
  if (has_completions && !SameCounting(changed.steps, challenge.steps)) {
    return Error::Conflict(
        "Advocates have completed steps of this challenge: its steps stay as they were. Retire it and start a new "
        "one.");
  }
  if (changed == challenge) return false;
  changed.updated_at = now;
  challenge = std::move(changed);
  return true;
}

std::string StepInWords(const ChallengeStep& step) {
  if (!step.title.empty()) return step.title;
  switch (step.type) {
    case ChallengeStepType::kShareLink:
      return step.channel.empty() ? "Share your link" : "Share your link by " + ChannelName(step.channel);
    case ChallengeStepType::kSubmitReferral: return "Refer someone";
    case ChallengeStepType::kReferralQualified: return "Get a referral qualified";
    case ChallengeStepType::kReferralWon: return "Bring in a customer";
    case ChallengeStepType::kAnswerSurvey: return "Answer our survey";
    case ChallengeStepType::kWriteReview: return "Write a review";
    case ChallengeStepType::kAttendEvent: return "Attend an event";
    case ChallengeStepType::kCustom: return "Complete the task";
  }
  return "Complete the task";
}

bool OpenAt(const Challenge& challenge, Timestamp at) {
  return challenge.active && challenge.starts_at <= at && (!challenge.ends_at || at < *challenge.ends_at);
}

bool OfferedTo(const Challenge& challenge, const std::vector<std::string>& tags) {
  if (challenge.tags.empty()) return true;
  return std::any_of(challenge.tags.begin(), challenge.tags.end(),
                     [&](const std::string& tag) { return std::find(tags.begin(), tags.end(), tag) != tags.end(); });
}

std::string WhyNotCompletable(const Challenge& challenge, const std::vector<std::string>& advocate_tags,
                              const CompletionFacts& facts, Timestamp now, Reader reader) {
  const bool advocate = reader == Reader::kAdvocate;
  if (!challenge.active) return "This challenge is over.";
  if (now < challenge.starts_at) return "This challenge has not started yet.";
  if (challenge.ends_at && now >= *challenge.ends_at) return "This challenge is over.";
  if (!OfferedTo(challenge, advocate_tags)) {
    return advocate ? "This challenge is not offered to you." : "This challenge is not offered to this advocate.";
  }
  if (facts.mine >= challenge.per_member_limit) {
    if (facts.mine_pending > 0) {
      return advocate ? "Your claim is waiting for the team." : "The advocate's claim of this step waits for approval.";
    }
    if (challenge.per_member_limit == 1)
      return advocate ? "You have done this step." : "The advocate has done this step.";
    return advocate ? "You have done this step as often as it counts."
                    : "The advocate has done this step as often as it counts.";
  }
  if (challenge.total_limit && facts.total >= *challenge.total_limit)
    return "Everyone's places for this step are taken.";
  return "";
}

Result<ChallengeCompletion> Claim(const Challenge& challenge, std::int64_t step, const ClaimInput& input,
                                  std::string advocate_id, std::string id, Timestamp now, bool approved,
                                  std::string_view actor_id) {
  if (step < 0 || step >= static_cast<std::int64_t>(challenge.steps.size())) {
    return Error::InvalidField("step", "must be the index of one of the challenge's steps");
  }
  const ChallengeStep& what = challenge.steps[static_cast<std::size_t>(step)];
  if (!ClaimedStep(what.type)) {
    return Error::InvalidField("step", "is done by itself when it happens (" + std::string(ToString(what.type)) +
                                           "): there is nothing to claim");
  }
  std::vector<FieldError> errors;
  std::string url(Trim(input.url));
  std::string text(Trim(input.text));
  bool url_required = what.type == ChallengeStepType::kWriteReview;
  if (url.empty()) {
    if (url_required) errors.push_back({"url", "is required: the address of your review"});
  } else if (std::string problem = CheckHttpUrl(url); !problem.empty()) {
    errors.push_back({"url", problem});
  }
  bool text_required = what.type == ChallengeStepType::kCustom;
  if (std::string problem = CheckText(text, kMaxCompletionText, !text_required, TextShape::kMultiLine);
      !problem.empty()) {
    errors.push_back({"text", text_required && text.empty() ? "is required: what you did" : problem});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  ChallengeCompletion completion;
  completion.id = std::move(id);
  completion.program_id = challenge.program_id;
  completion.challenge_id = challenge.id;
  completion.step = step;
  completion.advocate_id = std::move(advocate_id);
  completion.status = approved ? CompletionStatus::kApproved : CompletionStatus::kPending;
  completion.url = std::move(url);
  completion.text = std::move(text);
  completion.points = what.points;
  completion.created_at = now;
  if (approved) {
    completion.decided_at = now;
    completion.decided_by = std::string(actor_id);
  }
  return completion;
}

Status ApproveCompletion(ChallengeCompletion& completion, std::string actor_id, Timestamp now) {
  if (completion.status != CompletionStatus::kPending) {
    return Error::Conflict("A completion that is " + std::string(ToString(completion.status)) + " cannot be approved.");
  }
  completion.status = CompletionStatus::kApproved;
  completion.decided_at = now;
  completion.decided_by = std::move(actor_id);
  return Ok();
}

Status RejectCompletion(ChallengeCompletion& completion, std::string note, std::string actor_id, Timestamp now) {
  std::string words(Trim(note));
  if (std::string problem = CheckText(words, kMaxCompletionNote); !problem.empty()) {
    return Error::InvalidField("note", words.empty() ? "is required: why it is rejected, for the advocate" : problem);
  }
  if (completion.status != CompletionStatus::kPending) {
    return Error::Conflict("A completion that is " + std::string(ToString(completion.status)) + " cannot be rejected.");
  }
  completion.status = CompletionStatus::kRejected;
  completion.note = std::move(words);
  completion.decided_at = now;
  completion.decided_by = std::move(actor_id);
  return Ok();
}

}  // namespace bb::domain
