#include "domain/email_template.h"

#include <array>

#include "domain/email_message.h"
#include "domain/placeholders.h"
#include "domain/validation.h"

namespace bb::domain {
namespace {

constexpr std::array kKinds = {EmailKind::kInvitation,   EmailKind::kInvitationReminder, EmailKind::kActivation,
                               EmailKind::kWelcome,      EmailKind::kSignInLink,         EmailKind::kReferralQualified,
                               EmailKind::kReferralWon,  EmailKind::kReferralLost,       EmailKind::kRewardApproved,
                               EmailKind::kRewardPaid,   EmailKind::kRefereeReward,      EmailKind::kNpsSurvey,
                               EmailKind::kPromoterNudge};

constexpr std::array<std::string_view, 4> kPersonal = {"advocate.first_name", "advocate.last_name", "program.name",
                                                       "link"};
constexpr std::array<std::string_view, 6> kAdvocate = {"advocate.first_name",    "advocate.last_name", "advocate.code",
                                                       "advocate.referral_link", "program.name",       "link"};
constexpr std::array<std::string_view, 7> kReferral = {"advocate.first_name",
                                                       "advocate.last_name",
                                                       "referral.first_name",
                                                       "referral.last_name",
                                                       "referral.company",
                                                       "program.name",
                                                       "link"};
constexpr std::array<std::string_view, 6> kReward = {"advocate.first_name", "advocate.last_name", "reward.amount",
                                                     "reward.description",  "program.name",       "link"};
constexpr std::array<std::string_view, 7> kRefereeReward = {
    "referee.first_name", "referee.last_name",  "advocate.first_name", "advocate.last_name",
    "reward.amount",      "reward.description", "program.name"};

const EmailKindInfo& InfoTable(EmailKind kind) {
  static const EmailKindInfo invitation{
      "To someone invited to join the program, with their personal join link.",
      false,
      true,
      false,
      kPersonal,
      "{{advocate.first_name}}, you are invited to {{program.name}}",
      "Hello {{advocate.first_name}},\n\nWe would like you to join {{program.name}}: recommend us to people who could "
      "use what we do, and be rewarded when they become customers.\n\nYour personal link to join (your details are "
      "filled in already):\n\n{{link}}\n\nThank you,\n{{program.name}}",
      "Join now"};
  static const EmailKindInfo reminder{
      "To someone invited who has not joined yet, on the campaign's reminder schedule.",
      false,
      true,
      false,
      kPersonal,
      "A reminder: your invitation to {{program.name}}",
      "Hello {{advocate.first_name}},\n\nYour invitation to {{program.name}} is still open. Joining takes a minute, "
      "and your details are filled in already:\n\n{{link}}\n\nThank you,\n{{program.name}}",
      "Join now"};
  static const EmailKindInfo activation{
      "To an advocate who joined but has not shared their link or referred anyone yet.",
      false,
      true,
      false,
      kAdvocate,
      "Your {{program.name}} link is ready to share",
      "Hello {{advocate.first_name}},\n\nYou joined {{program.name}} but have not shared your link yet. Anyone who "
      "comes through it is counted as your referral:\n\n{{advocate.referral_link}}\n\nYour portal, with ready-made "
      "messages to share:\n\n{{link}}\n\nThank you,\n{{program.name}}",
      "Open my portal"};
  static const EmailKindInfo welcome{
      "To a new advocate, once they have joined.",
      false,
      false,
      true,
      kAdvocate,
      "Welcome to {{program.name}}",
      "Hello {{advocate.first_name}},\n\nWelcome to {{program.name}}. Your referral link is:\n\n"
      "{{advocate.referral_link}}\n\nShare it with people who could use what we do; you can follow every referral "
      "and reward in your portal:\n\n{{link}}\n\nThank you,\n{{program.name}}",
      "Open my portal"};
  static const EmailKindInfo sign_in_link{
      "The portal sign-in link an advocate asked for. Transactional: it goes even to addresses that unsubscribed.",
      true,
      true,
      false,
      kPersonal,
      "Your sign-in link for {{program.name}}",
      "Hello {{advocate.first_name}},\n\nSign in to {{program.name}} with this link (it works once, for an hour):\n\n"
      "{{link}}\n\nIf you did not ask for it, ignore this email: nothing happens without the link.",
      "Sign in"};
  static const EmailKindInfo referral_qualified{
      "To the advocate, when their referral qualifies.",
      false,
      false,
      true,
      kReferral,
      "Good news: {{referral.first_name}} qualified",
      "Hello {{advocate.first_name}},\n\nThe person you referred, {{referral.first_name}} {{referral.last_name}}, has "
      "qualified. We will let you know how it goes.\n\nFollow your referrals in your portal:\n\n{{link}}\n\nThank "
      "you,\n{{program.name}}",
      "See my referrals"};
  static const EmailKindInfo referral_won{
      "To the advocate, when their referral becomes a customer.",
      false,
      false,
      true,
      kReferral,
      "{{referral.first_name}} is now a customer, thanks to you",
      "Hello {{advocate.first_name}},\n\n{{referral.first_name}} {{referral.last_name}}, whom you referred, is now a "
      "customer. Any reward it earns you is in your portal:\n\n{{link}}\n\nThank you,\n{{program.name}}",
      "See my rewards"};
  static const EmailKindInfo referral_lost{
      "To the advocate, when their referral does not go ahead.",
      false,
      false,
      true,
      kReferral,
      "An update on your referral of {{referral.first_name}}",
      "Hello {{advocate.first_name}},\n\n{{referral.first_name}} {{referral.last_name}} has decided not to go ahead "
      "this time. Thank you for the introduction all the same.\n\nYour referrals:\n\n{{link}}\n\n{{program.name}}",
      "See my referrals"};
  static const EmailKindInfo reward_approved{
      "To the advocate, when one of their rewards is approved.",
      false,
      false,
      true,
      kReward,
      "Your reward of {{reward.amount}} is approved",
      "Hello {{advocate.first_name}},\n\nYour reward of {{reward.amount}} ({{reward.description}}) is approved and "
      "will be paid soon.\n\nYour rewards:\n\n{{link}}\n\nThank you,\n{{program.name}}",
      "See my rewards"};
  static const EmailKindInfo reward_paid{
      "To the advocate, when one of their rewards is paid.",
      false,
      false,
      true,
      kReward,
      "Your reward of {{reward.amount}} is paid",
      "Hello {{advocate.first_name}},\n\nYour reward of {{reward.amount}} ({{reward.description}}) is paid.\n\nYour "
      "rewards:\n\n{{link}}\n\nThank you,\n{{program.name}}",
      "See my rewards"};
  static const EmailKindInfo referee_reward{
      "To the referred person, when the program gives them a reward.",
      false,
      false,
      true,
      kRefereeReward,
      "A welcome reward from {{program.name}}",
      "Hello {{referee.first_name}},\n\nAs {{advocate.first_name}} {{advocate.last_name}} referred you, "
      "{{program.name}} gives you a reward of {{reward.amount}} ({{reward.description}}).\n\nWelcome,\n"
      "{{program.name}}",
      "Visit"};
  static const EmailKindInfo nps_survey{
      "The NPS question, sent by an NPS survey campaign: a click on a score answers it, and the page it opens "
      "asks why.",
      false,
      true,
      false,
      kPersonal,
      "{{advocate.first_name}}, a quick question from {{program.name}}",
      "Hello {{advocate.first_name}},\n\nHow likely is it that you would recommend {{program.name}} to a friend or "
      "colleague? Choose a number from 0 (not at all likely) to 10 (extremely likely):\n\n{{link}}\n\nOne click "
      "answers; the page it opens lets you tell us why.\n\nThank you,\n{{program.name}}",
      "Answer",
      true};
  static const EmailKindInfo promoter_nudge{
      "To an advocate whose answer to the NPS question was a promoter's (9 or 10) but who has not shared their link "
      "or referred anyone lately (the automatic nudge campaign).",
      false,
      true,
      false,
      kAdvocate,
      "Thank you, {{advocate.first_name}}: who else should know about {{program.name}}?",
      "Hello {{advocate.first_name}},\n\nThank you for saying you would recommend {{program.name}}. If someone you "
      "know could use what we do, your link makes the introduction and counts them as your referral:\n\n"
      "{{advocate.referral_link}}\n\nYour portal has ready-made messages to share:\n\n{{link}}\n\nThank you,\n"
      "{{program.name}}",
      "Open my portal"};
  switch (kind) {
    case EmailKind::kInvitation: return invitation;
    case EmailKind::kInvitationReminder: return reminder;
    case EmailKind::kActivation: return activation;
    case EmailKind::kWelcome: return welcome;
    case EmailKind::kSignInLink: return sign_in_link;
    case EmailKind::kReferralQualified: return referral_qualified;
    case EmailKind::kReferralWon: return referral_won;
    case EmailKind::kReferralLost: return referral_lost;
    case EmailKind::kRewardApproved: return reward_approved;
    case EmailKind::kRewardPaid: return reward_paid;
    case EmailKind::kRefereeReward: return referee_reward;
    case EmailKind::kNpsSurvey: return nps_survey;
    case EmailKind::kPromoterNudge: return promoter_nudge;
  }
  return invitation;
}

std::string_view TrimBlank(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\n' || text.front() == '\r')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

// The body's paragraphs (separated by blank lines), each without its surrounding blank space.
std::vector<std::string_view> Paragraphs(std::string_view body) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  while (at <= body.size()) {
    std::size_t gap = body.find("\n\n", at);
    std::string_view paragraph = TrimBlank(body.substr(at, gap == std::string_view::npos ? gap : gap - at));
    if (!paragraph.empty()) out.push_back(paragraph);
    if (gap == std::string_view::npos) break;
    at = gap + 2;
  }
  return out;
}

std::string HtmlWithBreaks(std::string_view text) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    std::size_t end = text.find('\n', at);
    out += EscapeHtml(text.substr(at, end == std::string_view::npos ? end : end - at));
    if (end == std::string_view::npos) return out;
    out += "<br>";
    at = end + 1;
  }
}

// The links Bluebird makes (never a value someone typed) are links in HTML.
bool IsLinkPlaceholder(std::string_view name) { return name == "link" || name == "advocate.referral_link"; }

// Whether a paragraph holds nothing but {{link}}: it is shown as a button.
bool IsOnlyTheLink(std::string_view paragraph) {
  constexpr std::array<std::string_view, 1> kLink = {"link"};
  return UsesPlaceholder(paragraph, "link") && FirstUnknownPlaceholder(paragraph, kLink).empty() &&
         TrimBlank(FillPlaceholders(paragraph, [](std::string_view) {
           return std::optional<std::string>("");
         })).empty();
}

// The 0–10 scale of an NPS question: eleven linked numbers in a row, labelled at both ends.
std::string ScoreScale(std::string_view link, std::string_view color) {
  const std::string separator = link.find('?') == std::string_view::npos ? "?" : "&";
  std::string html = "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"4\" style=\"margin:16px 0\"><tr>";
  for (int score = 0; score <= 10; ++score) {
    const std::string href = EscapeHtml(std::string(link) + separator + "score=" + std::to_string(score));
    html += "<td><a href=\"" + href +
            "\" style=\"display:inline-block;min-width:28px;padding:8px 4px;text-align:center;" +
            "border-radius:4px;text-decoration:none;color:#ffffff;background:" + std::string(color) + "\">" +
            std::to_string(score) + "</a></td>";
  }
  html +=
      "</tr><tr><td colspan=\"5\" style=\"font-size:12px;color:#52525b\">0: not at all likely</td><td></td><td "
      "colspan=\"5\" style=\"font-size:12px;color:#52525b;text-align:right\">10: extremely likely</td></tr></table>";
  return html;
}

// Text filled with a name the email does not have ("Hello {{advocate.first_name}}," for someone
// known only by their address) without the stray comma it leaves: " ," becomes ",", and a line
// that starts with ", " starts with its next word, capitalized ("You are invited to …").
std::string WithoutStrayCommas(std::string text) {
  for (std::size_t at = text.find(" ,"); at != std::string::npos; at = text.find(" ,", at)) text.erase(at, 1);
  for (std::size_t line = 0; line < text.size();) {
    if (text.compare(line, 2, ", ") == 0) {
      text.erase(line, 2);
      if (line < text.size() && text[line] >= 'a' && text[line] <= 'z') text[line] = static_cast<char>(text[line] - 32);
    }
    const std::size_t next = text.find('\n', line);
    if (next == std::string::npos) break;
    line = next + 1;
  }
  return text;
}

std::string Footer(std::string_view program_name) {
  return "You get this email because of your part in " + std::string(program_name) + ".";
}

}  // namespace

std::string_view ToString(EmailKind kind) {
  switch (kind) {
    case EmailKind::kInvitation: return "invitation";
    case EmailKind::kInvitationReminder: return "invitation_reminder";
    case EmailKind::kActivation: return "activation";
    case EmailKind::kWelcome: return "welcome";
    case EmailKind::kSignInLink: return "sign_in_link";
    case EmailKind::kReferralQualified: return "referral_qualified";
    case EmailKind::kReferralWon: return "referral_won";
    case EmailKind::kReferralLost: return "referral_lost";
    case EmailKind::kRewardApproved: return "reward_approved";
    case EmailKind::kRewardPaid: return "reward_paid";
    case EmailKind::kRefereeReward: return "referee_reward";
    case EmailKind::kNpsSurvey: return "nps_survey";
    case EmailKind::kPromoterNudge: return "promoter_nudge";
  }
  return "invitation";
}

std::optional<EmailKind> ParseEmailKind(std::string_view text) {
  for (EmailKind kind : kKinds) {
    if (ToString(kind) == text) return kind;
  }
  return std::nullopt;
}

std::span<const EmailKind> AllEmailKinds() { return kKinds; }

const EmailKindInfo& InfoOf(EmailKind kind) { return InfoTable(kind); }

bool SegmentMayWrite(EmailKind kind) {
  switch (kind) {
    case EmailKind::kInvitation:
    case EmailKind::kInvitationReminder:
    case EmailKind::kNpsSurvey: return false;
    default: return true;
  }
}

std::vector<FieldError> CheckEmailTemplate(EmailKind kind, std::string_view subject, std::string_view body,
                                           bool enabled) {
  const EmailKindInfo& info = InfoOf(kind);
  std::vector<FieldError> errors;
  auto check = [&](const std::string& field, std::string_view text, std::size_t max_length, TextShape shape) {
    std::string problem = CheckText(text, max_length, false, shape);
    if (problem.empty()) {
      std::string unknown = FirstUnknownPlaceholder(text, info.placeholders);
      if (!unknown.empty()) {
        problem = "uses the placeholder " + unknown + ", which this kind of email does not offer; it offers " +
                  ListPlaceholders(info.placeholders);
      }
    }
    if (!problem.empty()) errors.push_back({field, problem});
    return problem.empty();
  };
  if (check("subject", subject, kMaxEmailSubjectLength, TextShape::kSingleLine) && UsesPlaceholder(subject, "link")) {
    // The outbox keeps a subject after sending; a link may be a one-time key.
    errors.push_back({"subject", "must not use {{link}}: a link belongs in the body"});
  }
  if (check("body", body, kMaxEmailBodyLength, TextShape::kMultiLine) && info.requires_link &&
      !UsesPlaceholder(body, "link")) {
    errors.push_back({"body", "must use {{link}}: this email is of no use without it"});
  }
  if (!enabled && !info.automatic) {
    errors.push_back({"enabled", "cannot be false: this email is sent only when someone asks for it"});
  }
  return errors;
}

RenderedEmail RenderEmailTemplate(EmailKind kind, std::string_view subject, std::string_view body,
                                  const EmailBrand& brand, const EmailValues& values,
                                  std::string_view unsubscribe_url) {
  auto value = [&](std::string_view name) -> std::optional<std::string> {
    auto found = values.find(name);
    return found == values.end() ? std::string() : found->second;
  };
  const bool footer = !InfoOf(kind).transactional;
  RenderedEmail out;
  out.subject = WithoutStrayCommas(FillPlaceholders(subject, value));
  out.text = WithoutStrayCommas(FillPlaceholders(body, value));
  if (footer) {
    out.text += "\n\n--\n" + Footer(brand.program_name) + "\nUnsubscribe: " + std::string(unsubscribe_url) + "\n";
  }

  auto html_value = [&](std::string_view name) -> std::optional<std::string> {
    const std::string escaped = EscapeHtml(*value(name));
    if (IsLinkPlaceholder(name) && !escaped.empty()) return "<a href=\"" + escaped + "\">" + escaped + "</a>";
    return escaped;
  };
  const std::string color = EscapeHtml(brand.color);
  std::string html =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + EscapeHtml(out.subject) +
      "</title></head><body style=\"margin:0;padding:0;background:#f4f4f5;font-family:Arial,Helvetica,sans-serif;"
      "color:#18181b\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\"><tr><td "
      "align=\"center\" style=\"padding:24px\"><table role=\"presentation\" width=\"600\" cellpadding=\"0\" "
      "cellspacing=\"0\" style=\"max-width:600px;background:#ffffff;border-radius:8px\"><tr><td style=\"background:" +
      color + ";color:#ffffff;padding:16px 24px;border-radius:8px 8px 0 0;font-size:18px;font-weight:bold\">";
  if (!brand.logo_url.empty()) {
    html += "<img src=\"" + EscapeHtml(brand.logo_url) + "\" alt=\"" + EscapeHtml(brand.program_name) +
            "\" height=\"32\" style=\"vertical-align:middle;margin-right:12px\">";
  }
  html += EscapeHtml(brand.program_name) + "</td></tr><tr><td style=\"padding:24px;font-size:15px;line-height:1.5\">";
  for (std::string_view paragraph : Paragraphs(body)) {
    if (IsOnlyTheLink(paragraph) && InfoOf(kind).score_scale) {
      html += ScoreScale(*value("link"), color);
      continue;
    }
    if (IsOnlyTheLink(paragraph)) {
      const std::string link = EscapeHtml(value("link").value_or(""));
      html += "<p style=\"margin:24px 0\"><a href=\"" + link + "\" style=\"background:" + color +
              ";color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block\">" +
              EscapeHtml(InfoOf(kind).button) +
              "</a></p><p style=\"font-size:12px;color:#52525b;word-break:break-all\">" + link + "</p>";
      continue;
    }
    html += "<p>" + WithoutStrayCommas(FillPlaceholders(paragraph, html_value, HtmlWithBreaks)) + "</p>";
  }
  html += "</td></tr>";
  if (footer) {
    html += "<tr><td style=\"padding:16px 24px;font-size:12px;color:#52525b;border-top:1px solid #e4e4e7\">" +
            EscapeHtml(Footer(brand.program_name)) + " <a href=\"" + EscapeHtml(unsubscribe_url) +
            "\" style=\"color:#52525b\">Unsubscribe</a></td></tr>";
  }
  html += "</table></td></tr></table></body></html>";
  out.html = std::move(html);
  return out;
}

EmailValues SampleEmailValues(std::string_view program_name, std::string_view public_base_url) {
  const std::string base(public_base_url);
  EmailValues values{{"advocate.first_name", "Ada"},
                     {"advocate.last_name", "Lovelace"},
                     {"advocate.code", "ADA-7K2Q"},
                     {"advocate.referral_link", base + "/r/ADA-7K2Q"},
                     {"program.name", std::string(program_name)},
                     {"link", base + "/portal"},
                     {"referral.first_name", "Grace"},
                     {"referral.last_name", "Hopper"},
                     {"referral.company", "Navy Labs"},
                     {"reward.amount", "USD 50.00"},
                     {"reward.description", "for referring Grace Hopper"},
                     {"referee.first_name", "Grace"},
                     {"referee.last_name", "Hopper"}};
  return values;
}

}  // namespace bb::domain
