#pragma once
// The emails Bluebird sends to advocates and referees, one kind per occasion, each from a template
// staff may rewrite per program: a one-line subject and a plain-text body with placeholders
// ({{advocate.first_name}}, {{program.name}}, {{link}} ...). Rendering makes the plain-text part
// and an HTML part in the program's branding (its colour and logo; a paragraph that is only
// {{link}} becomes a button), escaping every value, and adds the unsubscribe footer to mail that
// is not transactional. Pure rules, no I/O; thread-safe.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

enum class EmailKind {
  kInvitation,          // to someone invited to join the program (a campaign or one invitation)
  kInvitationReminder,  // the same person again, when they have not joined
  kActivation,          // to an advocate who joined but never shared or referred
  kWelcome,             // to a new advocate, after joining
  kSignInLink,          // the portal sign-in link an advocate asked for (transactional)
  kReferralQualified,   // to the advocate: their referral qualified
  kReferralWon,         // to the advocate: their referral became a customer
  kReferralLost,        // to the advocate: their referral did not go ahead
  kRewardApproved,      // to the advocate: a reward was approved
  kRewardPaid,          // to the advocate: a reward was paid
  kRefereeReward,       // to the referred person: the program gives them a reward
  kNpsSurvey,           // the NPS question, answered with one click (an NPS survey campaign)
  kPromoterNudge,       // to an advocate who answered as a promoter but went quiet: a nudge to refer
};

std::string_view ToString(EmailKind kind);  // "invitation", "invitation_reminder", ... as in the API
std::optional<EmailKind> ParseEmailKind(std::string_view text);
std::span<const EmailKind> AllEmailKinds();

inline constexpr std::size_t kMaxEmailSubjectLength = 200;
inline constexpr std::size_t kMaxEmailBodyLength = 10000;

// What a kind of email is and what its template may use.
struct EmailKindInfo {
  std::string_view description;  // for people: when it is sent, to whom
  // Transactional mail (asked for by its recipient) has no unsubscribe footer or header and goes
  // to addresses that unsubscribed.
  bool transactional = false;
  bool requires_link = false;  // the body must use {{link}} (the email is useless without it)
  // Sent by Bluebird when something happens (a referral won ...), so a program may turn it off;
  // the others are sent when someone asks (an invitation, a sign-in link) and cannot be.
  bool automatic = false;
  std::span<const std::string_view> placeholders;
  std::string_view default_subject;
  std::string_view default_body;
  std::string_view button;  // the words on the HTML button a paragraph of only {{link}} becomes
  // A paragraph of only {{link}} becomes the 0–10 scale instead of a button: each score a link to
  // {{link}}?score=N (one click answers), the plain-text part keeping the link to the page.
  bool score_scale = false;
};
const EmailKindInfo& InfoOf(EmailKind kind);

// A program's own template for a kind (none stored: the kind's default).
struct EmailTemplate {
  std::string program_id;
  EmailKind kind = EmailKind::kInvitation;
  std::string subject;
  std::string body;
  bool enabled = true;  // false: not sent (automatic kinds only)
  Timestamp updated_at{};
  std::string updated_by;  // the actor's id
};

// A segment's own template for a kind (domain/program_segment.h): its subject and body replace
// the program's for the segment's advocates; whether the kind is sent stays the program's.
struct SegmentEmailTemplate {
  std::string segment_id;
  EmailKind kind = EmailKind::kWelcome;
  std::string subject;
  std::string body;
  Timestamp updated_at{};
  std::string updated_by;  // the actor's id
  friend bool operator==(const SegmentEmailTemplate&, const SegmentEmailTemplate&) = default;
};

// Whether a segment may have its own template of `kind`: the kinds sent to an advocate, or to the
// person an advocate referred (in the referring advocate's segment); not invitations and surveys,
// which go to people who may be no advocate yet.
bool SegmentMayWrite(EmailKind kind);

// The errors of a template for `kind`, named "subject", "body" and "enabled": lengths, shape (the
// subject is one line), placeholders not offered for the kind (with the list of those that are),
// {{link}} missing where the kind requires it, turning off a kind that is not automatic.
std::vector<FieldError> CheckEmailTemplate(EmailKind kind, std::string_view subject, std::string_view body,
                                           bool enabled = true);

// The look of a program's emails.
struct EmailBrand {
  std::string program_name;
  std::string color;     // #rrggbb
  std::string logo_url;  // https, or "" for none
};

// Placeholder name → value ("advocate.first_name" → "Ada"); a placeholder without a value renders
// as an empty string.
using EmailValues = std::map<std::string, std::string, std::less<>>;

struct RenderedEmail {
  std::string subject;
  std::string text;
  std::string html;
};

// Renders a template of `kind` (subject and body as CheckEmailTemplate accepts them). Mail that
// is not transactional gets a footer with `unsubscribe_url` in both parts.
RenderedEmail RenderEmailTemplate(EmailKind kind, std::string_view subject, std::string_view body,
                                  const EmailBrand& brand, const EmailValues& values, std::string_view unsubscribe_url);

// Values standing for a real recipient in previews and test emails; links lead to
// `public_base_url`'s portal.
EmailValues SampleEmailValues(std::string_view program_name, std::string_view public_base_url);

}  // namespace bb::domain
