#include "service/email_notifier.h"

#include <array>

#include "domain/email_message.h"
#include "domain/money_text.h"

namespace bb::service {
namespace {

constexpr std::array<std::string_view, 2> kTopics = {kReferralHeldTopic, kDailyDigestTopic};

std::string FullName(std::string_view first, std::string_view last) {
  std::string name(first);
  if (!last.empty()) name += (name.empty() ? "" : " ") + std::string(last);
  return name;
}

}  // namespace

std::span<const std::string_view> StaffNotificationTopics() { return kTopics; }

Status EmailNotifier::SendToAdvocate(store::Tx& tx, Timestamp at, const domain::Program& program,
                                     const domain::Advocate& advocate, domain::EmailKind kind,
                                     domain::EmailValues values) const {
  if (advocate.status != domain::AdvocateStatus::kActive) return Ok();
  values["advocate.first_name"] = advocate.first_name;
  values["advocate.last_name"] = advocate.last_name;
  values["advocate.code"] = advocate.code;
  values["advocate.referral_link"] = public_base_url_ + "/r/" + advocate.code;
  values["link"] = public_base_url_ + "/portal/sign-in?program=" + program.slug;
  BB_ASSIGN_OR_RETURN(auto email, templates_.Compose(tx, program, kind, AdvocateMailbox(advocate), std::move(values)));
  if (!email) return Ok();
  return StatusOf(email_.Queue(tx, at, *email));
}

Status EmailNotifier::AdvocateEnrolled(store::Tx& tx, Timestamp at, const domain::Advocate& advocate) const {
  if (advocate.source != domain::AdvocateSource::kSelfSignup) return Ok();
  BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(advocate.program_id));
  if (!program) return Ok();
  return SendToAdvocate(tx, at, *program, advocate, domain::EmailKind::kWelcome, {});
}

Status EmailNotifier::ReferralChanged(store::Tx& tx, Timestamp at, std::string_view type,
                                      const domain::Referral& referral) const {
  if (type == "referral.created" && referral.review_status != domain::ReviewStatus::kClear) {
    return TellReviewers(tx, at, referral);
  }
  // A held referral is the program's business until a manager clears it: the advocate hears of its
  // stage then.
  if (referral.review_status != domain::ReviewStatus::kClear) return Ok();
  if (type != "referral.stage_changed" && type != "referral.review_changed") return Ok();
  domain::EmailKind kind;
  switch (referral.stage) {
    case domain::ReferralStage::kQualified: kind = domain::EmailKind::kReferralQualified; break;
    case domain::ReferralStage::kWon: kind = domain::EmailKind::kReferralWon; break;
    case domain::ReferralStage::kLost: kind = domain::EmailKind::kReferralLost; break;
    default: return Ok();
  }
  BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(referral.program_id));
  BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(referral.advocate_id));
  if (!program || !advocate) return Ok();
  return SendToAdvocate(tx, at, *program, *advocate, kind,
                        {{"referral.first_name", referral.referee.first_name},
                         {"referral.last_name", referral.referee.last_name},
                         {"referral.company", referral.referee.company}});
}

Status EmailNotifier::RewardChanged(store::Tx& tx, Timestamp at, const domain::Reward& reward) const {
  const bool to_referee = reward.beneficiary == domain::Beneficiary::kReferee;
  domain::EmailKind kind;
  if (reward.status == domain::RewardStatus::kApproved) {
    kind = to_referee ? domain::EmailKind::kRefereeReward : domain::EmailKind::kRewardApproved;
  } else if (reward.status == domain::RewardStatus::kFulfilled && !to_referee) {
    kind = domain::EmailKind::kRewardPaid;
  } else {
    return Ok();
  }
  if (reward.amount_minor <= 0) return Ok();  // an adjustment owed back is not news to celebrate
  BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(reward.program_id));
  BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(reward.advocate_id));
  if (!program || !advocate) return Ok();
  domain::EmailValues values{{"reward.amount", domain::FormatMoney(reward.amount_minor, reward.currency)},
                             {"reward.description", reward.reason}};
  if (!to_referee) return SendToAdvocate(tx, at, *program, *advocate, kind, std::move(values));
  BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(reward.referral_id));
  if (!referral) return Ok();
  values["referee.first_name"] = referral->referee.first_name;
  values["referee.last_name"] = referral->referee.last_name;
  values["advocate.first_name"] = advocate->first_name;
  values["advocate.last_name"] = advocate->last_name;
  BB_ASSIGN_OR_RETURN(
      auto email,
      templates_.Compose(tx, *program, kind,
                         {FullName(referral->referee.first_name, referral->referee.last_name), referral->referee.email},
                         std::move(values)));
  if (!email) return Ok();
  return StatusOf(email_.Queue(tx, at, *email));
}

Status EmailNotifier::TellReviewers(store::Tx& tx, Timestamp at, const domain::Referral& referral) const {
  BB_ASSIGN_OR_RETURN(auto reviewers, tx.ListUsersNotifiedOf(kReferralHeldTopic));
  if (reviewers.empty()) return Ok();
  BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(referral.program_id));
  const std::string program_name = program ? program->name : referral.program_id;
  const std::string who = FullName(referral.referee.first_name, referral.referee.last_name);
  const std::string link = public_base_url_ + "/console/referrals/" + referral.id;
  const std::string settings = public_base_url_ + "/console/settings";
  for (const auto& user : reviewers) {
    if (user.role != domain::Role::kAdmin && user.role != domain::Role::kManager) continue;
    OutgoingEmail email;
    email.kind = "staff.referral_held";
    email.to = {user.name, user.email};
    email.subject = "A referral of " + who + " to " + program_name + " needs your review";
    email.text = "A referral to " + program_name + " (" + who +
                 ") was held for review. Clear or reject it in the console:\n\n" + link +
                 "\n\nYou get this email because you chose it in your notification settings: " + settings + "\n";
    email.html = "<p>A referral to " + domain::EscapeHtml(program_name) + " (" + domain::EscapeHtml(who) +
                 ") was held for review.</p><p><a href=\"" + domain::EscapeHtml(link) +
                 "\">Clear or reject it in the console</a></p><p style=\"font-size:12px;color:#52525b\">You get this "
                 "email because you chose it in your <a href=\"" +
                 domain::EscapeHtml(settings) + "\">notification settings</a>.</p>";
    email.transactional = true;  // account mail the user chose, turned off in their settings
    BB_RETURN_IF_ERROR(StatusOf(email_.Queue(tx, at, email)));
  }
  return Ok();
}

}  // namespace bb::service
