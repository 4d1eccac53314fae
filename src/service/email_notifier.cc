#include "service/email_notifier.h"

#include <array>

#include "common/time_format.h"
#include "domain/email_message.h"
#include "domain/ids.h"
#include "domain/money_text.h"

namespace bb::service {
namespace {

constexpr std::array<std::string_view, 4> kTopics = {kReferralHeldTopic, kDailyDigestTopic, kMonthlyReportTopic,
                                                     kFollowupOpenedTopic};

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
  BB_ASSIGN_OR_RETURN(auto email,
                      templates_.Compose(tx, program, kind, AdvocateMailbox(advocate), std::move(values), &advocate));
  if (!email) return Ok();
  email->rating =
      RatingOffer{program.id, domain::Interaction::kEmail, "", email->subject, "", "advocate:" + advocate.id};
  return StatusOf(email_.Queue(tx, at, *email));
}

Status EmailNotifier::AdvocateEnrolled(store::Tx& tx, Timestamp at, const domain::Advocate& advocate) const {
  // Only to a person who just signed up themselves: nobody enrolled them. (An import may record
  // that someone signed up elsewhere, long ago; they are not welcomed again.)
  if (advocate.source != domain::AdvocateSource::kSelfSignup || !advocate.enrolled_by.empty()) return Ok();
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
  // A correction's entries (a reissue, an adjustment) restate a reward already announced.
  if (reward.amount_minor <= 0 || reward.entry != domain::RewardEntry::kGrant) return Ok();
  BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(reward.program_id));
  BB_ASSIGN_OR_RETURN(auto advocate, tx.FindAdvocate(reward.advocate_id));
  BB_ASSIGN_OR_RETURN(auto referral, tx.FindReferral(reward.referral_id));
  if (!program || !advocate || !referral) return Ok();
  // In the recipient's words, never the ledger's reason (which names the rule and its arithmetic).
  const std::string referee = FullName(referral->referee.first_name, referral->referee.last_name);
  // A share of split credit in another advocate's referral names no one: who they referred is theirs.
  const bool shared = reward.advocate_id != referral->advocate_id;
  domain::EmailValues values{
      {"reward.amount", domain::FormatMoney(reward.amount_minor, reward.currency)},
      {"reward.description", to_referee ? "for joining through " + advocate->FullName() + "'s referral"
                             : shared   ? std::string("as your share of a customer won with other advocates")
                                        : "for referring " + referee}};
  if (!to_referee) return SendToAdvocate(tx, at, *program, *advocate, kind, std::move(values));
  values["referee.first_name"] = referral->referee.first_name;
  values["referee.last_name"] = referral->referee.last_name;
  values["advocate.first_name"] = advocate->first_name;
  values["advocate.last_name"] = advocate->last_name;
  BB_ASSIGN_OR_RETURN(
      auto email,
      templates_.Compose(tx, *program, kind,
                         {FullName(referral->referee.first_name, referral->referee.last_name), referral->referee.email},
                         std::move(values), &*advocate));
  if (!email) return Ok();
  email->rating =
      RatingOffer{program->id, domain::Interaction::kEmail, "", email->subject, "", "referee:" + referral->id};
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

Result<std::optional<domain::User>> EmailNotifier::OwnerOf(store::Tx& tx, std::string_view owner_id) const {
  std::string user_id(owner_id);
  if (domain::IsWellFormedId(domain::kApiKeyPrefix, owner_id)) {
    BB_ASSIGN_OR_RETURN(auto key, tx.FindApiKey(owner_id));
    if (!key || key->revoked_at) return std::optional<domain::User>();
    user_id = key->created_by;
  }
  if (!domain::IsWellFormedId(domain::kUserPrefix, user_id)) return std::optional<domain::User>();
  BB_ASSIGN_OR_RETURN(auto user, tx.FindUser(user_id));
  if (!user || user->disabled) return std::optional<domain::User>();
  return user;
}

Status EmailNotifier::FollowupOpened(store::Tx& tx, Timestamp at, const domain::FollowupTask& task,
                                     const domain::Program& program) const {
  std::vector<domain::User> recipients;
  BB_ASSIGN_OR_RETURN(auto owner, OwnerOf(tx, task.owner_id));
  if (owner) recipients.push_back(*owner);
  BB_ASSIGN_OR_RETURN(auto watchers, tx.ListUsersNotifiedOf(kFollowupOpenedTopic));
  for (auto& user : watchers) {
    if (user.disabled || (user.role != domain::Role::kAdmin && user.role != domain::Role::kManager)) continue;
    if (owner && user.id == owner->id) continue;
    recipients.push_back(std::move(user));
  }
  const std::string score = std::to_string(task.score) + " out of 10";
  const std::string due = FormatTimestamp(task.due_at);
  const std::string link = public_base_url_ + "/console/followups?program_id=" + program.id;
  const std::string settings = public_base_url_ + "/console/settings";
  const std::string why = task.comment.empty() ? "No reason given yet (one added later shows on the Follow-ups page)."
                                               : "Their reason: \"" + task.comment + "\"";
  for (const auto& user : recipients) {
    const bool owns = owner && user.id == owner->id;
    const std::string because =
        owns ? "You get this email because the follow-up is yours: you enrolled this advocate, or an API key you made "
               "did."
             : "You get this email because you chose it in your notification settings: " + settings;
    OutgoingEmail email;
    email.kind = "staff.followup_opened";
    email.to = {user.name, user.email};
    email.subject = "Follow up with " + task.email + ": they rated " + program.name + " " + score;
    email.text = task.email + " answered " + score + " to how likely they are to recommend " + program.name + ". " +
                 why + "\n\nContact them by " + due +
                 " (UTC) to find out what went wrong, then record what was done:\n\n" + link + "\n\n" + because + "\n";
    email.html = "<p>" + domain::EscapeHtml(task.email) + " answered <strong>" + domain::EscapeHtml(score) +
                 "</strong> to how likely they are to recommend " + domain::EscapeHtml(program.name) + ".</p><p>" +
                 domain::EscapeHtml(why) + "</p><p>Contact them by " + domain::EscapeHtml(due) +
                 " (UTC) to find out what went wrong, then <a href=\"" + domain::EscapeHtml(link) +
                 "\">record what was done in the console</a>.</p><p style=\"font-size:12px;color:#52525b\">" +
                 domain::EscapeHtml(because) + "</p>";
    email.transactional = true;  // work assigned to the user, or account mail they chose
    BB_RETURN_IF_ERROR(StatusOf(email_.Queue(tx, at, email)));
  }
  return Ok();
}

Status EmailNotifier::WebhookEndpointDisabled(store::Tx& tx, Timestamp at, const domain::WebhookEndpoint& endpoint,
                                              std::string_view reason) const {
  BB_ASSIGN_OR_RETURN(auto users, tx.ListUsers());
  const std::string link = public_base_url_ + "/console/webhooks/" + endpoint.id;
  for (const auto& user : users) {
    if (user.role != domain::Role::kAdmin || user.disabled) continue;
    OutgoingEmail email;
    email.kind = "staff.webhook_disabled";
    email.to = {user.name, user.email};
    email.subject = "A webhook endpoint was disabled: " + endpoint.url;
    email.text = "Bluebird disabled the webhook endpoint " + endpoint.url + " because " + std::string(reason) +
                 ". Its pending deliveries were given up; they are in the outbox to replay once the receiver is "
                 "fixed. Enable the endpoint again in the console:\n\n" +
                 link + "\n";
    email.html = "<p>Bluebird disabled the webhook endpoint <code>" + domain::EscapeHtml(endpoint.url) +
                 "</code> because " + domain::EscapeHtml(reason) +
                 ".</p><p>Its pending deliveries were given up; they are in the outbox to replay once the receiver is "
                 "fixed.</p><p><a href=\"" +
                 domain::EscapeHtml(link) + "\">Enable it again in the console</a></p>";
    email.transactional = true;  // an alert about the admin's own integration
    BB_RETURN_IF_ERROR(StatusOf(email_.Queue(tx, at, email)));
  }
  return Ok();
}

Result<int> EmailNotifier::SendDailyDigest(store::Store& store, Timestamp now) const {
  using Days = std::chrono::days;
  const Timestamp today = std::chrono::floor<Days>(now);
  if (now < today + std::chrono::hours(kDigestHourUtc)) return 0;
  const std::string day = FormatTimestamp(today).substr(0, 10);
  const std::string yesterday = FormatTimestamp(today - Days(1)).substr(0, 10);
  int queued = 0;
  BB_RETURN_IF_ERROR(store.Write([&](store::Tx& tx) -> Status {
    queued = 0;
    BB_ASSIGN_OR_RETURN(auto sent, tx.GetSetting("email.digest_sent_for"));
    if (sent == day) return Ok();
    BB_ASSIGN_OR_RETURN(auto readers, tx.ListUsersNotifiedOf(kDailyDigestTopic));
    if (readers.empty()) return Ok();  // someone who chooses it later today still gets today's
    BB_RETURN_IF_ERROR(tx.PutSetting("email.digest_sent_for", day));
    BB_ASSIGN_OR_RETURN(auto figures, tx.ListDigestFigures(today - Days(1), today));
    if (figures.empty()) return Ok();
    std::string text = "Yesterday (" + yesterday + ", UTC) in Bluebird, and what waits for you now:\n";
    std::string html = "<p>Yesterday (" + yesterday + ", UTC) in Bluebird, and what waits for you now:</p><ul>";
    for (const auto& f : figures) {
      BB_ASSIGN_OR_RETURN(auto program, tx.FindProgram(f.program_id));
      const std::string name = program ? program->name : f.program_id;
      const std::string line = std::to_string(f.submitted) + " referrals submitted, " + std::to_string(f.won) +
                               " won; now " + std::to_string(f.held) + " held for review, " +
                               std::to_string(f.pending_rewards) + " rewards waiting for approval";
      text += "\n- " + name + ": " + line;
      html += "<li><strong>" + domain::EscapeHtml(name) + "</strong>: " + domain::EscapeHtml(line) + "</li>";
    }
    const std::string console = public_base_url_ + "/console/review";
    const std::string settings = public_base_url_ + "/console/settings";
    text += "\n\nReview held referrals: " + console +
            "\nYou get this email because you chose it in your notification "
            "settings: " +
            settings + "\n";
    html += "</ul><p><a href=\"" + domain::EscapeHtml(console) +
            "\">Review held referrals</a></p><p style=\"font-size:12px;color:#52525b\">You get this email because you "
            "chose it in your <a href=\"" +
            domain::EscapeHtml(settings) + "\">notification settings</a>.</p>";
    OutgoingEmail email;
    email.kind = "staff.daily_digest";
    email.subject = "Bluebird daily digest for " + yesterday;
    email.text = text;
    email.html = html;
    BB_ASSIGN_OR_RETURN(queued, email_.QueueToStaff(tx, now, readers, std::move(email)));
    return Ok();
  }));
  return queued;
}

}  // namespace bb::service
