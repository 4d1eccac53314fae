#pragma once
// Referrals: a person (the referee) introduced to a program by an advocate, where the referral
// came from, where it stands in the pipeline, and whether it is under review. Pure rules, no I/O.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "domain/advocate.h"
#include "domain/referral_stage.h"

namespace bb::domain {

// Who submitted it: the advocate in the portal (a warm introduction), a sales rep on the
// advocate's behalf, the program's public landing-page form, the API, or a CSV import.
enum class ReferralSource { kPortal, kSalesRep, kLandingForm, kApi, kImport };
// clear: counts and earns; held: earns nothing until a manager clears it; duplicate: the person
// was already referred, an advocate or a customer.
enum class ReviewStatus { kClear, kHeld, kDuplicate };
enum class ReviewReason { kDuplicate, kSelfReferral, kVelocity, kDisposableEmail };

std::string_view ToString(ReferralSource source);
std::optional<ReferralSource> ParseReferralSource(std::string_view text);
std::string_view ToString(ReviewStatus status);
std::optional<ReviewStatus> ParseReviewStatus(std::string_view text);
std::string_view ToString(ReviewReason reason);
std::optional<ReviewReason> ParseReviewReason(std::string_view text);

// The status the reasons found at submission give: duplicate when one of them is, held when
// there is any other, clear when there is none.
ReviewStatus ReviewStatusFor(const std::vector<ReviewReason>& reasons);

inline constexpr std::size_t kMaxPersonNameLength = 100;
inline constexpr std::size_t kMaxCompanyLength = 200;
inline constexpr std::size_t kMaxTitleLength = 200;
inline constexpr std::size_t kMaxProductLength = 100;
inline constexpr std::size_t kMaxNoteLength = 4000;
inline constexpr std::size_t kMaxExternalIdLength = 200;

struct Referee {
  std::string email;         // as given (trimmed), for sending
  std::string email_key;     // EmailMatchKey: what duplicates are matched on
  std::string email_domain;  // the registrable domain, for the same-company check; may be ""
  std::string first_name;
  std::string last_name;
  std::string company;
  std::string title;
  std::string phone;  // E.164 ("+14155550134"), also matched for duplicates; may be ""
};

// The referee as a client sent it; absent fields are nullopt.
struct RefereeInput {
  std::optional<std::string> email;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> company;
  std::optional<std::string> title;
  std::optional<std::string> phone;
};

// A referee from `input`: email and first_name are required; the rest may be absent or empty.
// A phone written with its country code ("+44 ...") is put in E.164 (PhoneToE164, phone.h); a
// national one is kept as given, to be put in E.164 by PutPhoneInE164 once the program is known.
// Fails with kInvalidArgument naming each bad field under "referee." ("referee.email", ...).
Result<Referee> BuildReferee(const RefereeInput& input);

// Puts a national phone of `referee` in E.164, read as a number of `phone_region` (the program's
// policy; "" for none). Nothing to do for an empty phone or one already in E.164. Fails with
// kInvalidArgument naming "referee.phone"; `referee` is then unchanged.
Status PutPhoneInE164(Referee& referee, std::string_view phone_region);

struct Referral {
  std::string id;
  std::string program_id;
  std::string advocate_id;
  std::string code;              // the code it is attributed to (the last touch)
  std::string first_touch_code;  // the first code the visitor followed in the window; may equal `code`
  ReferralSource source = ReferralSource::kApi;
  std::string submitted_by;  // the user, API key or advocate that submitted it; "" for the public form
  std::string channel;
  Referee referee;
  std::string product;
  std::string note;
  std::string visitor_id;  // from the landing form's visitor cookie; may be ""
  std::string ip_hash;     // keyed hash of the submitter's address; may be ""
  ReferralStage stage = ReferralStage::kSubmitted;
  ReviewStatus review_status = ReviewStatus::kClear;
  std::vector<ReviewReason> review_reasons;
  std::optional<std::int64_t> deal_value_minor;  // set when won (0 ..= kMaxMinorAmount); may be corrected
  std::string deal_currency;         // the currency of deal_value_minor (the program's when it was set); "" without one
  std::string external_id;           // the CRM's id for the deal or lead; may be ""
  AdvocateProfile advocate_profile;  // the advocate's attributes and tags when it was submitted
  std::string segment_id;            // the segment the advocate was in when it was submitted; "" none
  Timestamp created_at;
  Timestamp updated_at;
};

// What a history entry records: the submission (with the review's findings in its note), a stage
// move, a manager's review decision, a reward a rule would have given but did not (the note says
// why), the referred customer churning, a correction of a won deal's value, and history brought in
// by a CSV import (the stages the referral reached before Bluebird: counted in the figures, never
// rewarded), and a win through the account: another referral of the same account was won and the
// program gives account-level credit (domain/account_credit.h: counted as won in the figures, with
// no deal value and no reward of its own).
enum class ReferralEventKind {
  kSubmitted,
  kStageMoved,
  kReviewCleared,
  kReviewRejected,
  kRewardWithheld,
  kCustomerChurned,
  kDealValueCorrected,
  kImported,
  kAccountWon
};

std::string_view ToString(ReferralEventKind kind);
std::optional<ReferralEventKind> ParseReferralEventKind(std::string_view text);

// One entry of a referral's history: its submission, each stage move, each review decision, with
// who or what made it. Never changed once written.
struct ReferralEvent {
  std::string id;
  std::string referral_id;
  ReferralEventKind kind = ReferralEventKind::kSubmitted;
  std::optional<ReferralStage> from_stage;  // stage moves
  std::optional<ReferralStage> to_stage;    // submissions and stage moves
  std::string actor;                        // a user, API key or advocate id; "" for the public form
  std::string note;
  Timestamp at;
  // Submissions and stage moves: every stage the referral reached by it (see PlanStageMove), in
  // pipeline order; what reward rules fire on.
  std::vector<ReferralStage> reached;
  // The deal value this entry set (a move to won that gave one, a correction), so that replaying
  // the history sees each reward's deal value as it was.
  std::optional<std::int64_t> deal_value_minor;
  // A churn judged within the program's reversal window when it was recorded: the customer and
  // their rewards were taken back (a later change of the window does not change the judgement).
  bool reverses = false;
};

}  // namespace bb::domain
